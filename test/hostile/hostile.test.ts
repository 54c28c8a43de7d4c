// Every damaged, hostile and oversized input through every opening path: the command line, the pane's
// import and the standalone open. A refusal names the file and says why in Vietnamese; a file that opens
// gives back every figure exactly, and each figure it cannot read is an error at its cell.
import { existsSync, writeFileSync } from 'fs';
import * as path from 'path';
import { getCatalog } from '../../src/domain/catalog';
import { consolidate } from '../../src/domain/consolidate';
import { acceptedSubmissions } from '../../src/domain/importSession';
import { nameForKey } from '../../src/domain/layout';
import { definedCells } from '../../src/io/readWorkbook';
import { WorkbookRejected } from '../../src/io/safeOpen';
import { readImportFiles } from '../../src/taskpane/importFlow';
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { cchc, tempDir } from '../cli/run';
import { bombSet, buildHostileInputs, millionRowWorkbook, type HostileInput } from './inputs';

const catalog = getCatalog('2024');
const dir = tempDir('cchc-hostile-');
/** Raw library text that must never reach a user. */
const ENGLISH = /\b(Error|error|invalid|unexpected|undefined|Cannot|cannot|failed|at \S+\.js:\d+)\b/;

let inputs: HostileInput[] = [];
beforeAll(async () => {
  inputs = await buildHostileInputs();
  for (const i of inputs) writeFileSync(path.join(dir, i.name), i.bytes);
}, 120_000);

const named = (name: string) => inputs.find((i) => i.name === name)!;
const NAMES = [
  'nguyen-ven.xlsx',
  'bom-nen.xlsx',
  'noi-doi-kich-thuoc.xlsx',
  'sai-crc.xlsx',
  'cat-do.xlsx',
  'trang-rong.xlsx',
  'trang-bi-cat.xlsx',
  'chuoi-lech.xlsx',
  'chuoi-thieu.xlsx',
  'chuoi-rong.xlsx',
  'chuoi-hong.xlsx',
  'thuc-the.xlsx',
  'mat-khau.xlsx',
  'zip-ma-hoa.xlsx',
  'xls-cu.xlsx',
  'o-qua-dai.xlsx',
  'o-xa-nhat.xlsx',
  'so-lieu-chu.xlsx',
  'loi-excel.xlsx',
  'nan.xlsx',
];

it('the builder makes every input the suite names', () => {
  expect(inputs.map((i) => i.name).sort()).toEqual([...NAMES].sort());
});

