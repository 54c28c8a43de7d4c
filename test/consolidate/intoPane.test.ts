import type { ReportContext } from '../../src/domain/figures';
import { nameForDetail, nameForKey } from '../../src/domain/layout';
import { makePeriod } from '../../src/domain/period';
import { runsText } from '../../src/domain/report/narrative';
import { ExcelPort } from '../../src/office/excelPort';
import { FiguresNotWritten, type WorkbookPort } from '../../src/office/port';
import {
  commitImport,
  commitSummary,
  earlierConsolidation,
  readImportFiles,
  type ImportFile,
} from '../../src/taskpane/importFlow';
import { readReportSource, reportModel } from '../../src/taskpane/reportFlow';
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { injectForms } from '../../src/taskpane/usecases';
import { RecordingExcel, type HostProfile } from '../fakes/excel';
import { catalog, unitFile } from '../taskpane/importFixtures';

const ctxTinh: ReportContext = { level: 'tinh', period: makePeriod('H1', 2024) };
const EXPECTED = ['Sở Tư pháp', 'Sở Y tế', 'Sở Xây dựng', 'UBND huyện Bình Lục', 'UBND huyện Kim Bảng', 'Sở Vắng'];

let files: ImportFile[];
beforeAll(async () => {
  // 1.1.1: 20 + 10 + 5 + 8 + 7 = 50; 1.1.2: 10 + 4 + 5 + 3 = 22 (Sở Xây dựng left it blank); 1.2.2 by the huyện: 3 + 2.
  files = [
    await unitFile('so-tu-phap.xlsx', 'Sở Tư pháp', { '1.1.1': 20, '1.1.2': 10, '1.5': 1 }),
    await unitFile('so-y-te.xlsx', 'Sở Y tế', { '1.1.1': 10, '1.1.2': 4, '1.5': 0 }),
    await unitFile('so-xay-dung.xlsx', 'Sở Xây dựng', { '1.1.1': 5, '1.5': 1 }),
    await unitFile('binh-luc.xlsx', 'UBND huyện Bình Lục', { '1.1.1': 8, '1.1.2': 5, '1.2.2': 3 }),
    await unitFile('kim-bang.xlsx', 'UBND huyện Kim Bảng', { '1.1.1': 7, '1.1.2': 3, '1.2.2': 2 }),
  ];
});

const entries = () => readImportFiles(files, catalog, () => undefined);

async function cellOf(port: WorkbookPort, name: string): Promise<{ sheet: string; address: string }> {
  const at = (await port.readInputs()).names[name];
  if (!at) throw new Error(`no name ${name}`);
  return at;
}

/** The province's workbook in Excel: forms injected at its level, its details and own figures typed by the user. */
async function provinceInExcel(profile: HostProfile) {
  const fake = new RecordingExcel({ profile });
  const port = new ExcelPort({ run: fake.run, runIn: fake.runIn, isSetSupported: fake.isSetSupported });
  fake.addUserSheet('Sheet1', { A1: 'của tôi' });
  await injectForms(port, catalog, ctxTinh);
  const type = async (name: string, value: string | number) => {
    const at = await cellOf(port, name);
    fake.userEdit(at.sheet, at.address, [[value]]);
  };
  await type(nameForDetail('unit'), 'UBND tỉnh Hà Nam');
  // Its own figure, its own coded answer, and a figure the units' total replaces.
  await type(nameForKey('2.1'), 7);
  await type(nameForKey('1.5'), 1);
  await type(nameForKey('1.1.1'), 999);
  await fake.flushEvents();
  const value = async (key: string) => {
    const at = await cellOf(port, nameForKey(key));
    return fake.cell(at.sheet, at.address).value;
  };
  return { fake, port, value };
}

