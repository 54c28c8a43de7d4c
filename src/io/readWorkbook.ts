import type ExcelJS from 'exceljs';
import { getCatalog } from '../domain/catalog';
import type { Catalog } from '../domain/catalog/types';
import { emptyDetails } from '../domain/details';
import type { CellRef, FigureSet } from '../domain/figures';
import { META_SHEET } from '../domain/layout';
import { makePeriod, parsePeriod, periodTitle, type Period } from '../domain/period';
import { cellRaw, cellString, isFormulaCell } from './cellText';
import { readLegacy } from './legacy';
import { openWorkbook } from './safeOpen';
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
      return { value: cellRaw(cell), numFmt: cell.numFmt, isFormula: isFormulaCell(cell) };
    },
  };
}

/** Reads a workbook laid out by this add-in. */
export function readTemplate(wb: ExcelJS.Workbook, catalog: Catalog, file: string): ReadResult {
  return readTemplateSource(exceljsSource(wb), catalog, file);
}

function typedValues(wb: ExcelJS.Workbook, figures: FigureSet): Record<string, string | number | null> {
  const src = exceljsSource(wb);
  const out: Record<string, string | number | null> = {};
  for (const [key, at] of Object.entries(figures.cells ?? {})) {
    const v = src.cell(at.sheet, at.address)?.value ?? null;
    out[key] =
      v === null || typeof v === 'number' || typeof v === 'string'
        ? (v as string | number | null)
        : v instanceof Date
          ? v.toISOString().slice(0, 10)
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
  const legacy = readLegacy(wb, catalog, file);
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
    typed: typedValues(wb, legacy.figures),
    remarks: legacy.remarks,
    notes,
  };
}

export async function readWorkbookBytes(
  data: Uint8Array,
  file: string,
  catalog: Catalog = getCatalog(),
): Promise<ReadResult> {
  const wb = await openWorkbook(data, file);
  return readExcelWorkbook(wb, file, catalog);
}

export function periodLabel(p: Period | null): string | null {
  return p ? periodTitle(p) : null;
}
