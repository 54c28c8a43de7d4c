import { ExcelPort } from '../../src/office/excelPort';
import { RecordingExcel, type FakeOperation } from '../fakes/excel';
import {
  commitImport,
  expectedUnitsFrom,
  readImportFiles,
  UNIT_LIST_SHEET,
  type ImportFile,
} from '../../src/taskpane/importFlow';
import { catalog, unitFile } from './importFixtures';

const OUTPUT = ['Tổng hợp', 'Nguồn số liệu', 'Kiểm tra', 'Đơn vị'];

function setup(excelApi = '1.14') {
  const fake = new RecordingExcel({ excelApi });
  const port = new ExcelPort({ run: fake.run, runIn: fake.runIn, isSetSupported: fake.isSetSupported });
  fake.addUserSheet('Sheet1', { A1: 'của tôi', B2: 12 });
  fake.addUserSheet(UNIT_LIST_SHEET, { A1: 'Đơn vị', A2: 'Sở Tư pháp', A4: 'Sở Y tế', A5: 'Sở Nội vụ' });
  return { fake, port };
}

/** Where an indicator's row is on the "Tổng hợp" sheet of the fake (first form holding its code). */
function summaryRow(fake: RecordingExcel, code: string): number {
  for (let r = 5; r < 400; r++) if (fake.cell('Tổng hợp', `A${r}`).value === code) return r;
  throw new Error(`no row ${code}`);
}

let files: ImportFile[];
let updated: ImportFile;
beforeAll(async () => {
  files = [
    await unitFile('so-tu-phap.xlsx', 'Sở Tư pháp', { '1.1.1': 20, '1.1.2': 10 }),
    await unitFile('so-y-te.xlsx', 'Sở Y tế', { '1.1.1': 10, '1.1.2': 4 }),
    await unitFile('hiem.xlsx', '=HYPERLINK("http://x.example")', { '1.1.1': 1 }),
  ];
  updated = await unitFile('so-y-te-2.xlsx', 'Sở Y tế', { '1.1.1': 15 });
});

async function entriesOf(list: ImportFile[]) {
  return readImportFiles(list, catalog, () => undefined);
}

describe('replaceSheetsFromXlsx on Excel (ExcelApi 1.13+: insertWorksheetsFromBase64)', () => {
  // One read sync first: whether the open workbook holds the office's own forms (the totals go into them).
  test('inserts the four sheets in at most 4 syncs, then replaces them in place on a re-import in at most 5', async () => {
    const { fake, port } = setup();
    expect(await expectedUnitsFrom(port)).toEqual(['Sở Tư pháp', 'Sở Y tế', 'Sở Nội vụ']);
    fake.resetCounts();
    const first = await commitImport(port, catalog, await entriesOf(files), ['Sở Tư pháp', 'Sở Y tế', 'Sở Nội vụ']);
    expect(fake.syncCount).toBeLessThanOrEqual(4);
    expect(fake.inserts).toEqual([OUTPUT]);
    expect(fake.sheetNames()).toEqual(['Sheet1', UNIT_LIST_SHEET, ...OUTPUT]);
    expect(fake.cell('Sheet1', 'A1').value).toBe('của tôi');
    const row = summaryRow(fake, '1.1.1');
    expect(fake.cell('Tổng hợp', `D${row}`).value).toBe(31);
    expect(fake.cell('Tổng hợp', 'H4')).toMatchObject({ value: '=HYPERLINK("http://x.example")', formula: null });
    expect(fake.sheetInfo('Tổng hợp')!.merges).toContain('A1:E1');

    // Old sheets of the same names exist now: the new ones come in suffixed, then take their names.
    fake.resetCounts();
    const second = await commitImport(port, catalog, await entriesOf([updated]), [], first);
    // Insert, swap names, then (once swapped) look up and delete the old sheets.
    expect(fake.syncCount).toBeLessThanOrEqual(5);
    expect(fake.sheetNames()).toEqual(['Sheet1', UNIT_LIST_SHEET, ...OUTPUT]);
    expect(fake.cell('Tổng hợp', `D${summaryRow(fake, '1.1.1')}`).value).toBe(20 + 15 + 1);
    expect(second.units.find((u) => u.unit === 'Sở Y tế')!.file).toBe('so-y-te-2.xlsx');
  });

  const steps: [string, FakeOperation, number][] = [
    ['the insertion', 'insertWorksheets', 0],
    ['renaming an old sheet aside', 'renameSheet', 0],
    ['giving a new sheet its name', 'renameSheet', 5],
  ];
  test.each(steps)('a failure in %s leaves the workbook as it was', async (_label, op, skip) => {
    const { fake, port } = setup();
    const first = await commitImport(port, catalog, await entriesOf(files), []);
    const before = fake.dump();
    fake.failOn(op, { skip });
    await expect(commitImport(port, catalog, await entriesOf([updated]), [], first)).rejects.toThrow(
      `Injected failure of ${op}`,
    );
    expect(fake.dump()).toEqual(before);
    expect(fake.cell('Tổng hợp', `D${summaryRow(fake, '1.1.1')}`).value).toBe(31);
    // And the next try goes through.
    await commitImport(port, catalog, await entriesOf([updated]), [], first);
    expect(fake.sheetNames()).toEqual(['Sheet1', UNIT_LIST_SHEET, ...OUTPUT]);
  });
});

