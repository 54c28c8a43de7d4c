// Reading Phụ lục I and Biểu mẫu tables as colleagues really send them: retyped, converted from Word,
// edited by hand (see "Reading real forms" in the reference). Rows are matched by code first and by
// name second; everything that could not be placed or read, and every figure read from text, is
// reported as a note with its sheet and cell. Nothing is dropped silently.
import type { Workbook } from 'exceljs';
import type { Catalog, FormId, Indicator } from '../domain/catalog/types';
import { formLabel } from '../domain/catalog/load';
import type { CellRef, FigureSet } from '../domain/figures';
import { cellScalar, isFormulaValue, isPercentFormat, parseFigure } from './figureText';
import type { LeanWorkbook } from './leanReader';
import { findPeriod, findUnit } from './legacyCover';
import { Grid, type GridCell } from './legacyGrid';
import {
  formIndexes,
  OVERRIDE_GAP,
  pickByName,
  prepareName,
  rankByName,
  scoreForm,
  similarity,
  STRONG,
  WEAK_NAME,
  type FormIndex,
  type PreparedName,
} from './legacyNames';
import { addressOf, figureEmpty, scanSheet, sheetMarker, type RawRow, type TableDraft } from './legacyTables';
import { cleanName, flat, foldText, quote } from './legacyText';
import { WorkbookRejected } from './safeOpen';

export type ReadNoteKind =
  /** A row that matches no indicator. */
  | 'unplaced'
  /** A figure that is not a number (prose, "khoảng 20"). */
  | 'unreadable'
  /** A figure read from text ("01", "16.183", "10%"). */
  | 'text'
  /** Catalog rows absent from the table. */
  | 'missing'
  /** The same indicator twice. */
  | 'duplicate'
  /** The printed code and the name disagree; the name was trusted. */
  | 'renumbered'
  /** Matched by code although the name looks different. */
  | 'name'
  /** The unit's own remark in the "Ghi chú" column. */
  | 'remark'
  /** A value worth a second look (a rate below 1%, a formula without result). */
  | 'check'
  /** A figure on a heading row, not used. */
  | 'ignored'
  /** How a table's form was decided, or that it could not be. */
  | 'form';

export interface ReadNote {
  sheet: string;
  cell: string;
  message: string;
  key?: string;
  kind?: ReadNoteKind;
}

export interface LegacyReadResult {
  figures: FigureSet;
  notes: ReadNote[];
  /** The unit's own Ghi chú per indicator key, where it says more than the catalog's note. */
  remarks: Record<string, string>;
  unit: string | null;
  periodText: string | null;
  forms: FormId[];
  tables: { sheet: string; form: FormId; headerRow: number }[];
}

/**
 * Reads every Phụ lục I / Biểu mẫu table of a workbook a colleague filled by hand, opened with exceljs.
 * Throws WorkbookRejected when no table is found on any sheet.
 */
export function readLegacy(wb: Workbook, catalog: Catalog, fileName: string): LegacyReadResult {
  return readLegacyGrids(
    wb.worksheets.map((ws) => Grid.ofWorksheet(ws)),
    catalog,
    fileName,
  );
}

/** The same reading over the lean reader's cells (no object model): what reading many files needs. */
export function readLegacyLean(wb: LeanWorkbook, catalog: Catalog, fileName: string): LegacyReadResult {
  return readLegacyGrids(
    wb.sheets.map((sheet) => Grid.ofLeanSheet(sheet)),
    catalog,
    fileName,
  );
}

function readLegacyGrids(grids: Grid[], catalog: Catalog, fileName: string): LegacyReadResult {
  const reader = new LegacyReader(catalog, fileName);
  let cover: string[] = [];
  let headersFound = 0;
  for (const g of grids) {
    const scan = scanSheet(g, catalog);
    cover = cover.concat(scan.coverLines, scan.titleLines);
    headersFound += scan.tables.length;
    for (let i = 0; i < scan.tables.length; i++) reader.readTable(scan.tables[i]);
  }
  if (headersFound === 0) {
    throw new WorkbookRejected(
      `không tìm thấy bảng chỉ tiêu (cần dòng tiêu đề có "STT" và "Chỉ tiêu") trên trang nào: ${grids.map((g) => `"${g.sheet}"`).join(', ') || 'không có trang tính'}`,
      fileName,
    );
  }
  if (reader.tables.length === 0) {
    throw new WorkbookRejected(
      'có bảng "STT"/"Chỉ tiêu" nhưng không nhận ra bảng nào là Phụ lục I hay Biểu mẫu 1–7',
      fileName,
    );
  }
  reader.noteMissingRows();
  const { figures, notes, remarks, forms, tables } = reader;
  return { figures, notes, remarks, unit: findUnit(cover), periodText: findPeriod(cover), forms, tables };
}

