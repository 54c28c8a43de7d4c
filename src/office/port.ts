import type { CellRef } from '../domain/figures';
import type { WorkbookPlan } from '../domain/layout';
import type { CellSource } from '../io/templateReader';
import { parseCell } from './a1';

/**
 * The workbook as the pane and the use cases see it. Two implementations: Office.js
 * (excelPort.ts) and an exceljs workbook in memory for standalone mode (memoryPort.ts).
 * The port knows nothing of the catalog: it reads and writes cells, names and sheets.
 */

export type RawValue = string | number | boolean | null;

export interface RawCell extends CellRef {
  value: RawValue;
  numFmt?: string;
}

/** The used range of one sheet as read: values from (top, left), number formats, formulas. */
export interface SheetGrid {
  top: number;
  left: number;
  values: RawValue[][];
  numFmts?: string[][];
  /** The formula of each cell, null where the cell holds a constant; only when asked. */
  formulas?: (string | null)[][];
}

export interface WorkbookSnapshot {
  /** Every sheet of the workbook, in order. */
  sheets: string[];
  /** The add-in's defined names (`cchc_*`) that point at one cell → that cell, as it is now. */
  names: Record<string, CellRef>;
  /** Every `cchc_*` name, including broken ones (#REF!), so a writer updates rather than adds. */
  nameList: string[];
  /** The sheets read, by name. */
  grids: Record<string, SheetGrid>;
}

export interface ReadOptions {
  /** Also read formulas (to tell a computed cell overwritten by hand). */
  formulas?: boolean;
}

export interface CellWrite extends CellRef {
  value: RawValue;
  /** The user's own number format, kept over the planned one ("0.0%" for a figure typed "49,2%"). */
  numFmt?: string;
  /** The user's own formula ("=12+3"), kept as a formula rather than its value. */
  formula?: string;
}

export interface ApplyOptions {
  /** Values for the plan's input cells (figures, notes, texts kept from before). */
  values?: CellWrite[];
  /** What was read just before: sheets and names that already exist. Read again when missing. */
  existing?: WorkbookSnapshot;
}

export interface InjectionReport {
  sheets: { name: string; created: boolean }[];
  names: number;
  cells: number;
  /** What the user should know though the injection went through (copies left behind). */
  notes?: string[];
}

export type Mark = '✓' | '⚠' | '✗' | '';

export interface StatusMark extends CellRef {
  mark: Mark;
}

/** Engine results for formula cells, for a host that does not calculate (standalone mode). */
export interface ComputedResult extends CellRef {
  value: string | number | null;
}

export interface EditEvent {
  sheet: string;
  /** The edited range on that sheet ("D9", "D8:D12"). */
  address: string;
  /** Values after the edit when the host tells them (one-cell details, the standalone grid). */
  values?: RawValue[][];
  /** Rows or columns inserted or deleted: names may have moved. */
  structural?: boolean;
}

export type EditHandler = (event: EditEvent) => void;

export interface ReplaceOptions {
  /** Share of the content written so far (0–1), for a write sent in several requests. */
  onProgress?(fraction: number): void;
}

// ---------------------------------------------------------------- figures into the forms

/** A value for the one cell a defined name points at (a consolidation's totals into the office's own forms). */
export interface NamedValue {
  name: string;
  value: RawValue;
  /** A formula to put back instead of a value ("=12+3" the user typed), when restoring. */
  formula?: string;
}

export interface FiguresWritten {
  /** Cells written. */
  cells: number;
  /** What those cells held before, to put back with writeFigures when a later step fails. */
  before: NamedValue[];
}

/** Why writeFigures wrote nothing: names the office's forms no longer have, in Vietnamese. */
export class FiguresNotWritten extends Error {
  constructor(readonly names: string[]) {
    super(
      `Sổ làm việc không còn ô của ${names.length} chỉ tiêu (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}): chèn lại biểu mẫu (thẻ Chèn biểu mẫu, giữ số liệu đã nhập) rồi tổng hợp lại. Chưa ghi số liệu nào.`,
    );
    this.name = 'FiguresNotWritten';
  }
}

