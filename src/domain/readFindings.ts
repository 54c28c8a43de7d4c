import type { Finding } from './validate';

/** What a reader noted about one cell (structurally io's ReadNote). */
export interface CellNote {
  sheet: string;
  cell: string;
  message: string;
  key?: string;
  kind?: string;
}

/**
 * Every figure a reader could not read (prose, "khoảng 20", "=1+1" typed as text, NaN, an Excel error) as an
 * error finding at its cell: the figure is left blank for the checks, the totals and the report, so it must
 * never pass unnoticed. One finding per key.
 */
export function unreadableFindings(notes: readonly CellNote[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const n of notes) {
    if (n.kind !== 'unreadable') continue;
    const id = n.key ?? `${n.sheet}!${n.cell}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const where = n.sheet && n.cell ? `${n.sheet}!${n.cell}` : '';
    out.push({
      severity: 'error',
      rule: `${id}#unreadable`,
      keys: n.key ? [n.key] : [],
      cells: where ? [{ sheet: n.sheet, address: n.cell }] : [],
      message: `${n.message.replace(/[.;\s]+$/, '')}. Số liệu này không đọc được nên bị bỏ trống khi kiểm tra, tổng hợp và viết báo cáo; hãy sửa thành một số.`,
      ...(n.key ? { blame: n.key } : {}),
    });
  }
  return out;
}