describe.each(NAMES)('%s', (name) => {
  it('cchc read and validate', async () => {
    const input = named(name);
    const file = path.join(dir, name);
    const validate = await cchc(['validate', file, '--json']);
    if ('refused' in input.expect) {
      expect(validate.code).toBe(3);
      expect(validate.out).toBe('');
      expect(validate.err).toContain(name);
      expect(validate.err).toMatch(input.expect.refused);
      expect(validate.err).not.toMatch(ENGLISH);
      expect((await cchc(['read', file, '--json'])).code).toBe(3);
      return;
    }
    const read = await cchc(['read', file, '--json']);
    expect(read.code).toBe(0);
    const values = JSON.parse(read.out).values;
    for (const [key, v] of Object.entries(input.expect.figures)) expect([key, values[key]]).toEqual([key, v]);
    const findings = JSON.parse(validate.out).findings as { rule: string; severity: string; cells: unknown[] }[];
    for (const key of input.expect.unreadable) {
      const f = findings.find((x) => x.rule === `${key}#unreadable`);
      expect([key, f?.severity]).toEqual([key, 'error']);
      expect(f!.cells).toHaveLength(1);
    }
    expect(validate.code).toBe(
      input.expect.unreadable.length ? 1 : findings.some((f) => f.severity === 'error') ? 1 : 0,
    );
  });

  it('the pane’s import, then its consolidation', async () => {
    const input = named(name);
    const [entry] = await readImportFiles([{ name, bytes: input.bytes }], catalog, () => undefined);
    if ('refused' in input.expect) {
      expect(entry.status).toBe('refused');
      expect(entry.reason).toMatch(input.expect.refused);
      expect(entry.reason).not.toMatch(ENGLISH);
      return;
    }
    expect(entry.status).toBe('read');
    for (const [key, v] of Object.entries(input.expect.figures))
      expect([key, entry.read!.figures.values[key] ?? null]).toEqual([key, v]);
    const unplaced = entry.unplaced.map((u) => `${u.sheet}!${u.cell}`);
    const cells = entry.read!.figures.cells ?? {};
    for (const key of input.expect.unreadable) expect(unplaced).toContain(`${cells[key].sheet}!${cells[key].address}`);
    const result = consolidate(catalog, acceptedSubmissions([entry]));
    for (const key of input.expect.unreadable)
      expect(result.findings.find((f) => f.rule === `${key}#unreadable`)).toMatchObject({
        severity: 'error',
        unit: entry.unit,
        cells: [cells[key]],
      });
  });

  it('the standalone open', async () => {
    const input = named(name);
    if ('refused' in input.expect) {
      const refusal = await MemoryPort.open(input.bytes, name).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refusal).toBeInstanceOf(WorkbookRejected);
      expect((refusal as WorkbookRejected).reason).toMatch(input.expect.refused);
      return;
    }
    const port = await MemoryPort.open(input.bytes, name);
    // Every figure cell holds what was typed there, not a value changed on the way in.
    const names = definedCells(port.workbook);
    for (const [key, v] of Object.entries(input.expect.figures)) {
      const at = names.get(nameForKey(key))!;
      const cell = port.workbook.getWorksheet(at.sheet)!.getCell(at.address).value;
      if (v !== null) expect([key, cell]).toEqual([key, v]);
      else expect([key, typeof cell === 'number' && Number.isFinite(cell)]).toEqual([key, false]);
    }
  });
});

describe('a 1,000,000-row sheet', () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await millionRowWorkbook();
    writeFileSync(path.join(dir, 'trieu-dong.xlsx'), bytes);
  }, 120_000);

  it('is refused at the row bound by every path, naming the sheet and the bound', async () => {
    const reason = /trang tính "Phụ lục I" có hơn 100\.000 dòng dữ liệu/;
    const r = await cchc(['validate', path.join(dir, 'trieu-dong.xlsx')]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(reason);
    const [entry] = await readImportFiles([{ name: 'trieu-dong.xlsx', bytes }], catalog, () => undefined);
    expect(entry.reason).toMatch(reason);
    await expect(MemoryPort.open(bytes, 'trieu-dong.xlsx')).rejects.toThrow(reason);
  });
});

describe('a set of 20 zip bombs', () => {
  let files: string[];
  let bombs: Uint8Array[];
  beforeAll(async () => {
    bombs = await bombSet(20);
    files = bombs.map((b, i) => {
      const file = path.join(dir, `bom-${i + 1}.xlsx`);
      writeFileSync(file, b);
      return file;
    });
  }, 120_000);

  it('cchc consolidate refuses each, writes nothing and exits 2', async () => {
    const out = path.join(dir, 'tong-hop-bom.xlsx');
    const r = await cchc(['consolidate', ...files, '-o', out, '--json']);
    expect(r.code).toBe(3);
    expect(r.err).toContain('Không tổng hợp được tệp nào');
    const units = JSON.parse(r.out).units as { status: string; reason: string }[];
    expect(units).toHaveLength(20);
    for (const u of units) expect(u).toMatchObject({ status: 'refused', reason: expect.stringMatching(/zip bomb/) });
    expect(existsSync(out)).toBe(false);
  });

  it('the pane’s import refuses each', async () => {
    const entries = await readImportFiles(
      bombs.map((bytes, i) => ({ name: `bom-${i + 1}.xlsx`, bytes })),
      catalog,
      () => undefined,
    );
    expect(entries.map((e) => e.status)).toEqual(Array(20).fill('refused'));
  });
});