/** A table row and the indicator it was matched to. */
interface Entry {
  raw: RawRow;
  /** Index in the form's indicators, or -1 when unplaced. */
  idx: number;
  via: 'code' | 'name' | null;
  sim: number;
  /** The printed code was overridden by the name. */
  renumbered?: string;
  /** The key was already taken by an earlier row. */
  duplicate?: boolean;
}

const displayNumber = (v: number) => String(v).replace('.', ',');
/** "1.1.1" for Phụ lục I, "2.4 (Biểu mẫu 3)" for the others: codes repeat across forms. */
const refOf = (ind: Indicator) => (ind.form === 'PL1' ? ind.code : `${ind.code} (${formLabel(ind.form)})`);
const refOfKey = (key: string) => {
  const slash = key.indexOf('/');
  return slash < 0 ? key : `${key.slice(slash + 1)} (${formLabel(key.slice(0, slash) as FormId)})`;
};

/** Where a key was first found, as notes say it. */
const placeOf = (at: CellRef | undefined) => (at ? `trang "${at.sheet}", ô ${at.address}` : '');

function preparedOf(raw: RawRow): PreparedName {
  return (raw.prepared ??= prepareName(raw.name));
}

/** What a form's table contributes: where one figure goes, in the sheet it came from. */
interface Placing {
  sheet: string;
  address: string;
  seenKeys: Set<string>;
}

/** The state of one workbook's reading: figures placed so far, notes, and which rows each form showed. */
class LegacyReader {
  readonly figures: FigureSet = { values: {}, cells: {}, decimals: {} };
  readonly notes: ReadNote[] = [];
  readonly remarks: Record<string, string> = {};
  readonly forms: FormId[] = [];
  readonly tables: LegacyReadResult['tables'] = [];
  private readonly indexes: Map<FormId, FormIndex>;
  /** Keys placed so far (rows and ratio parts), with the cell where they were first found. */
  private readonly taken = new Map<string, CellRef>();
  /** Per form: keys whose row is present, and where its first table starts. */
  private readonly present = new Map<FormId, { keys: Set<string>; sheet: string; cell: string }>();

  constructor(
    catalog: Catalog,
    private readonly fileName: string,
  ) {
    this.indexes = formIndexes(catalog);
  }

  private note(sheet: string, cell: string, kind: ReadNoteKind, message: string, key?: string): void {
    this.notes.push({ sheet, cell, message: `${this.fileName}, trang "${sheet}", ô ${cell}: ${message}`, key, kind });
  }

  readTable(t: TableDraft): void {
    if (t.cols.figure === null) {
      this.note(t.sheet, t.headerAddress, 'form', 'bảng không có cột số liệu ("Số liệu"/"Kết quả"); bỏ qua bảng này');
      return;
    }
    const formId = this.formOf(t);
    if (!formId) {
      this.note(
        t.sheet,
        t.headerAddress,
        'form',
        'không xác định được bảng này là Phụ lục I hay Biểu mẫu nào (không có tiêu đề, mã và tên dòng không khớp); bỏ qua bảng này',
      );
      return;
    }
    const fi = this.indexes.get(formId)!;
    if (!this.forms.includes(formId)) this.forms.push(formId);
    this.tables.push({ sheet: t.sheet, form: formId, headerRow: t.headerRow });
    let seen = this.present.get(formId);
    if (!seen) this.present.set(formId, (seen = { keys: new Set(), sheet: t.sheet, cell: t.headerAddress }));
    const entries = this.matchRows(t, fi);
    // Indexed loops over rows: a read runs mostly unoptimised, where `for…of` walks the iterator protocol.
    for (let i = 0; i < entries.length; i++) this.readEntry(t, fi, entries[i], seen.keys);
  }

