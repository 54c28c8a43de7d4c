import type { Level } from './catalog/types';
import type { Period } from './period';

export interface CellRef {
  sheet: string;
  address: string;
}

/** The figures of one unit's workbook, keyed by indicator key. */
export interface FigureSet {
  values: Record<string, number | null>;
  /** Where each figure sits (for findings that point at their cell). */
  cells?: Record<string, CellRef>;
  /** Decimals as typed, for rounding-aware comparisons of money and percentages. */
  decimals?: Record<string, number>;
  /** Computed cells read back from the sheet (rates, sums), to flag a hand-overwritten formula. */
  computed?: Record<string, ComputedCell>;
}

export interface ComputedCell {
  cell: CellRef;
  /** False when the formula was replaced by a typed value. */
  isFormula: boolean;
  value: number | string | null;
}

export interface ReportContext {
  level?: Level;
  period?: Period;
}
