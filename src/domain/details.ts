import type { Level } from './catalog/types';
import type { PeriodKind } from './period';

/** Report details ("Thông tin báo cáo"): who reports, for which period, who signs. */
export interface ReportDetails {
  unit: string;
  parentBody: string;
  level: Level | null;
  periodKind: PeriodKind | null;
  year: number | null;
  /** Data cut-off window, ISO dates. */
  from: string;
  to: string;
  /** "125/BC-SCT" or "…/BC-SCT" when the number is given at signing. */
  number: string;
  place: string;
  /** ISO date of the report. */
  date: string;
  /** "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN" (may span lines). */
  signerAuthority: string;
  signerTitle: string;
  signerName: string;
  /** One recipient a line; the last is usually "Lưu: VT, …". */
  recipients: string[];
}

export type DetailField = keyof ReportDetails;

/** The details sheet's rows, in order. `name` is the defined-name suffix. */
export const DETAIL_FIELDS: { field: DetailField; label: string; hint: string }[] = [
  { field: 'parentBody', label: 'Cơ quan chủ quản', hint: 'VD: UBND TỈNH HÀ NAM' },
  { field: 'unit', label: 'Cơ quan, đơn vị báo cáo', hint: 'VD: Sở Công Thương' },
  { field: 'level', label: 'Cấp', hint: 'Tỉnh; Sở, ban, ngành; Huyện (trước 01/7/2025); Xã' },
  {
    field: 'periodKind',
    label: 'Kỳ báo cáo',
    hint: 'Quý I; 6 tháng đầu năm; Quý III; 9 tháng đầu năm; Năm; hoặc 8, 10 tháng đầu năm, Tháng 3, Kỳ báo cáo khác (ghi rõ từ ngày, đến ngày)',
  },
  { field: 'year', label: 'Năm', hint: 'VD: 2024' },
  { field: 'from', label: 'Số liệu từ ngày', hint: 'dd/mm/yyyy' },
  { field: 'to', label: 'Số liệu đến ngày', hint: 'dd/mm/yyyy' },
  { field: 'number', label: 'Số báo cáo', hint: 'VD: 125/BC-SCT (để trống: …/BC-…)' },
  { field: 'place', label: 'Địa danh', hint: 'VD: Hà Nam' },
  { field: 'date', label: 'Ngày báo cáo', hint: 'dd/mm/yyyy' },
  { field: 'signerAuthority', label: 'Thẩm quyền ký', hint: 'VD: KT. GIÁM ĐỐC' },
  { field: 'signerTitle', label: 'Chức vụ người ký', hint: 'VD: PHÓ GIÁM ĐỐC' },
  { field: 'signerName', label: 'Họ và tên người ký', hint: 'VD: Nguyễn Văn A' },
  { field: 'recipients', label: 'Nơi nhận', hint: 'Mỗi nơi một dòng (Alt+Enter); dòng cuối: Lưu: VT, …' },
];

export const LEVEL_LABELS: Record<Level, string> = {
  tinh: 'Tỉnh',
  so: 'Sở, ban, ngành',
  huyen: 'Huyện',
  xa: 'Xã',
};

/** Level as written in the details sheet, whose drop-down cannot hold commas (Excel splits list sources at them). */
export const LEVEL_CELL_LABELS: Record<Level, string> = {
  tinh: 'Tỉnh',
  so: 'Sở/ban/ngành',
  huyen: 'Huyện',
  xa: 'Xã',
};

export function parseLevel(text: string): Level | null {
  const t = text.trim().toLowerCase().normalize('NFC');
  if (!t) return null;
  if (t.startsWith('tỉnh') || t === 'tinh') return 'tinh';
  if (t.startsWith('sở') || t.startsWith('ban') || t.includes('ngành') || t === 'so') return 'so';
  if (t.startsWith('huyện') || t === 'huyen') return 'huyen';
  if (t.startsWith('xã') || t === 'xa') return 'xa';
  return null;
}

export function emptyDetails(): ReportDetails {
  return {
    unit: '',
    parentBody: '',
    level: null,
    periodKind: null,
    year: null,
    from: '',
    to: '',
    number: '',
    place: '',
    date: '',
    signerAuthority: '',
    signerTitle: '',
    signerName: '',
    recipients: [],
  };
}