describe('the pane writes the totals into the open workbook’s own forms (Excel)', () => {
  test.each<HostProfile>(['office2019', 'm365'])(
    '%s: the same totals as cchc consolidate --into, own rows kept, no protection touched, the report states them',
    async (profile) => {
      const { fake, port, value } = await provinceInExcel(profile);
      const sheets = fake.sheetNames();
      const protectedBefore = sheets.map((s) => fake.sheetInfo(s)!.protected);
      expect(protectedBefore).toContain(true);
      const userUndo = [...fake.undoStack];

      const result = await commitImport(port, catalog, await entries(), EXPECTED);
      expect(result.ownForms).toEqual({ unit: 'UBND tỉnh Hà Nam', cells: expect.any(Number) });
      expect(result.ownForms!.cells).toBeGreaterThanOrEqual(3);
      expect(commitSummary(result)).toContain('vào sổ làm việc và các biểu của UBND tỉnh Hà Nam');

      expect(await value('1.1.1')).toBe(50);
      expect(await value('1.1.2')).toBe(22);
      expect(await value('1.2.2')).toBe(5);
      // Figures no unit gave and the office's own coded answer stay as typed.
      expect(await value('2.1')).toBe(7);
      expect(await value('1.5')).toBe(1);
      expect(fake.cell('Sheet1', 'A1').value).toBe('của tôi');
      // No sheet was protected or unprotected on the way.
      expect(sheets.map((s) => fake.sheetInfo(s)!.protected)).toEqual(protectedBefore);
      // From ExcelApi 1.20 the user's own edits stay undoable; older hosts clear the stack on any add-in write.
      if (profile === 'm365') expect(fake.undoStack.slice(0, userUndo.length)).toEqual(userUndo);

      // The pane's report reads the totals and the summary back from the workbook.
      const source = await readReportSource(port, catalog);
      expect(source.read.figures.values['1.1.1']).toBe(50);
      expect(source.read.consolidation).toMatchObject({ missingUnits: ['Sở Vắng'] });
      expect(source.read.consolidation!.units).toHaveLength(5);
      const model = reportModel(source.read, source.findings, catalog);
      expect(model.opening.split('\n')).toContain(
        'Chưa nhận được báo cáo của 01 cơ quan, đơn vị: Sở Vắng; số liệu tổng hợp chưa gồm các cơ quan, đơn vị này.',
      );
      const plan = model.sections.find((s) => s.id === 'I.1')!;
      expect(runsText(plan.paragraphs[0].runs)).toBe(
        'Trên địa bàn toàn tỉnh, kế hoạch đề ra 50 nhiệm vụ, đã hoàn thành 22 nhiệm vụ, đạt 44%.',
      );
    },
  );

  test('writeFigures: two reads and one write, values only, by defined name', async () => {
    const { fake, port, value } = await provinceInExcel('office2021');
    fake.resetCounts();
    const out = await port.writeFigures([
      { name: nameForKey('1.1.1'), value: 12 },
      { name: nameForKey('1.1.2'), value: 3 },
    ]);
    expect({ reads: fake.readSyncs, writes: fake.writeSyncs, total: fake.syncCount }).toEqual({
      reads: 2,
      writes: 1,
      total: 3,
    });
    expect(out.before).toEqual([
      { name: nameForKey('1.1.1'), value: 999 },
      { name: nameForKey('1.1.2'), value: null },
    ]);
    expect(await value('1.1.1')).toBe(12);
    expect(await value('1.1.2')).toBe(3);
  });

  test('a name the forms no longer have: refused before anything is written', async () => {
    const { fake, port } = await provinceInExcel('office2021');
    const before = fake.dump();
    await expect(
      port.writeFigures([
        { name: nameForKey('1.1.1'), value: 12 },
        { name: 'cchc_khong_co', value: 1 },
      ]),
    ).rejects.toThrow(FiguresNotWritten);
    expect(fake.dump()).toEqual(before);
  });

  test.each([0, 1, 2])('a write failing after %i cells is put back: the workbook is as it was', async (done) => {
    const { fake, port } = await provinceInExcel('office2021');
    const before = fake.dump();
    fake.failAfterWrites(done);
    await expect(
      port.writeFigures([
        { name: nameForKey('1.1.1'), value: 12 },
        { name: nameForKey('1.1.2'), value: 3 },
        { name: nameForKey('1.2.2'), value: 4 },
      ]),
    ).rejects.toThrow(/Injected failure/);
    expect(fake.dump()).toEqual(before);
  });

  test('the sheets failing after the figures went in: the figures are put back', async () => {
    const { fake, port } = await provinceInExcel('office2021');
    const before = fake.dump();
    fake.failOn('insertWorksheets');
    await expect(commitImport(port, catalog, await entries(), EXPECTED)).rejects.toThrow(/insertWorksheets/);
    expect(fake.dump()).toEqual(before);
  });
});

