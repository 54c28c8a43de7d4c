import type { CellRef } from '../domain/figures';
import type { CellPlan, SheetPlan, WorkbookPlan } from '../domain/layout';
import { colName, parseBox, parseCell } from '../office/a1';
import type { RawValue, WorkbookSnapshot } from '../office/port';

/**
 * What the user typed inside a form's block that is not the add-in's (a row they inserted, a
 * cell beside a figure): found in the workbook as read, then moved below the form by the next
 * injection instead of being overwritten.
 */

/** A planned cell whose content, whatever it is, is the add-in's. */
const ANY = '\u0000any';
const NOT_APPLICABLE = /^Không áp dụng/;

/**
 * Column A of the row above the user's cells moved below a form. The rows under it are the
 * user's: the next injection moves them again (to the same place when the form keeps its size).
 */
export const ASIDE_HEADER =
  'Các ô bạn tự thêm vào biểu mẫu, add-in chuyển xuống đây khi chèn lại (add-in không đọc các ô này)';

export interface UserCell {
  cell: CellRef;
  value: RawValue;
  formula?: string;
  numFmt?: string;
}

export interface MovedCell {
  from: CellRef;
  to: CellRef;
  value: RawValue;
  formula?: string;
}

const content = (value: RawValue | undefined, formula?: string | null) =>
  formula ? formula : value === null || value === undefined ? '' : String(value).trim();

/** Each planned row's content by column, and the rows by their column A (a code, a label, a header). */
function plannedRowsOf(sheet: SheetPlan): Map<string, Map<number, string>> {
  const plannedRows = new Map<number, Map<number, string>>();
  const rowOf = (r: number) => {
    const row = plannedRows.get(r) ?? new Map<number, string>();
    plannedRows.set(r, row);
    return row;
  };
  for (const c of sheet.cells) {
    const p = parseCell(c.address)!;
    // Column H holds marks a port may have written: whatever is there is the add-in's.
    rowOf(p.row).set(p.col, c.style === 'status' ? ANY : c.formula ? `=${c.formula}` : content(c.value ?? null));
  }
  // Cells covered by a merge show (in some readers) the merge's value: they are the add-in's too.
  for (const m of sheet.merges) {
    const box = parseBox(m);
    if (!box) continue;
    for (let r = box.top; r <= box.bottom; r++)
      for (let c = box.left; c <= box.right; c++) if (r !== box.top || c !== box.left) rowOf(r).set(c, ANY);
  }
  const byKey = new Map<string, Map<number, string>>();
  for (const [, row] of [...plannedRows].sort((a, b) => a[0] - b[0])) {
    const key = row.get(1);
    if (key && !byKey.has(key)) byKey.set(key, row);
  }
  return byKey;
}

/** The last column of a sheet's block: the user's columns beyond it are never touched. */
function lastColumn(sheet: SheetPlan): number {
  return Math.max(sheet.widths.length, ...sheet.cells.map((c) => parseCell(c.address)!.col));
}

/**
 * Content of the forms' old block that is neither the add-in's own text or formulas nor carried
 * over (`carried`: "Sheet!A1" of the cells whose content goes to the new layout). A row is the
 * add-in's when its column A holds what a planned row's column A holds; its cells are then
 * compared with that planned row, column by column.
 */
