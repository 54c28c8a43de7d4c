// Reading Phụ lục I and Biểu mẫu tables as colleagues really send them: retyped, converted from Word,
// edited by hand (see "Reading real forms" in the reference). Rows are matched by code first and by
// name second; everything that could not be placed or read, and every figure read from text, is
// reported as a note with its sheet and cell. Nothing is dropped silently.
import type { Cell, Workbook, Worksheet } from 'exceljs';
import type { Catalog, FormDef, FormId, Indicator } from '../domain/catalog/types';
import { formLabel } from '../domain/catalog/load';
import { stripAccents } from '../domain/text';
import type { FigureSet } from '../domain/figures';
import { cellScalar, isFormulaValue, isPercentFormat, parseFigure } from './figureText';
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
  unit: string | null;
  periodText: string | null;
  forms: FormId[];
  tables: { sheet: string; form: FormId; headerRow: number }[];
}

// ---------------------------------------------------------------------------------------------
// Text normalisation and name similarity

/** Accent-free lower case with punctuation as spaces: "Số ĐVSNCL (2015)" → "so dvsncl 2015". */
export function foldText(text: string): string {
  return stripAccents(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A name as compared: no tags, no "Trong đó:" prefix, no bullets, no parentheticals, folded. */
export function normaliseName(name: string): string {
  let s = name.normalize('NFC').replace(/<\/?[a-z][^>]*>/gi, ' ');
  s = s.replace(/^\s*([-+*•–]|[a-zđ]\))\s*/i, '');
  s = s.replace(/^\s*trong\s+đó\s*:?\s*/iu, '');
  let prev = '';
  while (prev !== s) {
    prev = s;
    s = s.replace(/\([^()]*\)/g, ' ');
  }
  // A parenthesis left open (the rest went to the next page) or closed without opening.
  s = s.replace(/\(.*$/, ' ').replace(/[()]/g, ' ');
  return foldText(s);
}

interface Prepared {
  text: string;
  tokens: string[];
  bigrams: Map<string, number>;
  bigramCount: number;
}

function prepare(name: string): Prepared {
  const text = normaliseName(name);
  const bigrams = new Map<string, number>();
  for (let i = 0; i + 1 < text.length; i++) {
    const g = text.slice(i, i + 2);
    bigrams.set(g, (bigrams.get(g) ?? 0) + 1);
  }
  return { text, tokens: text ? text.split(' ') : [], bigrams, bigramCount: Math.max(0, text.length - 1) };
}

function similarity(a: Prepared, b: Prepared): number {
  if (!a.text || !b.text) return 0;
  if (a.text === b.text) return 1;
  const counts = new Map<string, number>();
  for (const t of a.tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of b.tokens) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common++;
      counts.set(t, n - 1);
    }
  }
  const tokenDice = (2 * common) / (a.tokens.length + b.tokens.length);
  let shared = 0;
  for (const [g, n] of a.bigrams) shared += Math.min(n, b.bigrams.get(g) ?? 0);
  const bigramDice = a.bigramCount + b.bigramCount === 0 ? 0 : (2 * shared) / (a.bigramCount + b.bigramCount);
  return (tokenDice + bigramDice) / 2;
}

/** Similarity of two indicator names after normalisation (0..1). */
export function nameSimilarity(a: string, b: string): number {
  return similarity(prepare(a), prepare(b));
}

/** "1.1." → "1.1", "3.3.a" → "3.3.a", " 1 . 2 " → "1.2"; "" when the text is not a code. */
export function normaliseCode(text: string): string {
  const t = text
    .normalize('NFC')
    .replace(/\s+/g, '')
    .replace(/(\d),(?=\d)/g, '$1.')
    .replace(/[.)]+$/, '');
  return /^\d+(\.\d+)*(\.[a-z])?$/.test(t) ? t : '';
}

const isTrongDo = (text: string) => foldText(text).startsWith('trong do');

function isUpperLine(text: string): boolean {
  let letters = 0;
  for (const ch of text) {
    if (ch.toLowerCase() === ch.toUpperCase()) continue;
    if (ch !== ch.toUpperCase()) return false;
    letters++;
  }
  return letters >= 3;
}

