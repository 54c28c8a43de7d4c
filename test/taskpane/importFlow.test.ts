import ExcelJS from 'exceljs';
import { formLabel } from '../../src/domain/catalog/load';
import type { ImportEntry } from '../../src/domain/importSession';
import { cellRaw, isFormulaCell } from '../../src/io/cellText';
import { TEMPLATE_CELLS_KEY } from '../../src/io/consolidatedWorkbook';
import {
  commitBlocker,
  commitImport,
  duplicateGroups,
  expectedUnitsFrom,
  readImportFiles,
  reviewImport,
  UNIT_LIST_SHEET,
  type ImportFile,
} from '../../src/taskpane/importFlow';
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { REAL_SO_EXPECTED } from '../fixtures/legacyForms';
import { brokenFiles, catalog, legacyFile, unitFile, type TestFile } from './importFixtures';

const OUTPUT = ['Tổng hợp', 'Nguồn số liệu', 'Kiểm tra', 'Đơn vị'];

async function read(files: ImportFile[]): Promise<{ entries: ImportEntry[]; calls: ImportEntry[][] }> {
  const calls: ImportEntry[][] = [];
  const entries = await readImportFiles(files, catalog, (e) => calls.push(e.map((x) => ({ ...x }))));
  return { entries, calls };
}

const byFile = (entries: ImportEntry[], file: string) => entries.find((e) => e.file === file)!;

/** A workbook the user already works in: their own sheet and the list of units that must report. */
function userWorkbook(units: (string | null)[] = ['Sở Tư pháp', 'Sở Y tế', null, 'Sở Nội vụ']): MemoryPort {
  const port = MemoryPort.blank();
  port.workbook.getWorksheet('Trang tính 1')!.getCell('B2').value = 'của tôi';
  const list = port.workbook.addWorksheet(UNIT_LIST_SHEET);
  list.getCell('A1').value = 'Tên đơn vị';
  units.forEach((u, i) => (list.getCell(`A${i + 2}`).value = u));
  return port;
}

/** "Tổng hợp" as read back from the workbook: the total and each unit's figure of an indicator. */
function summary(port: MemoryPort, key: string): { total: unknown; units: Record<string, unknown> } {
  const ws = port.workbook.getWorksheet('Tổng hợp');
  if (!ws) throw new Error('no Tổng hợp sheet');
  const ind = catalog.byKey.get(key)!;
  const header = ws.getRow(4);
  let form = '';
  for (let r = 5; r <= ws.rowCount; r++) {
    const a = String(cellRaw(ws.getCell(r, 1)) ?? '');
    const f = catalog.forms.find((x) => a.startsWith(`${x.label}: `));
    if (f) {
      form = f.id;
      continue;
    }
    if (form !== ind.form || a !== ind.code) continue;
    const units: Record<string, unknown> = {};
    for (let c = 6; c <= ws.columnCount; c++) {
      const name = cellRaw(header.getCell(c));
      if (name !== null) units[String(name)] = cellRaw(ws.getCell(r, c));
    }
    return { total: cellRaw(ws.getCell(r, 4)), units };
  }
  throw new Error(`${formLabel(ind.form)} ${ind.code} not on Tổng hợp`);
}

/** Rows of a sheet as text, for looking up a unit's line. */
function rowsOf(port: MemoryPort, sheet: string): string[][] {
  const ws = port.workbook.getWorksheet(sheet)!;
  const out: string[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = cellRaw(ws.getCell(r, c));
      row.push(v === null ? '' : String(v));
    }
    out.push(row);
  }
  return out;
}

/** Everything the port shows of the workbook, to compare before and after. */
async function snapshot(port: MemoryPort) {
  const sheets = await port.sheetNames();
  return { sheets, grids: (await port.readFormValues(sheets, { formulas: true })).grids };
}

