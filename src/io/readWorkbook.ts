import type ExcelJS from 'exceljs';
import { getCatalog } from '../domain/catalog';
import type { Catalog } from '../domain/catalog/types';
import { emptyDetails } from '../domain/details';
import type { CellRef, FigureSet } from '../domain/figures';
import { META_SHEET } from '../domain/layout';
import { makePeriod, parsePeriod, periodTitle, type Period } from '../domain/period';
import { cellString, isFormulaCell } from './cellText';
import { cellScalar } from './figureText';
import { leanSource, readLeanWorkbook, type LeanCell, type LeanWorkbook } from './leanReader';
import { readLegacy, readLegacyLean, type LegacyReadResult } from './legacy';
import { rawOfLean } from './legacyGrid';
import { openWorkbook, WorkbookRejected } from './safeOpen';
import { readTemplateSource, type CellSource, type ReadResult } from './templateReader';

export type { ReadNote } from './legacy';
export { periodOfDetails, type ReadResult } from './templateReader';

/** Defined names of the workbook: name → its single cell. */
export function definedCells(wb: ExcelJS.Workbook): Map<string, CellRef> {
  const out = new Map<string, CellRef>();
  for (const dn of wb.definedNames.model as { name: string; ranges: string[] }[]) {
    const range = dn.ranges[0];
    const m = /^'?(.*?)'?!\$?([A-Z]+)\$?(\d+)$/.exec(range ?? '');
    if (m) out.set(dn.name, { sheet: m[1].replace(/''/g, "'"), address: `${m[2]}${m[3]}` });
  }
  return out;
}

export function isTemplateWorkbook(wb: ExcelJS.Workbook): boolean {
  const meta = wb.getWorksheet(META_SHEET);
  if (meta && cellString(meta.getCell('A1')) === 'cchc-layout') return true;
  return [...definedCells(wb).keys()].some((n) => n.startsWith('cchc_'));
}

/** The exceljs workbook as a cell source for the one template reader. */
export function exceljsSource(wb: ExcelJS.Workbook): CellSource {
  return {
    names: definedCells(wb),
    hasSheet: (sheet) => !!wb.getWorksheet(sheet),
    cell(sheet, address) {
      const ws = wb.getWorksheet(sheet);
      if (!ws) return null;
      const cell = ws.getCell(address);
      // An Excel error (#REF!, a formula's #DIV/0!) stays an error: a figure cell holding one is a finding, not a blank.
      const v = cellScalar(cell.value);
      return { value: v, numFmt: cell.numFmt, isFormula: isFormulaCell(cell) };
    },
  };
}

/** Reads a workbook laid out by this add-in. */
export function readTemplate(wb: ExcelJS.Workbook, catalog: Catalog, file: string): ReadResult {
  return readTemplateSource(exceljsSource(wb), catalog, file);
}

/** A cell's value as the readers see it (rich text flattened, a formula's result, an error as an error). */
type ValueAt = (sheet: string, address: string) => ReturnType<typeof cellScalar>;

function typedValues(figures: FigureSet, valueAt: ValueAt): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  const cells = figures.cells ?? {};
  // Keys, not destructured entries: this runs mostly unoptimised, where destructuring walks an iterator.
  for (const key of Object.keys(cells)) {
    const at = cells[key];
    const v = valueAt(at.sheet, at.address);
    out[key] =
      v === null || typeof v === 'number' || typeof v === 'string'
        ? v
        : v instanceof Date
          ? v.toISOString().slice(0, 10)
          : typeof v === 'object' && typeof v.error === 'string'
            ? v.error
            : String(v);
  }
  return out;
}

function periodFromText(text: string | null): Period | null {
  if (!text) return null;
  const parsed = parsePeriod(text);
  const year = /\b(20\d{2})\b/.exec(text);
  return parsed && year ? makePeriod(parsed.kind, Number(year[1]), undefined, parsed.months) : null;
}

function unitFromFileName(file: string): string {
  return file
    .replace(/^.*[\\/]/, '')
    .replace(/\.xlsx$/i, '')
    .replace(/[_-]+/g, ' ')
    .trim();
}

