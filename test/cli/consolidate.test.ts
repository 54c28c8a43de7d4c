import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { TEMPLATE_CELLS_KEY } from '../../src/io/consolidatedWorkbook';
import { buildRealSoWorkbook, REAL_SO_EXPECTED } from '../fixtures/legacyForms';
import { unitWorkbookBytes } from '../fixtures/unitWorkbook';
import { cchc as run, tempDir } from './run';

const dir = tempDir('cchc-cons-');
const cchc = (...args: string[]) => run(args);

async function unitFile(name: string, unit: string, values: Record<string, number | string>): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, await unitWorkbookBytes(unit, values));
  return file;
}

describe('cchc consolidate', () => {
  let files: string[];
  beforeAll(async () => {
    const tp = await unitFile('so-tu-phap.xlsx', 'Sở Tư pháp', {
      '1.1.1': 20,
      '1.1.2': 10,
      '3.3.a': 100,
      '3.3.b': 120,
      '1.5': 1,
      '3.1': 50,
      '3.2.1': 100,
    });
    const yt = await unitFile('so-y-te.xlsx', 'Sở Y tế', {
      '1.1.1': 10,
      '1.1.2': 10,
      '3.3.a': 900,
      '3.3.b': 1000,
      '1.5': 0,
      '3.1': 150,
      '3.2.1': 60,
      '2.1': '=HYPERLINK("http://x")',
    });
    const again = await unitFile('so-y-te-ban-2.xlsx', 'Sở Y tế', { '1.1.1': 99 });
    const legacy = path.join(dir, 'so-cong-thuong-cu.xlsx');
    writeFileSync(legacy, await buildRealSoWorkbook());
    const broken = path.join(dir, 'hong.xlsx');
    writeFileSync(broken, Buffer.from('day khong phai tep excel'));
    files = [tp, yt, again, legacy, broken];
  });

  it('merges every readable unit, refuses the others with a reason and traces each figure; exit 3 for the refused', async () => {
    const out = path.join(dir, 'tong-hop.xlsx');
    const r = await cchc('consolidate', ...files, '-o', out, '--json');
    expect(r.code).toBe(3);
    const json = JSON.parse(r.out);
    const status = Object.fromEntries(json.units.map((u: { file: string; status: string }) => [u.file, u.status]));
    expect(status).toEqual({
      'so-tu-phap.xlsx': 'ok',
      'so-y-te.xlsx': 'ok',
      'so-y-te-ban-2.xlsx': 'refused',
      'so-cong-thuong-cu.xlsx': 'ok',
      'hong.xlsx': 'refused',
    });
    expect(json.units.find((u: { file: string }) => u.file === 'so-y-te-ban-2.xlsx').reason).toContain('hai tệp');
    expect(json.units.find((u: { file: string }) => u.file === 'hong.xlsx').reason.length).toBeGreaterThan(5);
    // Sums over units, including the legacy sở form read from its quirks.
    expect(json.totals['1.1.1']).toBe(20 + 10 + REAL_SO_EXPECTED['1.1.1']);
    expect(json.totals['3.3.b']).toBe(120 + 1000 + REAL_SO_EXPECTED['3.3.b']);
    // 3.2.1 weighted by 3.1 (never a plain mean): (100·50 + 60·150 + 100·127) / (50 + 150 + 127).
    expect(json.totals['3.2.1']).toBeCloseTo((100 * 50 + 60 * 150 + 100 * 127) / (50 + 150 + 127), 6);
    // The formula typed as text in Sở Y tế's 2.1 is an error of that unit, at its cell, not a silent blank.
    const unreadable = json.findings.find((f: { rule: string }) => f.rule === '2.1#unreadable');
    expect(unreadable).toMatchObject({ severity: 'error', unit: 'Sở Y tế', keys: ['2.1'] });
    expect(unreadable.cells[0]).toMatchObject({ sheet: 'Phụ lục I', address: expect.stringMatching(/^[A-Z]+\d+$/) });
    expect(existsSync(out)).toBe(true);
  });

  it('writes formula-looking text from a colleague as text', async () => {
    const out = path.join(dir, 'tong-hop-2.xlsx');
    const r = await cchc('consolidate', files[0], files[1], '-o', out);
    // 2.1 holds a formula typed as text: an unreadable figure, an error of Sở Y tế (exit 1).
    expect(r.code).toBe(1);
    expect(r.out).toContain('Kiểm tra: 1 lỗi');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    let formulas = 0;
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => (formulas += c.formula ? 1 : 0))));
    expect(formulas).toBe(0);
    // The Kiểm tra sheet lists it as an error of its unit, with the cell.
    const checks: string[] = [];
    wb.getWorksheet('Kiểm tra')!.eachRow((row) => checks.push(row.values!.toString()));
    const line = checks.find((l) => l.includes('(2.1) không phải số'));
    expect(line).toContain('Sở Y tế');
    expect(line).toContain('=HYPERLINK');
  });

  it('traces the legacy form cell by cell, a template file in one row, and a figure typed as text at its cell', async () => {
    const typed = await unitFile('so-noi-vu.xlsx', 'Sở Nội vụ', { '1.1.1': '1.234', '1.1.2': 5 });
    const out = path.join(dir, 'tong-hop-nguon.xlsx');
    const r = await cchc('consolidate', files[0], typed, files[3], '-o', out);
    expect(r.code).toBeLessThan(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const rows: unknown[][] = [];
    wb.getWorksheet('Nguồn số liệu')!.eachRow((row, n) => n > 1 && rows.push((row.values as unknown[]).slice(1)));
    const of = (file: string) => rows.filter((row) => row[3] === file);
    expect(of('so-tu-phap.xlsx').map((row) => row[0])).toEqual([TEMPLATE_CELLS_KEY]);
    const noiVu = of('so-noi-vu.xlsx');
    expect(noiVu.find((row) => row[0] === '1.1.1')).toEqual([
      '1.1.1',
      'Số nhiệm vụ đề ra trong kế hoạch',
      'Sở Nội vụ',
      'so-noi-vu.xlsx',
      'Phụ lục I',
      'D8',
      '1.234',
      1234,
      'số liệu',
    ]);
    expect(noiVu.filter((row) => row[0] === TEMPLATE_CELLS_KEY)).toHaveLength(1);
    expect(of('so-cong-thuong-cu.xlsx').filter((row) => row[0] === '1.1.1')).toHaveLength(1);
    expect(of('so-cong-thuong-cu.xlsx').some((row) => row[0] === TEMPLATE_CELLS_KEY)).toBe(false);
  });

  it("exits 3 when no file could be consolidated, and writes nothing; why in Vietnamese, never the system's English", async () => {
    const out = path.join(dir, 'khong.xlsx');
    const folder = path.join(dir, 'thu-muc.xlsx');
    mkdirSync(folder, { recursive: true });
    const r = await cchc('consolidate', files[4], path.join(dir, 'khong-co.xlsx'), folder, '-o', out, '--json');
    expect(r.code).toBe(3);
    expect(r.err).toContain('Không tổng hợp được tệp nào');
    expect(r.err).toContain('thu-muc.xlsx: không mở được tệp: đó là một thư mục');
    expect(r.err).not.toMatch(/EISDIR|illegal operation/);
    expect(existsSync(out)).toBe(false);
  });
});
