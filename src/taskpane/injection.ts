import type { Catalog } from '../domain/catalog/types';
import { LEVEL_CELL_LABELS, type DetailField } from '../domain/details';
import type { CellRef, ReportContext } from '../domain/figures';
import { formatDateShort } from '../domain/format';
import { COL, META_SHEET, nameForDetail, planWorkbook, type WorkbookPlan } from '../domain/layout';
import { PERIOD_LABELS } from '../domain/period';
import { parseCell } from '../office/a1';
import {
  isBlank,
  snapshotCell,
  snapshotFormula,
  type CellWrite,
  type InjectionReport,
  type RawValue,
  type WorkbookPort,
  type WorkbookSnapshot,
} from '../office/port';
import { live, serial, withoutForms } from './liveState';
import { chooseSheetNames, renamePlanSheets } from './sheetNames';
import { movedMessages, moveAside, userCellsInForms, type MovedCell } from './userRows';

/** Injecting the forms: what is kept, dropped or overwritten, worked out from the workbook as read, then written. */

export interface InjectResult {
  plan: WorkbookPlan;
  report: InjectionReport;
  sheets: { canonical: string; actual: string; created: boolean }[];
  kept: { figures: number; notes: number; texts: number; details: number };
  /** Values under names the new plan no longer has (a row dropped from a newer catalog). */
  dropped: { name: string; cell: CellRef; value: RawValue }[];
  /** The user's own content inside the forms' block (a row they inserted), moved below the form as typed. */
  moved: MovedCell[];
  messages: string[];
}

/** What an injection will do, worked out before anything is written (the pane shows it first). */
export type InjectionPreview = Omit<InjectResult, 'report'>;

const NOT_APPLICABLE = /^Không áp dụng/;

interface PreparedInjection extends InjectionPreview {
  writes: CellWrite[];
  snapshot: WorkbookSnapshot;
}

