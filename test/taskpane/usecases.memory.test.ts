import type ExcelJS from 'exceljs';
import { registerCatalog } from '../../src/domain/catalog';
import { catalog2024 } from '../../src/domain/catalog/data/v2024';
import { COL, DETAILS_SHEET, nameForDetail, nameForText, TEXT_SHEET } from '../../src/domain/layout';
import { makePeriod } from '../../src/domain/period';
import { cellRaw } from '../../src/io/cellText';
import { readTemplate } from '../../src/io/readWorkbook';
import type { EditEvent } from '../../src/office/port';
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { attachLiveValidation, checkAll, injectForms, onEdit, type CheckResult } from '../../src/taskpane/usecases';
import { catalog, ctxSo2024, figureCell, whereIs } from './helpers';

function value(port: MemoryPort, sheet: string, address: string): unknown {
  const ws = port.workbook.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  return cellRaw(ws.getCell(address));
}

/** Edits through the grid API and hands the event to live validation, as the pane does. */
async function type(
  port: MemoryPort,
  sheet: string,
  address: string,
  values: (string | number | null)[][],
): Promise<CheckResult | null> {
  const events: EditEvent[] = [];
  const off = await port.onEdit((e) => events.push(e));
  const outcome = port.edit(sheet, address, values);
  off();
  expect(outcome).toEqual({ ok: true });
  expect(events).toHaveLength(1);
  return onEdit(port, events[0]);
}

