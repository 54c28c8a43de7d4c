import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { readCommand, templateCommand, type Io } from '../../src/cli/commands';
import { consolidateCommand } from '../../src/cli/consolidateCommand';
import { getCatalog } from '../../src/domain/catalog';
import { nameForDetail, nameForKey } from '../../src/domain/layout';
import { parsePeriod, periodTitle } from '../../src/domain/period';
import { buildReportModel } from '../../src/domain/report/model';
import { findingsOf, reportInputOf } from '../../src/domain/workbookData';
import { readUnitSubmission } from '../../src/io/leanReader';
import { definedCells, readWorkbookBytes } from '../../src/io/readWorkbook';

const catalog = getCatalog('2024');
const dir = mkdtempSync(path.join(tmpdir(), 'cchc-period-'));

function capture(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (t) => lines.push(t), err: (t) => errors.push(t) };
}

async function template(file: string, opts: Record<string, string>): Promise<string> {
  const out = path.join(dir, file);
  expect(await templateCommand({ output: out, ...opts }, capture())).toBe(0);
  return out;
}

/** Fills a template file's unit and figures, as a colleague would. */
async function fill(file: string, unit: string, values: Record<string, number>, details: Record<string, string> = {}) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const names = definedCells(wb);
  const put = (n: string, v: ExcelJS.CellValue) => {
    const at = names.get(n)!;
    wb.getWorksheet(at.sheet)!.getCell(at.address).value = v;
  };
  put(nameForDetail('unit'), unit);
  for (const [k, v] of Object.entries(details)) put(nameForDetail(k as 'year'), v);
  for (const [k, v] of Object.entries(values)) put(nameForKey(k), v);
  await wb.xlsx.writeFile(file);
}

describe('any period: a kind and an explicit window', () => {
  it('reads the kinds beyond the five, with their months', () => {
    expect(parsePeriod('10 tháng đầu năm')).toEqual({ kind: 'MN', months: 10 });
    expect(parsePeriod('M8')).toEqual({ kind: 'MN', months: 8 });
    expect(parsePeriod('Tháng 3')).toEqual({ kind: 'M', months: 3 });
    expect(parsePeriod('6 tháng đầu năm')).toEqual({ kind: 'H1' });
    expect(parsePeriod('Quý III')).toEqual({ kind: 'Q3' });
    expect(parsePeriod('Kỳ báo cáo khác')).toEqual({ kind: 'C' });
  });

  it('a 10-month period round-trips through template, read (both readers), consolidate and report', async () => {
    const so = await template('so-10t.xlsx', { level: 'so', period: 'M10', year: '2024' });
    const read = await readWorkbookBytes(new Uint8Array(readFileSync(so)), 'so-10t.xlsx', catalog);
    expect(read.period).toEqual({ kind: 'MN', year: 2024, from: '2023-12-15', to: '2024-10-14' });
    expect(periodTitle(read.period!)).toBe('10 tháng đầu năm 2024');
    expect((await readUnitSubmission(catalog, readFileSync(so), 'x')).period).toEqual(read.period);

    const a = path.join(dir, 'a.xlsx');
    const b = path.join(dir, 'b.xlsx');
    for (const [f, unit, n] of [
      [a, 'Sở A', 4],
      [b, 'Sở B', 6],
    ] as const) {
      await template(path.basename(f), { level: 'so', period: 'M10', year: '2024' });
      await fill(f, unit, { '1.1.1': n, '1.1.2': n - 1 });
    }
    const own = await template('tinh-10t.xlsx', { level: 'tinh', period: 'M10', year: '2024' });
    await fill(own, 'UBND tỉnh Hà Nam', {});
    const out = path.join(dir, 'tinh-10t-tong-hop.xlsx');
    const io = capture();
    expect(await consolidateCommand([a, b], { into: own, output: out, json: true }, io)).toBe(0);
    const json = JSON.parse(io.lines.join('\n'));
    expect(json.into.period).toMatchObject({ kind: 'MN', label: '10 tháng đầu năm 2024', to: '2024-10-14' });
    expect(json.warnings.join('\n')).not.toMatch(/kỳ khác/);

    const readIo = capture();
    await readCommand(out, { json: true }, readIo);
    const back = JSON.parse(readIo.lines.join('\n'));
    expect(back.period).toMatchObject({ kind: 'MN', label: '10 tháng đầu năm 2024' });
    expect(back.values['1.1.1']).toBe(10);

    const data = await readWorkbookBytes(new Uint8Array(readFileSync(out)), 'x.xlsx', catalog);
    const model = buildReportModel(reportInputOf(catalog, data, findingsOf(catalog, data)));
    expect(JSON.stringify(model)).toContain('10 THÁNG ĐẦU NĂM 2024');
  });

  it('a custom window is kept and named', async () => {
    const file = await template('tuy-chon.xlsx', {
      level: 'so',
      period: 'C',
      year: '2024',
      from: '01/01/2024',
      to: '31/10/2024',
    });
    const read = await readWorkbookBytes(new Uint8Array(readFileSync(file)), 'x.xlsx', catalog);
    expect(read.period).toEqual({ kind: 'C', year: 2024, from: '2024-01-01', to: '2024-10-31' });
    expect(periodTitle(read.period!)).toBe('Kỳ từ ngày 01/01/2024 đến ngày 31/10/2024');
    await expect(templateCommand({ output: path.join(dir, 'x.xlsx'), period: 'C' }, capture())).rejects.toThrow(
      /--from và --to/,
    );
  });

  it("a unit's file of another year is a warning in the text output, the json and the Kiểm tra sheet", async () => {
    const own = await template('tinh-h1.xlsx', { level: 'tinh', period: 'H1', year: '2024' });
    await fill(own, 'UBND tỉnh Hà Nam', {});
    const now = await template('c.xlsx', { level: 'so', period: 'H1', year: '2024' });
    await fill(now, 'Sở C', { '1.1.1': 3 });
    const old = await template('d.xlsx', { level: 'so', period: 'H1', year: '2023' });
    await fill(old, 'Sở D', { '1.1.1': 5 });
    const out = path.join(dir, 'h1.xlsx');
    const text = capture();
    expect(await consolidateCommand([now, old], { into: own, output: out }, text)).toBe(0);
    const said = text.lines.find((l) => l.includes('kỳ khác kỳ tổng hợp'))!;
    expect(said).toContain('Sở D (6 tháng đầu năm 2023)');
    expect(text.lines.join('\n')).not.toMatch(/0 cảnh báo/);
    const json = capture();
    await consolidateCommand([now, old], { into: own, output: out, json: true, force: true }, json);
    expect(JSON.parse(json.lines.join('\n')).warnings.join('\n')).toContain('Sở D (6 tháng đầu năm 2023)');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const checks: string[] = [];
    wb.getWorksheet('Kiểm tra')!.eachRow((row) => checks.push(String(row.getCell(4).value)));
    expect(checks.some((c) => c.includes('Sở D (6 tháng đầu năm 2023)'))).toBe(true);
  });
});
