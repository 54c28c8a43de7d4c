import ExcelJS from 'exceljs';
import { snapshotCell } from '../../src/office/port';
import { DeferredPort, FIRST_SHEET } from '../../src/taskpane/standalone/deferredPort';
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { injectForms } from '../../src/taskpane/usecases';
import { catalog, ctxSo2024, figureCell } from './helpers';

async function injected(): Promise<MemoryPort> {
  const port = MemoryPort.blank();
  await injectForms(port, catalog, ctxSo2024);
  return port;
}

/** Everything a failed write must leave as it was: sheets in order, cells, formats, protection, names. */
function digest(wb: ExcelJS.Workbook): string {
  const sheets = wb.worksheets.map((ws) => {
    const cells: string[] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) =>
        cells.push(`${r},${c}=${JSON.stringify(cell.value)}|${cell.numFmt ?? ''}|${cell.protection?.locked}`),
      ),
    );
    const protection = (ws as unknown as { sheetProtection?: { sheet?: boolean } | null }).sheetProtection?.sheet;
    return { name: ws.name, state: ws.state, protection: !!protection, cells };
  });
  const names = wb.definedNames.model.map((n) => `${n.name}=${n.ranges.join(',')}`).sort();
  return JSON.stringify({ sheets, names });
}

describe('MemoryPort: typing meets the data validation, as in Excel', () => {
  let port: MemoryPort;
  beforeAll(async () => {
    port = await injected();
  });

  test.each([
    ['1.1.1', '-3', 'Nhập số nguyên không âm.'],
    ['1.1.1', '2,5', 'Nhập số nguyên không âm.'],
    ['1.1.1', 'khoảng 20', 'Nhập số nguyên không âm.'],
    ['1.5', '5', 'Chỉ chọn một trong: 0; 1'],
    ['3.2.1', '120', 'Nhập số từ 0 đến 100.'],
    ['3.2.1', '-1', 'Nhập số từ 0 đến 100.'],
  ])('%s typed as "%s" is refused with the rule\'s message', (key, text, message) => {
    const at = figureCell(key);
    const before = port.workbook.getWorksheet(at.sheet)!.getCell(at.address).value;
    const outcome = port.edit(at.sheet, at.address, [[text]], 'type');
    expect(outcome).toEqual({ ok: false, message: `Ô ${at.sheet}!${at.address}: ${message}` });
    expect(port.workbook.getWorksheet(at.sheet)!.getCell(at.address).value).toEqual(before);
  });

  test.each([
    ['1.1.1', '16.183', 16183],
    ['1.5', '1', 1],
    ['3.2.1', '49,2', 49.2],
    ['1.1.1', '', null],
  ])('%s typed as "%s" is accepted', (key, text, stored) => {
    const at = figureCell(key);
    expect(port.edit(at.sheet, at.address, [[text]], 'type')).toEqual({ ok: true });
    expect(port.workbook.getWorksheet(at.sheet)!.getCell(at.address).value).toBe(stored);
  });

  test('pasting skips the validation, as Excel does (the checks then report it)', () => {
    const at = figureCell('1.1.1');
    expect(port.edit(at.sheet, at.address, [['-3']], 'paste')).toEqual({ ok: true });
    expect(port.workbook.getWorksheet(at.sheet)!.getCell(at.address).value).toBe(-3);
  });

  test('the grid sees drop-down choices, input messages from the notes, and frozen panes', () => {
    const code = figureCell('1.5');
    const view = port.view(code.sheet)!;
    const cell = view.cells[code.row - 1].find((c) => c.address === code.address)!;
    expect(cell.choices).toEqual(['0', '1']);
    expect(view.frozen).not.toBeNull();
    expect(view.frozen!.rows).toBeGreaterThan(0);
  });
});

describe('MemoryPort: sparse sheets', () => {
  test('a cell at XFD1048576 is read without a dense grid', async () => {
    const port = MemoryPort.blank();
    const ws = port.workbook.getWorksheet(FIRST_SHEET)!;
    ws.getCell('A1').value = 'đầu';
    ws.getCell('XFD1048576').value = 7;
    const snap = await port.readFormValues([FIRST_SHEET]);
    const grid = snap.grids[FIRST_SHEET];
    // Two rows hold something: two rows are allocated.
    expect(Object.keys(grid.values)).toHaveLength(2);
    expect(snapshotCell(snap, FIRST_SHEET, 'XFD1048576')?.value).toBe(7);
    expect(snapshotCell(snap, FIRST_SHEET, 'A1')?.value).toBe('đầu');
    expect(snapshotCell(snap, FIRST_SHEET, 'B2')?.value).toBeNull();
    const view = port.view(FIRST_SHEET)!;
    expect(view.truncated).toBe(true);
    expect(view.cells[0][0].text).toBe('đầu');
  });
});