describe('the pane writes the totals into the open workbook’s own forms (standalone)', () => {
  async function provinceInMemory() {
    const port = MemoryPort.blank();
    await injectForms(port, catalog, ctxTinh);
    const type = async (name: string, value: string | number) => {
      const at = await cellOf(port, name);
      expect(port.edit(at.sheet, at.address, [[value]]).ok).toBe(true);
    };
    await type(nameForDetail('unit'), 'UBND tỉnh Hà Nam');
    await type(nameForKey('2.1'), 7);
    await type(nameForKey('1.1.1'), 999);
    const value = async (key: string) => {
      const at = await cellOf(port, nameForKey(key));
      return port.workbook.getWorksheet(at.sheet)!.getCell(at.address).value;
    };
    return { port, value, type };
  }

  test('totals in the forms, own figures kept, the data sheet hidden, the report states the province', async () => {
    const { port, value } = await provinceInMemory();
    const result = await commitImport(port, catalog, await entries(), EXPECTED);
    expect(result.ownForms?.unit).toBe('UBND tỉnh Hà Nam');
    expect(await value('1.1.1')).toBe(50);
    expect(await value('1.1.2')).toBe(22);
    expect(await value('2.1')).toBe(7);
    expect(port.visibleSheets()).not.toContain('_cchc_tong_hop');
    expect(await port.sheetNames()).toContain('_cchc_tong_hop');
    const source = await readReportSource(port, catalog);
    const model = reportModel(source.read, source.findings, catalog);
    expect(model.opening.split('\n')).toContain(
      'Số liệu trong báo cáo được tổng hợp từ báo cáo của 05/06 cơ quan, đơn vị.',
    );
  });

  test('saved and opened again: a second import replaces only the units sent again, the missing ones from the data sheet', async () => {
    const { port } = await provinceInMemory();
    await commitImport(port, catalog, await entries(), EXPECTED);
    const reopened = await MemoryPort.open(await port.save(), 'tinh-tong-hop.xlsx');
    const earlier = await earlierConsolidation(reopened, catalog);
    expect(earlier!.units.map((u) => u.unit)).toEqual(EXPECTED.slice(0, 5));
    expect(earlier!.missingUnits).toEqual(['Sở Vắng']);
    const again = await readImportFiles(
      [
        await unitFile('so-y-te-sua.xlsx', 'Sở Y tế', { '1.1.1': 15, '1.1.2': 4 }),
        await unitFile('so-vang.xlsx', 'Sở Vắng', { '1.1.1': 1 }),
      ],
      catalog,
      () => undefined,
    );
    const result = await commitImport(reopened, catalog, again, [], earlier);
    expect(result.units).toHaveLength(6);
    expect(result.missingUnits).toEqual([]);
    // 50 − 10 (Sở Y tế before) + 15 + 1.
    const at = await cellOf(reopened, nameForKey('1.1.1'));
    expect(reopened.workbook.getWorksheet(at.sheet)!.getCell(at.address).value).toBe(56);
  });

  test('a figure cell locked on a protected sheet: refused with its cell, nothing written', async () => {
    const { port, value } = await provinceInMemory();
    const at = await cellOf(port, nameForKey('1.1.2'));
    port.workbook.getWorksheet(at.sheet)!.getCell(at.address).protection = { locked: true };
    const sheets = await port.sheetNames();
    await expect(commitImport(port, catalog, await entries(), EXPECTED)).rejects.toThrow(
      `Ô ${at.sheet}!${at.address} đã bị khóa`,
    );
    expect(await value('1.1.1')).toBe(999);
    expect(await port.sheetNames()).toEqual(sheets);
  });
});
