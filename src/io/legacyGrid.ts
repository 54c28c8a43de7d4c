// A worksheet of a hand-made form as a grid of texts: what the legacy reader looks at.
import type { Cell, Worksheet } from 'exceljs';
import { cellAddress, parseBox, parseCell, type Box } from '../office/a1';
import type { LeanCell, LeanSheet } from './leanReader';
import { cellScalar } from './figureText';
import { flat, foldText } from './legacyText';

export interface GridCell {
  /** Text of this cell ('' for the covered part of a merged range). */
  text: string;
  /** Text shown there, merged ranges included (for headers). */
  shown: string;
  raw: unknown;
  numFmt: string;
  address: string;
  /** `text` and `shown` on one line (white space runs as one space). */
  line: string;
  shownLine: string;
  /** `shown` folded for comparing with header labels, computed on first use. */
  label?: string;
}

const NOT_PLAIN = /[^\x20-\x7e]/;
const ODD_SPACE_OR_CR = /[\u00a0\u202f\t\r]/;
const ODD_SPACES = /[\u00a0\u202f\t]/g;
const CR = /\r\n?/g;

/** A typed string as the grid holds it: trimmed, NFC, odd spaces as spaces; and on one line. */
interface Texts {
  text: string;
  line: string;
}

function textsOfString(v: string): Texts {
  if (!NOT_PLAIN.test(v)) {
    // Printable ASCII needs no normalising and holds no odd spaces, carriage returns or line breaks.
    const text = v.trim();
    return { text, line: text.includes('  ') ? flat(text) : text };
  }
  const s = v.normalize('NFC');
  const text = (ODD_SPACE_OR_CR.test(s) ? s.replace(ODD_SPACES, ' ').replace(CR, '\n') : s).trim();
  return { text, line: flat(text) };
}

/** Labels, names and notes repeat from row to row and file to file: each distinct string is prepared once. */
const textsOf = new Map<string, Texts>();

/**
 * A cell's text and its one line, computed once: every row is looked at more than once, and most
 * texts (numbers, plain ASCII) are one line already.
 */
function cellOf(raw: unknown, numFmt: string, address: string): GridCell {
  const v = cellScalar(raw);
  let text: string;
  let line: string;
  if (v === null) text = line = '';
  else if (typeof v === 'string') {
    let texts = textsOf.get(v);
    if (!texts) {
      if (textsOf.size >= 20_000) textsOf.clear();
      textsOf.set(v, (texts = textsOfString(v)));
    }
    text = texts.text;
    line = texts.line;
  } else if (typeof v === 'number') text = line = String(v);
  else if (typeof v === 'boolean') text = line = v ? 'TRUE' : 'FALSE';
  else if (v instanceof Date) text = line = v.toISOString().slice(0, 10);
  else {
    text = v.error;
    line = flat(text);
  }
  return { text, shown: text, raw, numFmt, address, line, shownLine: line };
}

/** The covered part of a merged range: no text of its own, its master's shown. */
function coveredCell(master: GridCell | undefined, address: string): GridCell {
  return {
    text: '',
    shown: master?.shown ?? '',
    raw: null,
    numFmt: master?.numFmt ?? '',
    address,
    line: '',
    shownLine: master?.shownLine ?? '',
  };
}

/** Largest merged range expanded cell by cell; a larger one (a hostile file) keeps its master only. */
const MAX_MERGE_CELLS = 10_000;

const FORMAT_LITERALS = /"[^"]*"|\[[^\]]*\]|\\./g;
const DATE_PART = /[dmy]/i;
/** A workbook uses a handful of formats, the same from file to file: each is looked at once. */
const dateFormats = new Map<string, boolean>();

/** A number format that shows a date ("dd/mm/yyyy", "m/d/yy h:mm"): quoted text and [colour] parts aside. */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  let isDate = dateFormats.get(numFmt);
  if (isDate === undefined) {
    if (dateFormats.size >= 1000) dateFormats.clear();
    dateFormats.set(numFmt, (isDate = DATE_PART.test(numFmt.replace(FORMAT_LITERALS, ''))));
  }
  return isDate;
}

/** An Excel serial (1900 system) as the Date exceljs gives for it. */
const dateOfSerial = (serial: number) => new Date(Math.round((serial - 25569) * 86400000));

/** An exceljs-shaped value for a lean cell, so both sources read alike (formula results, errors, booleans, dates). */
export function rawOfLean(cell: LeanCell): unknown {
  const value =
    cell.v === null
      ? undefined
      : cell.t === 'b'
        ? cell.v === 1
        : cell.t === 'e'
          ? { error: String(cell.v) }
          : cell.t === 'n' && typeof cell.v === 'number' && isDateFormat(cell.numFmt)
            ? dateOfSerial(cell.v)
            : cell.v;
  if (cell.f) return { formula: '', result: value };
  return value ?? null;
}

/** Columns of a packed place: 3 letters reach 18.278, under 2^15. */
const COLUMN_SPAN = 32768;

/**
 * "B12" without a regex, as one number (row × COLUMN_SPAN + column: no object per cell), or -1: the lean
 * reader's addresses are plain; anything else goes to parseCell.
 */
