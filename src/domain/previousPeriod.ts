import { applies } from './applicability';
import { formLabel } from './catalog/load';
import type { Catalog } from './catalog/types';
import type { FigureSet, ReportContext } from './figures';
import { formatNumber, formatPercent } from './format';
import { isInputIndicator } from './layout';
import { isCumulative, periodPhrase, type Period } from './period';
import { describeKey, type Finding } from './validate';

/**
 * A unit's earlier report beside the current one. What it is for follows from the two periods:
 * an earlier cumulative window of the same year (Quý I ≤ 6 tháng ≤ 9 tháng ≤ năm: a flow summed
 * from the start of the year cannot fall), or the same period of last year ("so với cùng kỳ").
 */
export type PreviousRelation = 'earlier-in-year' | 'same-period-last-year' | 'other';

export interface PreviousFigure {
  current: number;
  previous: number;
  /** current − previous. */
  change: number;
  /** Change in percent of the previous figure; null when it was 0. */
  changePercent: number | null;
}

export interface PreviousPeriodData {
  relation: PreviousRelation;
  period: Period;
  /** Figures filled in both reports, by key (counts, money and stocks; not rates or coded answers). */
  figures: Record<string, PreviousFigure>;
}

export interface PreviousComparison {
  data: PreviousPeriodData;
  /** Warnings: a cumulative flow that fell, a stock that jumped, a report of another unit or an unrelated period. */
  findings: Finding[];
}

interface Side {
  figures: FigureSet;
  period: Period | null;
  unit: string;
  ctx: ReportContext;
}

/** A stock more than doubled or halved between two reports is worth a second look. */
const STOCK_JUMP = 0.5;
/** Small stocks move by a few units without meaning anything. */
const STOCK_JUMP_MIN = 10;

export function previousRelation(current: Period, previous: Period): PreviousRelation {
  if (
    previous.year === current.year &&
    isCumulative(previous.kind) &&
    isCumulative(current.kind) &&
    previous.to < current.to
  )
    return 'earlier-in-year';
  if (previous.year === current.year - 1 && previous.kind === current.kind) return 'same-period-last-year';
  return 'other';
}

function warning(rule: string, key: string, message: string, figures: FigureSet): Finding {
  const cell = figures.cells?.[key];
  return { severity: 'warning', rule, keys: [key], cells: cell ? [cell] : [], message, blame: key };
}

/** Compares a report with the unit's previous one; null without both periods. */
export function comparePrevious(catalog: Catalog, current: Side, previous: Side): PreviousComparison | null {
  if (!current.period || !previous.period) return null;
  const relation = previousRelation(current.period, previous.period);
  const findings: Finding[] = [];
  const now = periodPhrase(current.period);
  const then = periodPhrase(previous.period);
  const key = (s: string) => s.trim().toLowerCase().normalize('NFC');
  if (current.unit.trim() && previous.unit.trim() && key(current.unit) !== key(previous.unit)) {
    findings.push({
      severity: 'warning',
      rule: 'previous#unit',
      keys: [],
      cells: [],
      message: `Báo cáo kỳ trước là của "${previous.unit.trim()}", không phải "${current.unit.trim()}": so sánh có thể không đúng đơn vị.`,
    });
  }
  if (relation === 'other') {
    findings.push({
      severity: 'warning',
      rule: 'previous#period',
      keys: [],
      cells: [],
      message: `Báo cáo kỳ trước là ${then}, không phải kỳ trước trong năm cũng không phải cùng kỳ năm trước của ${now}: không so sánh số liệu.`,
    });
    return { data: { relation, period: previous.period, figures: {} }, findings };
  }
  const figures: Record<string, PreviousFigure> = {};
  for (const ind of catalog.indicators) {
    if (!isInputIndicator(ind) || ind.kind === 'code' || ind.kind === 'percent') continue;
    if (!applies(ind, current.ctx) || !applies(ind, previous.ctx)) continue;
    const a = current.figures.values[ind.key];
    const b = previous.figures.values[ind.key];
    if (a === null || a === undefined || b === null || b === undefined) continue;
    const change = Number((a - b).toFixed(9));
    figures[ind.key] = { current: a, previous: b, change, changePercent: b === 0 ? null : (change / b) * 100 };
    const stock = ind.consolidation.kind === 'stock';
    const where = `${formLabel(ind.form)}: ${describeKey(catalog, ind.key)}`;
    if (relation === 'earlier-in-year' && !stock && a < b) {
      findings.push(
        warning(
          `${ind.key}#cumulative`,
          ind.key,
          `${where} = ${formatNumber(a)} (${now}) nhỏ hơn ${formatNumber(b)} của ${then}: số lũy kế từ đầu năm không giảm. Số cần xem lại: ${ind.code}.`,
          current.figures,
        ),
      );
    }
    if (stock && b > 0 && Math.abs(change) >= STOCK_JUMP_MIN && Math.abs(change) / b > STOCK_JUMP) {
      findings.push(
        warning(
          `${ind.key}#jump`,
          ind.key,
          `${where} = ${formatNumber(a)} (${now}), ${change > 0 ? 'tăng' : 'giảm'} ${formatPercent(Math.abs(change / b) * 100)} so với ${formatNumber(b)} của ${then}: số tồn thường không thay đổi nhiều như vậy; nếu đúng, ghi rõ lý do ở cột Ghi chú.`,
          current.figures,
        ),
      );
    }
  }
  return { data: { relation, period: previous.period, figures }, findings };
}
