import type ExcelJS from 'exceljs';
import type { Catalog } from '../src/domain/catalog/types';
import type { FigureSet } from '../src/domain/figures';
import { isInputIndicator, nameForDetail, nameForKey } from '../src/domain/layout';
import { definedCells } from '../src/io/readWorkbook';
import { buildTemplateWorkbook } from '../src/io/xlsxTemplate';

/** Plausible figures for every input: counts from the key, codes in range, percentages 0–100. */
export function sampleFigures(catalog: Catalog, seed = 1): FigureSet {
  const values: Record<string, number | null> = {};
  catalog.indicators.forEach((ind, i) => {
    if (!isInputIndicator(ind)) return;
    const n = ((i * 37 + seed * 101) % 97) + 3;
    values[ind.key] =
      ind.kind === 'code'
        ? (ind.codes ?? [0])[i % (ind.codes?.length ?? 1)]
        : ind.kind === 'percent'
          ? (n % 100) + 0.5
          : ind.kind === 'money'
            ? n * 1000.25
            : n;
  });
  return { values };
}

/** A filled template workbook, as a unit would send it. */
export async function sampleWorkbook(catalog: Catalog, unit = 'Sở Công Thương', seed = 1): Promise<Buffer> {
  const { workbook } = buildTemplateWorkbook(catalog);
  const names = definedCells(workbook);
  const put = (name: string, v: ExcelJS.CellValue) => {
    const at = names.get(name);
    if (at) workbook.getWorksheet(at.sheet)!.getCell(at.address).value = v;
  };
  for (const [key, v] of Object.entries(sampleFigures(catalog, seed).values)) put(nameForKey(key), v);
  put(nameForDetail('unit'), unit);
  put(nameForDetail('periodKind'), '6 tháng đầu năm');
  put(nameForDetail('year'), '2024');
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