export interface WorkbookPort {
  readonly mode: 'office' | 'standalone';
  /** context.sync() calls so far (0 for the memory port). */
  readonly syncCount: number;
  sheetNames(): Promise<string[]>;
  /** Finds the add-in's names and reads every sheet holding them (and the metadata sheet). */
  readInputs(options?: ReadOptions): Promise<WorkbookSnapshot>;
  /** Reads the given sheets (default: the add-in's sheets from the last read or injection). */
  readFormValues(sheets?: string[], options?: ReadOptions): Promise<WorkbookSnapshot>;
  /** Writes the plan (sheets already named as they must be) and the kept values. */
  applyPlan(plan: WorkbookPlan, options?: ApplyOptions): Promise<InjectionReport>;
  /**
   * Column H marks, for a workbook the pane owns (standalone). The Office port has none: a write
   * while the user types would clear or fill their undo stack, so there the marks live in the pane.
   */
  writeStatus?(marks: StatusMark[]): Promise<void>;
  writeComputed?(cells: ComputedResult[]): Promise<void>;
  select(sheet: string, address: string): Promise<void>;
  /** Edits made by the user (typing, paste, fill, undo); never the port's own writes. */
  onEdit(handler: EditHandler): Promise<() => void>;
  /**
   * Puts the named sheets of an .xlsx into the workbook, replacing sheets of the same names.
   * All or nothing: the new sheets are written first under other names and swapped in only
   * once they all are; when anything fails the workbook is left as it was.
   */
  replaceSheetsFromXlsx(xlsx: Uint8Array, sheetNames: string[], options?: ReplaceOptions): Promise<void>;
  /**
   * Writes values into the input cells the given defined names point at, and nothing else (no
   * format, no protection: Excel's undo stack is kept where the host keeps it for add-in writes).
   * All or nothing: every name is checked first (FiguresNotWritten when one points at no single
   * cell); a write that fails midway is put back.
   */
  writeFigures(values: NamedValue[]): Promise<FiguresWritten>;
}

/** A cell of a snapshot, or null when its sheet was not read. */
export function snapshotCell(snapshot: WorkbookSnapshot, sheet: string, address: string): RawCell | null {
  const grid = snapshot.grids[sheet];
  const p = parseCell(address);
  if (!grid || !p) return null;
  const r = p.row - grid.top;
  const c = p.col - grid.left;
  const row = grid.values[r];
  const value = row && c >= 0 && c < row.length ? row[c] : null;
  const numFmt = grid.numFmts?.[r]?.[c];
  return { sheet, address, value: value === '' || value === undefined ? null : value, numFmt };
}

/** The formula of a snapshot cell ('' when the cell holds a constant), or null when not read. */
export function snapshotFormula(snapshot: WorkbookSnapshot, sheet: string, address: string): string | null {
  const grid = snapshot.grids[sheet];
  const p = parseCell(address);
  if (!grid?.formulas || !p) return null;
  const r = p.row - grid.top;
  const c = p.col - grid.left;
  if (r < 0 || c < 0 || r >= grid.formulas.length) return '';
  return grid.formulas[r]?.[c] ?? '';
}

export function isBlank(v: RawValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** A snapshot as a cell source, so the pane reads the open workbook with the same template reader as the CLI. */
export function snapshotSource(snapshot: WorkbookSnapshot): CellSource {
  return {
    names: new Map(Object.entries(snapshot.names)),
    hasSheet: (sheet) => !!snapshot.grids[sheet],
    cell(sheet, address) {
      const cell = snapshotCell(snapshot, sheet, address);
      if (!cell) return null;
      const formula = snapshotFormula(snapshot, sheet, address);
      return { value: cell.value, numFmt: cell.numFmt, isFormula: !!formula };
    },
  };
}
