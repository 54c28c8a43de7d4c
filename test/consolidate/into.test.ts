import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { consolidateCommand } from '../../src/cli/consolidateCommand';
import { readCommand, type Io } from '../../src/cli/commands';
import { reportCommand } from '../../src/cli/reportCommand';
import { getCatalog } from '../../src/domain/catalog';
import { nameForDetail, nameForKey } from '../../src/domain/layout';
import { makePeriod } from '../../src/domain/period';
import { buildReportModel } from '../../src/domain/report/model';
import { findingsOf, reportInputOf } from '../../src/domain/workbookData';
import { CONSOLIDATION_DATA_SHEET } from '../../src/io/consolidationData';
import { definedCells, readWorkbookBytes } from '../../src/io/readWorkbook';
import { buildTemplateWorkbook } from '../../src/io/xlsxTemplate';
import { unitWorkbookBytes } from '../fixtures/unitWorkbook';

const catalog = getCatalog('2024');
const dir = mkdtempSync(path.join(tmpdir(), 'cchc-into-'));

function capture(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (t) => lines.push(t), err: (t) => errors.push(t) };
}

const SO = Array.from({ length: 12 }, (_, i) => `Sở ${String.fromCharCode(65 + i)}`);
const HUYEN = Array.from({ length: 8 }, (_, i) => `UBND huyện ${i + 1}`);
const MISSING = ['Sở Ngoại vụ', 'UBND huyện Lý Nhân'];

/** The figures of the i-th unit: the sums below are known in closed form. */
function figuresOf(i: number, huyen: boolean): Record<string, number> {
  return {
    '1.1.1': 10 + i,
    '1.1.2': 5 + i,
    '1.5': i % 3 === 0 ? 1 : 0,
    '3.1': 100,
    '3.2.1': 50,
    ...(huyen ? { '1.2.2': 2 } : {}),
  };
}

async function provinceWorkbook(file: string): Promise<void> {
  const { workbook } = buildTemplateWorkbook(catalog, { level: 'tinh', period: makePeriod('H1', 2024) });
  const names = definedCells(workbook);
  const put = (n: string, v: ExcelJS.CellValue) => {
    const at = names.get(n)!;
    workbook.getWorksheet(at.sheet)!.getCell(at.address).value = v;
  };
  put(nameForDetail('unit'), 'UBND tỉnh Hà Nam');
  put(nameForDetail('parentBody'), '');
  put(nameForDetail('level'), 'Tỉnh');
  put(nameForDetail('periodKind'), '6 tháng đầu năm');
  put(nameForDetail('year'), 2024);
  // Figures the province keeps itself: no unit reports them.
  put(nameForKey('2.1'), 7);
  // Its own coded answer, and a figure the units will overwrite.
  put(nameForKey('1.5'), 1);
  put(nameForKey('1.1.1'), 999);
  writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
}

