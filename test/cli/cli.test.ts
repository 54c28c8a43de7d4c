import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { nameForKey } from '../../src/domain/layout';
import { definedCells } from '../../src/io/readWorkbook';
import { catalog2024 } from '../../src/domain/catalog/data/v2024';
import { buildRealSoWorkbook, REAL_SO_EXPECTED } from '../fixtures/legacyForms';
import { unitWorkbookBytes } from '../fixtures/unitWorkbook';
import { cchc as run, tempDir } from './run';

// In-process through runCli, the same commander program the built `cchc` runs (test/cli/smoke.test.ts spawns it).
const dir = tempDir('cchc-cli-');
const cchc = (...args: string[]) => run(args);

describe('cchc', () => {
  const template = path.join(dir, 'mau.xlsx');

  it('prints Vietnamese help', async () => {
    const r = await cchc('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('template');
    expect(r.out).toContain('validate');
  });

  it('template writes the injected layout; read --json reports it empty', async () => {
    const made = await cchc('template', '-o', template, '--level', 'so', '--period', 'H1', '--year', '2024');
    expect(made.code).toBe(0);
    expect(made.out).toContain('Đã tạo');
    const r = await cchc('read', template, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ file: 'mau.xlsx', layout: 'template', unit: null, notes: [] });
    expect(json.values['1.1.1']).toBeNull();
    expect(json.values['3.3.a']).toBeNull();
    expect(Object.keys(json.values)).toContain('BM7/6');
  });

  it('validate --json points at the cell and exits 1 on an error, 0 once fixed', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(template);
    const names = definedCells(wb);
    const set = (key: string, v: number | string) => {
      const at = names.get(nameForKey(key))!;
      wb.getWorksheet(at.sheet)!.getCell(at.address).value = v;
    };
    set('1.1.1', 39);
    set('1.1.2', 45);
    set('4.2.5', '10%');
    const bad = path.join(dir, 'sai.xlsx');
    await wb.xlsx.writeFile(bad);
    const r = await cchc('validate', bad, '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    const f = json.findings.find((x: { rule: string }) => x.rule === '1.1.2#1');
    expect(f).toMatchObject({ severity: 'error', keys: ['1.1.2', '1.1.1'] });
    expect(f.cells[0]).toEqual(names.get(nameForKey('1.1.2')));
    const read = JSON.parse((await cchc('read', bad, '--json')).out);
    expect(read.values['4.2.5']).toBe(10);
    const human = await cchc('validate', bad);
    expect(human.code).toBe(1);
    expect(human.out).toContain('LỖI [Phụ lục I!');
    set('1.1.2', 19);
    const good = path.join(dir, 'dung.xlsx');
    await wb.xlsx.writeFile(good);
    expect((await cchc('validate', good, '--json')).code).toBe(0);
  });

  it.each([
    ['rac.xlsx', Buffer.from('PK\u0003\u0004 not really a zip at all, just bytes')],
    ['bang.xlsx', Buffer.from('STT,Chỉ tiêu,Số liệu\n1.1,Kế hoạch,1\n')],
    ['rong.xlsx', Buffer.alloc(0)],
    ['cu.xlsx', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)])],
  ])('refuses %s with exit 3 and a Vietnamese reason', async (name, bytes) => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    for (const cmd of ['read', 'validate']) {
      const r = await cchc(cmd, file, '--json');
      expect(r.code).toBe(3);
      expect(r.out).toBe('');
      expect(r.err).toContain(name);
      expect(r.err).not.toMatch(/\bat .*\.js:\d+/);
    }
  });

  it('refuses a missing file and an unknown catalog without leaving output', async () => {
    expect((await cchc('read', path.join(dir, 'khong-co.xlsx'))).err).toContain('Không tìm thấy tệp');
    const out = path.join(dir, 'x', 'y.xlsx');
    const r = await cchc('template', '-o', out);
    expect(r.code).toBe(3);
    expect(existsSync(out)).toBe(false);
    const c = await cchc('--catalog', '1999', 'template', '-o', path.join(dir, 'z.xlsx'));
    expect(c.code).toBe(2);
    expect(c.err).toContain('Không có danh mục phiên bản "1999"');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('cchc on the real sở form (Phụ lục I with every quirk)', () => {
  const file = path.join(dir, 'so-cong-thuong-6t-2024.xlsx');
  beforeAll(async () => writeFileSync(file, await buildRealSoWorkbook()));

  it('read --json gives back every figure exactly, and says which were read from text', async () => {
    const r = await cchc('read', file, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.layout).toBe('legacy');
    expect(json.unit).toMatch(/SỞ CÔNG THƯƠNG/i);
    expect(json.period).toMatchObject({ kind: 'H1', year: 2024 });
    for (const [key, value] of Object.entries(REAL_SO_EXPECTED)) expect([key, json.values[key]]).toEqual([key, value]);
    const textNote = json.notes.find((n: { key?: string; kind?: string }) => n.key === '3.3.a' && n.kind === 'text');
    expect(textNote).toMatchObject({ sheet: expect.any(String), cell: expect.stringMatching(/^[A-Z]+\d+$/) });
    expect(json.notes.some((n: { message: string }) => n.message.includes('1.2.2'))).toBe(true);
  });

  it('validate --json runs the rules on it', async () => {
    const r = await cchc('validate', file, '--json');
    expect([0, 1]).toContain(r.code);
    const json = JSON.parse(r.out);
    expect(Array.isArray(json.findings)).toBe(true);
    for (const f of json.findings) expect(f.message).toMatch(/Phụ lục I|Biểu mẫu/);
  });
});

describe('a province catalog given as data (--catalog-dir)', () => {
  it('drives template, read and validate without any code change', async () => {
    const catalogDir = path.join(dir, 'ha-nam-2025');
    mkdirSync(catalogDir);
    // The province adds a row with its own relation.
    writeFileSync(
      path.join(catalogDir, 'phu-luc-i.tsv'),
      catalog2024.phuLucI.replace(
        '1.1.3\tSố văn bản',
        '1.1.4\tSố cuộc họp về CCHC\tCuộc\tcount\t<= 1.1.1 (warning)\t\t\t\t\t\t\n1.1.3\tSố văn bản',
      ),
    );
    writeFileSync(path.join(catalogDir, 'bieu-mau.tsv'), catalog2024.bieuMau);
    const file = path.join(dir, 'tinh.xlsx');
    expect((await cchc('--catalog-dir', catalogDir, 'template', '-o', file)).code).toBe(0);
    const json = JSON.parse((await cchc('--catalog-dir', catalogDir, 'read', file, '--json')).out);
    expect(Object.keys(json.values)).toContain('1.1.4');
    expect((await cchc('--catalog-dir', path.join(dir, 'khong-co'), 'read', file)).err).toContain(
      'Không nạp được danh mục',
    );
  });
});

describe('what every command says about the file', () => {
  it('read prints a rate that is not 100% with the decimals to show it', async () => {
    const file = path.join(dir, 'ty-le.xlsx');
    writeFileSync(file, await unitWorkbookBytes('Sở Tư pháp', { '3.3.a': 16181, '3.3.b': 16183 }));
    const r = await cchc('read', file);
    expect(r.code).toBe(0);
    expect(r.out).toContain('99,99%');
    expect(r.out).not.toMatch(/:\s100(,0)?%/);
  });

  it('a workbook made with another catalog is read with a warning naming both', async () => {
    const catalogDir = path.join(dir, 'quang-tri-2026');
    mkdirSync(catalogDir);
    writeFileSync(path.join(catalogDir, 'phu-luc-i.tsv'), catalog2024.phuLucI);
    writeFileSync(path.join(catalogDir, 'bieu-mau.tsv'), catalog2024.bieuMau);
    const file = path.join(dir, 'danh-muc-khac.xlsx');
    expect((await cchc('--catalog-dir', catalogDir, 'template', '-o', file)).code).toBe(0);
    const human = await cchc('read', file);
    expect(human.err).toContain(
      'Cảnh báo: tệp được tạo theo danh mục "quang-tri-2026" nhưng đang đọc theo danh mục "2024"',
    );
    const json = JSON.parse((await cchc('validate', file, '--json')).out);
    expect(json.warnings.join(' ')).toContain('"quang-tri-2026"');
    expect((await cchc('--catalog-dir', catalogDir, 'read', file)).err).toBe('');
  });

  it('report lists each open error once and exits 1; --strict writes nothing', async () => {
    const file = path.join(dir, 'loi-mot-lan.xlsx');
    writeFileSync(file, await unitWorkbookBytes('Sở Tư pháp', { '1.1.1': 39, '1.1.2': 45 }));
    const v = JSON.parse((await cchc('validate', file, '--json')).out);
    const error = v.findings.find((f: { rule: string }) => f.rule === '1.1.2#1').message as string;
    const r = await cchc('report', file, '-o', path.join(dir, 'loi-mot-lan.docx'));
    expect(r.code).toBe(1);
    expect(r.err.split(error).length - 1).toBe(1);
    expect(r.out).toContain('còn 1 lỗi');
    const strict = await cchc('report', file, '-o', path.join(dir, 'nghiem.docx'), '--strict');
    expect(strict.code).toBe(1);
    expect(strict.err.split(error).length - 1).toBe(1);
    expect(existsSync(path.join(dir, 'nghiem.docx'))).toBe(false);
  });
});
