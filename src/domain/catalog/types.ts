import type { Expr } from '../expr';

/** A form's id as the catalog data names it: `PL1` (Phụ lục I), `BM1`…`BM7`, or a province's own `BM8`. */
export type FormId = string;
/** The indicator table every unit attaches; its keys carry no form prefix. */
export const MAIN_FORM: FormId = 'PL1';

/** Administrative level of the reporting unit. `huyen` exists only for periods before 01/7/2025. */
export type Level = 'tinh' | 'so' | 'huyen' | 'xa';
export const LEVELS: readonly Level[] = ['tinh', 'so', 'huyen', 'xa'];

export type IndicatorKind = 'title' | 'group' | 'count' | 'money' | 'percent' | 'code' | 'ratio';

export type ConsolidationRule =
  | { kind: 'sum' }
  | { kind: 'stock' }
  | { kind: 'weighted'; by: string; approximate: boolean }
  | { kind: 'codes' }
  | { kind: 'ratio' }
  | { kind: 'none' };

export interface Indicator {
  /** Key in data and JSON: `1.1.1`, `3.3.a`, `BM3/4.2.1`. */
  key: string;
  form: FormId;
  /** Code as printed in the STT column ('' for a form title). */
  code: string;
  name: string;
  unit: string;
  kind: IndicatorKind;
  /** Allowed answers for `code` kind. */
  codes?: number[];
  /** Parts for `ratio` kind (keys). */
  ratio?: { numerator: string; denominator: string };
  relation: string;
  /** The reference table's own note, for whoever maintains the catalog (not shown to users). */
  note: string;
  /**
   * What the person typing the figure should know ("1 = đã ban hành kế hoạch CCHC của kỳ"): the input
   * message of its cell, in Excel (data validation) and in the standalone grid.
   */
  hint?: string;
  consolidation: ConsolidationRule;
  /** Levels it applies to; empty = every level. */
  levels: Level[];
  /** ISO date: applies only to periods that end before it. */
  until?: string;
  /** Parent key in the printed hierarchy (no sum implied). */
  parent?: string;
  depth: number;
}

export type Severity = 'error' | 'warning';

/** A relation the figures must satisfy: `left op right`. */
export interface Rule {
  id: string;
  form: FormId;
  /** The row the relation is written on. */
  subject: string;
  op: '=' | '<=' | 'range';
  left: Expr;
  right: Expr;
  /** For `range`. */
  min?: number;
  max?: number;
  severity: Severity;
  /** Where it came from: 'relation' column, 'cross' column, or the indicator's kind. */
  source: 'relation' | 'cross' | 'kind';
  /** Source text, for traceability. */
  text: string;
}

/** A rate defined once: numerator / denominator, shown in %. */
export interface RateDef {
  id: string;
  form: FormId;
  /** Row it belongs to. */
  subject: string;
  /** Vietnamese label, lower case: "tỷ lệ hoàn thành nhiệm vụ kế hoạch". */
  label: string;
  numerator: Expr;
  denominator: Expr;
  /** A percent indicator that states the same rate (cross-check). */
  statedBy?: string;
}

export interface FormDef {
  id: FormId;
  /** Sheet name in the injected workbook. */
  sheetName: string;
  /** "Phụ lục I", "Biểu mẫu 3". */
  label: string;
  title: string;
  indicators: Indicator[];
}

export interface Catalog {
  id: string;
  title: string;
  forms: FormDef[];
  indicators: Indicator[];
  byKey: Map<string, Indicator>;
  rules: Rule[];
  rates: RateDef[];
}
