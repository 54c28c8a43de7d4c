// The tables of a hand-made form's sheet: header rows, the form each table belongs to (from the
// lines above it), and its data rows with page-break fragments flagged.
import type { Catalog, FormId } from '../domain/catalog/types';
import { colName } from '../office/a1';
import { isFormulaValue } from './figureText';
import type { Grid, GridCell } from './legacyGrid';
import { prepareName, type PreparedName } from './legacyNames';
import { flat, foldText, isTrongDo, isUpperLine, normaliseCode, startsLower, unbalanced } from './legacyText';

/** Column letters by number, made once: every row asks for the same few columns. */
const columnLetters: string[] = [];
/** The same as cellAddress(r, c). */
export const addressOf = (r: number, c: number) => (columnLetters[c] ??= colName(c)) + r;

// ---------------------------------------------------------------------------------------------
// Header rows

export interface Columns {
  code: number;
  name: number;
  unit: number | null;
  figure: number | null;
  note: number | null;
  /** 1, or 2 for a two-row header ("Kết quả thống kê" over "Đơn vị tính" / "Số liệu"). */
  height: number;
}

const STT_LABELS = new Set(['stt', 'tt', 'so tt', 'so thu tu']);
/** An ASCII letter or digit that folding keeps and no STT label holds: most cells need not be folded. */
const NOT_STT = /[0-9a-gi-np-rv-zA-GI-NP-RV-Z]/;
const SUB_LABEL = /^(don vi tinh|dvt|so lieu|gia tri|ket qua)/;
const UNIT_LABEL = /^(don vi tinh|dvt|don vi)( |$)/;
const NOTE_LABEL = /^ghi chu/;
const FIGURE_LABELS = [/^so lieu/, /^gia tri/, /^thuc hien/, /^ket qua/, /^so luong/];
/** A column of the form's own arithmetic, never the figure. */
const CHECK_COLUMN = /tinh toan|kiem tra/;

function detectHeader(g: Grid, r: number, cells: Map<number, GridCell>): Columns | null {
  const cols = g.columns(r);
  // Every row is tried: a plain loop, no closure (a read runs mostly unoptimised).
  let code: number | undefined;
  for (let i = 0; i < cols.length && code === undefined; i++) {
    const c = cols[i];
    if (!NOT_STT.test(cells.get(c)!.shown) && STT_LABELS.has(g.label(r, c))) code = c;
  }
  if (code === undefined) return null;
  const name = cols.find((c) => c !== code && g.label(r, c).includes('chi tieu'));
  if (name === undefined) return null;

  const next = r + 1;
  const twoRows = g.columns(next).some((c) => SUB_LABEL.test(g.label(next, c))) && !normaliseCode(g.text(next, code));
  const all = [...new Set([...cols, ...(twoRows ? g.columns(next) : [])])].sort((a, b) => a - b);
  // Each column's label once (a sub-header's own label first); a form repeats its header on every page.
  const labels = all.map((c) => (twoRows && g.label(next, c)) || g.label(r, c));
  /** The first column not taken (as code, name, unit or note) whose label `ok` accepts, else null. */
  const first = (ok: (label: string, c: number) => boolean, unit: number | null = null, note: number | null = null) => {
    for (let i = 0; i < all.length; i++) {
      const c = all[i];
      if (c !== code && c !== name && c !== unit && c !== note && ok(labels[i], c)) return c;
    }
    return null;
  };

  const unit = first((l) => UNIT_LABEL.test(l));
  const note = first((l) => NOTE_LABEL.test(l), unit);
  let figure: number | null = null;
  for (const re of FIGURE_LABELS) {
    figure = first((l) => re.test(l), unit, note);
    if (figure !== null) break;
  }
  figure ??= first((l, c) => c > name && l !== '' && !CHECK_COLUMN.test(l), unit, note);
  return { code, name, unit, figure, note, height: twoRows ? 2 : 1 };
}

