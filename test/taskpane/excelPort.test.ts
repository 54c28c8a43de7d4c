import { applies } from '../../src/domain/applicability';
import { COL, DETAILS_SHEET, META_SHEET, nameForDetail, nameForKey } from '../../src/domain/layout';
import { ExcelPort } from '../../src/office/excelPort';
import { RecordingExcel, type HostProfile } from '../fakes/excel';
import { measureEditSyncs } from '../fakes/editSyncs';
import {
  attachLiveValidation,
  checkAll,
  injectForms,
  previewInjection,
  type CheckResult,
} from '../../src/taskpane/usecases';
import { catalog, ctxSo2024, figureCell } from './helpers';

function setup(profile: HostProfile = 'office2021') {
  const fake = new RecordingExcel({ profile });
  const port = new ExcelPort(
    { run: fake.run, runIn: fake.runIn, isSetSupported: fake.isSetSupported },
    { retryDelayMs: 5 },
  );
  return { fake, port };
}

async function injected(profile: HostProfile = 'office2021') {
  const s = setup(profile);
  s.fake.addUserSheet('Sheet1');
  await injectForms(s.port, catalog, ctxSo2024);
  await checkAll(s.port);
  const results: CheckResult[] = [];
  const live = await attachLiveValidation(
    s.port,
    (r) => results.push(r),
    (e) => {
      throw e;
    },
  );
  /** The user edits; resolves when live validation is done. Returns the syncs it took. */
  const edit = async (sheet: string, address: string, values: (string | number | null)[][]) => {
    s.fake.resetCounts();
    s.fake.userEdit(sheet, address, values);
    for (let i = 0; i < 3; i++) {
      await s.fake.flushEvents();
      await live.idle();
    }
    return { reads: s.fake.readSyncs, writes: s.fake.writeSyncs, total: s.fake.syncCount };
  };
  return { ...s, results, live, edit };
}

