// Reading one figure as colleagues type it into Excel: numbers, numbers typed as text in the
// Vietnamese style (16.183; 49,2), percentages, "a/b" ratios, coded answers and prose.
//
// Choices (documented because each one decides a figure):
// - A comma is always the decimal separator, as in Vietnamese ("49,2" = 49.2, "1,5" = 1.5). Several
//   commas can only be thousands ("1,234,567").
// - A dot is a thousands separator only when every group after it has exactly 3 digits and the first
//   group does not start with 0 ("16.183" = 16183, "1.234.567"); otherwise it is a decimal point
//   ("1.5" = 1.5, "49.25", "0.125"). A count of 1.5 is not an integer and validation flags it: the
//   reader never rounds.
// - When both appear, the last one is the decimal separator ("1.234,5" = 1234.5).
// - Spaces between 3-digit groups are thousands separators ("16 183").
// - "x", "-", "—", "…" and empty text are blanks (no figure), as officials use them.
// - Anything else (prose, "khoảng 20", "39 nhiệm vụ") is not read: value null and the text kept in `note`.
import type { IndicatorKind } from '../domain/catalog/types';
import { stripAccents } from '../domain/text';

export interface ParsedFigure {
  value: number | null;
  /** Digits after the decimal point as typed or stored (capped at 6). */
  decimals: number;
  /** True when the number was read from text: the caller must say so. */
  fromText: boolean;
  /** The text that could not be read as a figure (prose, an approximate value, a date…). */
  note?: string;
  /** "16.181 /16.183": both parts, whatever the indicator's kind. */
  ratio?: { numerator: number; denominator: number };
  /** How text was read, in Vietnamese ("dấu chấm phân cách hàng nghìn"), for the caller's note. */
  how?: string;
}

export interface ParseFigureOptions {
  /** The cell's number format: a number in a "%" format is shown ×100 and read as percent points. */
  numFmt?: string | null;
  /** Labels of coded answers, e.g. the indicator's unit "Không = 0; Có = 1". */
  codeLabels?: string | null;
}

const MAX_DECIMALS = 6;

/** Texts that mean "no figure". */
const BLANKS = new Set(['', 'x', '-', '--', '—', '–', '…', '...', '..', '_', '/', '-/-', './.']);

/** Coded answers written in words when the indicator's own labels do not say otherwise. */
const DEFAULT_CODE_WORDS: Record<string, number> = {
  khong: 0,
  co: 1,
  chua: 0,
  da: 1,
  'chua thuc hien': 0,
  'da thuc hien': 1,
  'chua ban hanh': 0,
  'da ban hanh': 1,
};

/** Digits after the point of a stored number, as JavaScript prints it (1e-7 counts 7). */
export function decimalsOf(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const s = String(Math.abs(value));
  const exp = /e-(\d+)$/.exec(s);
  if (exp) {
    const mantissa = s.slice(0, s.indexOf('e'));
    const frac = mantissa.includes('.') ? mantissa.length - mantissa.indexOf('.') - 1 : 0;
    return Math.min(MAX_DECIMALS, frac + Number(exp[1]));
  }
  if (/e\+/.test(s)) return 0;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : Math.min(MAX_DECIMALS, s.length - dot - 1);
}

const percentFormats = new Map<string, boolean>();

/**
 * True when an Excel number format shows the value ×100 with a "%" sign. A quoted or escaped "%"
 * ("0\"%\"", "0\\%") is a literal and does not scale.
 */
export function isPercentFormat(numFmt: string | null | undefined): boolean {
  if (!numFmt || !numFmt.includes('%')) return false;
  let percent = percentFormats.get(numFmt);
  if (percent === undefined) {
    const bare = numFmt
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, '')
      .replace(/\[[^\]]*\]/g, '');
    percent = bare.includes('%');
    // A workbook has a few formats, asked for each of its figures; a bound keeps odd files from growing it.
    if (percentFormats.size < 1000) percentFormats.set(numFmt, percent);
  }
  return percent;
}