const sameColumns = (a: Columns, b: Columns) => a.code === b.code && a.name === b.name && a.figure === b.figure;

// ---------------------------------------------------------------------------------------------
// Form markers: "Phụ lục I", "Biểu mẫu 3", a form's title in capitals, a sheet's name

export function labelMarker(line: string): FormId | null {
  const f = foldText(line);
  if (/^phu luc (so )?(i|1|01)( |$)/.test(f)) return 'PL1';
  const m = /^bieu (mau|so) (so )?0?([1-7])( |$)/.exec(f);
  return m ? (`BM${m[3]}` as FormId) : null;
}

export function sheetMarker(sheetName: string): FormId | null {
  const f = foldText(sheetName);
  if (/^pl ?(i|1)$/.test(f)) return 'PL1';
  const m = /^bm ?0?([1-7])$/.exec(f);
  return m ? (`BM${m[1]}` as FormId) : labelMarker(sheetName);
}

function titleMarker(line: string, catalog: Catalog): FormId | null {
  if (!isUpperLine(line)) return null;
  const f = foldText(line);
  for (const form of catalog.forms) {
    const t = foldText(form.title);
    if (t && (f === t || f.startsWith(`${t} `))) return form.id;
  }
  return null;
}

/** The marker nearest above the header wins; an explicit "Phụ lục"/"Biểu mẫu" beats a title. */
export function markerOf(lines: string[], catalog: Catalog): FormId | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = labelMarker(lines[i]);
    if (m) return m;
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = titleMarker(lines[i], catalog);
    if (m) return m;
  }
  return null;
}

function isTitleText(text: string): boolean {
  const f = foldText(text);
  if (/^(phu luc|bieu mau|bieu so|kem theo)( |$)/.test(f)) return true;
  return isUpperLine(text) && f.split(' ').length >= 2;
}

// ---------------------------------------------------------------------------------------------
// Rows of a table

export interface RawRow {
  row: number;
  codeText: string;
  code: string;
  name: string;
  unit: string;
  figure: GridCell | null;
  figureAddress: string;
  note: string;
  /** Empty code and a name that starts in lower case or follows an open parenthesis. */
  maybeFragment: boolean;
  /** Rows merged into this one (page-break continuations). */
  continuations: number[];
  /** The name prepared for matching; dropped when a continuation extends the name. */
  prepared?: PreparedName;
}

export interface TableDraft {
  sheet: string;
  headerRow: number;
  headerAddress: string;
  cols: Columns;
  marker: FormId | null;
  firstOnSheet: boolean;
  rows: RawRow[];
}

/** No figure typed: an empty cell. A formula counts as a figure even before Excel computed it. */
export function figureEmpty(gc: GridCell | null): boolean {
  if (!gc) return true;
  if (isFormulaValue(gc.raw)) return false;
  return gc.line === '';
}

export type RowKind =
  | { kind: 'skip' }
  | { kind: 'line'; lines: string[] }
  | { kind: 'remark'; text: string }
  | { kind: 'data'; row: RawRow };

const lineAt = (cells: Map<number, GridCell>, c: number | null) => (c === null ? '' : (cells.get(c)?.line ?? ''));
const CODE_AND_NAME = /^(\d+(?:\.\d+)*\.?)\s+(\S.*)$/;
const COLUMN_NUMBER = /^\(?([0-9]{1,2}|[a-z])\)?$/i;