export function userCellsInForms(plan: WorkbookPlan, snapshot: WorkbookSnapshot, carried: Set<string>): UserCell[] {
  const out: UserCell[] = [];
  for (const sheet of plan.sheets) {
    const grid = snapshot.grids[sheet.name];
    if (!grid || sheet.role === 'meta') continue;
    const byKey = plannedRowsOf(sheet);
    const cols = lastColumn(sheet);
    // Marks a port wrote (column H): the add-in's on any row.
    const statusCols = new Set(sheet.cells.filter((c) => c.style === 'status').map((c) => parseCell(c.address)!.col));
    grid.values.forEach((row, r) => {
      const keyAt = 1 - grid.left;
      const rowKey = keyAt >= 0 ? content(row[keyAt], grid.formulas?.[r]?.[keyAt]) : '';
      if (rowKey === ASIDE_HEADER) return;
      const ours = rowKey ? byKey.get(rowKey) : undefined;
      row.forEach((v, c) => {
        const col = grid.left + c;
        if (col > cols || statusCols.has(col)) return;
        const address = `${colName(col)}${grid.top + r}`;
        const formula = grid.formulas?.[r]?.[c] ?? undefined;
        const text = content(v, formula);
        if (!text || carried.has(`${sheet.name}!${address}`)) return;
        if (ours && (ours.get(col) === text || ours.get(col) === ANY)) return;
        // The add-in's own formulas (they name its cells) and "not applicable" notes, from another level or period.
        if ((formula && /\bcchc_/.test(formula)) || NOT_APPLICABLE.test(text)) return;
        const numFmt = grid.numFmts?.[r]?.[c];
        out.push({
          cell: { sheet: sheet.name, address },
          value: v,
          formula,
          numFmt: numFmt && numFmt !== 'General' ? numFmt : undefined,
        });
      });
    });
  }
  return out;
}

/**
 * The plan with the user's cells moved below each form: a blank row, a header row, then their
 * rows in their order and columns, as typed (value, formula, number format) and unlocked.
 */
export function moveAside(plan: WorkbookPlan, cells: UserCell[]): { plan: WorkbookPlan; moved: MovedCell[] } {
  if (!cells.length) return { plan, moved: [] };
  const moved: MovedCell[] = [];
  const sheets = plan.sheets.map((sheet): SheetPlan => {
    const mine = cells.filter((c) => c.cell.sheet === sheet.name);
    if (!mine.length) return sheet;
    const bottom = Math.max(...sheet.cells.map((c) => parseCell(c.address)!.row));
    const header = bottom + 2;
    const rows = [...new Set(mine.map((c) => parseCell(c.cell.address)!.row))].sort((a, b) => a - b);
    const newRow = new Map(rows.map((r, i) => [r, header + 1 + i]));
    const added: CellPlan[] = [{ address: `A${header}`, value: ASIDE_HEADER, style: 'hint', locked: true }];
    for (const c of mine) {
      const p = parseCell(c.cell.address)!;
      const address = `${colName(p.col)}${newRow.get(p.row)!}`;
      added.push({
        address,
        value: c.formula ? undefined : (c.value as string | number | null),
        formula: c.formula?.replace(/^=/, ''),
        numFmt: c.numFmt,
        style: 'label',
        locked: false,
      });
      moved.push({ from: c.cell, to: { sheet: sheet.name, address }, value: c.value, formula: c.formula });
    }
    const merge = `A${header}:${colName(lastColumn(sheet))}${header}`;
    return { ...sheet, cells: [...sheet.cells, ...added], merges: [...sheet.merges, merge] };
  });
  return { plan: { ...plan, sheets }, moved };
}

/** One message per row moved (or kept where it already was), saying where it went. */
export function movedMessages(moved: MovedCell[]): string[] {
  const byRow = new Map<string, MovedCell[]>();
  for (const m of moved) {
    const k = `${m.from.sheet}!${parseCell(m.from.address)!.row}`;
    byRow.set(k, [...(byRow.get(k) ?? []), m]);
  }
  const messages: string[] = [];
  const stayed = new Map<string, number>();
  for (const row of byRow.values()) {
    const { from, to } = row[0];
    const fromRow = parseCell(from.address)!.row;
    const toRow = parseCell(to.address)!.row;
    if (fromRow === toRow) {
      stayed.set(from.sheet, (stayed.get(from.sheet) ?? 0) + 1);
      continue;
    }
    const shown = row.map((m) => `${m.from.address}: "${m.formula ?? (m.value === null ? '' : String(m.value))}"`);
    messages.push(
      `Trang ${from.sheet}, dòng ${fromRow}: ô bạn tự nhập trong biểu mẫu (${shown.join('; ')}) được chuyển xuống dòng ${toRow}, dưới biểu mẫu, giữ nguyên giá trị và công thức.`,
    );
  }
  for (const [sheet, n] of stayed)
    messages.push(`Trang ${sheet}: giữ nguyên ${String(n).padStart(2, '0')} dòng bạn tự thêm dưới biểu mẫu.`);
  return messages;
}
