import ExcelJS from 'exceljs';
import { getCatalog } from '../../src/domain/catalog';
import {
  DETAILS_SHEET,
  META_SHEET,
  nameForDetail,
  nameForKey,
  nameForText,
  planWorkbook,
} from '../../src/domain/layout';
import { makePeriod } from '../../src/domain/period';
import { computeRates } from '../../src/domain/rates';
import { readUnitSubmission } from '../../src/io/leanReader';
import { definedCells, readWorkbookBytes } from '../../src/io/readWorkbook';
import { templateBuffer } from '../../src/io/xlsxTemplate';

const catalog = getCatalog('2024');

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

function setByName(wb: ExcelJS.Workbook, name: string, value: ExcelJS.CellValue): void {
  const at = definedCells(wb).get(name);
  if (!at) throw new Error(`no name ${name}`);
  wb.getWorksheet(at.sheet)!.getCell(at.address).value = value;
}

describe('the template workbook', () => {
  let buf: Buffer;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    buf = await templateBuffer(catalog, { level: 'so', period: makePeriod('H1', 2024) });
    wb = await load(buf);
  });

  it('has the details, Phụ lục I, BM1–BM7, own text and a hidden metadata sheet', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      DETAILS_SHEET,
      'Phụ lục I',
      'Biểu mẫu 1',
      'Biểu mẫu 2',
      'Biểu mẫu 3',
      'Biểu mẫu 4',
      'Biểu mẫu 5',
      'Biểu mẫu 6',
      'Biểu mẫu 7',
      'Nội dung',
      META_SHEET,
    ]);
    expect(wb.getWorksheet(META_SHEET)!.state).toBe('veryHidden');
  });

  it('names every input cell after its key, unlocks inputs and protects labels', () => {
    const names = definedCells(wb);
    const plan = planWorkbook(catalog, { level: 'so', period: makePeriod('H1', 2024) });
    for (const input of plan.inputs)
      expect(names.get(input.name)).toEqual({ sheet: input.sheet, address: input.address });
    const pl = wb.getWorksheet('Phụ lục I')!;
    const at = names.get(nameForKey('1.1.2'))!;
    expect(pl.getCell(at.address).protection?.locked).toBe(false);
    expect(pl.getCell(`B${at.address.slice(1)}`).value).toBe('Số nhiệm vụ đã hoàn thành');
    expect(pl.getCell(`B${at.address.slice(1)}`).protection?.locked ?? true).toBe(true); // Excel locks cells unless told otherwise
  });

  it('offers coded answers as drop-down lists and formats counts', () => {
    const names = definedCells(wb);
    const code = names.get(nameForKey('1.4.2'))!;
    const cell = wb.getWorksheet(code.sheet)!.getCell(code.address);
    expect(cell.dataValidation).toMatchObject({ type: 'list', formulae: ['"0,1,2"'] });
    const count = names.get(nameForKey('1.1.1'))!;
    expect(wb.getWorksheet(count.sheet)!.getCell(count.address).numFmt).toBe('#,##0');
  });

  it('greys rows that do not apply to the level (1.2.2 for a sở)', () => {
    const at = definedCells(wb).get(nameForKey('1.2.2'))!;
    const cell = wb.getWorksheet(at.sheet)!.getCell(at.address);
    expect(cell.protection?.locked ?? true).toBe(true); // Excel locks cells unless told otherwise
    expect(wb.getWorksheet(at.sheet)!.getCell(`E${at.address.slice(1)}`).value).toContain('Không áp dụng');
  });

  it('computes rates and the a/b display with formulas made from the catalog', () => {
    const pl = wb.getWorksheet('Phụ lục I')!;
    const at = definedCells(wb).get(nameForKey('1.1.2'))!;
    const rate = pl.getCell(`F${at.address.slice(1)}`).value as ExcelJS.CellFormulaValue;
    // No percentage while a rule on the rate's figures fails (a part above its whole).
    expect(rate.formula).toBe(
      'IF(COUNT(cchc_1_1_2,cchc_1_1_1)<2,"",IF(OR(AND(COUNT(cchc_1_1_2,cchc_1_1_1)=2,NOT((cchc_1_1_2)<=(cchc_1_1_1)))),"",IF((cchc_1_1_1)=0,"—",(cchc_1_1_2)/(cchc_1_1_1))))',
    );
    const ratio = definedCells(wb).get(nameForKey('3.3.a'))!;
    const ratioRow = Number(ratio.address.slice(1)) - 1;
    // "16.181/16.183" whatever the locale (FIXED would follow it).
    const ratioFormula = (pl.getCell(`D${ratioRow}`).value as ExcelJS.CellFormulaValue).formula;
    expect(ratioFormula).toContain('TEXT(MOD(INT(ROUND(cchc_3_3_a,0)/1),1000),"000")');
    expect(ratioFormula).not.toContain('FIXED');
  });

  it('reads back what a user typed, by defined names, with details and own text', async () => {
    setByName(wb, nameForKey('1.1.1'), 39);
    setByName(wb, nameForKey('1.1.2'), 19);
    setByName(wb, nameForKey('3.3.a'), 16181);
    setByName(wb, nameForKey('3.3.b'), '16.183');
    setByName(wb, nameForKey('3.2.1'), 49.2);
    setByName(wb, nameForDetail('unit'), 'Sở Công Thương');
    setByName(wb, nameForDetail('level'), 'Sở, ban, ngành');
    setByName(wb, nameForDetail('periodKind'), '6 tháng đầu năm');
    setByName(wb, nameForDetail('year'), '2024');
    setByName(wb, nameForDetail('from'), '08/12/2023');
    setByName(wb, nameForDetail('recipients'), '- UBND tỉnh (b/c);\n- Sở Nội vụ;\n- Lưu: VT.');
    setByName(wb, nameForText('III.1'), 'Đoạn thứ nhất.\nĐoạn thứ hai.');
    const out = Buffer.from(await wb.xlsx.writeBuffer());
    const read = await readWorkbookBytes(new Uint8Array(out), 'so-ct.xlsx', catalog);
    expect(read.layout).toBe('template');
    expect(read.unit).toBe('Sở Công Thương');
    expect(read.period).toEqual({ kind: 'H1', year: 2024, from: '2023-12-08', to: '2024-06-14' });
    expect(read.details.level).toBe('so');
    expect(read.details.recipients).toEqual(['UBND tỉnh (b/c);', 'Sở Nội vụ;', 'Lưu: VT.']);
    expect(read.texts['III.1']).toBe('Đoạn thứ nhất.\nĐoạn thứ hai.');
    expect(read.figures.values).toMatchObject({
      '1.1.1': 39,
      '1.1.2': 19,
      '3.3.a': 16181,
      '3.3.b': 16183,
      '3.2.1': 49.2,
      '1.2.1': null,
    });
    expect(read.figures.cells!['1.1.2']).toEqual(definedCells(wb).get(nameForKey('1.1.2')));
    expect(read.notes.some((n) => n.key === '3.3.b' && /văn bản/.test(n.message))).toBe(true);
    expect(computeRates(catalog, read.figures).get('PL1:hoan-thanh-ke-hoach')!.value).toBeCloseTo(48.72, 2);
    expect(Object.values(read.figures.computed!).every((c) => c.isFormula)).toBe(true);
  });

  it('writes the chosen level, period and year into the details sheet, so the file reads back with them', async () => {
    const period = makePeriod('M9', 2025);
    const fresh = await templateBuffer(catalog, { level: 'tinh', period });
    const read = await readWorkbookBytes(new Uint8Array(fresh), 'tinh.xlsx', catalog);
    expect(read.details.level).toBe('tinh');
    expect(read.period).toEqual(period);
    const lean = await readUnitSubmission(catalog, fresh, 'tinh.xlsx');
    expect(lean.level).toBe('tinh');
    expect(lean.period).toEqual(period);
  });

  it('notices a rate formula overwritten by hand', async () => {
    const fresh = await load(buf);
    const at = definedCells(fresh).get(nameForKey('1.1.2'))!;
    fresh.getWorksheet(at.sheet)!.getCell(`F${at.address.slice(1)}`).value = 0.9;
    const read = await readWorkbookBytes(
      new Uint8Array(Buffer.from(await fresh.xlsx.writeBuffer())),
      'x.xlsx',
      catalog,
    );
    expect(read.figures.computed!['PL1:hoan-thanh-ke-hoach']).toMatchObject({ isFormula: false, value: 0.9 });
  });
});