/** The writes of an injection and what it keeps, drops and overwrites, from the workbook as read. */
function prepareInjection(catalog: Catalog, ctx: ReportContext, snapshot: WorkbookSnapshot): PreparedInjection {
  const canonical = planWorkbook(catalog, ctx);
  const sheetMap = chooseSheetNames(canonical, snapshot);
  const plan = renamePlanSheets(canonical, sheetMap);
  const writes = new Map<string, CellWrite>();
  const put = (w: CellWrite) => writes.set(`${w.sheet}!${w.address}`, w);
  const kept = { figures: 0, notes: 0, texts: 0, details: 0 };
  /** Old cells whose content goes to the new layout (by their old address). */
  const carried = new Set<string>();
  for (const input of plan.inputs) {
    const at = snapshot.names[input.name];
    if (!at) continue;
    const old = snapshotCell(snapshot, at.sheet, at.address);
    const formula = snapshotFormula(snapshot, at.sheet, at.address) || undefined;
    if (old && (!isBlank(old.value) || formula)) {
      // Exactly as typed: the user's number format (a percent stays a percent) and formula.
      const numFmt = old.numFmt && old.numFmt !== 'General' ? old.numFmt : undefined;
      put({ sheet: input.sheet, address: input.address, value: old.value, numFmt, formula });
      carried.add(`${at.sheet}!${at.address}`);
      if (input.kind === 'figure') kept.figures++;
      else if (input.kind === 'text') kept.texts++;
      else kept.details++;
    }
    if (input.kind === 'figure') {
      const noteAt = `${COL.note}${parseCell(at.address)!.row}`;
      const note = snapshotCell(snapshot, at.sheet, noteAt);
      if (note && !isBlank(note.value) && !NOT_APPLICABLE.test(String(note.value))) {
        put({ sheet: input.sheet, address: `${COL.note}${parseCell(input.address)!.row}`, value: note.value });
        carried.add(`${at.sheet}!${noteAt}`);
        kept.notes++;
      }
    }
  }
  // The level and period chosen in the pane go to the details sheet.
  const detail = (field: DetailField, value: string) => {
    const input = plan.inputs.find((i) => i.name === nameForDetail(field));
    if (input) put({ sheet: input.sheet, address: input.address, value });
  };
  if (ctx.level) detail('level', LEVEL_CELL_LABELS[ctx.level]);
  if (ctx.period) {
    detail('periodKind', PERIOD_LABELS[ctx.period.kind]);
    detail('year', String(ctx.period.year));
    detail('from', formatDateShort(ctx.period.from));
    detail('to', formatDateShort(ctx.period.to));
  }
  const planned = new Set(plan.inputs.map((i) => i.name));
  const dropped: InjectResult['dropped'] = [];
  for (const [name, at] of Object.entries(snapshot.names)) {
    if (planned.has(name)) continue;
    const v = snapshotCell(snapshot, at.sheet, at.address)?.value ?? null;
    if (!isBlank(v)) dropped.push({ name, cell: at, value: v });
    // On a form being rewritten, the dropped row goes below it with the user's own rows; elsewhere it stays.
    if (!plan.sheets.some((s) => s.name === at.sheet)) carried.add(`${at.sheet}!${at.address}`);
  }
  // The user's own cells inside the forms go below them, as typed, instead of being overwritten.
  const aside = moveAside(plan, userCellsInForms(plan, snapshot, carried));

  const sheets = canonical.sheets.map((s) => ({
    canonical: s.name,
    actual: sheetMap.get(s.name)!,
    created: !snapshot.sheets.some((x) => x.toLowerCase() === sheetMap.get(s.name)!.toLowerCase()),
  }));
  const visible = sheets.filter((s) => s.canonical !== META_SHEET);
  const messages = [
    `Chèn ${visible.length} trang (${visible.filter((s) => s.created).length} trang mới, ${visible.filter((s) => !s.created).length} trang cập nhật) theo danh mục ${catalog.id}.`,
  ];
  for (const s of sheets) {
    if (s.actual !== s.canonical)
      messages.push(
        `Trang "${s.canonical}" là trang riêng của bạn nên được giữ nguyên; biểu mẫu được chèn vào trang "${s.actual}".`,
      );
  }
  if (kept.figures + kept.notes + kept.texts + kept.details) {
    messages.push(
      `Giữ nguyên ${kept.figures} số liệu, ${kept.notes} ghi chú, ${kept.texts} mục nội dung và ${kept.details} mục thông tin đã nhập (cả định dạng và công thức).`,
    );
  }
  const rowOf = (c: CellRef) => `${c.sheet}!${parseCell(c.address)!.row}`;
  const droppedRows = new Set(dropped.map((d) => rowOf(d.cell)));
  for (const d of dropped) {
    const to = aside.moved.find((m) => m.from.sheet === d.cell.sheet && m.from.address === d.cell.address)?.to;
    messages.push(
      to
        ? `Ô ${d.cell.sheet}!${d.cell.address} (${d.name}) có giá trị "${String(d.value)}" nhưng chỉ tiêu này không còn trong danh mục ${catalog.id}: cả dòng được chuyển xuống ô ${to.address}, dưới biểu mẫu, để bạn ghi lại nếu cần.`
        : `Ô ${d.cell.sheet}!${d.cell.address} (${d.name}) có giá trị "${String(d.value)}" nhưng chỉ tiêu này không còn trong danh mục ${catalog.id}: giá trị không được chép sang, hãy ghi lại nếu cần.`,
    );
  }
  messages.push(...movedMessages(aside.moved.filter((m) => !droppedRows.has(rowOf(m.from)))));
  return {
    plan: aside.plan,
    sheets,
    kept,
    dropped,
    moved: aside.moved,
    messages,
    writes: [...writes.values()],
    snapshot,
  };
}

/**
 * What injecting would change, without writing anything: sheets created or updated, what is
 * kept, figures under rows the catalog no longer has, and where the user's own cells in the forms go.
 */
export function previewInjection(port: WorkbookPort, catalog: Catalog, ctx: ReportContext): Promise<InjectionPreview> {
  return serial(port, async () => {
    const {
      writes: _writes,
      snapshot: _snapshot,
      ...preview
    } = prepareInjection(catalog, ctx, await port.readInputs({ formulas: true }));
    return preview;
  });
}

/**
 * Writes the forms into the workbook. Idempotent: figures, notes, texts and details typed
 * before are read by defined name first and written back into the new layout, with their
 * number formats and formulas; a user's own sheet with a planned name is left alone and the
 * form goes to a suffixed sheet.
 */
export function injectForms(port: WorkbookPort, catalog: Catalog, ctx: ReportContext): Promise<InjectResult> {
  return serial(port, async () => {
    const prepared = prepareInjection(catalog, ctx, await port.readInputs({ formulas: true }));
    const { writes, snapshot, ...preview } = prepared;
    const report = await port.applyPlan(prepared.plan, { values: writes, existing: snapshot });
    live.delete(port);
    withoutForms.delete(port);
    const created = new Map(report.sheets.map((s) => [s.name, s.created]));
    const sheets = preview.sheets.map((s) => ({ ...s, created: created.get(s.actual) ?? s.created }));
    const messages = [...preview.messages];
    const visible = sheets.filter((s) => s.canonical !== META_SHEET);
    messages[0] = `Đã chèn ${visible.length} trang (${visible.filter((s) => s.created).length} trang mới, ${visible.filter((s) => !s.created).length} trang cập nhật) theo danh mục ${catalog.id}.`;
    messages.push(...(report.notes ?? []));
    return { ...preview, sheets, messages, report };
  });
}