describe('Office.js port on the recording Excel', () => {
  test('injection of the whole catalog takes at most 6 syncs and writes the plan as Excel sees it', async () => {
    const { fake, port } = setup();
    fake.addUserSheet('Sheet1', { A1: 'của tôi' });
    const result = await injectForms(port, catalog, ctxSo2024);
    const check = await checkAll(port);
    expect(check.injected).toBe(true);
    expect(fake.syncCount).toBeLessThanOrEqual(6);
    expect(port.syncCount).toBe(fake.syncCount);

    expect(fake.sheetNames()).toEqual(['Sheet1', ...result.plan.sheets.map((s) => s.name)]);
    expect(fake.cell('Sheet1', 'A1').value).toBe('của tôi');
    const part = figureCell('1.1.2');
    // Codes stay text ("1.1" would become the number 1.1 without the apostrophe).
    expect(fake.cell(part.sheet, `A${part.row - 2}`).value).toBe('1.1');
    expect(fake.cell(part.sheet, `A${part.row}`).value).toBe('1.1.2');
    expect(fake.cell(part.sheet, `${COL.computed}${part.row}`).formula).toMatch(/^=IF\(COUNT\(cchc_1_1_2,cchc_1_1_1\)/);
    expect(fake.cell(part.sheet, part.address)).toMatchObject({ locked: false, numFmt: '#,##0' });
    expect(fake.cell(part.sheet, part.address).validation).toMatchObject({
      rule: { wholeNumber: { operator: 'GreaterThanOrEqualTo', formula1: 0 } },
    });
    expect(fake.cell(part.sheet, part.address).format['fill.color']).toBe('#FFF2CC');
    expect(fake.cell(part.sheet, `B${part.row}`).locked).toBe(true);
    expect(fake.nameFormula(nameForKey('1.1.2'))).toBe(`='Phụ lục I'!$D$${part.row}`);
    expect(fake.sheetInfo('Phụ lục I')).toMatchObject({ protected: true, frozenRows: 5 });
    expect(fake.sheetInfo('Phụ lục I')!.merges).toContain('A1:H1');
    expect(fake.sheetInfo(META_SHEET)!.visibility).toBe('VeryHidden');
    const level = fake.nameFormula(nameForDetail('level'))!;
    expect(fake.cell(DETAILS_SHEET, level.replace(/^.*!/, '').replace(/\$/g, '')).value).toBe('Sở/ban/ngành');
    // A figure turns red while its row's Excel check shows ✗: a conditional format set at injection.
    const sheet = fake.sheets.find((s) => s.name === 'Phụ lục I')!;
    expect(sheet.conditionalFormats).toContainEqual({
      ranges: [part.address],
      rule: { type: 'Custom', formula: `=$G$${part.row}="✗"`, fill: '#F8CBAD' },
    });
    // The greyed row is locked.
    const na = figureCell('1.2.2');
    expect(fake.cell(na.sheet, na.address).locked).toBe(true);
  });

  test('one typed edit: at most one read sync and no write; finding and mark in the pane, fix, cleared', async () => {
    const { fake, results, edit } = await injected();
    const whole = figureCell('1.1.1');
    const part = figureCell('1.1.2');
    const first = await edit(whole.sheet, whole.address, [[39]]);
    expect(first.reads).toBeLessThanOrEqual(1);
    expect(first.writes).toBe(0);
    fake.resetCounts();
    const second = await edit(part.sheet, part.address, [[45]]);
    expect(second.reads).toBeLessThanOrEqual(1);
    expect(second.writes).toBe(0);
    expect(fake.addinWrites).toBe(0);
    const last = results[results.length - 1];
    const f = last.findings.find((x) => x.rule === '1.1.2#1');
    expect(f?.cells[0]).toEqual({ sheet: 'Phụ lục I', address: part.address });
    expect(last.marks).toContainEqual({ sheet: part.sheet, address: part.status, mark: '✗' });
    // The sheet is left alone: no mark written, protection never lifted; its own check formula stays.
    expect(fake.cell(part.sheet, part.status).value).toBeNull();
    expect(fake.cell(part.sheet, `${COL.check}${part.row}`).formula).toMatch(/^=IF\(OR\(/);
    expect(fake.sheetInfo(part.sheet)!.protected).toBe(true);
    await edit(part.sheet, part.address, [[30]]);
    expect(results[results.length - 1].findings).toEqual([]);
    expect(results[results.length - 1].marks).toContainEqual({ sheet: part.sheet, address: part.status, mark: '✓' });
  });

  test('a paste with no change details re-reads the sheet in one sync and writes nothing', async () => {
    const { fake, results, edit } = await injected();
    const whole = figureCell('1.1.1');
    const syncs = await edit(whole.sheet, whole.address, [
      [39, 'ghi chú'],
      [45, null],
    ]);
    expect(syncs).toEqual({ reads: 1, writes: 0, total: 1 });
    expect(results[results.length - 1].findings.map((f) => f.rule)).toEqual(['1.1.2#1']);
    expect(fake.cell(whole.sheet, whole.status).value).toBeNull();
  });

  test('Office 2019 (ExcelApi 1.8: no change details, per-sheet events, no getRanges): injects fully; edits cost one read', async () => {
    const { fake, results, edit } = await injected('office2019');
    const whole = figureCell('1.1.1');
    const part = figureCell('1.1.2');
    expect(fake.cell(part.sheet, part.address)).toMatchObject({ locked: false, numFmt: '#,##0' });
    expect(fake.cell(part.sheet, part.address).validation).toMatchObject({
      rule: { wholeNumber: { operator: 'GreaterThanOrEqualTo', formula1: 0 } },
    });
    expect(fake.cell(part.sheet, part.address).format['fill.color']).toBe('#FFF2CC');
    await edit(whole.sheet, whole.address, [[39]]);
    const syncs = await edit(part.sheet, part.address, [[45]]);
    expect(syncs).toEqual({ reads: 1, writes: 0, total: 1 });
    expect(results[results.length - 1].findings.map((f) => f.rule)).toEqual(['1.1.2#1']);
  });

  test('Excel 2016 (ExcelApi 1.4): injection is refused up front in Vietnamese and nothing is written', async () => {
    const { fake, port } = setup('excel2016');
    fake.addUserSheet('Sheet1', { A1: 'của tôi' });
    const before = fake.dump();
    await expect(injectForms(port, catalog, ctxSo2024)).rejects.toThrow(/chưa hỗ trợ ExcelApi 1\.8.*Office 2019/);
    expect(fake.dump()).toEqual(before);
  });

  test.each<HostProfile>(['office2019', 'office2021', 'web'])(
    'the pane subscribes before injecting (%s): edits on the new sheets are still checked; detach stops it',
    async (profile) => {
      const { fake, port } = setup(profile);
      const results: CheckResult[] = [];
      fake.addUserSheet('Sheet1');
      const first = await checkAll(port);
      expect(first.injected).toBe(false);
      const live = await attachLiveValidation(port, (r) => results.push(r));
      // A workbook without forms: edits are not ours, and cost no sync.
      fake.resetCounts();
      fake.userEdit('Sheet1', 'A1', [[1]]);
      await fake.flushEvents();
      await live.idle();
      expect(results).toHaveLength(0);
      expect(fake.syncCount).toBe(0);
      await injectForms(port, catalog, ctxSo2024);
      await checkAll(port);
      const whole = figureCell('1.1.1');
      fake.userEdit(whole.sheet, whole.address, [[39], [45]]);
      for (let i = 0; i < 3; i++) {
        await fake.flushEvents();
        await live.idle();
      }
      expect(results[results.length - 1].findings.map((f) => f.rule)).toEqual(['1.1.2#1']);
      live.detach();
      await new Promise((r) => setTimeout(r, 10));
      const before = results.length;
      fake.userEdit(whole.sheet, whole.address, [[50]]);
      await fake.flushEvents();
      await live.idle();
      expect(results.length).toBe(before);
    },
  );

  test('an edit that changes no figure costs nothing', async () => {
    const { edit, results } = await injected();
    const c = figureCell('1.1.1');
    const before = results.length;
    expect(await edit(c.sheet, c.note, [['chỉ là ghi chú']])).toEqual({ reads: 0, writes: 0, total: 0 });
    expect(await edit('Sheet1', 'A1', [[5]])).toEqual({ reads: 0, writes: 0, total: 0 });
    expect(results.length).toBe(before);
  });

  test('rows inserted above: names follow, the full check finds the figure at its new row', async () => {
    const { fake, results, edit } = await injected();
    const whole = figureCell('1.1.1');
    const part = figureCell('1.1.2');
    await edit(whole.sheet, whole.address, [[39]]);
    fake.insertRows(whole.sheet, whole.row, 2);
    for (let i = 0; i < 3; i++) await fake.flushEvents();
    await edit(part.sheet, `${COL.value}${part.row + 2}`, [[45]]);
    const last = results[results.length - 1];
    const f = last.findings.find((x) => x.rule === '1.1.2#1');
    expect(f?.cells[0]).toEqual({ sheet: part.sheet, address: `${COL.value}${part.row + 2}` });
    expect(last.marks).toContainEqual({ sheet: part.sheet, address: `${COL.status}${part.row + 2}`, mark: '✗' });
  });

  test('re-injection keeps figures and uses a suffixed sheet next to a user sheet of the same name', async () => {
    const { fake, port } = setup();
    fake.addUserSheet('Biểu mẫu 3', { A1: 'bảng riêng' });
    const first = await injectForms(port, catalog, ctxSo2024);
    expect(first.sheets.find((s) => s.canonical === 'Biểu mẫu 3')!.actual).toBe('Biểu mẫu 3 (CCHC)');
    const bm = figureCell('BM3/2.1');
    fake.userEdit('Biểu mẫu 3 (CCHC)', bm.address, [[12]]);
    const whole = figureCell('1.1.1');
    fake.userEdit(whole.sheet, whole.address, [[39]]);
    fake.userEdit(whole.sheet, whole.note, [['ghi chú của tôi']]);
    fake.resetCounts();
    const again = await injectForms(port, catalog, ctxSo2024);
    expect(fake.syncCount).toBeLessThanOrEqual(4);
    expect(again.kept.figures).toBe(2);
    expect(again.moved).toEqual([]);
    expect(fake.cell('Biểu mẫu 3', 'A1').value).toBe('bảng riêng');
    expect(fake.cell('Biểu mẫu 3 (CCHC)', bm.address).value).toBe(12);
    expect(fake.cell(whole.sheet, whole.address).value).toBe(39);
    expect(fake.cell(whole.sheet, whole.note).value).toBe('ghi chú của tôi');
    expect(fake.sheetNames().filter((n) => n.startsWith('Biểu mẫu 3'))).toEqual(['Biểu mẫu 3', 'Biểu mẫu 3 (CCHC)']);
  });

  test('re-injection keeps what the user typed exactly: a percent stays a percent, a formula stays a formula', async () => {
    const { fake, port } = setup();
    await injectForms(port, catalog, ctxSo2024);
    const pct = catalog.indicators.find((i) => i.kind === 'percent' && applies(i, ctxSo2024))!;
    const pctCell = figureCell(pct.key);
    const whole = figureCell('1.1.1');
    fake.userEdit(pctCell.sheet, pctCell.address, [['49,2%']]);
    fake.userEdit(whole.sheet, whole.address, [['=30+9']]);
    expect(fake.cell(pctCell.sheet, pctCell.address)).toMatchObject({ value: 0.492, numFmt: '0.0%' });
    const before = await checkAll(port);
    const again = await injectForms(port, catalog, ctxSo2024);
    expect(again.kept.figures).toBe(2);
    expect(fake.cell(pctCell.sheet, pctCell.address)).toMatchObject({ value: 0.492, numFmt: '0.0%', formula: null });
    expect(fake.cell(whole.sheet, whole.address).formula).toBe('=30+9');
    // Read back as the same figure (49,2 percent), not 100 times smaller.
    const after = await checkAll(port);
    expect(after.filled).toBe(before.filled);
    expect(after.findings.filter((f) => f.keys.includes(pct.key))).toEqual(
      before.findings.filter((f) => f.keys.includes(pct.key)),
    );
  });

  test('select activates the sheet and selects the cell', async () => {
    const { fake, port } = setup();
    await injectForms(port, catalog, ctxSo2024);
    await port.select('Phụ lục I', 'D9');
    expect(fake.selection).toEqual({ sheet: 'Phụ lục I', address: 'D9' });
    expect(fake.activeSheet).toBe('Phụ lục I');
  });

  test('measureEditSyncs reports the budget for the full catalog', async () => {
    const m = await measureEditSyncs(catalog);
    expect(m.injectSyncs).toBeGreaterThan(0);
    expect(m.injectSyncs).toBeLessThanOrEqual(6);
    expect(m.editReadSyncs).toBe(1);
    expect(m.editWriteSyncs).toBe(0);
  });
});

describe('the recording fake keeps Office rules', () => {
  test('reading a property before sync throws; protected cells refuse writes', async () => {
    const fake = new RecordingExcel();
    fake.addUserSheet('S');
    await fake.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('S').getRange('A1').load('values');
      expect(() => r.values).toThrow(/not available/);
      await ctx.sync();
      expect(r.values).toEqual([['']]);
      ctx.workbook.worksheets.getItem('S').protection.protect();
      await ctx.sync();
      ctx.workbook.worksheets.getItem('S').getRange('A1').values = [['x']];
      await expect(ctx.sync()).rejects.toThrow(/protected/);
    });
    expect(fake.syncCount).toBe(3);
    expect(fake.readSyncs).toBe(1);
  });
});

test('the details offer level and period as Excel lists whose labels hold no comma', async () => {
  const fake = new RecordingExcel();
  const port = new ExcelPort({ run: fake.run, isSetSupported: fake.isSetSupported });
  await injectForms(port, catalog, ctxSo2024);
  const level = fake.nameFormula(nameForDetail('level'))!.replace(/^.*!/, '').replace(/\$/g, '');
  const kind = fake.nameFormula(nameForDetail('periodKind'))!.replace(/^.*!/, '').replace(/\$/g, '');
  expect(fake.cell(DETAILS_SHEET, level).validation).toMatchObject({
    rule: { list: { source: 'Tỉnh,Sở/ban/ngành,Huyện,Xã' } },
  });
  expect(fake.cell(DETAILS_SHEET, kind).validation).toMatchObject({
    rule: {
      list: {
        source: 'Quý I,6 tháng đầu năm,Quý III,9 tháng đầu năm,Năm,8 tháng đầu năm,10 tháng đầu năm,Kỳ báo cáo khác',
      },
    },
  });
});

describe('a failed injection changes nothing', () => {
  test('a failure at any write step of a first injection leaves the workbook exactly as it was', async () => {
    const probe = setup('web');
    probe.fake.addUserSheet('Sheet1', { A1: 'của tôi', B2: 12 });
    probe.fake.resetCounts();
    await injectForms(probe.port, catalog, ctxSo2024);
    const total = probe.fake.addinWrites;
    expect(total).toBeGreaterThan(50);
    const steps = new Set<number>([0, 1, 2, total - 3, total - 2, total - 1]);
    for (let i = 1; i < 20; i++) steps.add(Math.floor((i * total) / 20));
    for (const at of steps) {
      const { fake, port } = setup('web');
      fake.addUserSheet('Sheet1', { A1: 'của tôi', B2: 12 });
      const before = fake.dump();
      fake.failAfterWrites(at);
      await expect(injectForms(port, catalog, ctxSo2024)).rejects.toThrow(/write step/);
      expect(fake.dump()).toEqual(before);
      // And the next try goes through.
      await injectForms(port, catalog, ctxSo2024);
      expect(fake.sheetNames()).toContain('Phụ lục I');
    }
  });

  test('a re-injection that fails midway gives the sheets their protection back', async () => {
    const { fake, port } = setup('web');
    await injectForms(port, catalog, ctxSo2024);
    await checkAll(port);
    fake.failAfterWrites(40);
    await expect(injectForms(port, catalog, ctxSo2024)).rejects.toThrow(/write step/);
    expect(fake.sheetInfo('Phụ lục I')!.protected).toBe(true);
  });
});

describe('the diff before a re-injection', () => {
  test('previewInjection writes nothing and says where the rows the user inserted go; applying moves them below the form, as typed', async () => {
    const { fake, port } = setup();
    await injectForms(port, catalog, ctxSo2024);
    const whole = figureCell('1.1.1');
    fake.userEdit(whole.sheet, whole.address, [[39]]);
    // The user lifts the protection, inserts a row above 1.1.1 and types their own line there.
    fake.userUnprotect(whole.sheet);
    fake.insertRows(whole.sheet, whole.row, 1);
    fake.userEdit(whole.sheet, `B${whole.row}`, [['dòng tôi tự thêm', '=12*2']]);
    fake.userEdit(whole.sheet, `E${whole.row}`, [['49,2%']]);
    fake.resetCounts();
    const before = fake.dump();
    const preview = await previewInjection(port, catalog, ctxSo2024);
    expect(fake.dump()).toEqual(before);
    expect(fake.addinWrites).toBe(0);
    expect(preview.kept.figures).toBe(1);
    const bottom = Math.max(
      ...preview.plan.sheets.find((s) => s.name === whole.sheet)!.cells.map((c) => Number(/\d+$/.exec(c.address)![0])),
    );
    const to = bottom; // the last row of the sheet's new block is the user's row
    expect(preview.moved.map((m) => [m.from.address, m.to.address])).toEqual([
      [`B${whole.row}`, `B${to}`],
      [`C${whole.row}`, `C${to}`],
      [`E${whole.row}`, `E${to}`],
    ]);
    expect(preview.messages.join('\n')).toContain(
      `Trang Phụ lục I, dòng ${whole.row}: ô bạn tự nhập trong biểu mẫu (B${whole.row}: "dòng tôi tự thêm"; C${whole.row}: "=12*2"; E${whole.row}: "0.492") được chuyển xuống dòng ${to}`,
    );
    // Applying does what the preview said: the figure at its planned row, the user's row below, as typed and editable.
    const result = await injectForms(port, catalog, ctxSo2024);
    expect(result.moved).toEqual(preview.moved);
    expect(fake.cell(whole.sheet, whole.address).value).toBe(39);
    expect(fake.cell(whole.sheet, `B${to}`)).toMatchObject({ value: 'dòng tôi tự thêm', locked: false });
    expect(fake.cell(whole.sheet, `C${to}`).formula).toBe('=12*2');
    expect(fake.cell(whole.sheet, `E${to}`)).toMatchObject({ value: 0.492, numFmt: '0.0%' });
    expect(fake.sheetInfo(whole.sheet)!.protected).toBe(true);
    fake.userEdit(whole.sheet, `B${to}`, [['sửa dòng của tôi']]);
    // Injecting again keeps the row where it is.
    const again = await injectForms(port, catalog, ctxSo2024);
    expect(again.moved.map((m) => m.to.address)).toEqual([`B${to}`, `C${to}`, `E${to}`]);
    expect(again.messages.join('\n')).toContain('Trang Phụ lục I: giữ nguyên 01 dòng bạn tự thêm dưới biểu mẫu.');
    expect(fake.cell(whole.sheet, `B${to}`).value).toBe('sửa dòng của tôi');
    expect(fake.cell(whole.sheet, `C${to}`).formula).toBe('=12*2');
  });

  test('a fresh injection overwrites nothing of the user', async () => {
    const { fake, port } = setup();
    fake.addUserSheet('Sheet1', { A1: 'của tôi' });
    const preview = await previewInjection(port, catalog, ctxSo2024);
    expect(preview.moved).toEqual([]);
    expect(preview.sheets.every((s) => s.created)).toBe(true);
  });
});
