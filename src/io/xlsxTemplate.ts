import ExcelJS from 'exceljs';
import type { Catalog } from '../domain/catalog/types';
import type { ReportContext } from '../domain/figures';
import { planWorkbook, type CellPlan, type SheetPlan, type WorkbookPlan } from '../domain/layout';
import { FONT_NAME, STYLE_SPECS } from '../domain/styles';

const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };

function applyStyle(cell: ExcelJS.Cell, plan: CellPlan): void {
  const spec = STYLE_SPECS[plan.style];
  cell.font = {
    name: FONT_NAME,
    size: spec.size ?? 11,
    bold: spec.bold,
    italic: spec.italic,
    color: spec.color ? { argb: `FF${spec.color}` } : undefined,
  };
  if (spec.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${spec.fill}` } };
  cell.alignment = { vertical: 'middle', horizontal: spec.align, wrapText: spec.wrap };
  if (spec.border) cell.border = { top: thin, bottom: thin, left: thin, right: thin };
  if (plan.numFmt) cell.numFmt = plan.numFmt;
  cell.protection = { locked: plan.locked };
}

function applyValidation(cell: ExcelJS.Cell, plan: CellPlan): void {
  const v = plan.validation;
  if (!v) return;
  const prompt = v.prompt ? { showInputMessage: true, promptTitle: v.prompt.title, prompt: v.prompt.text } : {};
  if (v.type === 'list') {
    cell.dataValidation = {
      ...prompt,
      type: 'list',
      allowBlank: true,
      formulae: [`"${v.values.join(',')}"`],
      showErrorMessage: true,
      errorTitle: 'Giá trị không hợp lệ',
      error: `Chỉ chọn một trong: ${v.values.join('; ')}`,
    };
    return;
  }
  const between = v.max !== undefined;
  cell.dataValidation = {
    ...prompt,
    type: v.type,
    allowBlank: true,
    operator: between ? 'between' : 'greaterThanOrEqual',
    formulae: between ? [v.min, v.max!] : [v.min],
    showErrorMessage: true,
    errorTitle: 'Giá trị không hợp lệ',
    error:
      v.type === 'whole'
        ? 'Nhập số nguyên không âm.'
        : between
          ? `Nhập số từ ${v.min} đến ${v.max}.`
          : `Nhập số không nhỏ hơn ${v.min}.`,
  };
}

export function writeSheet(wb: ExcelJS.Workbook, sheet: SheetPlan, name = sheet.name): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    state: sheet.veryHidden ? 'veryHidden' : 'visible',
    views: sheet.freezeRows ? [{ state: 'frozen', ySplit: sheet.freezeRows }] : undefined,
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const plan of sheet.cells) {
    const cell = ws.getCell(plan.address);
    if (plan.formula) cell.value = { formula: plan.formula } as ExcelJS.CellFormulaValue;
    else if (plan.value !== undefined && plan.value !== null) cell.value = plan.value;
    applyStyle(cell, plan);
    applyValidation(cell, plan);
    if (plan.name)
      wb.definedNames.add(`'${name.replace(/'/g, "''")}'!$${plan.address.replace(/(\d+)/, '$$$1')}`, plan.name);
  }
  for (const m of sheet.merges) ws.mergeCells(m);
  for (const h of sheet.highlights ?? []) {
    ws.addConditionalFormatting({
      ref: h.range,
      rules: [
        {
          type: 'expression',
          priority: 1,
          formulae: [h.formula.replace(/^=/, '')],
          style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: `FF${h.fill}` } } },
        },
      ],
    });
  }
  return ws;
}

/** A new workbook holding the whole layout: the same plan the add-in injects. */
export function buildTemplateWorkbook(
  catalog: Catalog,
  ctx: ReportContext = {},
): { workbook: ExcelJS.Workbook; plan: WorkbookPlan } {
  const plan = planWorkbook(catalog, ctx);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CCHC';
  wb.calcProperties.fullCalcOnLoad = true;
  for (const sheet of plan.sheets) {
    const ws = writeSheet(wb, sheet);
    if (sheet.protect)
      void ws.protect('', {
        selectLockedCells: true,
        selectUnlockedCells: true,
        formatColumns: true,
        formatRows: true,
      });
  }
  return { workbook: wb, plan };
}

export async function templateBuffer(catalog: Catalog, ctx: ReportContext = {}): Promise<Buffer> {
  const { workbook } = buildTemplateWorkbook(catalog, ctx);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
