import { parseIsoDate } from './format';

/** The reports of a year (Nghị định 09/2019, Điều 12; 9 tháng asked by many provinces). */
export type PeriodKind = 'Q1' | 'H1' | 'Q3' | 'M9' | 'Y';
export const PERIOD_KINDS: readonly PeriodKind[] = ['Q1', 'H1', 'Q3', 'M9', 'Y'];

export interface Period {
  kind: PeriodKind;
  year: number;
  /** Data cut-off window, ISO dates; editable, defaults from `defaultWindow`. */
  from: string;
  to: string;
}

export const PERIOD_LABELS: Record<PeriodKind, string> = {
  Q1: 'Quý I',
  H1: '6 tháng đầu năm',
  Q3: 'Quý III',
  M9: '9 tháng đầu năm',
  Y: 'Năm',
};

/** Default window: from 15/12 of the previous year (Quý III: 15/6) to the 14th of the last month. */
export function defaultWindow(kind: PeriodKind, year: number): { from: string; to: string } {
  const prev = `${year - 1}-12-15`;
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
      return { from: prev, to: `${year}-12-14` };
  }
}

export function makePeriod(kind: PeriodKind, year: number, window?: Partial<{ from: string; to: string }>): Period {
  const d = defaultWindow(kind, year);
  return { kind, year, from: window?.from || d.from, to: window?.to || d.to };
}

/** "6 tháng đầu năm 2024", "quý I năm 2024", "năm 2024". */
export function periodPhrase(p: Pick<Period, 'kind' | 'year'>): string {
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
  }
}

/** The period a report's "phương hướng, nhiệm vụ" looks to. */
export function nextPeriodPhrase(p: Pick<Period, 'kind' | 'year'>): string {
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
  }
}

/** Local government has two levels from 01/7/2025: cấp huyện rows apply only to periods ending before. */
export const TWO_LEVEL_REFORM_DATE = '2025-07-01';

export function periodEndsBefore(p: Pick<Period, 'to'>, iso: string): boolean {
  return parseIsoDate(p.to) !== null && p.to < iso;
}

/** Reads "Quý I", "6 tháng", "Năm 2024"… into a kind. */
export function parsePeriodKind(text: string): PeriodKind | null {
  const t = text.toLowerCase().normalize('NFC');
  if (/9\s*tháng/.test(t)) return 'M9';
  if (/6\s*tháng|sáu tháng/.test(t)) return 'H1';
  if (/quý\s*(iii|3)\b/.test(t)) return 'Q3';
  if (/quý\s*(i|1)\b/.test(t)) return 'Q1';
  if (/^\s*(cả\s*)?năm\b|hằng năm|hàng năm/.test(t)) return 'Y';
  if (PERIOD_KINDS.includes(text.trim() as PeriodKind)) return text.trim() as PeriodKind;
  return null;
}