  /** The form of a table: its marker line, else the form its rows fit clearly, else its sheet's name. */
  private formOf(t: TableDraft): FormId | null {
    if (t.marker && this.indexes.has(t.marker)) return t.marker;
    const rows = t.rows.filter((r) => !r.maybeFragment).map((r) => ({ code: r.code, name: preparedOf(r) }));
    const scored = [...this.indexes.values()]
      .map((fi) => ({ id: fi.form.id, score: scoreForm(fi, rows) }))
      .sort((a, b) => b.score - a.score);
    const [best, second] = scored;
    if (best && best.score >= 0.9 && best.score - (second?.score ?? 0) >= 0.05) {
      this.note(
        t.sheet,
        t.headerAddress,
        'form',
        `bảng không có dòng tiêu đề "Phụ lục I"/"Biểu mẫu"; nhận là ${formLabel(best.id)} theo mã và tên các dòng`,
      );
      return best.id;
    }
    const bySheet = t.firstOnSheet ? sheetMarker(t.sheet) : null;
    if (bySheet && this.indexes.has(bySheet)) {
      this.note(t.sheet, t.headerAddress, 'form', `nhận bảng là ${formLabel(bySheet)} theo tên trang tính`);
      return bySheet;
    }
    return null;
  }

  /**
   * Each row's indicator: by code unless the name clearly belongs to another free row, else by name.
   * Page-break fragments are joined to the row above when they match nothing of their own.
   * Text-only rows after the last row with a code or figure are the footer and are left out.
   */
  private matchRows(t: TableDraft, fi: FormIndex): Entry[] {
    const entries: Entry[] = [];
    let lastIdx = -1;
    const isTaken = new Set(this.taken.keys());

    const decide = (raw: RawRow): Entry => {
      const name = preparedOf(raw);
      const codeIdx = raw.code ? fi.byCode.get(raw.code) : undefined;
      if (codeIdx !== undefined) {
        const ind = fi.inds[codeIdx];
        const sim = name.text ? similarity(name, fi.names[codeIdx]) : 1;
        // Another row's name can only override a free code whose own name is further than OVERRIDE_GAP.
        if (sim > 1 - OVERRIDE_GAP && !isTaken.has(ind.key)) return { raw, idx: codeIdx, via: 'code', sim };
        const alt = rankByName(fi, name).find((x) => x.idx !== codeIdx);
        const altFree = alt && !isTaken.has(fi.inds[alt.idx].key);
        const disagrees = alt && alt.sim >= STRONG && alt.sim - sim >= OVERRIDE_GAP;
        const clash = isTaken.has(ind.key) && alt && alt.sim >= STRONG && alt.sim > sim;
        if (alt && altFree && (disagrees || clash))
          return { raw, idx: alt.idx, via: 'name', sim: alt.sim, renumbered: raw.code };
        return { raw, idx: codeIdx, via: 'code', sim };
      }
      const ranked = rankByName(fi, name);
      const pick = pickByName(fi, ranked, lastIdx, isTaken);
      if (pick) return { raw, idx: pick.idx, via: 'name', sim: pick.sim, renumbered: raw.code || undefined };
      return { raw, idx: -1, via: null, sim: ranked[0]?.sim ?? 0 };
    };
    const claim = (e: Entry) => {
      if (e.idx < 0) return;
      const key = fi.inds[e.idx].key;
      if (isTaken.has(key)) e.duplicate = true;
      else {
        isTaken.add(key);
        lastIdx = e.idx;
      }
    };
    const release = (e: Entry) => {
      if (e.idx >= 0 && !e.duplicate) isTaken.delete(fi.inds[e.idx].key);
      e.duplicate = undefined;
    };

    const { rows } = t;
    for (let i = 0; i < rows.length; i++) {
      const raw = rows[i];
      const prev = entries[entries.length - 1];
      if (raw.maybeFragment && prev && !pickByName(fi, rankByName(fi, preparedOf(raw)), lastIdx, isTaken)) {
        joinContinuation(prev.raw, raw);
        if (prev.via !== 'code') {
          release(prev);
          Object.assign(prev, decide(prev.raw));
          claim(prev);
        }
        continue;
      }
      const e = decide(raw);
      claim(e);
      entries.push(e);
    }

    let end = entries.length;
    while (end > 0 && entries[end - 1].idx < 0 && !entries[end - 1].raw.code && !entries[end - 1].raw.figure) end--;
    return entries.slice(0, end);
  }

