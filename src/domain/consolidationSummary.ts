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