function startsLower(text: string): boolean {
  const s = text.replace(/<\/?[a-z][^>]*>/gi, '').replace(/^[\s\-+*•–"“]+/, '');
  if (/^[)\]]/.test(s)) return true;
  const ch = s.charAt(0);
  return ch !== '' && ch.toLowerCase() !== ch.toUpperCase() && ch === ch.toLowerCase();
}

const unbalanced = (text: string) => (text.match(/\(/g) ?? []).length > (text.match(/\)/g) ?? []).length;
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

// ---------------------------------------------------------------------------------------------
// The sheet as a grid of texts

interface GridCell {
  /** Text of this cell ('' for the covered part of a merged range). */
  text: string;
  /** Text shown there, merged ranges included (for headers). */
  shown: string;
  raw: unknown;
  numFmt: string;
  address: string;
}

function textOf(raw: unknown): string {
  const v = cellScalar(raw);
  if (v === null) return '';
  if (typeof v === 'string')
    return v
      .normalize('NFC')
      .replace(/[\u00a0\u202f\t]/g, ' ')
      .replace(/\r\n?/g, '\n')
      .trim();
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v.error;
}

class Grid {
  readonly rows = new Map<number, Map<number, GridCell>>();
  maxRow = 0;

  constructor(
    readonly sheet: string,
    ws: Worksheet,
  ) {
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell: Cell, c: number) => {
        const covered = cell.isMerged && cell.master.address !== cell.address;
        const source = covered ? cell.master : cell;
        const shown = textOf(source.value);
        const gc: GridCell = {
          text: covered ? '' : shown,
          shown,
          raw: covered ? null : source.value,
          numFmt: source.numFmt ?? '',
          address: cell.address,
        };
        let cells = this.rows.get(r);
        if (!cells) this.rows.set(r, (cells = new Map()));
        cells.set(c, gc);
        this.maxRow = Math.max(this.maxRow, r);
      });
    });
  }

  cell(r: number, c: number | null): GridCell | undefined {
    return c === null ? undefined : this.rows.get(r)?.get(c);
  }
  text(r: number, c: number | null): string {
    return flat(this.cell(r, c)?.text ?? '');
  }
  shown(r: number, c: number): string {
    return flat(this.cell(r, c)?.shown ?? '');
  }
  columns(r: number): number[] {
    return [...(this.rows.get(r)?.keys() ?? [])].sort((a, b) => a - b);
  }
  /** Lines of text in the row, left to right, a cell's own line breaks kept apart. */
  lines(r: number): string[] {
    const out: string[] = [];
    for (const c of this.columns(r)) {
      for (const line of (this.cell(r, c)?.text ?? '').split('\n')) if (line.trim()) out.push(flat(line));
    }
    return out;
  }
}

