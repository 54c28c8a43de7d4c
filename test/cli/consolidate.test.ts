import { spawnSync } from 'child_process';
import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { buildRealSoWorkbook, REAL_SO_EXPECTED } from '../fixtures/legacyForms';
import { unitWorkbookBytes } from '../fixtures/unitWorkbook';

const bin = path.join(__dirname, '..', '..', 'dist', 'node', 'src', 'cli', 'cchc.js');
const dir = mkdtempSync(path.join(tmpdir(), 'cchc-cons-'));

function cchc(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

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

  it('merges every readable unit, refuses the others with a reason and traces each figure', () => {
    const out = path.join(dir, 'tong-hop.xlsx');
    const r = cchc('consolidate', ...files, '-o', out, '--json');
    expect(r.code).toBe(0);
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
    expect(existsSync(out)).toBe(true);
  });

  it('writes formula-looking text from a colleague as text', async () => {
    const out = path.join(dir, 'tong-hop-2.xlsx');
    expect(cchc('consolidate', files[0], files[1], '-o', out).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    let formulas = 0;
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => (formulas += c.formula ? 1 : 0))));
    expect(formulas).toBe(0);
  });

  it('exits 2 when no file could be consolidated, and writes nothing', () => {
    const out = path.join(dir, 'khong.xlsx');
    const r = cchc('consolidate', files[4], path.join(dir, 'khong-co.xlsx'), '-o', out, '--json');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Không tổng hợp được tệp nào');
    expect(existsSync(out)).toBe(false);
  });
});
