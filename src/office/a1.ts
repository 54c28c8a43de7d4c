/** A1 addresses: small helpers shared by both workbook ports and the grid. */

export interface CellPos {
  row: number;
  col: number;
}

export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function colName(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function colNumber(name: string): number {
  let n = 0;
  for (const ch of name.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function parseCell(address: string): CellPos | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(address.trim());
  return m ? { col: colNumber(m[1]), row: Number(m[2]) } : null;
}

export function cellAddress(row: number, col: number): string {
  return `${colName(col)}${row}`;
}

/** "D6", "D6:D9", "$D$6" → box; whole columns/rows ("H:H", "5:7") are expanded to a large bound. */
export function parseBox(address: string): Box | null {
  const bare = stripSheet(address);
  const [a, b = a] = bare.split(':');
  const one = parseCell(a);
  const two = parseCell(b);
  if (one && two) {
    return {
      top: Math.min(one.row, two.row),
      left: Math.min(one.col, two.col),
      bottom: Math.max(one.row, two.row),
      right: Math.max(one.col, two.col),
    };
  }
  const cols = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/.exec(bare);
  if (cols) return { top: 1, left: colNumber(cols[1]), bottom: 1048576, right: colNumber(cols[2]) };
  const rows = /^\$?(\d+):\$?(\d+)$/.exec(bare);
  if (rows) return { top: Number(rows[1]), left: 1, bottom: Number(rows[2]), right: 16384 };
  return null;
}

export function boxAddress(box: Box): string {
  const a = cellAddress(box.top, box.left);
  return box.top === box.bottom && box.left === box.right ? a : `${a}:${cellAddress(box.bottom, box.right)}`;
}

export function inBox(box: Box, row: number, col: number): boolean {
  return row >= box.top && row <= box.bottom && col >= box.left && col <= box.right;
}

/** "'Phụ lục I'!$D$6" → { sheet: "Phụ lục I", address: "D6" } (the address keeps a range when given). */
export function splitSheetAddress(ref: string): { sheet: string | null; address: string } {
  const t = ref.trim().replace(/^=/, '');
  const bang = t.lastIndexOf('!');
  if (bang < 0) return { sheet: null, address: t.replace(/\$/g, '') };
  let sheet = t.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, address: t.slice(bang + 1).replace(/\$/g, '') };
}

export function stripSheet(address: string): string {
  return splitSheetAddress(address).address;
}

/** Sheet name quoted for a formula or a defined name. */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Absolute reference "='Sheet'!$D$6". */
export function absoluteRef(sheet: string, address: string): string {
  const p = parseCell(address);
  if (!p) return `=${quoteSheet(sheet)}!${address}`;
  return `=${quoteSheet(sheet)}!$${colName(p.col)}$${p.row}`;
}

/**
 * Cells coalesced into the fewest simple ranges (vertical runs per column, then
 * equal runs side by side), so a style or a validation is applied once per block.
 */
export function coalesce(addresses: string[]): string[] {
  const byCol = new Map<number, number[]>();
  for (const a of addresses) {
    const p = parseCell(a);
    if (!p) continue;
    const list = byCol.get(p.col) ?? [];
    list.push(p.row);
    byCol.set(p.col, list);
  }
  const runs: Box[] = [];
  for (const [col, rows] of [...byCol.entries()].sort((x, y) => x[0] - y[0])) {
    const sorted = [...new Set(rows)].sort((x, y) => x - y);
    let start = sorted[0];
    let prev = start;
    for (let i = 1; i <= sorted.length; i++) {
      const r = sorted[i];
      if (r === prev + 1) {
        prev = r;
        continue;
      }
      runs.push({ top: start, bottom: prev, left: col, right: col });
      start = r;
      prev = r;
    }
  }
  // Merge runs with the same rows in adjacent columns.
  const merged: Box[] = [];
  for (const run of runs) {
    const prev = merged.find((m) => m.top === run.top && m.bottom === run.bottom && m.right === run.left - 1);
    if (prev) prev.right = run.right;
    else merged.push({ ...run });
  }
  return merged.map(boxAddress);
}

/** Splits a list of addresses into comma-joined groups short enough for one multi-area range. */
export function areaGroups(ranges: string[], maxLength = 2000): string[] {
  const out: string[] = [];
  let current = '';
  for (const r of ranges) {
    if (current && current.length + r.length + 1 > maxLength) {
      out.push(current);
      current = '';
    }
    current = current ? `${current},${r}` : r;
  }
  if (current) out.push(current);
  return out;
}
