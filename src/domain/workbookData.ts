import { ownTextFindings } from './report/ownText';
import type { Catalog } from './catalog/types';
import type { ConsolidationSummary } from './consolidationSummary';
import type { ReportDetails } from './details';
import type { FigureSet } from './figures';
import type { Period } from './period';
import { comparePrevious, type PreviousPeriodData } from './previousPeriod';
import { unreadableFindings, type CellNote } from './readFindings';
import type { ReportInput } from './report/model';
import { validate, type Finding } from './validate';

/** What any reader makes of a unit's workbook (CLI, pane, import): the figures and what surrounds them. */
export interface WorkbookData {
  figures: FigureSet;
  details: ReportDetails;
  period: Period | null;
  texts: Record<string, string>;
  /** The forms' "Ghi chú" column by key. */
  remarks: Record<string, string>;
  /** Present when the workbook is a consolidating office's own, filled from its units' files. */
  consolidation?: ConsolidationSummary;
  /** The unit's previous report beside this one ("so với cùng kỳ", cumulative checks). */
  previous?: PreviousPeriodData;
}

/**
 * The workbook with its previous report beside it: the comparison data for the report, and the
 * warnings (a cumulative flow that fell, a stock that jumped, another unit or an unrelated period).
 */
export function withPrevious(
  catalog: Catalog,
  data: WorkbookData,
  previous: Pick<WorkbookData, 'figures' | 'details' | 'period'>,
): { data: WorkbookData; findings: Finding[] } {
  const side = (d: Pick<WorkbookData, 'figures' | 'details' | 'period'>) => ({
    figures: d.figures,
    period: d.period,
    unit: d.details.unit,
    ctx: { level: d.details.level ?? undefined, period: d.period ?? undefined },
  });
  const compared = comparePrevious(catalog, side(data), side(previous));
  if (!compared) {
    return {
      data,
      findings: [
        {
          severity: 'warning',
          rule: 'previous#period',
          keys: [],
          cells: [],
          message: 'Báo cáo này hoặc báo cáo kỳ trước chưa ghi kỳ báo cáo: không so sánh được với kỳ trước.',
        },
      ],
    };
  }
  return { data: { ...data, previous: compared.data }, findings: compared.findings };
}

/** The one check of a workbook, at its own level and period; figures its reader could not read come first. */
export function findingsOf(
  catalog: Catalog,
  data: Pick<WorkbookData, 'figures' | 'details' | 'period'> & {
    texts?: Record<string, string>;
    notes?: readonly CellNote[];
  },
): Finding[] {
  const ctx = { level: data.details.level ?? undefined, period: data.period ?? undefined };
  // The unit's own words are checked too: their arithmetic and the figures they give.
  return [
    ...unreadableFindings(data.notes ?? []),
    ...validate(catalog, data.figures, ctx),
    ...ownTextFindings(catalog, data.figures, data.texts ?? {}, ctx),
  ];
}

/** The narrative report's input from a workbook, the same for `cchc report` and the pane. */
export function reportInputOf(catalog: Catalog, data: WorkbookData, findings: Finding[]): ReportInput {
  return {
    catalog,
    figures: data.figures,
    details: data.details,
    texts: data.texts,
    findings,
    level: data.details.level ?? undefined,
    period: data.period ?? undefined,
    notes: data.remarks,
    consolidation: data.consolidation,
    previous: data.previous,
  };
}