  /** The notes a matched row deserves (unplaced, duplicate, renumbered, name, remark), then its figure. */
  private readEntry(t: TableDraft, fi: FormIndex, e: Entry, seenKeys: Set<string>): void {
    const { raw } = e;
    const sheet = t.sheet;
    if (e.idx < 0) {
      const label = raw.codeText ? `"${raw.codeText} ${cleanName(raw.name)}"` : quote(cleanName(raw.name));
      const what = raw.figure ? `; số liệu "${raw.figure.text}" không được dùng` : '';
      this.note(
        sheet,
        raw.figure ? raw.figureAddress : addressOf(raw.row, t.cols.name),
        'unplaced',
        `không xếp được dòng ${label} vào chỉ tiêu nào của ${formLabel(fi.form.id)}${what}`,
      );
      return;
    }
    const ind = fi.inds[e.idx];
    const rowCell = addressOf(raw.row, t.cols.code);
    if (e.duplicate) {
      const first = placeOf(this.taken.get(ind.key));
      this.note(
        sheet,
        raw.figure ? raw.figureAddress : rowCell,
        'duplicate',
        `chỉ tiêu ${refOf(ind)} xuất hiện lần nữa (dòng ${raw.row}${raw.figure ? `, số liệu "${raw.figure.text}"` : ''}); giữ số liệu lần đầu${first ? ` (${first})` : ''}, bỏ dòng này`,
        ind.key,
      );
      return;
    }
    seenKeys.add(ind.key);
    if (e.renumbered) {
      this.note(
        sheet,
        rowCell,
        'renumbered',
        `mã in là "${e.renumbered}" nhưng tên dòng là của chỉ tiêu ${refOf(ind)} (${ind.name}); đã lấy theo tên`,
        ind.key,
      );
    } else if (e.via === 'code' && raw.name && e.sim < WEAK_NAME) {
      this.note(
        sheet,
        rowCell,
        'name',
        `dòng mã ${refOf(ind)} có tên ${quote(cleanName(raw.name))}, khác tên trong danh mục (${ind.name}); đã khớp theo mã, cần kiểm tra`,
        ind.key,
      );
    }
    if (raw.note && foldText(raw.note) !== foldText(ind.note)) {
      this.remarks[ind.key] = raw.note;
      this.note(
        sheet,
        t.cols.note === null ? rowCell : addressOf(raw.row, t.cols.note),
        'remark',
        `ghi chú của đơn vị ở chỉ tiêu ${refOf(ind)}: ${quote(raw.note)}`,
        ind.key,
      );
    }
    this.readFigure(ind, raw, rowCell, { sheet, address: raw.figureAddress, seenKeys });
  }

  private place(at: Placing, key: string, value: number | null, decimals: number): void {
    if (this.taken.has(key)) {
      this.note(
        at.sheet,
        at.address,
        'duplicate',
        `chỉ tiêu ${refOfKey(key)} đã có ở ${placeOf(this.taken.get(key))}; bỏ giá trị ở ô này`,
        key,
      );
      return;
    }
    const cell = { sheet: at.sheet, address: at.address };
    this.taken.set(key, cell);
    at.seenKeys.add(key);
    this.figures.values[key] = value;
    this.figures.cells![key] = cell;
    this.figures.decimals![key] = decimals;
  }

  private readFigure(ind: Indicator, raw: RawRow, rowCell: string, at: Placing): void {
    const fig = raw.figure;
    const { sheet, address } = at;
    if (ind.kind === 'group' || ind.kind === 'title') {
      this.taken.set(ind.key, { sheet, address: rowCell });
      if (fig && !figureEmpty(fig))
        this.note(
          sheet,
          address,
          'ignored',
          `dòng nhóm ${refOf(ind)} (${ind.name}) không có số liệu riêng; giá trị "${fig.text}" không được dùng`,
          ind.key,
        );
      return;
    }
    if (fig && isFormulaValue(fig.raw) && cellScalar(fig.raw) === null) {
      if (ind.kind !== 'ratio') {
        this.place(at, ind.key, null, 0);
        this.note(
          sheet,
          address,
          'check',
          `ô số liệu của chỉ tiêu ${refOf(ind)} là công thức chưa có kết quả; hãy mở tệp bằng Excel, lưu lại rồi gửi`,
          ind.key,
        );
      }
      return;
    }
    if (ind.kind === 'ratio' && ind.ratio) {
      this.readRatio(ind, ind.ratio, fig, at);
      return;
    }
    if (!fig) {
      this.place(at, ind.key, null, 0);
      return;
    }
    const parsed = parseFigure(fig.raw, ind.kind, { numFmt: fig.numFmt, codeLabels: raw.unit || ind.unit });
    this.place(at, ind.key, parsed.value, parsed.decimals);
    if (parsed.value === null && parsed.note !== undefined) {
      const why = parsed.ratio ? `ghi dạng tỷ số "a/b" nhưng chỉ tiêu này cần một số` : 'không phải một số';
      this.note(
        sheet,
        address,
        'unreadable',
        `không đọc được số liệu ${quote(fig.text)} của chỉ tiêu ${refOf(ind)} (${why}); để trống, cần kiểm tra`,
        ind.key,
      );
      return;
    }
    if (parsed.value === null) return;
    if (parsed.fromText) {
      this.note(
        sheet,
        address,
        'text',
        `số liệu "${fig.text}" của chỉ tiêu ${refOf(ind)} ghi dạng chữ, đã đọc là ${displayNumber(parsed.value)}${parsed.how ? ` (${parsed.how})` : ''}`,
        ind.key,
      );
    }
    if (ind.kind === 'percent' && parsed.value > 0 && parsed.value < 1 && !isPercentFormat(fig.numFmt)) {
      this.note(
        sheet,
        address,
        'check',
        `tỷ lệ ${displayNumber(parsed.value)}% của chỉ tiêu ${refOf(ind)} nhỏ hơn 1%: nếu đơn vị nhập dạng thập phân (0,1 = 10%) thì cần sửa`,
        ind.key,
      );
    }
  }

