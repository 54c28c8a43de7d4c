import { applies } from '../../src/domain/applicability';
import type { Catalog } from '../../src/domain/catalog/types';
import { RecordingExcel, type HostProfile } from '../fakes/excel';
import { ctxYear, failEachStep, portOn, smallCatalog } from '../fakes/reinjectFaults';
import { checkAll, injectForms } from '../../src/taskpane/usecases';
import { catalog, ctxSo2024, figureCell } from './helpers';

/** Forms injected and filled as a user fills them: a formula, a note, a percent, their own sheet and name. */
async function filledWorkbook(cat: Catalog, profile: HostProfile): Promise<RecordingExcel> {
  const fake = new RecordingExcel({ profile });
  fake.addUserSheet('Sheet1', { A1: 'của tôi', B2: 12 });
  const port = portOn(fake);
  await injectForms(port, cat, ctxSo2024);
  await checkAll(port);
  const whole = figureCell('1.1.1');
  fake.userEdit(whole.sheet, whole.address, [['=30+9']]);
  fake.userEdit(whole.sheet, whole.note, [['ghi chú của tôi']]);
  const pct = cat.indicators.find((i) => i.kind === 'percent' && applies(i, ctxSo2024));
  if (pct) fake.userEdit(figureCell(pct.key).sheet, figureCell(pct.key).address, [['49,2%']]);
  fake.addUserName('TongSoCuaToi', `'${whole.sheet}'!$D$${whole.row}`);
  // The user's own sheet refers to a form's cell: hosts with Range.copyFrom (ExcelApi 1.9) restore
  // the form in place; older ones delete it for its copy and write this formula back after.
  fake.userEdit('Sheet1', 'C3', [[`='${whole.sheet}'!${whole.address}*2`]]);
  await fake.flushEvents();
  return fake;
}