describe('injectForms into the memory workbook', () => {
  test('writes every sheet, the names and the chosen level and period', async () => {
    const port = MemoryPort.blank();
    const result = await injectForms(port, catalog, ctxSo2024);
    const names = await port.sheetNames();
    // The empty sheet the workbook started with is gone: the forms replace it.
    expect(names).toEqual(result.plan.sheets.map((s) => s.name));
    expect(result.plan.sheets).toHaveLength(catalog.forms.length + 3);
    expect(result.sheets.every((s) => s.created && s.actual === s.canonical)).toBe(true);
    const level = (await port.readInputs()).names[nameForDetail('level')];
    expect(level.sheet).toBe(DETAILS_SHEET);
    expect(value(port, DETAILS_SHEET, level.address)).toBe('Sở/ban/ngành');
    // Read back with the CLI reader: same names, same period.
    const read = readTemplate(port.workbook, catalog, 'memory.xlsx');
    expect(read.details.level).toBe('so');
    expect(read.period).toMatchObject({ kind: 'H1', year: 2024, from: '2023-12-15', to: '2024-06-14' });
    const check = await checkAll(port);
    expect(check.injected).toBe(true);
    expect(check.findings).toEqual([]);
    expect(check.filled).toBe(0);
  });

  test('rows that do not apply are greyed and locked (cấp huyện rows for a sở)', async () => {
    const port = MemoryPort.blank();
    await injectForms(port, catalog, ctxSo2024);
    const c = figureCell('1.2.2');
    const cell = port.workbook.getWorksheet(c.sheet)!.getCell(c.address);
    expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFD9D9D9');
    expect(cell.protection?.locked).toBe(true);
    expect(port.edit(c.sheet, c.address, [['3']]).ok).toBe(false);
    const open = figureCell('1.2.1');
    expect(port.edit(open.sheet, open.address, [['3']]).ok).toBe(true);
  });

  test('re-injecting keeps figures, notes, texts and details, and applies the new level', async () => {
    const port = MemoryPort.blank();
    await injectForms(port, catalog, ctxSo2024);
    const a = figureCell('1.1.1');
    const b = figureCell('2.1');
    port.edit(a.sheet, a.address, [['39']]);
    port.edit(b.sheet, b.address, [['16.183']]);
    port.edit(a.sheet, a.note, [['Theo Kế hoạch số 12/KH-SCT']]);
    const unit = (await port.readInputs()).names[nameForDetail('unit')];
    port.edit(unit.sheet, unit.address, [['Sở Công Thương']]);
    const text = (await port.readInputs()).names[nameForText('III.1')];
    port.edit(text.sheet, text.address, [['Ưu điểm: đã hoàn thành kế hoạch.\nDòng hai.']]);

    const again = await injectForms(port, catalog, { level: 'tinh', period: makePeriod('Y', 2024) });
    // Details: the unit typed, and the level, period, year and window the first injection wrote.
    expect(again.kept).toEqual({ figures: 2, notes: 1, texts: 1, details: 6 });
    // Another level and period: rows change their checks and notes, none of it is the user's.
    expect(again.moved).toEqual([]);
    expect(again.sheets.every((s) => !s.created && s.actual === s.canonical)).toBe(true);
    expect(await port.sheetNames()).toHaveLength(again.plan.sheets.length);
    expect(value(port, a.sheet, a.address)).toBe(39);
    expect(value(port, b.sheet, b.address)).toBe(16183);
    expect(value(port, a.sheet, a.note)).toBe('Theo Kế hoạch số 12/KH-SCT');
    expect(value(port, TEXT_SHEET, text.address)).toBe('Ưu điểm: đã hoàn thành kế hoạch.\nDòng hai.');
    const read = readTemplate(port.workbook, catalog, 'memory.xlsx');
    expect(read.details.unit).toBe('Sở Công Thương');
    expect(read.details.level).toBe('tinh');
    expect(read.period?.kind).toBe('Y');
    // 1.2.2 (cấp xã checked by a tỉnh) now applies: unlocked.
    const c = figureCell('1.2.2', { level: 'tinh' });
    expect(port.workbook.getWorksheet(c.sheet)!.getCell(c.address).protection?.locked).toBe(false);
  });

  test("a user's own sheet with a planned name is kept; the form goes to a suffixed sheet, reused next time", async () => {
    const port = MemoryPort.blank();
    const own = port.workbook.addWorksheet('Phụ lục I');
    own.getCell('A1').value = 'Bảng tự làm của tôi';
    own.getCell('B2').value = 123;
    const first = await injectForms(port, catalog, ctxSo2024);
    const pl1 = first.sheets.find((s) => s.canonical === 'Phụ lục I')!;
    expect(pl1.actual).toBe('Phụ lục I (CCHC)');
    expect(first.messages.join('\n')).toContain('"Phụ lục I (CCHC)"');
    expect(value(port, 'Phụ lục I', 'A1')).toBe('Bảng tự làm của tôi');
    expect(value(port, 'Phụ lục I', 'B2')).toBe(123);
    const at = figureCell('1.1.1');
    port.edit('Phụ lục I (CCHC)', at.address, [['7']]);

    const second = await injectForms(port, catalog, ctxSo2024);
    expect(second.sheets.find((s) => s.canonical === 'Phụ lục I')!.actual).toBe('Phụ lục I (CCHC)');
    expect(await port.sheetNames()).not.toContain('Phụ lục I (CCHC 2)');
    expect(value(port, 'Phụ lục I (CCHC)', at.address)).toBe(7);
    expect(value(port, 'Phụ lục I', 'A1')).toBe('Bảng tự làm của tôi');
    expect(await whereIs(port, '1.1.1')).toEqual({ sheet: 'Phụ lục I (CCHC)', address: at.address });
  });

  test('a newer catalog version moves figures to their new rows and reports the ones it dropped', async () => {
    const port = MemoryPort.blank();
    await injectForms(port, catalog, ctxSo2024);
    const keep = figureCell('2.3');
    const gone = figureCell('1.1.3');
    port.edit(keep.sheet, keep.address, [['5']]);
    port.edit(gone.sheet, gone.address, [['8']]);
    // v2025: a new row 1.1.0 before 1.1.1, row 1.1.3 removed.
    const lines = catalog2024.phuLucI.split('\n');
    const at111 = lines.findIndex((l) => l.startsWith('1.1.1\t'));
    lines.splice(at111, 0, '1.1.0\tSố kế hoạch chuyên đề\tKế hoạch\tcount\t\t\t\t\t\t\t');
    const v2025 = registerCatalog({
      ...catalog2024,
      id: '2025-test',
      phuLucI: lines.filter((l) => !l.startsWith('1.1.3\t')).join('\n'),
    });
    const result = await injectForms(port, v2025, ctxSo2024);
    expect(result.dropped).toEqual([
      { name: 'cchc_1_1_3', cell: { sheet: gone.sheet, address: gone.address }, value: 8 },
    ]);
    expect(result.messages.some((m) => m.includes('cchc_1_1_3') && m.includes('"8"'))).toBe(true);
    // Nothing lost: the dropped row goes below the form with its code, name and figure.
    const row = result.moved.filter((m) => m.from.address.replace(/^[A-Z]+/, '') === String(gone.row));
    expect(row.map((m) => m.value)).toEqual(expect.arrayContaining(['1.1.3', 8]));
    const to = row.find((m) => m.value === 8)!.to;
    expect(value(port, to.sheet, to.address)).toBe(8);
    expect(result.messages.join('\n')).toContain(`cả dòng được chuyển xuống ô ${to.address}`);
    const moved = await whereIs(port, '2.3');
    expect(moved.address).toBe(keep.address); // one row added, one removed above it
    expect(value(port, moved.sheet, moved.address)).toBe(5);
    expect(value(port, '_cchc', 'B2')).toBe('2025-test');
  });
});