function columnLetter(c: number): string {
  let s = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
const addressOf = (r: number, c: number) => `${columnLetter(c)}${r}`;

// ---------------------------------------------------------------------------------------------
// Header rows

interface Columns {
  code: number;
  name: number;
  unit: number | null;
  figure: number | null;
  note: number | null;
  /** 1, or 2 for a two-row header ("Kết quả thống kê" over "Đơn vị tính" / "Số liệu"). */
  height: number;
}

const STT_LABELS = new Set(['stt', 'tt', 'so tt', 'so thu tu']);
const SUB_LABEL = /^(don vi tinh|dvt|so lieu|gia tri|ket qua)/;
const UNIT_LABEL = /^(don vi tinh|dvt|don vi)( |$)/;
const NOTE_LABEL = /^ghi chu/;
const FIGURE_LABELS = [/^so lieu/, /^gia tri/, /^thuc hien/, /^ket qua/, /^so luong/];

function detectHeader(g: Grid, r: number): Columns | null {
  const cols = g.columns(r);
  const code = cols.find((c) => STT_LABELS.has(foldText(g.shown(r, c))));
  if (code === undefined) return null;
  const name = cols.find((c) => c !== code && foldText(g.shown(r, c)).includes('chi tieu'));
  if (name === undefined) return null;

  const next = r + 1;
  const twoRows =
    g.columns(next).some((c) => SUB_LABEL.test(foldText(g.shown(next, c)))) && !normaliseCode(g.text(next, code));
  const all = [...new Set([...cols, ...(twoRows ? g.columns(next) : [])])].sort((a, b) => a - b);
  const label = (c: number) => foldText((twoRows && g.shown(next, c)) || g.shown(r, c));
  const free = (c: number, ...used: (number | null)[]) => c !== code && c !== name && !used.includes(c);

  const unit = all.find((c) => free(c) && UNIT_LABEL.test(label(c))) ?? null;
  const note = all.find((c) => free(c, unit) && NOTE_LABEL.test(label(c))) ?? null;
  let figure: number | null = null;
  for (const re of FIGURE_LABELS) {
    const hit = all.find((c) => free(c, unit, note) && re.test(label(c)));
    if (hit !== undefined) {
      figure = hit;
      break;
    }
  }
  if (figure === null) {
    figure =
      all.find((c) => c > name && free(c, unit, note) && label(c) && !/tinh toan|kiem tra/.test(label(c))) ?? null;
  }
  return { code, name, unit, figure, note, height: twoRows ? 2 : 1 };
}

const sameColumns = (a: Columns, b: Columns) => a.code === b.code && a.name === b.name && a.figure === b.figure;

// ---------------------------------------------------------------------------------------------
// Form markers: "Phụ lục I", "Biểu mẫu 3", a form's title in capitals, a sheet's name

function labelMarker(line: string): FormId | null {
  const f = foldText(line);
  if (/^phu luc (so )?(i|1|01)( |$)/.test(f)) return 'PL1';
  const m = /^bieu (mau|so) (so )?0?([1-7])( |$)/.exec(f);
  return m ? (`BM${m[3]}` as FormId) : null;
}

function sheetMarker(sheetName: string): FormId | null {
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
function markerOf(lines: string[], catalog: Catalog): FormId | null {
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

interface RawRow {
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
}

interface TableDraft {
  sheet: string;
  headerRow: number;
  headerAddress: string;
  cols: Columns;
  marker: FormId | null;
  firstOnSheet: boolean;
  rows: RawRow[];
}

/** No figure typed: an empty cell. A formula counts as a figure even before Excel computed it. */
function figureEmpty(gc: GridCell | null): boolean {
  if (!gc) return true;
  if (isFormulaValue(gc.raw)) return false;
  return flat(gc.text) === '';
}

type RowKind =
  | { kind: 'skip' }
  | { kind: 'line'; lines: string[] }
  | { kind: 'remark'; text: string }
  | { kind: 'data'; row: RawRow };

function classifyRow(g: Grid, r: number, cols: Columns, prev: RawRow | null): RowKind {
  const codeText = g.text(r, cols.code);
  let name = g.text(r, cols.name);
  let code = normaliseCode(codeText);
  const figureCell = g.cell(r, cols.figure) ?? null;
  const noFigure = figureEmpty(figureCell);
  const note = g.text(r, cols.note);
  const unit = g.text(r, cols.unit);

  if (!codeText && !name && noFigure && !note)
    return g.lines(r).length ? { kind: 'line', lines: g.lines(r) } : { kind: 'skip' };
  // A remark that ran over into the next row belongs to the row above.
  if (!codeText && !name && noFigure && note) return prev ? { kind: 'remark', text: note } : { kind: 'skip' };
  // "1. Công tác chỉ đạo điều hành CCHC" typed or merged into the code column.
  if (!code && !name) {
    const m = /^(\d+(?:\.\d+)*\.?)\s+(\S.*)$/.exec(codeText);
    if (m && normaliseCode(m[1])) {
      code = normaliseCode(m[1]);
      name = m[2];
    }
  }
  // Column numbering under the header ("(1) (2) (3)", "A B 1"): no indicator is named "(2)".
  if (/^\(?([0-9]{1,2}|[a-z])\)?$/i.test(name)) return { kind: 'skip' };
  if (!code && codeText && !isTrongDo(codeText) && !name && noFigure) return { kind: 'line', lines: g.lines(r) };
  if (!codeText && name && noFigure && isTitleText(name)) return { kind: 'line', lines: g.lines(r) };
  if (!code && !name && noFigure) return { kind: 'skip' };
  // A label row such as "Trong đó:" carries nothing to place.
  if (!code && noFigure && !normaliseName(name)) return { kind: 'skip' };

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

interface SheetScan {
  tables: TableDraft[];
  /** Lines above the first table (cover block), or the first rows of a sheet without a table. */
  coverLines: string[];
  /** Title lines found right above each table. */
  titleLines: string[];
}

function scanSheet(g: Grid, catalog: Catalog): SheetScan {
  const tables: TableDraft[] = [];
  const coverLines: string[] = [];
  const titleLines: string[] = [];
  let current: TableDraft | null = null;
  let pending: string[] = [];
  for (let r = 1; r <= g.maxRow; r++) {
    if (!g.rows.has(r)) continue;
    const cols = detectHeader(g, r);
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
      coverLines.push(...lines);
      pending.push(...lines);
      continue;
    }
    const prev = current.rows[current.rows.length - 1] ?? null;
    const row = classifyRow(g, r, current.cols, prev);
    if (row.kind === 'line') pending.push(...row.lines);
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

// ---------------------------------------------------------------------------------------------
// Matching rows to indicators

/** A clear name match needs this similarity… */
const ACCEPT = 0.72;
/** …and this lead over the next candidate. */
const MARGIN = 0.08;
/** A name this close to another row overrides a printed code that does not fit it. */
const STRONG = 0.8;
const OVERRIDE_GAP = 0.25;
/** Below this a code match is noted: the name looks like something else. */
const WEAK_NAME = 0.35;

interface FormIndex {
  form: FormDef;
  inds: Indicator[];
  prepared: Prepared[];
  byCode: Map<string, number>;
}

function indexForm(form: FormDef): FormIndex {
  const inds = form.indicators.filter((i) => i.kind !== 'title');
  return {
    form,
    inds,
    prepared: inds.map((i) => prepare(i.name)),
    byCode: new Map(inds.map((i, n) => [i.code, n])),
  };
}

interface Ranked {
  idx: number;
  sim: number;
}

function rankByName(fi: FormIndex, name: Prepared): Ranked[] {
  if (!name.text) return [];
  return fi.prepared
    .map((p, idx) => ({ idx, sim: similarity(name, p) }))
    .sort((a, b) => b.sim - a.sim || a.idx - b.idx);
}

/** A clear best name match, using the order of rows to settle near-ties; null when unclear. */
function pickByName(fi: FormIndex, ranked: Ranked[], lastIdx: number, taken: Set<string>): Ranked | null {
  const top = ranked[0];
  if (!top || top.sim < ACCEPT) return null;
  let close = ranked.filter((x) => x.sim >= ACCEPT && top.sim - x.sim < MARGIN);
  if (close.length === 1) return top;
  const untaken = close.filter((x) => !taken.has(fi.inds[x.idx].key));
  if (untaken.length === 1) return untaken[0];
  if (untaken.length) close = untaken;
  const after = close.filter((x) => x.idx > lastIdx && x.idx - lastIdx <= 4).sort((a, b) => a.idx - b.idx);
  return after.length ? after[0] : null;
}

function scoreForm(fi: FormIndex, rows: { code: string; name: Prepared }[]): number {
  let score = 0;
  for (const { code, name } of rows) {
    const byCode = code ? fi.byCode.get(code) : undefined;
    const codeSim = byCode === undefined ? 0 : name.text ? similarity(name, fi.prepared[byCode]) : 0.3;
    const best = rankByName(fi, name)[0]?.sim ?? 0;
    score += Math.max(codeSim, best >= ACCEPT ? best * 0.9 : 0);
  }
  return score;
}

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

// ---------------------------------------------------------------------------------------------
// The reader

const displayNumber = (v: number) => String(v).replace('.', ',');
/** "1.1.1" for Phụ lục I, "2.4 (Biểu mẫu 3)" for the others: codes repeat across forms. */
const refOf = (ind: Indicator) => (ind.form === 'PL1' ? ind.code : `${ind.code} (${formLabel(ind.form)})`);
const refOfKey = (key: string) => {
  const slash = key.indexOf('/');
  return slash < 0 ? key : `${key.slice(slash + 1)} (${formLabel(key.slice(0, slash) as FormId)})`;
};
const quote = (text: string) => `"${text.length > 80 ? `${text.slice(0, 77)}…` : text}"`;
const cleanName = (name: string) => flat(name.replace(/<\/?[a-z][^>]*>/gi, ''));

const UNIT_LINE =
  /^(SỞ|UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|BAN|VĂN PHÒNG|THANH TRA|PHÒNG|TRUNG TÂM|CỤC|CHI CỤC|BỘ|HĐND|HỘI ĐỒNG NHÂN DÂN|ĐẢNG ỦY|ĐẢNG UỶ|CÔNG AN|BỘ CHỈ HUY|KHO BẠC|BẢO HIỂM XÃ HỘI|TRƯỜNG|BỆNH VIỆN|ĐÀI)(?=\s|$)/u;

function findUnit(lines: string[]): string | null {
  for (const line of lines) {
    const m = /^(?:tên\s+)?đơn\s+vị(?:\s+báo\s+cáo)?\s*:\s*(.+)$/iu.exec(line);
    if (m && !foldText(line).startsWith('don vi tinh') && /\p{L}/u.test(m[1])) return flat(m[1]).replace(/[.;,]+$/, '');
  }
  const candidates: string[] = [];
  for (const line of lines) {
    if (/^Số\s*:/u.test(line) || foldText(line) === 'bao cao') break;
    if (isUpperLine(line) && UNIT_LINE.test(line)) candidates.push(flat(line).replace(/[.;,:]+$/, ''));
  }
  // The issuing body sits under its parent ("UBND TỈNH HÀ NAM" / "SỞ CÔNG THƯƠNG").
  return candidates.length ? candidates[candidates.length - 1] : null;
}

const PERIOD_SPECIFIC =
  /(quý\s+(?:iv|i{1,3}|[1-4])|\d{1,2}\s+tháng(?:\s+đầu|\s+cuối)?)(?:\s+|\s*\/\s*)(?:năm\s+)?\d{4}/iu;

function findPeriod(lines: string[]): string | null {
  for (let i = 0; i < lines.length; i++) {
    for (const text of [lines[i], i + 1 < lines.length ? `${lines[i]} ${lines[i + 1]}` : '']) {
      const m = PERIOD_SPECIFIC.exec(text);
      if (m) return flat(m[0]);
    }
  }
  for (const line of lines) {
    if (!isUpperLine(line) || /ngày/iu.test(line)) continue;
    const m = /năm\s+\d{4}/iu.exec(line);
    if (m) return flat(m[0]);
  }
  return null;
}

/**
 * Reads every Phụ lục I / Biểu mẫu table of a workbook a colleague filled by hand.
 * Throws WorkbookRejected when no table is found on any sheet.
 */
export function readLegacy(wb: Workbook, catalog: Catalog, fileName: string): LegacyReadResult {
  const figures: FigureSet = { values: {}, cells: {}, decimals: {} };
  const notes: ReadNote[] = [];
  const forms: FormId[] = [];
  const tables: LegacyReadResult['tables'] = [];
  const cover: string[] = [];
  const indexes = new Map<FormId, FormIndex>(catalog.forms.map((f) => [f.id, indexForm(f)]));
  /** Keys placed so far (rows and ratio parts), with where they were first found. */
  const taken = new Map<string, string>();
  /** Per form: keys whose row is present, and where its first table starts. */
  const present = new Map<FormId, { keys: Set<string>; sheet: string; cell: string }>();
  let headersFound = 0;

  const where = (sheet: string, cell: string) => `${fileName}, trang "${sheet}", ô ${cell}`;
  const note = (sheet: string, cell: string, kind: ReadNoteKind, message: string, key?: string) =>
    notes.push({ sheet, cell, message: `${where(sheet, cell)}: ${message}`, key, kind });

  for (const ws of wb.worksheets) {
    const g = new Grid(ws.name, ws);
    const scan = scanSheet(g, catalog);
    cover.push(...scan.coverLines, ...scan.titleLines);
    headersFound += scan.tables.length;

    for (const t of scan.tables) {
      if (t.cols.figure === null) {
        note(t.sheet, t.headerAddress, 'form', 'bảng không có cột số liệu ("Số liệu"/"Kết quả"); bỏ qua bảng này');
        continue;
      }
      const prepared = t.rows.filter((r) => !r.maybeFragment).map((r) => ({ code: r.code, name: prepare(r.name) }));
      let formId: FormId | null = t.marker && indexes.has(t.marker) ? t.marker : null;
      if (!formId) {
        const scored = [...indexes.values()]
          .map((fi) => ({ id: fi.form.id, score: scoreForm(fi, prepared) }))
          .sort((a, b) => b.score - a.score);
        const [best, second] = scored;
        const bySheet = t.firstOnSheet ? sheetMarker(ws.name) : null;
        if (best && best.score >= 0.9 && best.score - (second?.score ?? 0) >= 0.05) {
          formId = best.id;
          note(
            t.sheet,
            t.headerAddress,
            'form',
            `bảng không có dòng tiêu đề "Phụ lục I"/"Biểu mẫu"; nhận là ${formLabel(formId)} theo mã và tên các dòng`,
          );
        } else if (bySheet && indexes.has(bySheet)) {
          formId = bySheet;
          note(t.sheet, t.headerAddress, 'form', `nhận bảng là ${formLabel(formId)} theo tên trang tính`);
        }
      }
      if (!formId) {
        note(
          t.sheet,
          t.headerAddress,
          'form',
          'không xác định được bảng này là Phụ lục I hay Biểu mẫu nào (không có tiêu đề, mã và tên dòng không khớp); bỏ qua bảng này',
        );
        continue;
      }
      const fi = indexes.get(formId)!;
      if (!forms.includes(formId)) forms.push(formId);
      tables.push({ sheet: t.sheet, form: formId, headerRow: t.headerRow });
      let seen = present.get(formId);
      if (!seen) present.set(formId, (seen = { keys: new Set(), sheet: t.sheet, cell: t.headerAddress }));
      readTable(t, fi, seen.keys);
    }
  }

  if (headersFound === 0) {
    throw new WorkbookRejected(
      `không tìm thấy bảng chỉ tiêu (cần dòng tiêu đề có "STT" và "Chỉ tiêu") trên trang nào: ${wb.worksheets.map((w) => `"${w.name}"`).join(', ') || 'không có trang tính'}`,
      fileName,
    );
  }
  if (tables.length === 0) {
    throw new WorkbookRejected(
      'có bảng "STT"/"Chỉ tiêu" nhưng không nhận ra bảng nào là Phụ lục I hay Biểu mẫu 1–7',
      fileName,
    );
  }

  // Catalog rows absent from every table of their form: one note per form.
  for (const formId of forms) {
    const fi = indexes.get(formId)!;
    const seen = present.get(formId)!;
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
    note(
      seen.sheet,
      seen.cell,
      'missing',
      `${formLabel(formId)} thiếu ${missing.length} dòng so với danh mục: ${list}; các chỉ tiêu này coi như chưa có số liệu`,
    );
  }

  return { figures, notes, unit: findUnit(cover), periodText: findPeriod(cover), forms, tables };

  // --- one table ---------------------------------------------------------------------------
  function readTable(t: TableDraft, fi: FormIndex, seenKeys: Set<string>): void {
    const entries: Entry[] = [];
    let lastIdx = -1;
    const isTaken = new Set(taken.keys());

    const decide = (raw: RawRow): Entry => {
      const name = prepare(raw.name);
      const ranked = rankByName(fi, name);
      const codeIdx = raw.code ? fi.byCode.get(raw.code) : undefined;
      if (codeIdx !== undefined) {
        const ind = fi.inds[codeIdx];
        const sim = name.text ? similarity(name, fi.prepared[codeIdx]) : 1;
        const alt = ranked.find((x) => x.idx !== codeIdx);
        const altFree = alt && !isTaken.has(fi.inds[alt.idx].key);
        const disagrees = alt && alt.sim >= STRONG && alt.sim - sim >= OVERRIDE_GAP;
        const clash = isTaken.has(ind.key) && alt && alt.sim >= STRONG && alt.sim > sim;
        if (alt && altFree && (disagrees || clash))
          return { raw, idx: alt.idx, via: 'name', sim: alt.sim, renumbered: raw.code };
        return { raw, idx: codeIdx, via: 'code', sim };
      }
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

    for (const raw of t.rows) {
      const prev = entries[entries.length - 1];
      if (raw.maybeFragment && prev) {
        const own = pickByName(fi, rankByName(fi, prepare(raw.name)), lastIdx, isTaken);
        if (!own) {
          // A page-break continuation: the rest of the previous row's name (and maybe its figure).
          prev.raw.name = `${prev.raw.name} ${raw.name}`;
          prev.raw.continuations.push(raw.row);
          if (figureEmpty(prev.raw.figure) && raw.figure) {
            prev.raw.figure = raw.figure;
            prev.raw.figureAddress = raw.figureAddress;
          }
          if (raw.note) prev.raw.note = flat(`${prev.raw.note} ${raw.note}`);
          if (prev.via !== 'code') {
            release(prev);
            Object.assign(prev, decide(prev.raw));
            claim(prev);
          }
          continue;
        }
      }
      const e = decide(raw);
      claim(e);
      entries.push(e);
    }

    // Text-only rows after the last row with a code or figure are the footer, not the table.
    let end = entries.length;
    while (end > 0 && entries[end - 1].idx < 0 && !entries[end - 1].raw.code && !entries[end - 1].raw.figure) end--;

    for (const e of entries.slice(0, end)) readEntry(t, fi, e, seenKeys);
  }

  function readEntry(t: TableDraft, fi: FormIndex, e: Entry, seenKeys: Set<string>): void {
    const { raw } = e;
    const sheet = t.sheet;
    const label = raw.codeText ? `"${raw.codeText} ${cleanName(raw.name)}"` : quote(cleanName(raw.name));
    if (e.idx < 0) {
      const what = raw.figure ? `; số liệu "${raw.figure.text}" không được dùng` : '';
      note(
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
      const first = taken.get(ind.key);
      note(
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
      note(
        sheet,
        rowCell,
        'renumbered',
        `mã in là "${e.renumbered}" nhưng tên dòng là của chỉ tiêu ${refOf(ind)} (${ind.name}); đã lấy theo tên`,
        ind.key,
      );
    } else if (e.via === 'code' && raw.name && e.sim < WEAK_NAME) {
      note(
        sheet,
        rowCell,
        'name',
        `dòng mã ${refOf(ind)} có tên ${quote(cleanName(raw.name))}, khác tên trong danh mục (${ind.name}); đã khớp theo mã, cần kiểm tra`,
        ind.key,
      );
    }
    if (raw.note && foldText(raw.note) !== foldText(ind.note)) {
      note(
        sheet,
        t.cols.note === null ? rowCell : addressOf(raw.row, t.cols.note),
        'remark',
        `ghi chú của đơn vị ở chỉ tiêu ${refOf(ind)}: ${quote(raw.note)}`,
        ind.key,
      );
    }
    const fig = raw.figure;
    const addr = raw.figureAddress;
    const place = (key: string, value: number | null, decimals: number) => {
      if (taken.has(key)) {
        note(sheet, addr, 'duplicate', `chỉ tiêu ${refOfKey(key)} đã có ở ${taken.get(key)}; bỏ giá trị ở ô này`, key);
        return;
      }
      taken.set(key, `trang "${sheet}", ô ${addr}`);
      seenKeys.add(key);
      figures.values[key] = value;
      figures.cells![key] = { sheet, address: addr };
      figures.decimals![key] = decimals;
    };

    if (ind.kind === 'group' || ind.kind === 'title') {
      taken.set(ind.key, `trang "${sheet}", ô ${rowCell}`);
      if (fig && !figureEmpty(fig))
        note(
          sheet,
          addr,
          'ignored',
          `dòng nhóm ${refOf(ind)} (${ind.name}) không có số liệu riêng; giá trị "${fig.text}" không được dùng`,
          ind.key,
        );
      return;
    }
    if (fig && isFormulaValue(fig.raw) && cellScalar(fig.raw) === null) {
      if (ind.kind !== 'ratio') {
        place(ind.key, null, 0);
        note(
          sheet,
          addr,
          'check',
          `ô số liệu của chỉ tiêu ${refOf(ind)} là công thức chưa có kết quả; hãy mở tệp bằng Excel, lưu lại rồi gửi`,
          ind.key,
        );
      }
      return;
    }

    if (ind.kind === 'ratio' && ind.ratio) {
      taken.set(ind.key, `trang "${sheet}", ô ${addr}`);
      if (!fig || isFormulaValue(fig.raw)) {
        // An empty ratio, or the template's own "a/b" formula: its parts are rows of their own.
        if (!fig) {
          seenKeys.add(ind.ratio.numerator);
          seenKeys.add(ind.ratio.denominator);
        }
        return;
      }
      seenKeys.add(ind.ratio.numerator);
      seenKeys.add(ind.ratio.denominator);
      const parsed = parseFigure(fig.raw, 'ratio');
      if (parsed.ratio) {
        const { numerator, denominator } = parsed.ratio;
        place(ind.ratio.numerator, numerator, 0);
        place(ind.ratio.denominator, denominator, 0);
        note(
          sheet,
          addr,
          'text',
          `số liệu "${fig.text}" của chỉ tiêu ${refOf(ind)} ghi dạng chữ "a/b", đã đọc là ${displayNumber(numerator)} (${ind.ratio.numerator}) và ${displayNumber(denominator)} (${ind.ratio.denominator})`,
          ind.ratio.numerator,
        );
      } else if (parsed.value !== null) {
        note(
          sheet,
          addr,
          'unreadable',
          `chỉ tiêu ${refOf(ind)} cần dạng "số đã giải quyết/số tiếp nhận" (ví dụ 16.181/16.183); giá trị "${fig.text}" không rõ là phần nào nên chưa dùng`,
          ind.key,
        );
      } else {
        note(
          sheet,
          addr,
          'unreadable',
          `không đọc được số liệu ${quote(fig.text)} của chỉ tiêu ${refOf(ind)}; để trống, cần kiểm tra`,
          ind.key,
        );
      }
      return;
    }

    if (!fig) {
      place(ind.key, null, 0);
      return;
    }
    const parsed = parseFigure(fig.raw, ind.kind, { numFmt: fig.numFmt, codeLabels: raw.unit || ind.unit });
    place(ind.key, parsed.value, parsed.decimals);
    if (parsed.value === null && parsed.note !== undefined) {
      const why = parsed.ratio ? `ghi dạng tỷ số "a/b" nhưng chỉ tiêu này cần một số` : 'không phải một số';
      note(
        sheet,
        addr,
        'unreadable',
        `không đọc được số liệu ${quote(fig.text)} của chỉ tiêu ${refOf(ind)} (${why}); để trống, cần kiểm tra`,
        ind.key,
      );
      return;
    }
    if (parsed.value === null) return;
    if (parsed.fromText) {
      note(
        sheet,
        addr,
        'text',
        `số liệu "${fig.text}" của chỉ tiêu ${refOf(ind)} ghi dạng chữ, đã đọc là ${displayNumber(parsed.value)}${parsed.how ? ` (${parsed.how})` : ''}`,
        ind.key,
      );
    }
    if (ind.kind === 'percent' && parsed.value > 0 && parsed.value < 1 && !isPercentFormat(fig.numFmt)) {
      note(
        sheet,
        addr,
        'check',
        `tỷ lệ ${displayNumber(parsed.value)}% của chỉ tiêu ${refOf(ind)} nhỏ hơn 1%: nếu đơn vị nhập dạng thập phân (0,1 = 10%) thì cần sửa`,
        ind.key,
      );
    }
  }
}