describe('MemoryPort: injection is all or nothing', () => {
  /**
   * Makes the n-th workbook step (1-based) throw, in whatever workbook the port writes: adding,
   * removing and protecting sheets, adding names, saving and loading. Returns the step count.
   */
  function failAt(n: number | null): { calls: () => number; restore: () => void } {
    let calls = 0;
    const sample = new ExcelJS.Workbook();
    const prototypes: [object, string][] = [
      [ExcelJS.Workbook.prototype, 'addWorksheet'],
      [ExcelJS.Workbook.prototype, 'removeWorksheet'],
      [Object.getPrototypeOf(sample.addWorksheet('x')), 'protect'],
      [Object.getPrototypeOf(sample.definedNames), 'add'],
      [Object.getPrototypeOf(sample.xlsx), 'load'],
      [Object.getPrototypeOf(sample.xlsx), 'writeBuffer'],
    ];
    const originals = prototypes.map(([proto, method]) => (proto as Record<string, unknown>)[method]);
    prototypes.forEach(([proto, method], i) => {
      const original = originals[i] as (...a: unknown[]) => unknown;
      (proto as Record<string, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
        calls += 1;
        if (n !== null && calls === n) throw new Error(`lỗi giả ở bước ${n}`);
        return original.apply(this, args);
      };
    });
    return {
      calls: () => calls,
      restore: () =>
        prototypes.forEach(([proto, method], i) => ((proto as Record<string, unknown>)[method] = originals[i])),
    };
  }

  test('a failure at any step of a re-injection leaves the workbook exactly as it was', async () => {
    const port = await injected();
    const at = figureCell('1.1.1');
    port.edit(at.sheet, at.address, [['39']], 'type');
    const counting = failAt(null);
    try {
      await injectForms(port, catalog, ctxSo2024);
    } finally {
      counting.restore();
    }
    const steps = counting.calls();
    expect(steps).toBeGreaterThan(20);

    // Every step, from the first to the last, fails once.
    for (let n = 1; n <= steps; n++) {
      const workbook = port.workbook;
      const before = digest(workbook);
      const fault = failAt(n);
      try {
        await expect(injectForms(port, catalog, ctxSo2024)).rejects.toThrow(`bước ${n}`);
      } finally {
        fault.restore();
      }
      expect(port.workbook).toBe(workbook);
      expect(digest(port.workbook)).toBe(before);
    }
    expect(port.workbook.getWorksheet(at.sheet)!.getCell(at.address).value).toBe(39);
  }, 300000);

  test('the first injection into a new workbook leaves no empty first sheet; a failed one leaves it', async () => {
    const port = MemoryPort.blank();
    const fault = failAt(3);
    try {
      await expect(injectForms(port, catalog, ctxSo2024)).rejects.toThrow();
    } finally {
      fault.restore();
    }
    expect(await port.sheetNames()).toEqual([FIRST_SHEET]);
    await injectForms(port, catalog, ctxSo2024);
    expect(await port.sheetNames()).not.toContain(FIRST_SHEET);
  });
});

describe('MemoryPort and DeferredPort: unsaved work', () => {
  test('typing, injecting and importing make unsaved work; saving or opening a file clears it', async () => {
    const port = MemoryPort.blank();
    expect(port.hasUnsavedWork()).toBe(false);
    port.edit(FIRST_SHEET, 'A1', [['ghi chú']], 'type');
    expect(port.hasUnsavedWork()).toBe(true);
    const bytes = await port.save();
    expect(port.hasUnsavedWork()).toBe(false);
    await injectForms(port, catalog, ctxSo2024);
    expect(port.hasUnsavedWork()).toBe(true);
    await port.openBytes(bytes, 'cu.xlsx');
    expect(port.hasUnsavedWork()).toBe(false);
  });

  test('before its workbook has loaded the deferred port shows one empty sheet; actions load it first', async () => {
    let loads = 0;
    const deferred = new DeferredPort(async () => {
      loads += 1;
      return MemoryPort.blank();
    });
    expect(deferred.visibleSheets()).toEqual([FIRST_SHEET]);
    expect((await deferred.readInputs()).names).toEqual({});
    expect(deferred.edit(FIRST_SHEET, 'A1', [['1']], 'type').ok).toBe(false);
    expect(deferred.hasUnsavedWork()).toBe(false);
    const changes: number[] = [];
    deferred.onChange(() => changes.push(1));
    await injectForms(deferred, catalog, ctxSo2024);
    expect(loads).toBe(1);
    expect(changes.length).toBeGreaterThan(0);
    expect(deferred.visibleSheets()).toContain('Phụ lục I');
    const at = figureCell('1.1.1');
    expect(deferred.edit(at.sheet, at.address, [['-3']], 'type').message).toMatch(/Nhập số nguyên không âm/);
    expect(deferred.edit(at.sheet, at.address, [['3']], 'type')).toEqual({ ok: true });
    expect(deferred.hasUnsavedWork()).toBe(true);
  });
});
