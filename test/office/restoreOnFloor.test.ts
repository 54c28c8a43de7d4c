import type { Catalog } from '../../src/domain/catalog/types';
import type { RawValue } from '../../src/office/port';
import { checkAll, injectForms } from '../../src/taskpane/usecases';
import { RecordingExcel, type HostProfile } from '../fakes/excel';
import { ctxYear, failEachStep, portOn, smallCatalog, workbookState } from '../fakes/reinjectFaults';
import { catalog, ctxSo2024, figureCell } from '../taskpane/helpers';

/**
 * On ExcelApi 1.8 (Office 2019) a failed re-injection puts each rewritten form back by deleting it
 * for its copy; Excel turns every formula pointing at a deleted sheet into #REF!. The port reads
 * those formulas before the write and writes them back after the restore: the user's sheets are
 * left exactly as they were.
 */

/** What the user's sheet holds: formulas into three of the add-in's sheets (two typed in another case), text "001", a number. */
function userCells(form: string): Record<string, RawValue> {
  const whole = figureCell('1.1.1');
  return {
    A1: "'001",
    B2: 12,
    C3: `='Phụ lục I'!${whole.address}*2`,
    C4: `=SUM('${form}'!D5:D9)`,
    C5: `='phụ lục i'!D7+B2`,
    C6: '=B2*3',
    // An unquoted reference, in another case than the sheet's name (the add-in's very hidden sheet).
    C7: '=_CCHC!A1&""',
  };
}

/** Conditional formats of the user's pointing at two forms (a formula rule, a cell-value rule) and one that does not. */
async function addFormats(fake: RecordingExcel, sheet: string, form: string) {
  await fake.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem(sheet);
    const custom = ws.getRange('C3:C5').conditionalFormats.add('Custom' as Excel.ConditionalFormatType);
    custom.custom.rule.formula = "=C3>'Phụ lục I'!$D$7";
    custom.custom.format.fill.color = '#FFC7CE';
    const cellValue = ws.getRange('B2').conditionalFormats.add('CellValue' as Excel.ConditionalFormatType);
    cellValue.cellValue.rule = { formula1: `='${form}'!$D$5`, operator: 'GreaterThan' };
    cellValue.cellValue.format.font.color = '#9C0006';
    const local = ws.getRange('A1').conditionalFormats.add('Custom' as Excel.ConditionalFormatType);
    local.custom.rule.formula = '=A1<>""';
    await ctx.sync();
  });
}

/** Forms injected, a figure typed as a formula into another form, and the user's own sheets. */
async function filledWorkbook(
  cat: Catalog,
  profile: HostProfile,
  extra?: (fake: RecordingExcel) => void,
  userSheets = true,
) {
  const fake = new RecordingExcel({ profile });
  const port = portOn(fake);
  await injectForms(port, cat, ctxSo2024);
  await checkAll(port);
  const form = fake
    .sheetNames()
    .filter((n) => n.startsWith('Biểu mẫu'))
    .pop()!;
  if (userSheets) {
    fake.addUserSheet('Sheet1', { A1: 'của tôi' });
    fake.addUserSheet('Bảng của tôi', userCells(form));
    await addFormats(fake, 'Bảng của tôi', form);
  }
  const whole = figureCell('1.1.1');
  // A formula inside a form pointing at another form: its copy would point at a deleted sheet too.
  fake.userEdit(whole.sheet, whole.address, [[`='${form}'!D5+1`]]);
  extra?.(fake);
  await fake.flushEvents();
  return { fake, form };
}