describe('consolidating 20 units of two levels into the province’s own forms', () => {
  const own = path.join(dir, 'tinh.xlsx');
  const out = path.join(dir, 'tinh-tong-hop.xlsx');
  const unitsList = path.join(dir, 'don-vi.txt');
  const files: string[] = [];
  const all = [...SO.map((n) => ({ n, huyen: false })), ...HUYEN.map((n) => ({ n, huyen: true }))];

  beforeAll(async () => {
    await provinceWorkbook(own);
    for (const [i, u] of all.entries()) {
      const file = path.join(dir, `don-vi-${i + 1}.xlsx`);
      writeFileSync(file, await unitWorkbookBytes(u.n, figuresOf(i, u.huyen)));
      files.push(file);
    }
    writeFileSync(unitsList, [...SO, ...HUYEN, ...MISSING].join('\n'));
    // Levels: the template fixture writes no level, so give each file its own.
    for (const [i, u] of all.entries()) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(files[i]);
      const at = definedCells(wb).get(nameForDetail('level'))!;
      wb.getWorksheet(at.sheet)!.getCell(at.address).value = u.huyen ? 'Huyện' : 'Sở/ban/ngành';
      await wb.xlsx.writeFile(files[i]);
    }
  });

  it('writes the totals into the province’s forms, keeps its own figures, and reads back as its workbook', async () => {
    const io = capture();
    const code = await consolidateCommand(files, { into: own, output: out, units: unitsList, json: true }, io);
    expect(io.errors).toEqual([]);
    expect(code).toBe(0);
    const json = JSON.parse(io.lines.join('\n'));
    expect(json.into).toMatchObject({ unit: 'UBND tỉnh Hà Nam', level: 'tinh' });
    expect(json.missingUnits).toEqual(MISSING);

    const readIo = capture();
    expect(await readCommand(out, { json: true }, readIo)).toBe(0);
    const read = JSON.parse(readIo.lines.join('\n'));
    expect(read).toMatchObject({ layout: 'template', unit: 'UBND tỉnh Hà Nam' });
    expect(read.period).toMatchObject({ kind: 'H1', year: 2024 });
    const n = all.length;
    expect(read.values['1.1.1']).toBe(n * 10 + (n * (n - 1)) / 2);
    expect(read.values['1.1.2']).toBe(n * 5 + (n * (n - 1)) / 2);
    expect(read.values['3.1']).toBe(100 * n);
    expect(read.values['3.2.1']).toBe(50);
    // Only the huyện give 1.2.2 (a row of tỉnh and huyện, not of sở).
    expect(read.values['1.2.2']).toBe(2 * HUYEN.length);
    // The province's own figure and its own coded answer stay as typed.
    expect(read.values['2.1']).toBe(7);
    expect(read.values['1.5']).toBe(1);
  });

  it('keeps the province’s sheets, adds the consolidation sheets, and opens with exceljs', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.slice(0, 3)).toEqual(['Thông tin', 'Phụ lục I', 'Biểu mẫu 1']);
    expect(names).toEqual(expect.arrayContaining(['Tổng hợp', 'Nguồn số liệu', 'Kiểm tra', 'Đơn vị']));
    expect(wb.getWorksheet(CONSOLIDATION_DATA_SHEET)!.state).toBe('veryHidden');
    // Formulas of the forms are kept (the rate of 1.1.2 over 1.1.1).
    const at = definedCells(wb).get(nameForKey('1.1.2'))!;
    expect(wb.getWorksheet(at.sheet)!.getCell(`F${at.address.slice(1)}`).formula).toContain('cchc_1_1_1');
    const units = wb.getWorksheet('Đơn vị')!;
    const status: string[] = [];
    units.eachRow((row, i) => i > 1 && status.push(`${row.getCell(2).value}|${row.getCell(10).value}`));
    expect(status).toContain('UBND huyện Lý Nhân|Chưa nộp');
    expect(status.filter((s) => s.endsWith('|Đã tổng hợp'))).toHaveLength(20);
  });

  it('gives the report the province’s totals, the coded-answer counts and the missing units', async () => {
    const read = await readWorkbookBytes(new Uint8Array(readFileSync(out)), 'tinh-tong-hop.xlsx', catalog);
    expect(read.consolidation).toBeDefined();
    const c = read.consolidation!;
    expect(c.units).toHaveLength(20);
    expect(c.missingUnits).toEqual(MISSING);
    expect(c.levels).toEqual({ so: 12, huyen: 8 });
    const yes = all.filter((_u, i) => i % 3 === 0).length;
    expect(c.codeCounts['1.5']).toEqual({ '0': 20 - yes, '1': yes });
    expect(c.contributors['1.2.2']).toBe(8);
    expect(c.contributors['1.1.1']).toBe(20);
    const input = reportInputOf(catalog, read, findingsOf(catalog, read));
    expect(input.consolidation).toBe(c);
    expect(input.level).toBe('tinh');
    const model = buildReportModel(input);
    expect(model.header.issuingBody).toMatch(/HÀ NAM/i);
    const text = JSON.stringify(model.sections);
    // The province's paragraphs state the totals: 1.1.1 = 20·10 + (0 + … + 19) = 390.
    expect(text).toContain('390');
  });

  it('writes the province’s report through cchc report', async () => {
    const io = capture();
    const docx = path.join(dir, 'bao-cao-tinh.docx');
    expect(await reportCommand(out, { output: docx }, io)).toBe(0);
    expect(existsSync(docx)).toBe(true);
  });

  it('a second import replaces only the units sent again', async () => {
    const again = path.join(dir, 'so-a-ban-sua.xlsx');
    writeFileSync(again, await unitWorkbookBytes('Sở A', { '1.1.1': 1000, '1.1.2': 5, '3.1': 100, '3.2.1': 50 }));
    const late = path.join(dir, 'ly-nhan.xlsx');
    writeFileSync(late, await unitWorkbookBytes('UBND huyện Lý Nhân', { '1.1.1': 1 }));
    const out2 = path.join(dir, 'tinh-tong-hop-2.xlsx');
    const io = capture();
    expect(await consolidateCommand([again, late], { into: out, output: out2, json: true }, io)).toBe(0);
    const json = JSON.parse(io.lines.join('\n'));
    expect(json.consolidated).toHaveLength(21);
    expect(json.missingUnits).toEqual(['Sở Ngoại vụ']);
    const n = all.length;
    expect(json.totals['1.1.1']).toBe(n * 10 + (n * (n - 1)) / 2 - 10 + 1000 + 1);
    const read = await readWorkbookBytes(new Uint8Array(readFileSync(out2)), 'x.xlsx', catalog);
    expect(read.figures.values['1.1.1']).toBe(json.totals['1.1.1']);
    expect(read.figures.values['2.1']).toBe(7);
  });

  it('names a unit sent twice by the files’ full paths, not their base names', async () => {
    const { mkdirSync } = await import('fs');
    const [d1, d2] = [path.join(dir, 'dot-1'), path.join(dir, 'dot-2')];
    mkdirSync(d1);
    mkdirSync(d2);
    const a = path.join(d1, 'so-a.xlsx');
    const b = path.join(d2, 'so-a.xlsx');
    writeFileSync(a, await unitWorkbookBytes('Sở A', { '1.1.1': 1 }));
    writeFileSync(b, await unitWorkbookBytes('Sở A', { '1.1.1': 2 }));
    const io = capture();
    await consolidateCommand([a, b], { output: path.join(dir, 'trung.xlsx'), json: true }, io);
    const json = JSON.parse(io.lines.join('\n'));
    const refused = json.units.find((u: { status: string }) => u.status === 'refused');
    expect(refused.reason).toContain(a);
    expect(refused.reason).toContain(b);
  });

  it('refuses to write over an input, and a failed --into writes nothing', async () => {
    const io = capture();
    await expect(consolidateCommand(files.slice(0, 2), { into: own, output: own }, io)).rejects.toThrow(/trùng/);
    const notTemplate = path.join(dir, 'khong-phai-mau.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').getCell('A1').value = 'x';
    await wb.xlsx.writeFile(notTemplate);
    const target = path.join(dir, 'khong-ghi.xlsx');
    await expect(
      consolidateCommand(files.slice(0, 2), { into: notTemplate, output: target }, capture()),
    ).rejects.toThrow(/không có các biểu mẫu/);
    expect(existsSync(target)).toBe(false);
  });
});
