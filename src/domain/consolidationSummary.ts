import type { Level } from './catalog/types';

/**
 * What a consolidated workbook says of where its totals came from, so that the consolidating
 * office's report can say it ("toàn tỉnh …", "3/19 đơn vị đã tổ chức đối thoại", the units that
 * did not report). Written by the consolidation into the office's own workbook, read back with it.
 */
export interface ConsolidationSummary {
  /** Units whose figures are in the totals, as named in their files. */
  units: string[];
  /** Units expected to report that sent nothing. */
  missingUnits: string[];
  /** Units per level among `units` (sở, huyện, xã…). */
  levels: Partial<Record<Level, number>>;
  /** Coded answers: key → code → number of units that gave it. */
  codeCounts: Record<string, Record<string, number>>;
  /** Key → number of units whose figure went into the total (the coverage of each total). */
  contributors: Record<string, number>;
}

/** The summary of a consolidation, as its workbook carries it to the report. */
export function summaryOf(result: {
  units: { unit: string; level?: Level }[];
  missingUnits: string[];
  figures: Record<string, { contributors: number; codeCounts?: Record<string, number> }>;
}): ConsolidationSummary {
  const levels: Partial<Record<Level, number>> = {};
  for (const u of result.units) if (u.level) levels[u.level] = (levels[u.level] ?? 0) + 1;
  const codeCounts: Record<string, Record<string, number>> = {};
  const contributors: Record<string, number> = {};
  for (const [key, fig] of Object.entries(result.figures)) {
    contributors[key] = fig.contributors;
    if (fig.codeCounts) codeCounts[key] = { ...fig.codeCounts };
  }
  return {
    units: result.units.map((u) => u.unit.trim()),
    missingUnits: [...result.missingUnits],
    levels,
    codeCounts,
    contributors,
  };
}
