import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync } from 'fs';
import JSZip from 'jszip';
import { tmpdir } from 'os';
import * as path from 'path';
import { readCommand, templateCommand, type Io } from '../../src/cli/commands';
import { consolidateCommand } from '../../src/cli/consolidateCommand';
import { reportCommand } from '../../src/cli/reportCommand';
import { getCatalog } from '../../src/domain/catalog';
import { nameForDetail, nameForKey } from '../../src/domain/layout';
import { commitImport, readImportFiles } from '../../src/taskpane/importFlow';
import { readReportSource, reportModel } from '../../src/taskpane/reportFlow';
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { definedCells } from '../../src/io/readWorkbook';
import { paragraphs } from '../report/wordml';

const catalog = getCatalog('2024');
const dir = mkdtempSync(path.join(tmpdir(), 'cchc-period-trip-'));

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

/** A template as a colleague fills it: the unit's name and its figures. */
async function fill(file: string, unit: string, values: Record<string, number>): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const names = definedCells(wb);
  const put = (n: string, v: ExcelJS.CellValue) => {
    const at = names.get(n)!;
    wb.getWorksheet(at.sheet)!.getCell(at.address).value = v;
  };
  put(nameForDetail('unit'), unit);
  for (const [k, v] of Object.entries(values)) put(nameForKey(k), v);
  await wb.xlsx.writeFile(file);
}

async function docText(file: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  return paragraphs(await zip.file('word/document.xml')!.async('string')).map((p) => p.text);
}

/** Units' files and the province's own workbook of one period, consolidated --into, then reported. */
async function roundTrip(tag: string, period: Record<string, string>) {
  const units: string[] = [];
  for (const [i, unit] of ['Sở A', 'Sở B', 'Sở C'].entries()) {
    const file = await template(`${tag}-${i}.xlsx`, { level: 'so', year: '2024', ...period });
    await fill(file, unit, { '1.1.1': 10 * (i + 1), '1.1.3': i + 1 });
    units.push(file);
  }
  const own = await template(`${tag}-tinh.xlsx`, { level: 'tinh', year: '2024', ...period });
  await fill(own, 'UBND tỉnh Hà Nam', {});
  const out = path.join(dir, `${tag}-tong-hop.xlsx`);
  const io = capture();
  expect(await consolidateCommand(units, { into: own, output: out, json: true }, io)).toBe(0);
  const json = JSON.parse(io.lines.join('\n'));
  const readIo = capture();
  expect(await readCommand(out, { json: true }, readIo)).toBe(0);
  const read = JSON.parse(readIo.lines.join('\n'));
  const docx = path.join(dir, `${tag}.docx`);
  expect(await reportCommand(out, { output: docx }, capture())).toBe(0);
  return { json, read, text: await docText(docx), units, own };
}

describe('a 10-month period and a custom window round-trip: template → read → consolidate --into → report', () => {
  it('M10: "10 tháng đầu năm 2024" in the title, the annex and the closing; the window read back', async () => {
    const { json, read, text } = await roundTrip('m10', { period: 'M10' });
    expect(json.into.period).toMatchObject({ kind: 'MN', label: '10 tháng đầu năm 2024', to: '2024-10-14' });
    expect(json.warnings.join('\n')).not.toMatch(/kỳ khác/);
    expect(read.period).toMatchObject({ kind: 'MN', from: '2023-12-15', to: '2024-10-14' });
    expect(read.values['1.1.1']).toBe(60);
    expect(text).toContain(
      'Kết quả thực hiện công tác cải cách hành chính 10 tháng đầu năm 2024; phương hướng, nhiệm vụ những tháng cuối năm 2024',
    );
    expect(text).toContain('KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH 10 THÁNG ĐẦU NĂM 2024');
    expect(text).toContain('IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NHỮNG THÁNG CUỐI NĂM 2024');
    expect(text).toContain(
      'Trên đây là kết quả thực hiện công tác cải cách hành chính 10 tháng đầu năm 2024; phương hướng, nhiệm vụ những tháng cuối năm 2024, UBND tỉnh Hà Nam trân trọng báo cáo./.',
    );
    expect(text).toContain('Toàn tỉnh ban hành 06 văn bản chỉ đạo, điều hành công tác CCHC.');
  });

  it('C --from 01/01/2024 --to 31/10/2024: the window’s dates in the title; a unit of another window is warned with its dates', async () => {
    const window = { period: 'C', from: '01/01/2024', to: '31/10/2024' };
    const { json, read, text, units, own } = await roundTrip('c', window);
    expect(json.into.period).toMatchObject({ kind: 'C', from: '2024-01-01', to: '2024-10-31' });
    expect(read.period).toMatchObject({ kind: 'C', year: 2024, from: '2024-01-01', to: '2024-10-31' });
    expect(text).toContain(
      'Kết quả thực hiện công tác cải cách hành chính kỳ từ ngày 01/01/2024 đến ngày 31/10/2024; phương hướng, nhiệm vụ kỳ tới',
    );
    expect(text).toContain('KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH KỲ TỪ NGÀY 01/01/2024 ĐẾN NGÀY 31/10/2024');

    const other = await template('c-khac.xlsx', {
      level: 'so',
      year: '2024',
      period: 'C',
      from: '01/02/2024',
      to: '31/10/2024',
    });
    await fill(other, 'Sở D', { '1.1.1': 1 });
    const io = capture();
    await consolidateCommand(
      [...units, other],
      { into: own, output: path.join(dir, 'c-them-so-d.xlsx'), json: true },
      io,
    );
    expect(JSON.parse(io.lines.join('\n')).warnings.join('\n')).toContain(
      'Sở D (kỳ từ ngày 01/02/2024 đến ngày 31/10/2024)',
    );
  });

  it('the pane: the office’s own 10-month workbook opened in standalone, consolidated into, reported', async () => {
    const own = await template('pane-m10-tinh.xlsx', { level: 'tinh', year: '2024', period: 'M10' });
    await fill(own, 'UBND tỉnh Hà Nam', {});
    const port = await MemoryPort.open(new Uint8Array(readFileSync(own)), 'tinh.xlsx');
    const files = [];
    for (const [i, unit] of ['Sở A', 'Sở B'].entries()) {
      const file = await template(`pane-m10-${i}.xlsx`, { level: 'so', year: '2024', period: 'M10' });
      await fill(file, unit, { '1.1.1': 5 * (i + 1) });
      files.push({ name: path.basename(file), bytes: new Uint8Array(readFileSync(file)) });
    }
    const entries = await readImportFiles(files, catalog, () => undefined);
    const result = await commitImport(port, catalog, entries, []);
    expect(result.warnings.join('\n')).not.toMatch(/kỳ khác/);
    const source = await readReportSource(port, catalog);
    expect(source.read.period).toEqual({ kind: 'MN', year: 2024, from: '2023-12-15', to: '2024-10-14' });
    expect(source.read.figures.values['1.1.1']).toBe(15);
    expect(reportModel(source.read, source.findings, catalog).title).toBe(
      'Kết quả thực hiện công tác cải cách hành chính 10 tháng đầu năm 2024; phương hướng, nhiệm vụ những tháng cuối năm 2024',
    );
  });
});