function plainCell(address: string): number {
  let col = 0;
  let i = 0;
  for (; i < address.length && i < 3; i++) {
    const ch = address.charCodeAt(i);
    if (ch < 65 || ch > 90) break;
    col = col * 26 + (ch - 64);
  }
  if (i === 0 || i === address.length || address.length - i > 9) return -1;
  let row = 0;
  for (let j = i; j < address.length; j++) {
    const ch = address.charCodeAt(j);
    if (ch < 48 || ch > 57) return -1;
    row = row * 10 + (ch - 48);
  }
  return row * COLUMN_SPAN + col;
}

/** A merged range: "A5:E5" through plainCell, anything else through parseBox. */
function mergedBox(range: string): Box | null {
  const colon = range.indexOf(':');
  const from = colon > 0 ? plainCell(range.slice(0, colon)) : -1;
  const to = from >= 0 ? plainCell(range.slice(colon + 1)) : -1;
  if (to < 0) return parseBox(range);
  const r1 = Math.floor(from / COLUMN_SPAN);
  const r2 = Math.floor(to / COLUMN_SPAN);
  const c1 = from % COLUMN_SPAN;
  const c2 = to % COLUMN_SPAN;
  return { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
}

export class Grid {
  readonly rows = new Map<number, Map<number, GridCell>>();
  maxRow = 0;
  /** Per row, its columns in the order they came; sorted on first use when they came out of order. */
  private readonly rowColumns = new Map<number, number[]>();
  private readonly unsorted = new Set<number>();
  /** The row last written: cells come row by row. */
  private lastRow = -1;
  private lastCells: Map<number, GridCell> | undefined;
  private lastColumns: number[] = [];

  private constructor(readonly sheet: string) {}

  private put(r: number, c: number, gc: GridCell): void {
    if (r !== this.lastRow) {
      let cells = this.rows.get(r);
      let cols = this.rowColumns.get(r);
      if (!cells || !cols) {
        this.rows.set(r, (cells = new Map()));
        this.rowColumns.set(r, (cols = []));
      }
      this.lastRow = r;
      this.lastCells = cells;
      this.lastColumns = cols;
      if (r > this.maxRow) this.maxRow = r;
    }
    const cells = this.lastCells!;
    if (!cells.has(c)) {
      const cols = this.lastColumns;
      if (cols.length && cols[cols.length - 1] > c) this.unsorted.add(r);
      cols.push(c);
    }
    cells.set(c, gc);
  }

  /** A worksheet opened with exceljs; covered cells of a merged range show their master's text. */
  static ofWorksheet(ws: Worksheet): Grid {
    const g = new Grid(ws.name);
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell: Cell, c: number) => {
        const covered = cell.isMerged && cell.master.address !== cell.address;
        const source = covered ? cell.master : cell;
        const own = cellOf(source.value, source.numFmt ?? '', cell.address);
        g.put(r, c, covered ? coveredCell(own, cell.address) : own);
      });
    });
    return g;
  }

  /** A sheet read by the lean reader: the same grid as exceljs gives, merged ranges included. */
  static ofLeanSheet(sheet: LeanSheet): Grid {
    const g = new Grid(sheet.name);
    // forEach, not `for (const [address, cell] of …)`: a read runs mostly unoptimised, where destructuring
    // each entry walks the iterator protocol.
    sheet.cells.forEach((cell, address) => {
      const packed = plainCell(address);
      const gc = cellOf(rawOfLean(cell), cell.numFmt ?? '', address);
      if (packed >= 0) g.put(Math.floor(packed / COLUMN_SPAN), packed % COLUMN_SPAN, gc);
      else {
        const at = parseCell(address);
        if (at) g.put(at.row, at.col, gc);
      }
    });
    for (const range of sheet.merges ?? []) {
      const box = mergedBox(range);
      if (!box) continue;
      const size = (box.bottom - box.top + 1) * (box.right - box.left + 1);
      if (size > MAX_MERGE_CELLS) continue;
      const master = g.cell(box.top, box.left);
      for (let r = box.top; r <= box.bottom; r++) {
        for (let c = box.left; c <= box.right; c++) {
          if (r !== box.top || c !== box.left) g.put(r, c, coveredCell(master, cellAddress(r, c)));
        }
      }
    }
    return g;
  }

  cell(r: number, c: number | null): GridCell | undefined {
    return c === null ? undefined : this.rows.get(r)?.get(c);
  }
  text(r: number, c: number | null): string {
    return this.cell(r, c)?.line ?? '';
  }
  shown(r: number, c: number): string {
    return this.cell(r, c)?.shownLine ?? '';
  }
  /** The shown text folded ("Số liệu" → "so lieu"), as header labels are compared. */
  label(r: number, c: number): string {
    const cell = this.cell(r, c);
    if (!cell) return '';
    return (cell.label ??= foldText(cell.shownLine));
  }
  /** The columns of a row holding a cell, left to right. */
  columns(r: number): number[] {
    const cols = this.rowColumns.get(r);
    if (!cols) return [];
    if (this.unsorted.delete(r)) cols.sort((a, b) => a - b);
    return cols;
  }
  /** Lines of text in the row, left to right, a cell's own line breaks kept apart. */
  lines(r: number): string[] {
    const out: string[] = [];
    const cells = this.rows.get(r);
    if (!cells) return out;
    for (const c of this.columns(r)) {
      const cell = cells.get(c)!;
      if (!cell.text.includes('\n')) {
        if (cell.line) out.push(cell.line);
      } else for (const line of cell.text.split('\n')) if (line.trim()) out.push(flat(line));
    }
    return out;
  }
}