test.each([0, 1, 3])(
  'deleting old sheet %i fails: the swap is done, the deletion is tried again and the old sheets go',
  async (skip) => {
    const { fake, port } = setup();
    const first = await commitImport(port, catalog, await entriesOf(files), []);
    fake.failOn('deleteSheet', { skip });
    await commitImport(port, catalog, await entriesOf([updated]), [], first);
    expect(fake.sheetNames()).toEqual(['Sheet1', UNIT_LIST_SHEET, ...OUTPUT]);
    expect(fake.cell('Tổng hợp', `D${summaryRow(fake, '1.1.1')}`).value).toBe(36);
  },
);

test('deletion failing twice: the new sheets are in, the old ones kept aside, and the user is told', async () => {
  const { fake, port } = setup();
  const first = await commitImport(port, catalog, await entriesOf(files), []);
  fake.failOn('deleteSheet');
  fake.failOn('deleteSheet');
  await expect(commitImport(port, catalog, await entriesOf([updated]), [], first)).rejects.toThrow(
    /không xoá được trang cũ.*CCHC cũ/,
  );
  expect(fake.sheetNames().slice(0, 2)).toEqual(['Sheet1', UNIT_LIST_SHEET]);
  expect(fake.sheetNames().filter((n) => n.startsWith('CCHC cũ'))).toHaveLength(4);
  expect(fake.cell('Tổng hợp', `D${summaryRow(fake, '1.1.1')}`).value).toBe(36);
});

describe('replaceSheetsFromXlsx on older Excel (values written as blocks)', () => {
  test('numbers stay numbers, text stays text (no formula from "=…"), in at most 4 syncs', async () => {
    const { fake, port } = setup('1.12');
    fake.resetCounts();
    await commitImport(port, catalog, await entriesOf(files), []);
    expect(fake.syncCount).toBeLessThanOrEqual(4);
    expect(fake.inserts).toEqual([]);
    expect(fake.sheetNames()).toEqual(['Sheet1', UNIT_LIST_SHEET, ...OUTPUT]);
    const row = summaryRow(fake, '1.1.1');
    expect(fake.cell('Tổng hợp', `D${row}`).value).toBe(31);
    expect(fake.cell('Tổng hợp', `F${row}`).value).toBe(20);
    // A code like "1.1" stays text rather than becoming the number 1.1.
    expect(fake.cell('Tổng hợp', `A${summaryRow(fake, '1.1')}`).value).toBe('1.1');
    expect(fake.cell('Tổng hợp', 'H4')).toMatchObject({ value: '=HYPERLINK("http://x.example")', formula: null });
    expect(fake.cell('Tổng hợp', 'B4').format['font.bold']).toBe(true);
    expect(fake.sheetInfo('Tổng hợp')!.merges).toContain('A1:E1');
  });

  test.each<[FakeOperation, number]>([
    ['writeRange', 2],
    ['renameSheet', 1],
  ])('a failure of %s leaves the workbook as it was', async (op, skip) => {
    const { fake, port } = setup('1.12');
    const first = await commitImport(port, catalog, await entriesOf(files), []);
    const before = fake.dump();
    fake.failOn(op, { skip });
    await expect(commitImport(port, catalog, await entriesOf([updated]), [], first)).rejects.toThrow(
      `Injected failure of ${op}`,
    );
    expect(fake.dump()).toEqual(before);
  });
});
