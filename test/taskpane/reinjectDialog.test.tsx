/**
 * @jest-environment jsdom
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ExcelPort } from '../../src/office/excelPort';
import { App } from '../../src/taskpane/App';
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { RecordingExcel } from '../fakes/excel';
import { figureCell } from './helpers';

jest.setTimeout(60000);
afterEach(cleanup);

const today = new Date(2024, 4, 10);
const injectButton = () => screen.getByRole('button', { name: 'Chèn biểu mẫu' });
const dialog = () => screen.queryByRole('alertdialog', { name: 'Chèn lại biểu mẫu' });

function excelPane() {
  const fake = new RecordingExcel({ profile: 'office2021' });
  const port = new ExcelPort(
    { run: fake.run, runIn: fake.runIn, isSetSupported: fake.isSetSupported },
    { retryDelayMs: 5 },
  );
  render(<App host="excel" port={port} today={today} />);
  return { fake, port };
}

async function injectOnce() {
  fireEvent.click(injectButton());
  await waitFor(() => expect(screen.getByText(/^Đã chèn 10 trang/)).toBeTruthy(), { timeout: 30000 });
  await waitFor(() => expect((injectButton() as HTMLButtonElement).disabled).toBe(false));
}

describe('re-injection in the Excel pane shows what will change first', () => {
  test('a first injection needs no question; a second lists the kept figures and the moved row; Hủy and Escape write nothing', async () => {
    const { fake } = excelPane();
    await injectOnce();
    expect(dialog()).toBeNull();

    // The user types a figure, then lifts the protection and types their own row above it.
    const whole = figureCell('1.1.1');
    await act(async () => {
      fake.userEdit(whole.sheet, whole.address, [[39]]);
      fake.userUnprotect(whole.sheet);
      fake.insertRows(whole.sheet, whole.row, 1);
      fake.userEdit(whole.sheet, `B${whole.row}`, [['dòng tôi tự thêm']]);
      await new Promise((r) => setTimeout(r, 50));
    });
    const before = fake.dump();
    fake.resetCounts();

    fireEvent.click(injectButton());
    const shown = await screen.findByRole('alertdialog', { name: 'Chèn lại biểu mẫu' }, { timeout: 30000 });
    expect(within(shown).getByTestId('reinject-forms').textContent).toMatch(
      /^Viết lại 10 biểu mẫu: .*Phụ lục I, .*\.$/,
    );
    expect(within(shown).getByTestId('reinject-kept').textContent).toBe(
      'Giữ nguyên 01 số liệu, không có ghi chú, không có mục nội dung và 05 mục thông tin đã nhập (cả định dạng và công thức).',
    );
    const moved = within(within(shown).getByRole('list', { name: 'Ô được chuyển' })).getAllByRole('listitem');
    expect(moved).toHaveLength(1);
    expect(moved[0].textContent).toMatch(new RegExp(`^Phụ lục I!B${whole.row} → Phụ lục I!B\\d+$`));
    // The dialog takes the focus, for keyboard and screen reader users.
    await waitFor(() => expect(shown.contains(document.activeElement)).toBe(true));

    fireEvent.click(within(shown).getByRole('button', { name: 'Hủy' }));
    await waitFor(() => expect(dialog()).toBeNull());
    expect(fake.addinWrites).toBe(0);
    expect(fake.writeSyncs).toBe(0);
    expect(fake.dump()).toEqual(before);

    // Escape cancels too.
    fireEvent.click(injectButton());
    const again = await screen.findByRole('alertdialog', { name: 'Chèn lại biểu mẫu' }, { timeout: 30000 });
    fireEvent.keyDown(again, { key: 'Escape' });
    await waitFor(() => expect(dialog()).toBeNull());
    expect(fake.addinWrites).toBe(0);
    expect(fake.dump()).toEqual(before);
  });

  test('Chèn lại applies the re-injection the dialog described', async () => {
    const { fake } = excelPane();
    await injectOnce();
    const whole = figureCell('1.1.1');
    await act(async () => {
      fake.userEdit(whole.sheet, whole.address, [[39]]);
      fake.userUnprotect(whole.sheet);
      fake.insertRows(whole.sheet, whole.row, 1);
      fake.userEdit(whole.sheet, `B${whole.row}`, [['dòng tôi tự thêm']]);
      await new Promise((r) => setTimeout(r, 50));
    });
    fireEvent.click(injectButton());
    const shown = await screen.findByRole('alertdialog', { name: 'Chèn lại biểu mẫu' }, { timeout: 30000 });
    const to = /→ Phụ lục I!(B\d+)$/.exec(within(shown).getAllByRole('listitem')[0].textContent!)![1];
    fake.resetCounts();
    fireEvent.click(within(shown).getByRole('button', { name: 'Chèn lại' }));
    await waitFor(() => expect(screen.getByText(/^Đã chèn 10 trang/)).toBeTruthy(), { timeout: 30000 });
    expect(dialog()).toBeNull();
    expect(fake.addinWrites).toBeGreaterThan(0);
    expect(fake.cell(whole.sheet, whole.address).value).toBe(39);
    expect(fake.cell(whole.sheet, to).value).toBe('dòng tôi tự thêm');
  });
});

describe('re-injection in the standalone pane', () => {
  test('the same question on the memory workbook; Hủy leaves it as it was', async () => {
    const port = MemoryPort.blank();
    render(<App host="standalone" port={port} today={today} />);
    await injectOnce();
    const whole = figureCell('1.1.1');
    await act(async () => {
      port.edit(whole.sheet, whole.address, [['39']]);
      await new Promise((r) => setTimeout(r, 50));
    });
    const before = await port.readInputs({ formulas: true });
    fireEvent.click(injectButton());
    const shown = await screen.findByRole('alertdialog', { name: 'Chèn lại biểu mẫu' }, { timeout: 30000 });
    expect(within(shown).getByTestId('reinject-kept').textContent).toMatch(/^Giữ nguyên 01 số liệu,/);
    fireEvent.click(within(shown).getByRole('button', { name: 'Hủy' }));
    await waitFor(() => expect(dialog()).toBeNull());
    expect(await port.readInputs({ formulas: true })).toEqual(before);
    expect(screen.queryByText(/^Đã chèn 10 trang/)).toBeTruthy(); // the first injection's notice, not a new one
  });
});
