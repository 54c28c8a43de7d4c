import { formatDateShort, parseIsoDate } from './format';

/**
 * The reports of a year (Nghị định 09/2019, Điều 12; 9 tháng asked by many provinces), and the
 * other windows provinces ask for: one month ('M', "tháng 10"), the first months of the year
 * ('MN', "8 tháng", "10 tháng đầu năm"), or any window ('C'). For 'M' and 'MN' the months are
 * those of the end date, so a period stays a kind, a year and an explicit date range.
 */
export type PeriodKind = 'Q1' | 'H1' | 'Q3' | 'M9' | 'Y' | 'M' | 'MN' | 'C';
/** The kinds of the details sheet's drop-down list. */
export const PERIOD_KINDS: readonly PeriodKind[] = ['Q1', 'H1', 'Q3', 'M9', 'Y'];

export interface Period {
  kind: PeriodKind;
  year: number;
  /** Data cut-off window, ISO dates; editable, defaults from `defaultWindow`. */
  from: string;
  to: string;
}

/** Short labels of the kinds; a title of a period is `periodTitle` (the months and window belong to it). */
export const PERIOD_LABELS: Record<PeriodKind, string> = {
  Q1: 'Quý I',
  H1: '6 tháng đầu năm',
  Q3: 'Quý III',
  M9: '9 tháng đầu năm',
  Y: 'Năm',
  M: 'Tháng',
  MN: 'Các tháng đầu năm',
  C: 'Kỳ báo cáo khác',
};

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Default window: from 15/12 of the previous year (Quý III: 15/6; a month: 15th of the month before) to the 14th of the last month. */
export function defaultWindow(kind: PeriodKind, year: number, months = 12): { from: string; to: string } {
  const prev = `${year - 1}-12-15`;
  const m = Math.min(12, Math.max(1, Math.round(months)));
  switch (kind) {
    case 'Q1':
      return { from: prev, to: `${year}-03-14` };
    case 'H1':
      return { from: prev, to: `${year}-06-14` };
    case 'Q3':
      return { from: `${year}-06-15`, to: `${year}-09-14` };
    case 'M9':
      return { from: prev, to: `${year}-09-14` };
    case 'Y':
    case 'C':
      return { from: prev, to: `${year}-12-14` };
    case 'MN':
      return { from: prev, to: `${year}-${pad2(m)}-14` };
    case 'M':
      return { from: m === 1 ? prev : `${year}-${pad2(m - 1)}-15`, to: `${year}-${pad2(m)}-14` };
  }
}

/** `months`: for 'M' the month, for 'MN' how many months (when no window end is given). */
export function makePeriod(
  kind: PeriodKind,
  year: number,
  window?: Partial<{ from: string; to: string }>,
  months?: number,
): Period {
  const d = defaultWindow(kind, year, months);
  return { kind, year, from: window?.from || d.from, to: window?.to || d.to };
}

/** The months of an 'M' or 'MN' period: the month its window ends in. */
export function periodMonths(p: Pick<Period, 'to'>): number | null {
  return parseIsoDate(p.to)?.month ?? null;
}

type PeriodLike = Pick<Period, 'kind' | 'year'> & Partial<Pick<Period, 'from' | 'to'>>;

/** "6 tháng đầu năm 2024", "quý I năm 2024", "năm 2024", "10 tháng đầu năm 2024", "tháng 10 năm 2024". */
export function periodPhrase(p: PeriodLike): string {
  const months = p.to ? periodMonths({ to: p.to }) : null;
  switch (p.kind) {
    case 'Q1':
      return `quý I năm ${p.year}`;
    case 'H1':
      return `6 tháng đầu năm ${p.year}`;
    case 'Q3':
      return `quý III năm ${p.year}`;
    case 'M9':
      return `9 tháng đầu năm ${p.year}`;
    case 'Y':
      return `năm ${p.year}`;
    case 'MN':
      return months ? `${months} tháng đầu năm ${p.year}` : `các tháng đầu năm ${p.year}`;
    case 'M':
      return months ? `tháng ${months} năm ${p.year}` : `tháng năm ${p.year}`;
    case 'C':
      return p.from && p.to
        ? `kỳ từ ngày ${formatDateShort(p.from)} đến ngày ${formatDateShort(p.to)}`
        : `kỳ báo cáo năm ${p.year}`;
  }
}

/** The kind as the details sheet writes it, months included: "10 tháng đầu năm", "Tháng 3", "Quý I". */
export function periodKindText(p: PeriodLike): string {
  const months = p.to ? periodMonths({ to: p.to }) : null;
  if (p.kind === 'MN' && months) return `${months} tháng đầu năm`;
  if (p.kind === 'M' && months) return `Tháng ${months}`;
  return PERIOD_LABELS[p.kind];
}

