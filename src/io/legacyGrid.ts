// A worksheet of a hand-made form as a grid of texts: what the legacy reader looks at.
import type { Cell, Worksheet } from 'exceljs';
import { cellAddress, parseBox, parseCell } from '../office/a1';
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
  /** `shown` folded for comparing with header labels, computed on first use. */
  label?: string;
  /** `text` and `shown` on one line, computed on first use. */
  line?: string;
  shownLine?: string;
}

const NOT_PLAIN = /[^\x20-\x7e]/;
const ODD_SPACE_OR_CR = /[\u00a0\u202f\t\r]/;

function textOf(raw: unknown): string {
  const v = cellScalar(raw);
  if (v === null) return '';
  if (typeof v === 'string') {
    // Printable ASCII needs no normalising and holds no odd spaces or carriage returns.
    if (!NOT_PLAIN.test(v)) return v.trim();
    const s = v.normalize('NFC');
    return (ODD_SPACE_OR_CR.test(s) ? s.replace(/[\u00a0\u202f\t]/g, ' ').replace(/\r\n?/g, '\n') : s).trim();
  }
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v.error;
}

/** Largest merged range expanded cell by cell; a larger one (a hostile file) keeps its master only. */
const MAX_MERGE_CELLS = 10_000;

/** A number format that shows a date ("dd/mm/yyyy", "m/d/yy h:mm"): quoted text and [colour] parts aside. */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /[dmy]/i.test(numFmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ''));
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

export class Grid {
  readonly rows = new Map<number, Map<number, GridCell>>();
  maxRow = 0;
  private readonly sortedColumns = new Map<number, number[]>();

  private constructor(readonly sheet: string) {}

  private put(r: number, c: number, gc: GridCell): void {
    let cells = this.rows.get(r);
    if (!cells) this.rows.set(r, (cells = new Map()));
    cells.set(c, gc);
    if (this.sortedColumns.size) this.sortedColumns.delete(r);
    if (r > this.maxRow) this.maxRow = r;
  }

  /** A worksheet opened with exceljs; covered cells of a merged range show their master's text. */
  static ofWorksheet(ws: Worksheet): Grid {
    const g = new Grid(ws.name);
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell: Cell, c: number) => {
        const covered = cell.isMerged && cell.master.address !== cell.address;
        const source = covered ? cell.master : cell;
        const shown = textOf(source.value);
        g.put(r, c, {
          text: covered ? '' : shown,
          shown,
          raw: covered ? null : source.value,
          numFmt: source.numFmt ?? '',
          address: cell.address,
        });
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
      const at = packed < 0 ? parseCell(address) : null;
      if (packed < 0 && !at) return;
      const raw = rawOfLean(cell);
      const text = textOf(raw);
      const gc = { text, shown: text, raw, numFmt: cell.numFmt ?? '', address };
      if (at) g.put(at.row, at.col, gc);
      else g.put(Math.floor(packed / COLUMN_SPAN), packed % COLUMN_SPAN, gc);
    });
    for (const range of sheet.merges ?? []) {
      const box = parseBox(range);
      if (!box) continue;
      const size = (box.bottom - box.top + 1) * (box.right - box.left + 1);
      if (size > MAX_MERGE_CELLS) continue;
      const master = g.cell(box.top, box.left);
      for (let r = box.top; r <= box.bottom; r++) {
        for (let c = box.left; c <= box.right; c++) {
          if (r === box.top && c === box.left) continue;
          g.put(r, c, {
            text: '',
            shown: master?.shown ?? '',
            raw: null,
            numFmt: master?.numFmt ?? '',
            address: cellAddress(r, c),
          });
        }
      }
    }
    return g;
  }

  cell(r: number, c: number | null): GridCell | undefined {
    return c === null ? undefined : this.rows.get(r)?.get(c);
  }
  text(r: number, c: number | null): string {
    const cell = this.cell(r, c);
    if (!cell) return '';
    return (cell.line ??= flat(cell.text));
  }
  shown(r: number, c: number): string {
    const cell = this.cell(r, c);
    if (!cell) return '';
    return (cell.shownLine ??= flat(cell.shown));
  }
  /** The shown text folded ("Số liệu" → "so lieu"), as header labels are compared. */
  label(r: number, c: number): string {
    const cell = this.cell(r, c);
    if (!cell) return '';
    return (cell.label ??= foldText(flat(cell.shown)));
  }
  columns(r: number): number[] {
    let cols = this.sortedColumns.get(r);
    if (!cols) {
      cols = [];
      const cells = this.rows.get(r);
      if (cells) for (const c of cells.keys()) cols.push(c);
      // Cells usually arrive left to right; sort only when a merge or an odd file put them out of order.
      for (let i = 1; i < cols.length; i++) {
        if (cols[i - 1] > cols[i]) {
          cols.sort((a, b) => a - b);
          break;
        }
      }
      this.sortedColumns.set(r, cols);
    }
    return cols;
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
