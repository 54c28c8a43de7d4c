// A worksheet of a hand-made form as a grid of texts: what the legacy reader looks at.
import type { Cell, Worksheet } from 'exceljs';
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

export class Grid {
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
  /** The shown text folded ("Số liệu" → "so lieu"), as header labels are compared. */
  label(r: number, c: number): string {
    const cell = this.cell(r, c);
    if (!cell) return '';
    return (cell.label ??= foldText(flat(cell.shown)));
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