describe('readImportFiles', () => {
  let tuPhap: TestFile;
  let files: ImportFile[];
  beforeAll(async () => {
    tuPhap = await unitFile(
      'so-tu-phap.xlsx',
      'Sở Tư pháp',
      { '1.1.1': 20, '1.1.2': 10, '1.1.3': 'mười hai' },
      { dropNames: ['1.2.1'] },
    );
    files = [
      tuPhap,
      brokenFiles.text(),
      await legacyFile(),
      brokenFiles.oldXls(),
      brokenFiles.truncated(tuPhap),
      brokenFiles.password(),
      await unitFile('so-y-te-nam.xlsx', 'Sở Y tế', { '1.1.1': 5 }, { periodKind: 'Năm' }),
    ];
  });

  test('reads the files in order, refuses the bad ones with a Vietnamese reason and goes on with the others', async () => {
    const { entries, calls } = await read(files);
    expect(entries.map((e) => [e.file, e.status])).toEqual([
      ['so-tu-phap.xlsx', 'read'],
      ['ghi-chu.xlsx', 'refused'],
      ['so-cong-thuong-cu.xlsx', 'read'],
      ['bao-cao-cu.xls', 'refused'],
      ['tai-ve-do-dang.xlsx', 'refused'],
      ['co-mat-khau.xlsx', 'refused'],
      ['so-y-te-nam.xlsx', 'read'],
    ]);
    expect(byFile(entries, 'ghi-chu.xlsx').reason).toMatch(/CSV|văn bản/);
    expect(byFile(entries, 'bao-cao-cu.xls').reason).toMatch(/97–2003 \(\.xls\)/);
    expect(byFile(entries, 'tai-ve-do-dang.xlsx').reason).toMatch(/bị hỏng hoặc tải về chưa hết/);
    expect(byFile(entries, 'co-mat-khau.xlsx').reason).toMatch(/mật khẩu/);

    // The progress: the files read so far with their outcome, in order, then those being read; never backwards.
    expect(calls[0].length).toBeGreaterThan(0);
    expect(calls[0].every((e) => e.status === 'reading')).toBe(true);
    let before = 0;
    for (const call of calls) {
      const read = call.findIndex((e) => e.status === 'reading');
      const count = read < 0 ? call.length : read;
      expect(call.slice(count).every((e) => e.status === 'reading')).toBe(true);
      expect(call.map((e) => e.file)).toEqual(entries.slice(0, call.length).map((e) => e.file));
      expect(call.slice(0, count).map((e) => e.status)).toEqual(entries.slice(0, count).map((e) => e.status));
      expect(count).toBeGreaterThanOrEqual(before);
      before = count;
    }
    expect(calls[calls.length - 1].map((e) => e.status)).toEqual(entries.map((e) => e.status));
  });

  test('the preview: unit, period, figures found, cells it could not read, template drift, other period', async () => {
    const { entries } = await read(files);
    const tp = byFile(entries, 'so-tu-phap.xlsx');
    expect(tp).toMatchObject({
      unit: 'Sở Tư pháp',
      layout: 'template',
      period: { kind: 'H1', year: 2024 },
      figuresFound: 2,
      keep: true,
    });
    // "mười hai" is no number: listed with its sheet and cell.
    const cell = tp.read!.figures.cells!['1.1.3'];
    expect(tp.unplaced).toEqual([expect.objectContaining({ sheet: cell.sheet, cell: cell.address })]);
    expect(tp.unplaced[0].message).toContain('không phải số');
    // A row removed from the template by hand.
    expect(tp.drift.missing).toEqual(['1.2.1']);

    const legacy = byFile(entries, 'so-cong-thuong-cu.xlsx');
    expect(legacy).toMatchObject({ layout: 'legacy', period: { kind: 'H1', year: 2024 } });
    expect(legacy.unit).toMatch(/công thương/i);
    expect(legacy.figuresFound).toBe(Object.keys(REAL_SO_EXPECTED).length);

    const other = byFile(entries, 'so-y-te-nam.xlsx');
    expect(other.period).toMatchObject({ kind: 'Y', year: 2024 });
    expect(other.warnings).toEqual([expect.stringContaining('Kỳ báo cáo khác các tệp còn lại: Năm 2024')]);
    expect(tp.warnings).toEqual([]);
  });

  test('two files with the same name are two lines', async () => {
    const a = await unitFile('bao-cao.xlsx', 'Sở A', { '1.1.1': 1 });
    const b = await unitFile('bao-cao.xlsx', 'Sở B', { '1.1.1': 2 });
    const { entries } = await read([a, b]);
    expect(entries.map((e) => e.file)).toEqual(['bao-cao.xlsx', 'bao-cao (2).xlsx']);
  });
});

