import { ExcelPort } from '../../src/office/excelPort';
import { excelHostStatus } from '../../src/taskpane/host';
import { attachLiveValidation, checkAll, injectForms, type CheckResult } from '../../src/taskpane/usecases';
import { HOST_PROFILES, RecordingExcel, type HostProfile } from '../fakes/excel';
import { catalog, ctxSo2024, figureCell } from '../taskpane/helpers';

/** The pane's use cases on each host profile the add-in supports, and the one it refuses. */

const SUPPORTED: HostProfile[] = ['office2019', 'office2021', 'm365', 'web'];

async function paneOn(profile: HostProfile) {
  const fake = new RecordingExcel({ profile });
  const port = new ExcelPort(
    { run: fake.run, runIn: fake.runIn, isSetSupported: fake.isSetSupported },
    { retryDelayMs: 5 },
  );
  fake.addUserSheet('Sheet1', { A1: 'của tôi' });
  await injectForms(port, catalog, ctxSo2024);
  await checkAll(port);
  const results: CheckResult[] = [];
  const errors: unknown[] = [];
  const live = await attachLiveValidation(
    port,
    (r) => results.push(r),
    (e) => errors.push(e),
  );
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await fake.flushEvents();
      await live.idle();
    }
  };
  // The user's history starts here: injection is an explicit action and may clear it.
  fake.undoStack = [];
  fake.resetCounts();
  return { fake, port, results, errors, live, settle };
}

describe.each(SUPPORTED)('on %s', (profile) => {
  test('type, paste, fill and undo: live findings, no workbook write, the undo stack as the user made it', async () => {
    const { fake, results, errors, settle } = await paneOn(profile);
    const whole = figureCell('1.1.1');
    const part = figureCell('1.1.2');
    fake.userEdit(whole.sheet, whole.address, [[39]]);
    await settle();
    fake.userEdit(part.sheet, part.address, [[45]]);
    await settle();
    expect(results[results.length - 1].findings.map((f) => f.rule)).toContain('1.1.2#1');
    // A paste of figures and notes (no change details on a multi-cell edit).
    fake.userEdit(whole.sheet, whole.address, [
      [50, 'ghi chú dán'],
      [20, null],
    ]);
    await settle();
    expect(results[results.length - 1].findings.map((f) => f.rule)).not.toContain('1.1.2#1');
    // A fill down of the same figure over the two rows.
    fake.userEdit(whole.sheet, whole.address, [[60], [60]]);
    await settle();
    expect(fake.undoStack.map((e) => e.by)).toEqual(['user', 'user', 'user', 'user']);
    // Ctrl+Z twice: back to the paste, then to 50 / 45, the finding returns.
    fake.userUndo();
    await settle();
    fake.userUndo();
    await settle();
    expect(fake.cell(whole.sheet, whole.address).value).toBe(39);
    expect(fake.cell(part.sheet, part.address).value).toBe(45);
    expect(results[results.length - 1].findings.map((f) => f.rule)).toContain('1.1.2#1');
    expect(fake.undoStack.map((e) => e.by)).toEqual(['user', 'user']);
    expect(fake.addinWrites).toBe(0);
    expect(fake.writeSyncs).toBe(0);
    expect(errors).toEqual([]);
  });

  test("a co-author's edit (Remote) refreshes the findings and writes nothing", async () => {
    const { fake, results, settle } = await paneOn(profile);
    const whole = figureCell('1.1.1');
    const part = figureCell('1.1.2');
    fake.userEdit(whole.sheet, whole.address, [[10]], 'Remote');
    await settle();
    fake.userEdit(part.sheet, part.address, [[12]], 'Remote');
    await settle();
    expect(results[results.length - 1].findings.map((f) => f.rule)).toContain('1.1.2#1');
    expect(fake.addinWrites).toBe(0);
    expect(fake.undoStack).toEqual([]);
  });

  test('an edit made while the user is still in cell-edit mode is checked once they leave it, quietly', async () => {
    const { fake, results, errors, settle } = await paneOn(profile);
    const whole = figureCell('1.1.1');
    fake.userEdit(whole.sheet, whole.address, [[39], [45]]);
    fake.enterCellEdit();
    await fake.flushEvents();
    await new Promise((r) => setTimeout(r, 30));
    const before = results.length;
    fake.exitCellEdit();
    await settle();
    await new Promise((r) => setTimeout(r, 30));
    await settle();
    expect(results.length).toBeGreaterThan(before);
    expect(results[results.length - 1].findings.map((f) => f.rule)).toContain('1.1.2#1');
    expect(errors).toEqual([]);
  });

  test('the pane admits this host and says which ExcelApi it has', () => {
    const fake = new RecordingExcel({ profile });
    const status = excelHostStatus(fake.isSetSupported);
    expect(status.supported).toBe(true);
    expect(status.message).toContain(`ExcelApi ${HOST_PROFILES[profile].excelApi}`);
    expect(status.message).toContain('tối thiểu ExcelApi 1.8');
  });
});

test('Excel 2016 (ExcelApi 1.4): the pane refuses up front, in Vietnamese, saying what to use instead', () => {
  const fake = new RecordingExcel({ profile: 'excel2016' });
  const status = excelHostStatus(fake.isSetSupported);
  expect(status.supported).toBe(false);
  expect(status.message).toMatch(/Office 2019, 2021, Microsoft 365 hoặc Excel trên web/);
  expect(status.message).toMatch(/cchc/);
});