/** Any workbook: the add-in's own layout or a legacy / hand-made one. */
export function readExcelWorkbook(wb: ExcelJS.Workbook, file: string, catalog: Catalog = getCatalog()): ReadResult {
  if (isTemplateWorkbook(wb)) return readTemplate(wb, catalog, file);
  const src = exceljsSource(wb);
  return legacyReadResult(readLegacy(wb, catalog, file), file, catalog, (s, a) => cellScalar(src.cell(s, a)?.value));
}

function legacyReadResult(legacy: LegacyReadResult, file: string, catalog: Catalog, valueAt: ValueAt): ReadResult {
  const details = emptyDetails();
  const period = periodFromText(legacy.periodText);
  details.unit = legacy.unit ?? '';
  if (period) {
    details.periodKind = period.kind;
    details.year = period.year;
  }
  const notes = [...legacy.notes];
  if (!legacy.unit)
    notes.push({
      sheet: '',
      cell: '',
      message: `Không thấy tên đơn vị trong tệp; tạm lấy theo tên tệp "${unitFromFileName(file)}".`,
    });
  return {
    file,
    layout: 'legacy',
    catalogId: catalog.id,
    unit: legacy.unit ?? unitFromFileName(file),
    period,
    details,
    texts: {},
    figures: legacy.figures,
    typed: typedValues(legacy.figures, valueAt),
    remarks: legacy.remarks,
    notes,
  };
}

/** Laid out by this add-in: its details sheet or a `cchc_` name. */
function mayBeTemplate(wb: LeanWorkbook): boolean {
  const meta = wb.sheets.find((s) => s.name === META_SHEET);
  if (meta && String(meta.cells.get('A1')?.v ?? '').trim() === 'cchc-layout') return true;
  return [...wb.definedNames.keys()].some((n) => n.startsWith('cchc_'));
}

const isBlank = (c: LeanCell) => !c.f && (c.v === null || (typeof c.v === 'string' && c.v.trim() === ''));

/**
 * The workbook through the lean reader; null when the full reader must decide (a part the lean reader
 * does not take, whose refusal the full reader words). Refusals of the safe opening are thrown as they
 * are: the full reader would refuse alike.
 */
async function leanWorkbook(data: Uint8Array, file: string): Promise<LeanWorkbook | null> {
  try {
    return await readLeanWorkbook(data, { file });
  } catch (e) {
    if (e instanceof WorkbookRejected) throw e;
    return null;
  }
}

/** A hand-made form with a value somewhere (an empty workbook is left to the full reader's wording). */
function hasValues(wb: LeanWorkbook): boolean {
  for (const s of wb.sheets) for (const c of s.cells.values()) if (!isBlank(c)) return true;
  return false;
}

/**
 * Any workbook as bytes, read from the lean reader's cells (no exceljs model: many times faster, the
 * same result): the add-in's own layout by the one template reader, a hand-made form by the legacy
 * reader. What the lean reader leaves goes to exceljs.
 */
export async function readWorkbookBytes(
  data: Uint8Array,
  file: string,
  catalog: Catalog = getCatalog(),
): Promise<ReadResult> {
  const lean = await leanWorkbook(data, file);
  if (lean && mayBeTemplate(lean)) return readTemplateSource(leanSource(lean), catalog, file);
  if (lean && hasValues(lean)) {
    const sheets = new Map(lean.sheets.map((s) => [s.name, s]));
    const valueAt: ValueAt = (sheet, address) => {
      const cell = sheets.get(sheet)?.cells.get(address);
      return cell ? cellScalar(rawOfLean(cell)) : null;
    };
    return legacyReadResult(readLegacyLean(lean, catalog, file), file, catalog, valueAt);
  }
  const wb = await openWorkbook(data, file);
  return readExcelWorkbook(wb, file, catalog);
}

export function periodLabel(p: Period | null): string | null {
  return p ? periodTitle(p) : null;
}