describe('duplicates, expected units and the commit', () => {
  let tuPhap: ImportFile;
  let yTe: ImportFile;
  let yTe2: ImportFile;
  let legacy: ImportFile;
  beforeAll(async () => {
    tuPhap = await unitFile('so-tu-phap.xlsx', 'Sở Tư pháp', { '1.1.1': 20, '1.1.2': 10, '3.1': 50, '3.2.1': 100 });
    yTe = await unitFile('so-y-te.xlsx', 'Sở Y tế', { '1.1.1': 10, '1.1.2': 10, '3.1': 150, '3.2.1': 60 });
    yTe2 = await unitFile('so-y-te-ban-2.xlsx', 'sở y tế', { '1.1.1': 12, '1.1.2': 11 });
    legacy = await legacyFile();
  });

  test('a unit sent twice: nothing kept until the user picks one file, then exactly that one', async () => {
    const { entries } = await read([tuPhap, yTe, yTe2]);
    const groups = duplicateGroups(entries);
    expect(groups).toEqual([
      { key: 'so y te', unit: 'Sở Y tế', files: ['so-y-te.xlsx', 'so-y-te-ban-2.xlsx'], kept: [] },
    ]);
    expect(commitBlocker(entries)).toContain('Sở Y tế');
    const port = userWorkbook();
    const before = await snapshot(port);
    await expect(commitImport(port, catalog, entries, [])).rejects.toThrow(/Sở Y tế/);
    expect(await snapshot(port)).toEqual(before);

    const chosen = reviewImport(entries, { [groups[0].key]: 'so-y-te-ban-2.xlsx' });
    expect(chosen.filter((e) => e.keep).map((e) => e.file)).toEqual(['so-tu-phap.xlsx', 'so-y-te-ban-2.xlsx']);
    expect(duplicateGroups(chosen)[0].kept).toEqual(['so-y-te-ban-2.xlsx']);
    expect(commitBlocker(chosen)).toBeNull();
    const result = await commitImport(port, catalog, chosen, []);
    expect(result.units.map((u) => u.file)).toEqual(['so-tu-phap.xlsx', 'so-y-te-ban-2.xlsx']);
    expect(summary(port, '1.1.1').total).toBe(20 + 12);
    // The file left out is listed with why.
    expect(result.refused).toEqual([
      { file: 'so-y-te.xlsx', unit: 'Sở Y tế', reason: 'trùng đơn vị, đã chọn giữ tệp "so-y-te-ban-2.xlsx"' },
    ]);
  });

  test('renaming a unit in the preview ends a duplicate', async () => {
    const { entries } = await read([yTe, yTe2]);
    expect(commitBlocker(entries)).not.toBeNull();
    const renamed = reviewImport(
      entries.map((e) => (e.file === 'so-y-te-ban-2.xlsx' ? { ...e, unit: 'Bệnh viện tỉnh' } : e)),
    );
    expect(duplicateGroups(renamed)).toEqual([]);
    expect(renamed.every((e) => e.keep && e.warnings.length === 0)).toBe(true);
    expect(commitBlocker(renamed)).toBeNull();
    // An empty name blocks until one is typed.
    const unnamed = reviewImport(renamed.map((e, i) => (i === 0 ? { ...e, unit: '  ' } : e)));
    expect(commitBlocker(unnamed)).toBe('Nhập tên đơn vị cho tệp "so-y-te.xlsx".');
  });

  test('expected units come from "Danh sách đơn vị" (column A from row 2, blanks skipped), [] without it', async () => {
    expect(await expectedUnitsFrom(userWorkbook())).toEqual(['Sở Tư pháp', 'Sở Y tế', 'Sở Nội vụ']);
    expect(await expectedUnitsFrom(MemoryPort.blank())).toEqual([]);
  });

  test('the commit writes the four sheets with the right totals, leaves the user’s sheets alone and lists who has not sent', async () => {
    const port = userWorkbook();
    const { entries } = await read([tuPhap, yTe, legacy, brokenFiles.text()]);
    const expected = await expectedUnitsFrom(port);
    const result = await commitImport(port, catalog, entries, expected);

    expect(await port.sheetNames()).toEqual(['Trang tính 1', UNIT_LIST_SHEET, ...OUTPUT]);
    expect(port.workbook.getWorksheet('Trang tính 1')!.getCell('B2').value).toBe('của tôi');
    const s = summary(port, '1.1.1');
    expect(s.total).toBe(20 + 10 + REAL_SO_EXPECTED['1.1.1']);
    expect(s.units).toEqual({ 'Sở Tư pháp': 20, 'Sở Y tế': 10, [entries[2].unit]: REAL_SO_EXPECTED['1.1.1'] });
    // A rate weighted by its denominator, never a plain mean.
    expect(summary(port, '3.2.1').total as number).toBeCloseTo(
      (100 * 50 + 60 * 150 + 100 * REAL_SO_EXPECTED['3.1']) / (50 + 150 + REAL_SO_EXPECTED['3.1']),
      6,
    );
    expect(result.totals.values['1.1.1']).toBe(s.total);
    // Copied with its looks: merged title, widths, bold header, frozen panes.
    const ws = port.workbook.getWorksheet('Tổng hợp')!;
    expect(ws.model.merges).toContain('A1:E1');
    expect(ws.getColumn(2).width).toBe(56);
    expect(ws.getCell('B4').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 4, ySplit: 4 });

    const units = rowsOf(port, 'Đơn vị');
    expect(units.find((r) => r[1] === 'Sở Nội vụ')?.[9]).toBe('Chưa nộp');
    expect(units.find((r) => r[2] === 'ghi-chu.xlsx')?.[9]).toMatch(/^Không tổng hợp: đây là tệp/);
    expect(result.missingUnits).toEqual(['Sở Nội vụ']);
    // The sources sheet traces a figure to the colleague's cell; figures at the template's own cells, as typed,
    // take one row per unit.
    const sources = rowsOf(port, 'Nguồn số liệu');
    const at = entries[2].read!.figures.cells!['1.1.1'];
    expect(
      sources.some((r) => r[0] === '1.1.1' && r[3] === entries[2].file && r[4] === at.sheet && r[5] === at.address),
    ).toBe(true);
    expect(sources.filter((r) => r[3] === 'so-tu-phap.xlsx').map((r) => r[0])).toEqual([TEMPLATE_CELLS_KEY]);
  });

  test('formula-looking text from a colleague is written as text, never as a formula', async () => {
    const hostile = [
      await unitFile('=cmd.xlsx', '=HYPERLINK("http://x.example","bấm")', { '1.1.1': 3, '2.1': '=1+1' }),
      await unitFile('b.xlsx', '@SUM(A1:A9)', { '1.1.1': 4 }),
      await unitFile('c.xlsx', '+cmd|calc', { '1.1.1': 5 }),
      await unitFile('d.xlsx', '-2+3', { '1.1.1': 6 }),
    ];
    const port = MemoryPort.blank();
    const { entries } = await read(hostile);
    await commitImport(port, catalog, entries, []);
    let formulas = 0;
    const texts = new Set<string>();
    for (const sheet of OUTPUT) {
      port.workbook.getWorksheet(sheet)!.eachRow((row) =>
        row.eachCell((c) => {
          if (isFormulaCell(c)) formulas++;
          if (typeof c.value === 'string') texts.add(c.value);
        }),
      );
    }
    expect(formulas).toBe(0);
    for (const t of ['=HYPERLINK("http://x.example","bấm")', '@SUM(A1:A9)', '+cmd|calc', '-2+3', '=cmd.xlsx'])
      expect(texts).toContain(t);
    expect(summary(port, '1.1.1').total).toBe(18);
    // Saved and opened again, still text.
    const again = new ExcelJS.Workbook();
    await again.xlsx.load((await port.save()) as unknown as ArrayBuffer);
    expect(again.getWorksheet('Tổng hợp')!.getRow(4).getCell(6).value).toBe('=HYPERLINK("http://x.example","bấm")');
  });

  test('re-importing an updated file of a unit replaces its figures and recomputes', async () => {
    const port = userWorkbook();
    const first = await commitImport(port, catalog, (await read([tuPhap, yTe])).entries, await expectedUnitsFrom(port));
    expect(summary(port, '1.1.1').total).toBe(30);
    const order = await port.sheetNames();

    const updated = await unitFile('so-y-te-cap-nhat.xlsx', 'Sở Y tế', { '1.1.1': 15, '1.1.2': 14 });
    const second = await commitImport(
      port,
      catalog,
      (await read([updated])).entries,
      await expectedUnitsFrom(port),
      first,
    );
    expect(second.units.map((u) => [u.unit, u.file])).toEqual([
      ['Sở Tư pháp', 'so-tu-phap.xlsx'],
      ['Sở Y tế', 'so-y-te-cap-nhat.xlsx'],
    ]);
    const s = summary(port, '1.1.1');
    expect(s.total).toBe(35);
    expect(s.units).toEqual({ 'Sở Tư pháp': 20, 'Sở Y tế': 15 });
    expect(summary(port, '1.1.2').total).toBe(24);
    // The sheets were replaced in place: same names, same order, nothing left over.
    expect(await port.sheetNames()).toEqual(order);
    expect(second.missingUnits).toEqual(['Sở Nội vụ']);
  });

  test('a failure midway leaves the workbook exactly as it was', async () => {
    const port = userWorkbook();
    await commitImport(port, catalog, (await read([tuPhap])).entries, []);
    const before = await snapshot(port);
    expect(before.sheets).toEqual(['Trang tính 1', UNIT_LIST_SHEET, ...OUTPUT]);

    // The third new sheet cannot be added: two are already copied when it fails.
    const wb = port.workbook;
    const add = wb.addWorksheet.bind(wb);
    let calls = 0;
    wb.addWorksheet = ((name?: string, options?: Partial<ExcelJS.AddWorksheetOptions>) => {
      if (++calls === 3) throw new Error('hết bộ nhớ (giả lập)');
      return add(name, options);
    }) as typeof wb.addWorksheet;
    const { entries } = await read([tuPhap, yTe]);
    await expect(commitImport(port, catalog, entries, await expectedUnitsFrom(port))).rejects.toThrow(
      'hết bộ nhớ (giả lập)',
    );
    expect(calls).toBe(3);
    expect(await snapshot(port)).toEqual(before);
    expect(summary(port, '1.1.1').total).toBe(20);

    // A port whose write fails after everything was read and computed: nothing written either.
    wb.addWorksheet = add;
    const failing = Object.assign(Object.create(Object.getPrototypeOf(port)), port) as MemoryPort;
    failing.replaceSheetsFromXlsx = async () => {
      throw new Error('Excel từ chối ghi (giả lập)');
    };
    await expect(commitImport(failing, catalog, entries, [])).rejects.toThrow('Excel từ chối ghi (giả lập)');
    expect(await snapshot(port)).toEqual(before);
  });
});
