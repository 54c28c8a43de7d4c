import type ExcelJS from 'exceljs';
import type { RawValue } from '../../office/port';

/** Excel's own words when a validation has no error message of its own. */
export const DEFAULT_REFUSAL = 'Giá trị này không khớp với các giới hạn xác thực dữ liệu đã được xác định cho ô này.';

/** The choices of a list validation written as a literal ("0,1" or "\"Có,Không\""); null for a range reference. */
export function listChoices(dv: ExcelJS.DataValidation | undefined): string[] | null {
  if (!dv || dv.type !== 'list') return null;
  const formula = String(dv.formulae?.[0] ?? '').trim();
  const literal = /^"(.*)"$/.exec(formula);
  if (!literal) return null;
  return literal[1]
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

function bound(v: unknown): number | null {
  const n = typeof v === 'number' ? v : Number(String(v ?? '').trim());
  return Number.isFinite(n) ? n : null;
}

function withinOperator(n: number, dv: ExcelJS.DataValidation): boolean {
  const [a, b] = (dv.formulae ?? []).map(bound);
  // A bound given as a formula or a reference is not ours to evaluate: the engine checks after.
  if (a === null || a === undefined) return true;
  switch (dv.operator ?? 'between') {
    case 'between':
      return b === null || b === undefined ? true : n >= a && n <= b;
    case 'notBetween':
      return b === null || b === undefined ? true : n < a || n > b;
    case 'equal':
      return n === a;
    case 'notEqual':
      return n !== a;
    case 'greaterThan':
      return n > a;
    case 'lessThan':
      return n < a;
    case 'greaterThanOrEqual':
      return n >= a;
    case 'lessThanOrEqual':
      return n <= a;
    default:
      return true;
  }
}

/**
 * What Excel does when a value is typed into a cell with data validation (style "Dừng"): the
 * validation's own error message when the value breaks it, null when it is accepted. Blank is
 * accepted when the rule allows it; warning and information styles accept after telling.
 */
export function refusalOf(dv: ExcelJS.DataValidation | undefined, value: RawValue): string | null {
  if (!dv?.type) return null;
  if (dv.showErrorMessage === false) return null;
  if (dv.errorStyle && dv.errorStyle !== 'stop') return null;
  const message = dv.error?.trim() || DEFAULT_REFUSAL;
  if (value === null || (typeof value === 'string' && value.trim() === '')) {
    return dv.allowBlank === false ? message : null;
  }
  switch (dv.type) {
    case 'whole':
      return typeof value === 'number' && Number.isInteger(value) && withinOperator(value, dv) ? null : message;
    case 'decimal':
      return typeof value === 'number' && withinOperator(value, dv) ? null : message;
    case 'list': {
      const choices = listChoices(dv);
      if (!choices) return null;
      return choices.includes(String(value).trim()) ? null : message;
    }
    case 'textLength':
      return withinOperator(String(value).length, dv) ? null : message;
    default:
      return null;
  }
}
