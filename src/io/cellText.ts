import type ExcelJS from 'exceljs';
import { cellScalar, isFormulaValue } from './figureText';

/** The value of a cell as typed, flattening rich text, hyperlinks and formula results; errors read as empty. */
export function cellRaw(cell: ExcelJS.Cell): string | number | boolean | Date | null {
  const v = cellScalar(cell.value);
  return v !== null && typeof v === 'object' && !(v instanceof Date) ? null : v;
}

export function cellString(cell: ExcelJS.Cell): string {
  const raw = cellRaw(cell);
  if (raw === null) return '';
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  return String(raw).trim();
}

export function isFormulaCell(cell: ExcelJS.Cell): boolean {
  return isFormulaValue(cell.value);
}