describe('live validation on the memory workbook', () => {
  test('a part above its whole: finding with its cell, marks in column H, fixed, cleared', async () => {
    const port = MemoryPort.blank();
    await injectForms(port, catalog, ctxSo2024);
    await checkAll(port);
    const whole = figureCell('1.1.1');
    const part = figureCell('1.1.2');
    await type(port, whole.sheet, whole.address, [['39']]);
    const bad = await type(port, part.sheet, part.address, [['45']]);
    expect(bad).not.toBeNull();
    const error = bad!.findings.find((f) => f.rule === '1.1.2#1');
    expect(error).toMatchObject({ severity: 'error', blame: '1.1.2' });
    expect(error!.cells[0]).toEqual({ sheet: 'Phụ lục I', address: part.address });
    expect(error!.message).toContain('45');
    expect(bad!.summary).toMatch(/^1 lỗi, không có cảnh báo/);
    expect(value(port, part.sheet, part.status)).toBe('✗');
    expect(value(port, whole.sheet, whole.status)).toBe('✗');
    // The rate cell shows the engine's value in standalone mode: none while its figures are in error.
    expect(value(port, part.sheet, `${COL.computed}${part.row}`) ?? null).toBeNull();

    const fixed = await type(port, part.sheet, part.address, [['30']]);
    expect(fixed!.findings).toEqual([]);
    expect(value(port, part.sheet, `${COL.computed}${part.row}`)).toBeCloseTo(30 / 39, 6);
    expect(value(port, part.sheet, part.status)).toBe('✓');
    expect(value(port, whole.sheet, whole.status)).toBe('✓');
  });

  test('a multi-cell paste is one edit and is checked whole; undo is an edit too', async () => {
    const port = MemoryPort.blank();
    await injectForms(port, catalog, ctxSo2024);
    await checkAll(port);
    const whole = figureCell('1.1.1');
    expect(figureCell('1.1.2').row).toBe(whole.row + 1);
    const pasted = await type(port, whole.sheet, whole.address, [['39'], ['45'], ['2']]);
    expect(pasted!.findings.map((f) => f.rule)).toEqual(['1.1.2#1']);
    expect(value(port, whole.sheet, `${COL.value}${whole.row + 2}`)).toBe(2);

    const events: EditEvent[] = [];
    const off = await port.onEdit((e) => events.push(e));
    expect(port.undo().ok).toBe(true);
    off();
    expect(events[0].address).toBe(`${whole.address}:${COL.value}${whole.row + 2}`);
    const undone = await onEdit(port, events[0]);
    expect(undone!.findings).toEqual([]);
    expect(value(port, whole.sheet, whole.address)).toBeNull();
    expect(value(port, whole.sheet, whole.status)).toBeNull();
  });

  test('text in a figure cell is an error pointing at the cell', async () => {
    const port = MemoryPort.blank();
    await injectForms(port, catalog, ctxSo2024);
    await checkAll(port);
    const c = figureCell('2.2');
    const r = await type(port, c.sheet, c.address, [['khoảng 20']]);
    expect(r!.findings).toHaveLength(1);
    expect(r!.findings[0]).toMatchObject({
      severity: 'error',
      rule: '2.2#text',
      cells: [{ sheet: c.sheet, address: c.address }],
    });
    expect(r!.findings[0].message).toContain('khoảng 20');
    expect(value(port, c.sheet, c.status)).toBe('✗');
  });

  test('a rule crossing forms is re-checked from either side (Biểu mẫu 3 2.1 = Phụ lục I 3.1)', async () => {
    const port = MemoryPort.blank();
    await injectForms(port, catalog, ctxSo2024);
    await checkAll(port);
    const bm = figureCell('BM3/2.1');
    const pl = figureCell('3.1');
    await type(port, bm.sheet, bm.address, [['90']]);
    const r = await type(port, pl.sheet, pl.address, [['100']]);
    const w = r!.findings.find((f) => f.rule === 'BM3/2.1#2');
    expect(w).toMatchObject({ severity: 'warning' });
    expect(value(port, bm.sheet, bm.status)).toBe('⚠');
    expect(value(port, pl.sheet, pl.status)).toBe('⚠');
    const ok = await type(port, bm.sheet, bm.address, [['100']]);
    expect(ok!.findings.find((f) => f.rule === 'BM3/2.1#2')).toBeUndefined();
    expect(value(port, pl.sheet, pl.status)).toBe('✓');
  });

  test('edits that change no figure are ignored; changing the level re-checks everything', async () => {
    const port = MemoryPort.blank();
    await injectForms(port, catalog, ctxSo2024);
    await checkAll(port);
    const c = figureCell('1.1.1');
    expect(await type(port, c.sheet, c.note, [['ghi chú']])).toBeNull();
    const details = await port.readInputs();
    const level = details.names[nameForDetail('level')];
    const r = await type(port, level.sheet, level.address, [['Tỉnh']]);
    expect(r!.ctx.level).toBe('tinh');
  });

  test('a computed cell typed over is reported by the full check', async () => {
    const port = MemoryPort.blank();
    await injectForms(port, catalog, ctxSo2024);
    const part = figureCell('1.1.2');
    const ws = port.workbook.getWorksheet(part.sheet)!;
    ws.getCell(`${COL.computed}${part.row}`).value = 0.9;
    const r = await checkAll(port);
    const f = r.findings.find((x) => x.rule.endsWith('#formula'));
    expect(f).toBeDefined();
    expect(f!.cells[0]).toEqual({ sheet: part.sheet, address: `${COL.computed}${part.row}` });
  });

  test('attachLiveValidation delivers a result per edit', async () => {
    const port = MemoryPort.blank();
    await injectForms(port, catalog, ctxSo2024);
    await checkAll(port);
    const results: CheckResult[] = [];
    const liveV = await attachLiveValidation(port, (r) => results.push(r));
    const whole = figureCell('1.1.1');
    port.edit(whole.sheet, whole.address, [['39'], ['45']]);
    await liveV.idle();
    liveV.detach();
    expect(results).toHaveLength(1);
    expect(results[0].findings[0].rule).toBe('1.1.2#1');
    port.edit(whole.sheet, whole.address, [['50']]);
    await liveV.idle();
    expect(results).toHaveLength(1);
  });

  test('the saved file opens again with its figures and marks', async () => {
    const port = MemoryPort.blank();
    await injectForms(port, catalog, ctxSo2024);
    await checkAll(port);
    const whole = figureCell('1.1.1');
    await type(port, whole.sheet, whole.address, [['39'], ['45']]);
    const bytes = await port.save();
    const again = await MemoryPort.open(bytes, 'lai.xlsx');
    const r = await checkAll(again);
    expect(r.findings.map((f) => f.rule)).toEqual(['1.1.2#1']);
    expect(value(again, whole.sheet, whole.status)).toBe('✗');
  });
});