/** A number stored under a "%" format (0.1 shown as 10%) in percent points (10), with its decimals. */
export function percentPointsFromStored(stored: number): { value: number; decimals: number } {
  // toPrecision(12) removes the binary noise of ×100 (0.1 × 100 = 10.000000000000002).
  const value = Number((stored * 100).toPrecision(12));
  return { value, decimals: decimalsOf(value) };
}

/** The plain value inside an exceljs cell value: rich text joined, formula result, hyperlink text. */
export function cellScalar(raw: unknown): string | number | boolean | Date | { error: string } | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (raw instanceof Date) return raw;
  if (typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return (o.richText as { text?: unknown }[]).map((r) => String(r.text ?? '')).join('');
    if ('formula' in o || 'sharedFormula' in o) return o.result === undefined ? null : cellScalar(o.result);
    if (typeof o.text === 'string' || (o.text && typeof o.text === 'object')) return cellScalar(o.text);
    if (typeof o.error === 'string') return { error: o.error };
  }
  return String(raw);
}

/** True when the exceljs value is a formula (its result, if any, is what Excel last computed). */
export function isFormulaValue(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && ('formula' in raw || 'sharedFormula' in raw);
}

/** Accent-free lower case, for comparing short answers ("Không", "khong"). */
function fold(text: string): string {
  return stripAccents(text)
    .replace(/[.:;!]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

interface NumberReading {
  value: number;
  decimals: number;
  how?: string;
}

/** Reads "16.183", "49,2", "1.234,5", "01", "16 183", "-5" as a number; null when it is not one. */
export function parseNumberText(text: string): NumberReading | null {
  let t = text.replace(/[\u00a0\u202f\u2007]/g, ' ').trim();
  let sign = 1;
  const signMatch = /^([-−–+])\s*(?=\d)/.exec(t);
  if (signMatch) {
    if (signMatch[1] !== '+') sign = -1;
    t = t.slice(signMatch[0].length);
  }
  const notes: string[] = [];
  if (/^\d{1,3}( \d{3})+([.,]\d+)?$/.test(t)) {
    t = t.replace(/ /g, '');
    notes.push('dấu cách phân cách hàng nghìn');
  }
  if (!/^[\d.,]+$/.test(t) || !/^\d/.test(t) || !/\d$/.test(t)) return null;

  const dots = (t.match(/\./g) ?? []).length;
  const commas = (t.match(/,/g) ?? []).length;
  let intPart: string;
  let fracPart = '';
  if (dots > 0 && commas > 0) {
    const decimalSep = t.lastIndexOf('.') > t.lastIndexOf(',') ? '.' : ',';
    const thousandsSep = decimalSep === '.' ? ',' : '.';
    const at = t.lastIndexOf(decimalSep);
    intPart = t.slice(0, at);
    fracPart = t.slice(at + 1);
    if (intPart.includes(decimalSep)) return null;
    const groups = intPart.split(thousandsSep);
    if (!/^[1-9]\d{0,2}$/.test(groups[0]) || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) return null;
    intPart = groups.join('');
    notes.push(`dấu "${thousandsSep}" phân cách hàng nghìn, dấu "${decimalSep}" thập phân`);
  } else if (commas > 0) {
    if (commas === 1) {
      [intPart, fracPart] = t.split(',');
      notes.push('dấu phẩy thập phân');
    } else {
      if (!/^[1-9]\d{0,2}(,\d{3})+$/.test(t)) return null;
      intPart = t.replace(/,/g, '');
      notes.push('dấu phẩy phân cách hàng nghìn');
    }
  } else if (dots > 0) {
    if (/^[1-9]\d{0,2}(\.\d{3})+$/.test(t)) {
      intPart = t.replace(/\./g, '');
      notes.push('dấu chấm phân cách hàng nghìn');
    } else if (dots === 1) {
      [intPart, fracPart] = t.split('.');
      notes.push('dấu chấm thập phân');
    } else {
      return null;
    }
  } else {
    intPart = t;
  }
  if (!/^\d+$/.test(intPart) || (fracPart !== '' && !/^\d+$/.test(fracPart))) return null;
  if (intPart.length > 1 && intPart.startsWith('0') && !notes.length) notes.push('bỏ số 0 ở đầu');
  const value = sign * Number(fracPart ? `${intPart}.${fracPart}` : intPart);
  if (!Number.isFinite(value)) return null;
  return {
    value: value === 0 ? 0 : value,
    decimals: Math.min(MAX_DECIMALS, fracPart.length),
    how: notes.join('; ') || undefined,
  };
}

/** "Trực tuyến = 0; Phát phiếu = 1" or "Không = 0 Có = 1" → folded label → code. */
function codeLabelMap(labels: string | null | undefined): Map<string, number> {
  const map = new Map<string, number>();
  if (!labels) return map;
  const re = /([^=;\n\d]+?)\s*=\s*(\d+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(labels))) map.set(fold(m[1]), Number(m[2]));
  return map;
}

const blank = (): ParsedFigure => ({ value: null, decimals: 0, fromText: false });
const unreadable = (text: string): ParsedFigure => ({ value: null, decimals: 0, fromText: false, note: text });

/**
 * One figure as typed. `kind` is the indicator's kind; pass the cell's number format (as `opts`
 * or `opts.numFmt`) so that 0.1 shown as "10%" comes in as 10 percent points.
 */
export function parseFigure(
  raw: unknown,
  kind: IndicatorKind,
  opts: ParseFigureOptions | string | null = {},
): ParsedFigure {
  // A plain string is the cell's number format.
  const options: ParseFigureOptions = typeof opts === 'string' ? { numFmt: opts } : (opts ?? {});
  const v = cellScalar(raw);
  if (v === null) return blank();
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return unreadable(String(v));
    if (isPercentFormat(options.numFmt)) {
      const p = percentPointsFromStored(v);
      return { value: p.value, decimals: p.decimals, fromText: false, how: 'ô định dạng %, đổi sang điểm phần trăm' };
    }
    return { value: v, decimals: decimalsOf(v), fromText: false };
  }
  if (typeof v === 'boolean') return unreadable(v ? 'TRUE' : 'FALSE');
  if (v instanceof Date) return unreadable(v.toISOString().slice(0, 10));
  if (typeof v === 'object') return unreadable(v.error);

  const text = v
    .normalize('NFC')
    .replace(/[\u00a0\u202f\u2007]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (BLANKS.has(text.toLowerCase())) return blank();

  // "16.181 /16.183", "16181/16183": a ratio written in one cell.
  const ratioMatch = /^([^/]+)\/([^/]+)$/.exec(text);
  if (ratioMatch) {
    const num = parseNumberText(ratioMatch[1]);
    const den = parseNumberText(ratioMatch[2]);
    if (num && den) {
      const ratio = { numerator: num.value, denominator: den.value };
      const how = [num.how, den.how].filter(Boolean).join('; ');
      if (kind === 'ratio') {
        // A ratio's own value is the plain quotient; its parts are what the forms store.
        const value = den.value === 0 ? null : num.value / den.value;
        return { value, decimals: 0, fromText: true, ratio, how: how ? `tỷ số a/b; ${how}` : 'tỷ số a/b' };
      }
      return { value: null, decimals: 0, fromText: true, ratio, note: text, how: 'tỷ số a/b' };
    }
    return unreadable(text);
  }

  // "10%", "49,2 %": percent points.
  const pct = /^(.*\d)\s*%$/.exec(text);
  if (pct) {
    const n = parseNumberText(pct[1]);
    if (!n) return unreadable(text);
    if (kind !== 'percent') return unreadable(text);
    return { value: n.value, decimals: n.decimals, fromText: true, how: n.how ? `dấu %; ${n.how}` : 'dấu %' };
  }

  const n = parseNumberText(text);
  if (n) return { value: n.value, decimals: n.decimals, fromText: true, how: n.how };

  if (kind === 'code') {
    const folded = fold(text);
    const own = codeLabelMap(options.codeLabels);
    // Yes/no words only where the answers are 0/1: "Có" means nothing for "Trực tuyến = 0; … Kết hợp = 2".
    const yesNo = [...own.values()].every((c) => c === 0 || c === 1);
    const code = own.has(folded) ? own.get(folded) : yesNo ? DEFAULT_CODE_WORDS[folded] : undefined;
    if (code !== undefined) return { value: code, decimals: 0, fromText: true, how: `"${text}" = ${code}` };
  }
  return unreadable(text);
}
