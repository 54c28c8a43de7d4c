/**
 * @jest-environment jsdom
 */
import './jsdomCompat';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ExcelPort } from '../../src/office/excelPort';
import type { WorkbookPort } from '../../src/office/port';
import { App } from '../../src/taskpane/App';
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { injectForms } from '../../src/taskpane/usecases';
import { RecordingExcel } from '../fakes/excel';
import { catalog, ctxSo2024, figureCell } from './helpers';

/** 4.2 = 4.2.1 + 4.2.2 + 4.2.3 of Biểu mẫu 3, with the total typed wrong (and 4.1 = 4.2 + 4.3 holding with the sum). */
const PARTS: Record<string, number> = { 'BM3/4.2.1': 9_000, 'BM3/4.2.2': 7_000, 'BM3/4.2.3': 181 };
const OTHERS: Record<string, number> = { 'BM3/4.1': 16_183, 'BM3/4.3': 2 };
const WRONG_TOTAL = 16_000;
const FIX = 'Điền tổng = 16.181 từ các phần';

/** Opens Kiểm tra and waits for the error on 4.2 with its fix. */
async function openFix(): Promise<HTMLElement> {
  fireEvent.click(screen.getByRole('tab', { name: 'Kiểm tra' }));
  const errors = await screen.findByRole('region', { name: 'Lỗi' }, { timeout: 15000 });
  const button = await within(errors).findByRole('button', { name: FIX }, { timeout: 15000 });
  const item = button.closest('li')!;
  expect(within(item).getAllByRole('button')[0].getAttribute('data-rule')).toBe('BM3/4.2#1');
  return button;
}

async function settle(extra?: () => Promise<void>) {
  await act(async () => {
    for (let i = 0; i < 5; i++) {
      await extra?.();
      await new Promise((r) => setTimeout(r, 20));
    }
  });
}

describe('quick fix "Điền tổng = …" in Kiểm tra', () => {
  test('standalone: the fix is typed into the total like the user would, the finding clears, Ctrl+Z brings it back', async () => {
    const port = MemoryPort.blank();
    await injectForms(port, catalog, ctxSo2024);
    const total = figureCell('BM3/4.2');
    for (const [key, v] of Object.entries({ ...PARTS, ...OTHERS, 'BM3/4.3.1': 1, 'BM3/4.3.2': 1 })) {
      const at = figureCell(key);
      expect(port.edit(at.sheet, at.address, [[v]], 'type')).toEqual({ ok: true });
    }
    expect(port.edit(total.sheet, total.address, [[WRONG_TOTAL]], 'type')).toEqual({ ok: true });
    render(<App host="standalone" port={port as WorkbookPort} />);
    const button = await openFix();
    expect(button.getAttribute('title')).toBe(`Ghi 16.181 vào ô ${total.sheet}!${total.address}`);

    fireEvent.click(button);
    await waitFor(() => expect(screen.queryByRole('button', { name: FIX })).toBeNull(), { timeout: 15000 });
    expect(screen.queryByRole('region', { name: 'Lỗi' })).toBeNull();
    const snap = await port.readFormValues([total.sheet]);
    expect(snap.grids[total.sheet].values[total.row - 1][3]).toBe(16_181);

    // An edit like any other: Ctrl+Z puts the wrong total back and the check finds it again.
    await act(async () => {
      expect(port.undo()).toEqual({ ok: true });
    });
    await openFix();
  });

  test('Excel (Microsoft 365): one write sync, no protection lifted, the user’s undo stack kept with one step added', async () => {
    const fake = new RecordingExcel({ profile: 'm365' });
    const port = new ExcelPort(
      { run: fake.run, runIn: fake.runIn, isSetSupported: fake.isSetSupported },
      { retryDelayMs: 5 },
    );
    fake.addUserSheet('Sheet1');
    await injectForms(port, catalog, ctxSo2024);
    const total = figureCell('BM3/4.2');
    for (const [key, v] of Object.entries({ ...PARTS, ...OTHERS, 'BM3/4.3.1': 1, 'BM3/4.3.2': 1 })) {
      const at = figureCell(key);
      fake.userEdit(at.sheet, at.address, [[v]]);
    }
    fake.userEdit(total.sheet, total.address, [[WRONG_TOTAL]]);
    await fake.flushEvents();
    render(<App host="excel" port={port} />);
    const button = await openFix();
    const userSteps = fake.undoStack.length;
    expect(fake.undoStack.every((e) => e.by === 'user')).toBe(true);
    fake.resetCounts();
    const writesBefore = fake.addinWrites;

    fireEvent.click(button);
    await waitFor(() => expect(screen.queryByRole('button', { name: FIX })).toBeNull(), { timeout: 15000 });
    await settle(() => fake.flushEvents());
    expect(screen.queryByRole('region', { name: 'Lỗi' })).toBeNull();
    expect(fake.cell(total.sheet, total.address).value).toBe(16_181);
    expect(fake.writeSyncs).toBe(1);
    expect(fake.addinWrites - writesBefore).toBe(1);
    expect(fake.sheetInfo(total.sheet)!.protected).toBe(true);
    // The user's own steps are still there, under the one the fix added.
    expect(fake.undoStack).toHaveLength(userSteps + 1);
    expect(fake.undoStack.slice(0, userSteps).every((e) => e.by === 'user')).toBe(true);
    expect(fake.undoStack.at(-1)!.by).toBe('addin');
  });

  test('a blank total whose parts are all filled is offered under "Có thể điền", with a link to its cell', async () => {
    const port = MemoryPort.blank();
    await injectForms(port, catalog, ctxSo2024);
    for (const [key, v] of Object.entries(PARTS)) {
      const at = figureCell(key);
      port.edit(at.sheet, at.address, [[v]], 'type');
    }
    render(<App host="standalone" port={port as WorkbookPort} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Kiểm tra' }));
    const offered = await screen.findByRole('region', { name: 'Có thể điền' }, { timeout: 15000 });
    const total = figureCell('BM3/4.2');
    expect(within(offered).getByRole('button', { name: `Ô ${total.sheet}!${total.address}` })).toBeTruthy();
    fireEvent.click(within(offered).getByRole('button', { name: FIX }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Có thể điền' })).toBeNull(), { timeout: 15000 });
    const snap = await port.readFormValues([total.sheet]);
    expect(snap.grids[total.sheet].values[total.row - 1][3]).toBe(16_181);
  });
});