describe('a failed re-injection on Office 2019 leaves formulas pointing at the forms whole', () => {
  test('the fake turns them into #REF! when a form is deleted for its copy (what the port has to undo)', async () => {
    const { fake, form } = await filledWorkbook(smallCatalog, 'office2019');
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(form).delete();
      ctx.workbook.worksheets.getItem('Phụ lục I').delete();
      await ctx.sync();
    });
    expect(fake.cell('Bảng của tôi', 'C3').formula).toMatch(/^=#REF!D\d+\*2$/);
    expect(fake.cell('Bảng của tôi', 'C4').formula).toBe('=SUM(#REF!D5:D9)');
    expect(fake.cell('Bảng của tôi', 'C5').formula).toBe('=#REF!D7+B2');
    expect(fake.cell('Bảng của tôi', 'C6').formula).toBe('=B2*3');
    const formats = fake.sheetByName('Bảng của tôi')!.conditionalFormats.map((f) => f.rule);
    expect(formats.map((r) => r.formula ?? (r.cellValue as { formula1: string }).formula1)).toEqual([
      '=C3>#REF!$D$7',
      '=#REF!$D$5',
      '=A1<>""',
    ]);
  });

  test('a failure at every write step, one after another, leaves the workbook exactly as it was (smallCatalog catalog)', async () => {
    const { fake: prepared } = await filledWorkbook(smallCatalog, 'office2019');
    const { total, tried, refused } = await failEachStep(prepared, smallCatalog, (n) => [...Array(n).keys()]);
    expect(tried).toBe(total);
    expect(total).toBeGreaterThan(300);
    expect(total - refused).toBeLessThan(20);
  }, 180_000);

  test('the full catalog: failures across the whole run leave the user sheet and the forms as they were', async () => {
    const { fake: prepared } = await filledWorkbook(catalog, 'office2019');
    prepared.addUserSheet('Bảng 3', { A1: "'001", C4: "=SUM('Biểu mẫu 3'!D5:D9)" });
    const { total, refused } = await failEachStep(prepared, catalog, (n) =>
      [0, 1, 2, 5, 40, Math.floor(n / 3), Math.floor(n / 2), n - 3, n - 2].filter((k) => k >= 0 && k < n),
    );
    expect(total).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(5);
  }, 120_000);

  test('the capture costs one read sync, only on hosts without ExcelApi 1.9, and writes nothing', async () => {
    const counts = async (profile: HostProfile, withUserSheet: boolean) => {
      const { fake } = await filledWorkbook(smallCatalog, profile, undefined, withUserSheet);
      const port = portOn(fake);
      await port.readInputs();
      fake.resetCounts();
      await injectForms(port, smallCatalog, ctxYear);
      return { reads: fake.readSyncs, writes: fake.writeSyncs, addinWrites: fake.addinWrites };
    };
    for (const profile of ['office2019', 'web'] as const) {
      const withSheet = await counts(profile, true);
      const without = await counts(profile, false);
      expect(withSheet.writes).toBe(without.writes);
      expect(withSheet.addinWrites).toBe(without.addinWrites);
      expect(withSheet.reads - without.reads).toBe(profile === 'web' ? 0 : 1);
    }
  });

  test('a large, sparse user sheet is read in chunks, no response large, and its far formulas come back', async () => {
    const far: Record<string, RawValue> = {};
    for (let r = 1; r <= 3000; r++) far[`A${r}`] = r;
    far.BA5 = "='Phụ lục I'!D7";
    far.C2999 = "='Phụ lục I'!D8";
    far.XFA900000 = "='Phụ lục I'!D9";
    const { fake: prepared } = await filledWorkbook(smallCatalog, 'office2019', (f) => f.addUserSheet('Lớn', far));
    const before = workbookState(prepared);
    const fake = prepared.clone();
    const port = portOn(fake);
    await port.readInputs();
    fake.resetCounts();
    fake.failAfterWrites(50);
    await expect(injectForms(port, smallCatalog, ctxYear)).rejects.toThrow(/write step/);
    expect(workbookState(fake)).toEqual(before);
    expect(fake.cell('Lớn', 'XFA900000').formula).toBe("='Phụ lục I'!D9");
    // The read of a cell grid never returns more than a chunk and one sync not much more than five.
    expect(fake.largestResponse).toBeLessThan(1_500_000);
    expect(fake.readSyncs).toBeLessThan(15);
  }, 60_000);

  test('formulas on a protected sheet of the user cannot be written back: the user is told which, with the formula', async () => {
    const { fake } = await filledWorkbook(smallCatalog, 'office2019');
    fake.addUserSheet('Khoá', { B3: "='Phụ lục I'!D7" });
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Khoá');
      ws.getRange('B3').conditionalFormats.add('Custom' as Excel.ConditionalFormatType).custom.rule.formula =
        "='Phụ lục I'!$D$8>0";
      ws.protection.protect();
      await ctx.sync();
    });
    const port = portOn(fake);
    fake.failAfterWrites(60);
    await expect(injectForms(port, smallCatalog, ctxYear)).rejects.toThrow(
      /công thức ở ô 'Khoá'!B3 \(='Phụ lục I'!D7\), công thức của một định dạng có điều kiện trên trang 'Khoá' \(='Phụ lục I'!\$D\$8>0\) trỏ tới trang biểu mẫu, đã thành #REF! và không ghi lại được \(trang được bảo vệ\)/,
    );
    expect(fake.cell('Khoá', 'B3').formula).toBe('=#REF!D7');
    // The unprotected user sheet is whole.
    expect(fake.cell('Bảng của tôi', 'C3').formula).toBe(`='Phụ lục I'!${figureCell('1.1.1').address}*2`);
    expect(fake.cell('Bảng của tôi', 'A1').value).toBe('001');
  });
});

describe('the fake: Range.getUsedRangeOrNullObject', () => {
  test('the used cells within a range, a null object when none, ExcelApi 1.4', async () => {
    const fake = new RecordingExcel({ profile: 'office2019' });
    fake.addUserSheet('A', { C3: 1, E9: '=C3', Z2: 'x' });
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('A');
      const some = ws.getRange('A1:F20').getUsedRangeOrNullObject(true).load('address,formulas');
      const none = ws.getRange('G10:H12').getUsedRangeOrNullObject(true).load('address');
      await ctx.sync();
      expect(some.address).toBe('A!C3:E9');
      expect(some.formulas[6][2]).toBe('=C3');
      expect(none.isNullObject).toBe(true);
    });
    const old = new RecordingExcel({ excelApi: '1.3' });
    old.addUserSheet('A', { C3: 1 });
    await expect(
      old.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('A').getRange('A1:B2').getUsedRangeOrNullObject(true);
        await ctx.sync();
      }),
    ).rejects.toThrow(/ExcelApi 1.4/);
  });
});