export function classifyRow(
  g: Grid,
  r: number,
  cols: Columns,
  prev: RawRow | null,
  cells: Map<number, GridCell>,
): RowKind {
  const codeText = lineAt(cells, cols.code);
  let name = lineAt(cells, cols.name);
  let code = normaliseCode(codeText);
  const figureCell = (cols.figure === null ? undefined : cells.get(cols.figure)) ?? null;
  const noFigure = figureEmpty(figureCell);
  const note = lineAt(cells, cols.note);
  const unit = lineAt(cells, cols.unit);

  if (!codeText && !name && noFigure && !note) {
    const lines = g.lines(r);
    return lines.length ? { kind: 'line', lines } : { kind: 'skip' };
  }
  // A remark that ran over into the next row belongs to the row above.
  if (!codeText && !name && noFigure && note) return prev ? { kind: 'remark', text: note } : { kind: 'skip' };
  // "1. Công tác chỉ đạo điều hành CCHC" typed or merged into the code column.
  if (!code && !name) {
    const m = CODE_AND_NAME.exec(codeText);
    if (m && normaliseCode(m[1])) {
      code = normaliseCode(m[1]);
      name = m[2];
    }
  }
  // Column numbering under the header ("(1) (2) (3)", "A B 1"): no indicator is named "(2)".
  if (COLUMN_NUMBER.test(name)) return { kind: 'skip' };
  if (!code && codeText && !isTrongDo(codeText) && !name && noFigure) return { kind: 'line', lines: g.lines(r) };
  if (!codeText && name && noFigure && isTitleText(name)) return { kind: 'line', lines: g.lines(r) };
  if (!code && !name && noFigure) return { kind: 'skip' };
  // A label row such as "Trong đó:" carries nothing to place.
  // The name as compared, prepared once per distinct name (the row's matching takes the same).
  if (!code && noFigure && !prepareName(name).text) return { kind: 'skip' };

  const maybeFragment =
    !!prev &&
    !code &&
    !isTrongDo(codeText) &&
    !!name &&
    (startsLower(name) || unbalanced(prev.name)) &&
    (noFigure || figureEmpty(prev.figure));
  return {
    kind: 'data',
    row: {
      row: r,
      codeText,
      code,
      name,
      unit,
      figure: noFigure ? null : figureCell,
      figureAddress: cols.figure === null ? addressOf(r, cols.name) : addressOf(r, cols.figure),
      note,
      maybeFragment,
      continuations: [],
    },
  };
}

export interface SheetScan {
  tables: TableDraft[];
  /** Lines above the first table (cover block), or the first rows of a sheet without a table. */
  coverLines: string[];
  /** Title lines found right above each table. */
  titleLines: string[];
}

export function scanSheet(g: Grid, catalog: Catalog): SheetScan {
  const tables: TableDraft[] = [];
  const coverLines: string[] = [];
  const titleLines: string[] = [];
  let current: TableDraft | null = null;
  let pending: string[] = [];
  for (let r = 1; r <= g.maxRow; r++) {
    const cells = g.rows.get(r);
    if (!cells) continue;
    const cols = detectHeader(g, r, cells);
    if (cols) {
      const marker = markerOf(pending, catalog);
      const repeated = current && sameColumns(cols, current.cols) && (marker === null || marker === current.marker);
      if (!repeated) {
        if (tables.length) titleLines.push(...pending);
        current = {
          sheet: g.sheet,
          headerRow: r,
          headerAddress: addressOf(r, cols.code),
          cols,
          marker,
          firstOnSheet: tables.length === 0,
          rows: [],
        };
        tables.push(current);
      }
      pending = [];
      r += cols.height - 1;
      continue;
    }
    if (!current) {
      const lines = g.lines(r);
      for (let i = 0; i < lines.length; i++) coverLines.push(lines[i]);
      pending = pending.concat(lines);
      continue;
    }
    const prev = current.rows[current.rows.length - 1] ?? null;
    const row = classifyRow(g, r, current.cols, prev, cells);
    if (row.kind === 'line') pending = pending.concat(row.lines);
    else if (row.kind === 'remark' && prev) prev.note = flat(`${prev.note} ${row.text}`);
    else if (row.kind === 'data') {
      current.rows.push(row.row);
      pending = [];
    }
  }
  if (!tables.length) {
    coverLines.length = 0;
    for (let r = 1; r <= Math.min(g.maxRow, 40); r++) if (g.rows.has(r)) coverLines.push(...g.lines(r));
  }
  return { tables, coverLines, titleLines };
}
