import { execFileSync } from 'child_process';
import path from 'path';
import apiSets from '../fakes/apiSets.json';
import { RecordingExcel, WEB_PAYLOAD_LIMIT, type HostProfile } from '../fakes/excel';

/**
 * The Excel fake refuses what the real hosts refuse. Each rule here is documented:
 * requirement sets from the `[Api set: ExcelApi 1.x]` comments of @types/office-js;
 * undo from Microsoft's "Undo capabilities" page of Excel add-ins (protect/unprotect are not
 * undoable; mergeUndoGroup is ExcelApi 1.20); cell-edit mode and delayForCellEdit from
 * Excel.RunOptions; the 5 MB request limit of Excel on the web from "Resource limits and
 * performance optimization for Office Add-ins"; "protect … fails if the worksheet has already
 * been protected" from WorksheetProtection.protect.
 */

const root = path.join(__dirname, '..', '..');

function fakeWith(profile: HostProfile) {
  const fake = new RecordingExcel({ profile });
  fake.addUserSheet('S', { A1: 1 });
  return fake;
}

describe('requirement-set map', () => {
  test('is generated from @types/office-js by the committed script, and is current', () => {
    expect(() =>
      execFileSync(process.execPath, [path.join(root, 'scripts', 'gen-api-sets.js'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
    const members = (apiSets as { members: Record<string, string> }).members;
    expect(members['Worksheet.getRanges']).toBe('1.9');
    expect(members['Range.dataValidation']).toBe('1.8');
    expect(members['Runtime.enableEvents']).toBe('1.8');
    expect(members['Workbook.insertWorksheetsFromBase64']).toBe('1.13');
    expect(members['WorksheetChangedEventArgs.triggerSource']).toBe('1.14');
    expect(members['RunOptions.mergeUndoGroup']).toBe('1.20');
    expect(members['Range.values']).toBe('1.1');
  });
});

describe('the fake enforces each profile', () => {
  test.each<[HostProfile, boolean]>([
    ['excel2016', false],
    ['office2019', false],
    ['office2021', true],
    ['web', true],
  ])('Worksheet.getRanges (1.9) on %s: available %s', async (profile, available) => {
    const fake = fakeWith(profile);
    const call = () =>
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('S').getRanges('A1,B2').format.font.bold = true;
        await ctx.sync();
      });
    if (available) await expect(call()).resolves.toBeUndefined();
    else await expect(call()).rejects.toMatchObject({ code: 'ApiNotFound' });
  });

  test('Range.dataValidation (1.8) and Runtime.enableEvents (1.8) are missing on Excel 2016', async () => {
    const fake = fakeWith('excel2016');
    await expect(
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('S').getRange('A1').dataValidation.clear();
      }),
    ).rejects.toMatchObject({ code: 'ApiNotFound' });
    await expect(
      fake.run(async (ctx) => {
        ctx.runtime.enableEvents = false;
      }),
    ).rejects.toMatchObject({ code: 'ApiNotFound' });
    const ok = fakeWith('office2019');
    await expect(
      ok.run(async (ctx) => {
        ctx.runtime.enableEvents = false;
        ctx.workbook.worksheets.getItem('S').getRange('A1').dataValidation.clear();
      }),
    ).resolves.toBeUndefined();
  });

  test('insertWorksheetsFromBase64 (1.13) is missing on Office 2019; mergeUndoGroup (1.20) on Office 2021', async () => {
    const fake = fakeWith('office2019');
    await expect(
      fake.run(async (ctx) => {
        ctx.workbook.insertWorksheetsFromBase64('');
      }),
    ).rejects.toMatchObject({ code: 'ApiNotFound' });
    await expect(fakeWith('office2021').run(async () => undefined, { mergeUndoGroup: true })).rejects.toMatchObject({
      code: 'ApiNotFound',
    });
  });

  test('a property read before its load has synced throws PropertyNotLoaded', async () => {
    const fake = fakeWith('web');
    await fake.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('S').getRange('A1').load('values');
      expect(() => r.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await ctx.sync();
      expect(r.values).toEqual([[1]]);
    });
  });

  test('protection: writes and formats into locked cells of a protected sheet fail; protect twice fails', async () => {
    const fake = fakeWith('web');
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('S').protection.protect();
      await ctx.sync();
    });
    await expect(
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('S').getRange('A1').values = [[2]];
      }),
    ).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('S').getRange('A1').format.fill.color = '#FF0000';
      }),
    ).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('S').protection.protect();
      }),
    ).rejects.toMatchObject({ code: 'InvalidOperation' });
    expect(fake.cell('S', 'A1').value).toBe(1);
  });

  test('Excel on the web refuses a request over 5 MB; desktop profiles count it', async () => {
    const big = [Array.from({ length: 2000 }, () => 'x'.repeat(3000))];
    const write = (fake: RecordingExcel) =>
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('S').getRange('A1:BXX1').values = big;
      });
    expect(JSON.stringify(big).length).toBeGreaterThan(WEB_PAYLOAD_LIMIT);
    const web = fakeWith('web');
    await expect(write(web)).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    expect(web.oversizedRequests).toBe(1);
    expect(web.cell('S', 'A1').value).toBe(1);
    const desktop = fakeWith('m365');
    await write(desktop);
    expect(desktop.oversizedRequests).toBe(1);
  });
});