describe('re-injection into Excel is all or nothing', () => {
  test('the sheets it rewrites are copied aside first and the copies deleted after: nothing left over, in 4 syncs', async () => {
    const fake = await filledWorkbook(catalog, 'web');
    const port = portOn(fake);
    const sheetsBefore = fake.sheetNames();
    fake.resetCounts();
    const result = await injectForms(port, catalog, ctxSo2024);
    expect(fake.syncCount).toBeLessThanOrEqual(4);
    expect(fake.sheetNames()).toEqual(sheetsBefore);
    expect(fake.sheets.every((s) => s.localNames.size === 0)).toBe(true);
    expect(result.kept.figures).toBe(2);
    expect(fake.nameFormula('TongSoCuaToi')).toBe(`='Phụ lục I'!$D$${figureCell('1.1.1').row}`);
  });

  test('copies that cannot be deleted (twice) stay, the forms are in, and the user is told which sheets to delete', async () => {
    const fake = await filledWorkbook(smallCatalog, 'web');
    fake.failOn('deleteSheet');
    fake.failOn('deleteSheet');
    const result = await injectForms(portOn(fake), smallCatalog, ctxYear);
    expect(result.messages.join('\n')).toMatch(/không xoá được các trang lưu tạm \("CCHC lưu 1"/);
    expect(fake.sheetNames().filter((n) => n.startsWith('CCHC lưu')).length).toBeGreaterThan(0);
    expect(fake.cell('Thông tin', 'A1').value).toBe(fake.cell('CCHC lưu 1', 'A1').value);
  });

  test.each([
    ['web', 'deleteSheet', 0],
    ['office2019', 'renameSheet', 1],
  ] as const)(
    'on %s, when putting the copies back fails too (%s), the user is told where the copies of their sheets are',
    async (profile, operation, renamesPerSheet) => {
      const fake = await filledWorkbook(smallCatalog, profile);
      const sheets = fake.sheetNames().length - 1; // every sheet but the user's is copied
      fake.failAfterWrites(sheets * 4);
      // The injection renames each copy once; restoring (before ExcelApi 1.9) renames them back.
      fake.failOn(operation, { skip: sheets * renamesPerSheet });
      await expect(injectForms(portOn(fake), smallCatalog, ctxYear)).rejects.toThrow(
        /không khôi phục được hết: bản sao các trang trước khi chèn nằm ở "CCHC lưu 1"/,
      );
      expect(fake.sheetNames()).toContain('CCHC lưu 1');
    },
  );

  test("a failed re-injection puts each form back in place: same sheet ids, and the user's formulas pointing at it stay whole", async () => {
    const fake = await filledWorkbook(smallCatalog, 'web');
    const ids = fake.sheets.map((s) => s.id);
    const formula = fake.cell('Sheet1', 'C3').formula;
    const widths = fake.sheets.map((s) => [...s.colWidths.entries()]);
    const frozen = fake.sheets.map((s) => s.frozenRows);
    expect(formula).toMatch(/^='Phụ lục I'!D\d+\*2$/);
    fake.failAfterWrites(Math.floor(fake.sheets.length * 6));
    await expect(injectForms(portOn(fake), smallCatalog, ctxYear)).rejects.toThrow(/write step/);
    expect(fake.sheets.map((s) => s.id)).toEqual(ids);
    expect(fake.cell('Sheet1', 'C3').formula).toBe(formula);
    expect(fake.sheets.map((s) => [...s.colWidths.entries()])).toEqual(widths);
    expect(fake.sheets.map((s) => s.frozenRows)).toEqual(frozen);
  });

  test('a failure at every write step, one after another, leaves the workbook exactly as it was (smallCatalog catalog)', async () => {
    const prepared = await filledWorkbook(smallCatalog, 'web');
    const { total, tried, refused } = await failEachStep(prepared, smallCatalog, (n) => [...Array(n).keys()]);
    expect(tried).toBe(total);
    expect(total).toBeGreaterThan(300);
    // Only the last batch (deleting the copies, tried again) may fail and still leave the injection done.
    expect(total - refused).toBeLessThan(20);
  }, 120_000);

  test('a first injection failing at every write step leaves the workbook exactly as it was (smallCatalog catalog)', async () => {
    const prepared = new RecordingExcel({ profile: 'office2019' });
    prepared.addUserSheet('Sheet1', { A1: 'của tôi', B2: 12 });
    prepared.addUserName('CuaToi', "'Sheet1'!$B$2");
    const { total, tried, refused } = await failEachStep(prepared, smallCatalog, (n) => [...Array(n).keys()]);
    expect(tried).toBe(total);
    // A first injection has no copies to delete: every failure is undone.
    expect(refused).toBe(total);
  }, 120_000);

  test.each(['web', 'office2019'] as const)(
    'the full catalog on %s: failures across the whole run leave the workbook as it was',
    async (profile) => {
      const prepared = await filledWorkbook(catalog, profile);
      const { total, refused } = await failEachStep(prepared, catalog, (n) => {
        const at = new Set([0, 1, 2, 5, 10, 20, 40, n - 3, n - 2, n - 1]);
        for (let i = 1; i < 12; i++) at.add(Math.floor((i * n) / 12));
        return [...at].filter((k) => k >= 0 && k < n).sort((a, b) => a - b);
      });
      expect(total).toBeGreaterThan(1000);
      expect(refused).toBeGreaterThan(15);
    },
    120_000,
  );
});

describe('the fake copies and deletes sheets as Excel does', () => {
  test('copy: "X (2)", placed by position type, everything copied, workbook names twinned on the copy', async () => {
    const fake = new RecordingExcel({ profile: 'office2019' });
    fake.addUserSheet('A', { A1: 'một', B2: 2 });
    fake.addUserSheet('B');
    fake.addUserName('SoMot', "'A'!$B$2");
    await fake.run(async (ctx) => {
      const a = ctx.workbook.worksheets.getItem('A');
      a.protection.protect();
      a.copy('End');
      a.copy('After', a);
      a.copy();
      await ctx.sync();
    });
    expect(fake.sheetNames()).toEqual(['A (4)', 'A', 'A (3)', 'B', 'A (2)']);
    expect(fake.cell('A (2)', 'B2').value).toBe(2);
    expect(fake.sheetInfo('A (2)')!.protected).toBe(true);
    expect([...fake.sheetByName('A (2)')!.localNames]).toEqual([['SoMot', "='A (2)'!$B$2"]]);
    expect(fake.nameFormula('SoMot')).toBe("='A'!$B$2");
    await expect(
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('A').copy('Before');
        await ctx.sync();
      }),
    ).rejects.toThrow(/invalid/);
  });

  test('a very hidden sheet cannot be deleted; names follow a rename and become #REF! when their sheet goes', async () => {
    const fake = new RecordingExcel();
    fake.addUserSheet('A', { B2: 2 });
    fake.addUserSheet('B');
    fake.addUserName('SoMot', "'A'!$B$2");
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('B').visibility = 'VeryHidden';
      ctx.workbook.worksheets.getItem('A').name = 'A mới';
      await ctx.sync();
    });
    expect(fake.nameFormula('SoMot')).toBe("='A mới'!$B$2");
    await expect(
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('B').delete();
        await ctx.sync();
      }),
    ).rejects.toThrow(/very hidden/);
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('A mới').delete();
      await ctx.sync();
    });
    expect(fake.nameFormula('SoMot')).toBe('=#REF!$B$2');
  });
});