/** A period as a title: "10 tháng đầu năm 2024", "Quý I năm 2024", "Năm 2024". */
export function periodTitle(p: PeriodLike): string {
  const phrase = periodPhrase(p);
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

/** The period a report's "phương hướng, nhiệm vụ" looks to. */
export function nextPeriodPhrase(p: PeriodLike): string {
  const months = p.to ? periodMonths({ to: p.to }) : null;
  switch (p.kind) {
    case 'Q1':
      return `quý II năm ${p.year}`;
    case 'H1':
      return `6 tháng cuối năm ${p.year}`;
    case 'Q3':
    case 'M9':
      return `quý IV năm ${p.year}`;
    case 'Y':
      return `năm ${p.year + 1}`;
    case 'MN':
      return months && months < 12 ? `những tháng cuối năm ${p.year}` : `năm ${p.year + 1}`;
    case 'M':
      return months && months < 12 ? `tháng ${months + 1} năm ${p.year}` : `tháng 1 năm ${p.year + 1}`;
    case 'C':
      return 'kỳ tới';
  }
}

/** The same report period: kind and year, and for a month, the first months or a custom range, the same dates. */
export function samePeriod(a: Period, b: Period): boolean {
  if (a.kind !== b.kind || a.year !== b.year) return false;
  if (a.kind === 'C') return a.from === b.from && a.to === b.to;
  if (a.kind === 'M' || a.kind === 'MN') return periodMonths(a) === periodMonths(b);
  return true;
}

/** Whether the period sums flows from the start of its year (Quý I, 6 and 9 tháng, N tháng đầu năm, năm). */
export function isCumulative(kind: PeriodKind): boolean {
  return kind === 'Q1' || kind === 'H1' || kind === 'M9' || kind === 'Y' || kind === 'MN';
}

/** Local government has two levels from 01/7/2025: cấp huyện rows apply only to periods ending before. */
export const TWO_LEVEL_REFORM_DATE = '2025-07-01';

export function periodEndsBefore(p: Pick<Period, 'to'>, iso: string): boolean {
  return parseIsoDate(p.to) !== null && p.to < iso;
}

/**
 * Reads a period as written ("Quý I", "6 tháng", "10 tháng đầu năm", "Tháng 3", "Năm 2024",
 * "Kỳ khác", or a code Q1, H1, Q3, M9, Y, M10 for 10 tháng, T3 for tháng 3, C) into its kind and months.
 */
export function parsePeriod(text: string): { kind: PeriodKind; months?: number } | null {
  const raw = text.trim();
  const t = raw.toLowerCase().normalize('NFC');
  const code = /^(q1|h1|q3|m9|y|c)$/i.exec(raw);
  if (code) return { kind: code[1].toUpperCase() as PeriodKind };
  const firstMonths = /^m(\d{1,2})$/i.exec(raw);
  if (firstMonths) return monthsKind(Number(firstMonths[1]));
  const oneMonth = /^t(\d{1,2})$/i.exec(raw);
  if (oneMonth && Number(oneMonth[1]) >= 1 && Number(oneMonth[1]) <= 12)
    return { kind: 'M', months: Number(oneMonth[1]) };
  const n = /(\d{1,2})\s*tháng/.exec(t);
  if (n) return monthsKind(Number(n[1]));
  if (/sáu tháng/.test(t)) return { kind: 'H1' };
  if (/quý\s*(iii|3)\b/.test(t)) return { kind: 'Q3' };
  if (/quý\s*(i|1)\b/.test(t)) return { kind: 'Q1' };
  const month = /^tháng\s*(\d{1,2})\b/.exec(t);
  if (month && Number(month[1]) >= 1 && Number(month[1]) <= 12) return { kind: 'M', months: Number(month[1]) };
  if (/^\s*(cả\s*)?năm\b|hằng năm|hàng năm/.test(t)) return { kind: 'Y' };
  if (/^các tháng đầu năm/.test(t)) return { kind: 'MN' };
  if (/^tháng$/.test(t)) return { kind: 'M' };
  if (/^kỳ(\s|$)|tùy chọn|tuỳ chọn|^từ ngày/.test(t)) return { kind: 'C' };
  return null;
}

function monthsKind(months: number): { kind: PeriodKind; months?: number } | null {
  if (!(months >= 1 && months <= 12)) return null;
  if (months === 6) return { kind: 'H1' };
  if (months === 9) return { kind: 'M9' };
  if (months === 12) return { kind: 'Y' };
  if (months === 3) return { kind: 'Q1' };
  return { kind: 'MN', months };
}

/** Reads "Quý I", "6 tháng", "Năm 2024"… into a kind. */
export function parsePeriodKind(text: string): PeriodKind | null {
  return parsePeriod(text)?.kind ?? null;
}