describe('undo stack and cell-edit mode', () => {
  test('user edits push; protect/unprotect clear it; any add-in write clears it before 1.20', async () => {
    for (const profile of ['office2021', 'web'] as HostProfile[]) {
      const fake = fakeWith(profile);
      fake.userEdit('S', 'B1', [[5]]);
      fake.userEdit('S', 'B2', [[6]]);
      expect(fake.undoStack.map((e) => e.by)).toEqual(['user', 'user']);
      await fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('S').getRange('C1').values = [[7]];
      });
      // 1.20 hosts put the add-in's write on the user's stack; older ones drop the stack.
      expect(fake.undoStack.map((e) => e.by)).toEqual(profile === 'web' ? ['user', 'user', 'addin'] : []);
      fake.userEdit('S', 'B3', [[8]]);
      await fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('S').protection.unprotect();
      });
      expect(fake.undoStack).toEqual([]);
    }
  });

  test('reads and selection leave the stack alone; Ctrl+Z puts the cell back and raises onChanged', async () => {
    const fake = fakeWith('office2021');
    fake.userEdit('S', 'B1', [['49,2%']]);
    expect(fake.cell('S', 'B1')).toMatchObject({ value: 0.492, numFmt: '0.0%' });
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('S').getRange('A1:B2').load('values');
      ctx.workbook.worksheets.getItem('S').getRange('B1').select();
      await ctx.sync();
    });
    expect(fake.undoStack).toHaveLength(1);
    const events: unknown[] = [];
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.onChanged.add(async (e) => void events.push(e));
      await ctx.sync();
    });
    expect(fake.userUndo()?.by).toBe('user');
    await fake.flushEvents();
    expect(fake.cell('S', 'B1').value).toBeNull();
    expect(events).toHaveLength(1);
    expect(fake.userUndo()).toBeNull();
  });

  test('in cell-edit mode a batch fails, unless delayForCellEdit (1.11) makes it wait', async () => {
    const fake = fakeWith('office2021');
    fake.enterCellEdit();
    const read = (options = {}) =>
      fake.run(async (ctx) => {
        const r = ctx.workbook.worksheets.getItem('S').getRange('A1').load('values');
        await ctx.sync();
        return r.values[0][0];
      }, options);
    await expect(read()).rejects.toMatchObject({ code: 'InvalidOperationInCellEditMode' });
    const waiting = read({ delayForCellEdit: true });
    let done = false;
    void waiting.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    fake.exitCellEdit();
    await expect(waiting).resolves.toBe(1);
  });

  test('the write after `done` steps fails once, whatever it is', async () => {
    const fake = fakeWith('web');
    fake.failAfterWrites(1);
    await expect(
      fake.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem('S');
        ws.getRange('B1').values = [[1]];
        ws.getRange('B2').numberFormat = [['0.0%']];
      }),
    ).rejects.toThrow(/write step/);
    expect(fake.cell('S', 'B1').value).toBe(1);
    expect(fake.cell('S', 'B2').numFmt).toBe('General');
    expect(fake.writeFailureArmed).toBe(false);
  });
});