  /** A ratio row ("16.181/16.183"): its parts go to their own keys. */
  private readRatio(
    ind: Indicator,
    ratio: { numerator: string; denominator: string },
    fig: GridCell | null,
    at: Placing,
  ): void {
    const { sheet, address } = at;
    this.taken.set(ind.key, { sheet, address });
    if (!fig || isFormulaValue(fig.raw)) {
      // An empty ratio, or the template's own "a/b" formula: its parts are rows of their own.
      if (!fig) {
        at.seenKeys.add(ratio.numerator);
        at.seenKeys.add(ratio.denominator);
      }
      return;
    }
    at.seenKeys.add(ratio.numerator);
    at.seenKeys.add(ratio.denominator);
    const parsed = parseFigure(fig.raw, 'ratio');
    if (parsed.ratio) {
      const { numerator, denominator } = parsed.ratio;
      this.place(at, ratio.numerator, numerator, 0);
      this.place(at, ratio.denominator, denominator, 0);
      this.note(
        sheet,
        address,
        'text',
        `số liệu "${fig.text}" của chỉ tiêu ${refOf(ind)} ghi dạng chữ "a/b", đã đọc là ${displayNumber(numerator)} (${ratio.numerator}) và ${displayNumber(denominator)} (${ratio.denominator})`,
        ratio.numerator,
      );
    } else if (parsed.value !== null) {
      this.note(
        sheet,
        address,
        'unreadable',
        `chỉ tiêu ${refOf(ind)} cần dạng "số đã giải quyết/số tiếp nhận" (ví dụ 16.181/16.183); giá trị "${fig.text}" không rõ là phần nào nên chưa dùng`,
        ind.key,
      );
    } else {
      this.note(
        sheet,
        address,
        'unreadable',
        `không đọc được số liệu ${quote(fig.text)} của chỉ tiêu ${refOf(ind)}; để trống, cần kiểm tra`,
        ind.key,
      );
    }
  }

  /** Catalog rows absent from every table of their form: one note per form. */
  noteMissingRows(): void {
    for (const formId of this.forms) {
      const fi = this.indexes.get(formId)!;
      const seen = this.present.get(formId)!;
      const missing = fi.inds.filter((ind) => {
        if (ind.kind === 'group' || seen.keys.has(ind.key)) return false;
        if (ind.kind === 'ratio' && ind.ratio)
          return !(seen.keys.has(ind.ratio.numerator) && seen.keys.has(ind.ratio.denominator));
        return true;
      });
      if (!missing.length) continue;
      const list =
        missing.length <= 5
          ? missing.map((i) => `${i.code} (${i.name})`).join('; ')
          : missing.map((i) => i.code).join(', ');
      this.note(
        seen.sheet,
        seen.cell,
        'missing',
        `${formLabel(formId)} thiếu ${missing.length} dòng so với danh mục: ${list}; các chỉ tiêu này coi như chưa có số liệu`,
      );
    }
  }
}

/** A page-break continuation: the rest of the previous row's name, and maybe its figure and remark. */
function joinContinuation(prev: RawRow, raw: RawRow): void {
  prev.name = `${prev.name} ${raw.name}`;
  prev.prepared = undefined;
  prev.continuations.push(raw.row);
  if (figureEmpty(prev.figure) && raw.figure) {
    prev.figure = raw.figure;
    prev.figureAddress = raw.figureAddress;
  }
  if (raw.note) prev.note = flat(`${prev.note} ${raw.note}`);
}
