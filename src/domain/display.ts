import type { Indicator } from './catalog/types';
import { formatNumber } from './format';

/**
 * The one reading of a coded answer's words and the one "a/b" display: the sheet, the engine,
 * the consolidation and the narrative all show them through here.
 */

/** The words of each code, from the unit column: "Trực tuyến = 0; Phát phiếu = 1; Kết hợp = 2". */
export function codeLabels(unit: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const part of unit.split(';')) {
    const m = /^\s*(.+?)\s*=\s*(\d+)\s*$/.exec(part);
    if (m) out.set(Number(m[2]), m[1]);
  }
  return out;
}

/** The words of one coded answer, or null when the catalog names none. */
export function codeLabel(ind: Pick<Indicator, 'unit'>, value: number): string | null {
  return codeLabels(ind.unit).get(value) ?? null;
}

/** A ratio's two parts as forms print them: "16.181/16.183". */
export function ratioDisplay(numerator: number, denominator: number): string {
  return `${formatNumber(numerator)}/${formatNumber(denominator)}`;
}
