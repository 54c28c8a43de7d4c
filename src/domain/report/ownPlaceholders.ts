/**
 * Live figures in the unit's own words: "{1.1.2}", "{BM3/4.2}", "{rate:1.1.2}" (the rate of a row)
 * or "{rate:PL1:hoan-thanh-ke-hoach}" are filled, formatted and tagged like generated figures,
 * so "Cập nhật số liệu" refreshes them too.
 */
import type { Catalog } from '../catalog/types';
import { labelTagKey, rateTagKey, reviewPlaceholder, type Run } from './narrative';

/** `{1.1.2}`, `{BM3/4.2}`, `{rate:…}`; "{số liệu}" (where the figures go) is not one. */
const TOKEN = /\{\s*((?:rate:)?(?:[A-Z]+\d*[/:])?[\w.:-]+)\s*\}/gu;

export interface PlaceholderProblem {
  token: string;
  why: string;
}

interface Resolved {
  tagKey: string;
  /** Row shown in messages and in "[chưa có số liệu: …]". */
  where: string;
  percent: boolean;
  flagKeys: string[];
}

function resolve(catalog: Catalog, token: string): Resolved | null {
  if (token.startsWith('rate:')) {
    const ref = token.slice('rate:'.length);
    const def = catalog.rates.find((r) => r.id === ref) ?? catalog.rates.find((r) => r.subject === ref);
    if (!def) return null;
    return { tagKey: rateTagKey(def), where: def.label, percent: true, flagKeys: [def.subject] };
  }
  const ind = catalog.byKey.get(token);
  if (!ind || ind.kind === 'group' || ind.kind === 'title') return null;
  const where = ind.form === 'PL1' ? ind.code : `${ind.form}/${ind.code}`;
  return {
    tagKey: ind.kind === 'code' ? labelTagKey(ind.key) : ind.key,
    where,
    percent: ind.kind === 'percent',
    flagKeys: [ind.key, ...(ind.ratio ? [ind.ratio.numerator, ind.ratio.denominator] : [])],
  };
}

/**
 * A line of own text as runs. `values` are the texts of the report's controls (`figureTagValues`,
 * figures in error already held); a figure not filled shows "[chưa có số liệu: …]", tagged, so a
 * later refresh fills it.
 */
export function ownTextRuns(
  catalog: Catalog,
  line: string,
  values: Record<string, string>,
  flagged: ReadonlySet<string> = new Set(),
): { runs: Run[]; problems: PlaceholderProblem[] } {
  const runs: Run[] = [];
  const problems: PlaceholderProblem[] = [];
  let last = 0;
  for (const m of line.matchAll(TOKEN)) {
    const resolved = resolve(catalog, m[1]);
    if (!resolved) {
      problems.push({ token: m[0], why: 'không có chỉ tiêu hay tỷ lệ này trong danh mục; giữ nguyên như đã viết' });
      continue;
    }
    if (m.index! > last) runs.push({ text: line.slice(last, m.index) });
    last = m.index! + m[0].length;
    const value = values[resolved.tagKey];
    const isFlagged = resolved.flagKeys.some((k) => flagged.has(k));
    const text =
      value ?? (isFlagged ? reviewPlaceholder(catalog, resolved.flagKeys[0]) : `[chưa có số liệu: ${resolved.where}]`);
    if (value === undefined) problems.push({ token: m[0], why: 'chưa có số liệu; báo cáo để chỗ trống có đánh dấu' });
    runs.push({ text, tag: { key: resolved.tagKey, value: text }, ...(isFlagged ? { flagged: true } : {}) });
    // A rate is written "48,7%": the sign follows unless the unit typed it.
    if (resolved.percent && value !== undefined && !isFlagged && line[last] !== '%') runs.push({ text: '%' });
  }
  if (last < line.length) runs.push({ text: line.slice(last) });
  return { runs: runs.length ? runs : [{ text: line }], problems };
}

/** The own text with its placeholders filled, as plain text (for the own-text checks). */
export function fillOwnText(catalog: Catalog, text: string, values: Record<string, string>): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) =>
      ownTextRuns(catalog, line, values)
        .runs.map((r) => r.text)
        .join(''),
    )
    .join('\n');
}
