/**
 * @jest-environment jsdom
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { refusedEntry, type ImportEntry } from '../../src/domain/importSession';
import type { PaneContext } from '../../src/taskpane/paneContext';
import { ImportTab } from '../../src/taskpane/ImportTab';
import { readImportFiles, reviewImport, type ImportFile } from '../../src/taskpane/importFlow';
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { TextDecoder, TextEncoder } from 'util';
import { brokenFiles, catalog, legacyFile, unitFile } from './importFixtures';

// Browsers have these; jest's jsdom environment does not (the readers use them).
Object.assign(globalThis, { TextEncoder, TextDecoder });

function paneContext(port: MemoryPort): PaneContext {
  return {
    host: 'standalone',
    port,
    catalog,
    check: null,
    busy: false,
    inject: async () => undefined,
    checkAll: async () => undefined,
    select: () => undefined,
    notify: () => undefined,
  };
}

const asFile = (f: ImportFile) => new File([f.bytes as BlobPart], f.name);

function pick(files: ImportFile[]): void {
  const input = screen.getByLabelText('Tệp .xlsx của các đơn vị') as HTMLInputElement;
  fireEvent.change(input, { target: { files: files.map(asFile) } });
}

const lines = () => within(screen.getByRole('list', { name: 'Các tệp' })).getAllByRole('listitem');
const confirmButton = () => screen.getByRole('button', { name: 'Tổng hợp vào sổ làm việc' }) as HTMLButtonElement;

function show(port: MemoryPort, props: Partial<React.ComponentProps<typeof ImportTab>> = {}) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <ImportTab ctx={paneContext(port)} {...props} />
    </FluentProvider>,
  );
}

const status = (i: number) => lines()[i].getAttribute('data-status');

/** The real reader, held before each file until the test lets it go on. */
function heldReader() {
  const gates: (() => void)[] = [];
  const read: typeof readImportFiles = async (files, cat, onProgress) => {
    const done: ImportEntry[] = [];
    for (const f of files) {
      onProgress([...done, { ...refusedEntry(f.name, ''), status: 'reading', reason: undefined }]);
      await new Promise<void>((resolve) => gates.push(resolve));
      done.push((await readImportFiles([f], cat, () => undefined))[0]);
      onProgress([...done]);
    }
    return reviewImport(done);
  };
  const next = async () => {
    await waitFor(() => expect(gates.length).toBe(1));
    await act(async () => gates.shift()!());
  };
  return { read, next };
}

describe('ImportTab', () => {
  let tuPhap: ImportFile;
  let yTe: ImportFile;
  let yTe2: ImportFile;
  beforeAll(async () => {
    tuPhap = await unitFile('so-tu-phap.xlsx', 'Sở Tư pháp', { '1.1.1': 20, '1.1.2': 'chín' });
    yTe = await unitFile('so-y-te.xlsx', 'Sở Y tế', { '1.1.1': 10 });
    yTe2 = await unitFile('so-y-te-ban-2.xlsx', 'Sở Y tế', { '1.1.1': 12 }, { periodKind: 'Năm' });
  });

  test('one line per file: waiting, being read, read or refused with the reason, under a progress bar', async () => {
    const { read, next } = heldReader();
    show(MemoryPort.blank(), { readFiles: read });
    pick([tuPhap, brokenFiles.text(), yTe]);
    await waitFor(() => expect(status(0)).toBe('reading'));
    expect(lines().map((l) => l.textContent)).toEqual([
      'so-tu-phap.xlsxĐang đọc…',
      'ghi-chu.xlsxChờ đọc',
      'so-y-te.xlsxChờ đọc',
    ]);
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('0');
    expect(screen.getByTestId('import-progress').textContent).toBe('Đang đọc 1/3 tệp…');
    // Nothing to confirm while reading.
    expect(screen.queryByRole('button', { name: 'Tổng hợp vào sổ làm việc' })).toBeNull();

    await next();
    await waitFor(() => expect(status(1)).toBe('reading'));
    expect(lines()[0].textContent).toBe('so-tu-phap.xlsxĐã đọc');
    expect(Number(screen.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeCloseTo(1 / 3, 5);

    await next();
    await waitFor(() => expect(status(2)).toBe('reading'));
    expect(lines()[1].textContent).toMatch(/^ghi-chu\.xlsxBị từ chối: đây là tệp văn bản\/CSV/);

    await next();
    await waitFor(() =>
      expect(screen.getByTestId('import-progress').textContent).toBe('Đã đọc 3 tệp: 2 đọc được, 1 bị từ chối.'),
    );
    expect(lines().map((l) => l.getAttribute('data-status'))).toEqual(['read', 'refused', 'read']);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('1');
    expect(confirmButton().disabled).toBe(false);
  });

  test('the preview: editable unit, period, figures, cells not placed (sheet!cell), template drift', async () => {
    const port = MemoryPort.blank();
    show(port);
    pick([tuPhap, await legacyFile()]);
    const preview = await screen.findByRole('region', { name: 'Xem trước: so-tu-phap.xlsx' }, { timeout: 20000 });
    expect(within(preview).getByText('6 tháng đầu năm 2024')).toBeTruthy();
    expect(within(preview).getByTestId('figures-found').textContent).toBe('1');
    const at = (await readImportFiles([tuPhap], catalog, () => undefined))[0].read!.figures.cells!['1.1.2'];
    fireEvent.click(within(preview).getByRole('button', { name: '1 dòng' }));
    expect(await within(preview).findByText(new RegExp(`^${at.sheet}!${at.address}: `))).toBeTruthy();
    const legacy = screen.getByRole('region', { name: 'Xem trước: so-cong-thuong-cu.xlsx' });
    expect(within(legacy).getByText('Mẫu cũ (đọc theo mã và tên chỉ tiêu)')).toBeTruthy();
    expect(within(legacy).getByText(/^thiếu \d+, thừa \d+, đổi mã \d+$/)).toBeTruthy();

    // The unit name is the user's to fix.
    const unit = within(legacy).getByLabelText('Tên đơn vị của tệp so-cong-thuong-cu.xlsx') as HTMLInputElement;
    expect(unit.value).toMatch(/công thương/i);
    fireEvent.change(unit, { target: { value: 'Sở Công Thương' } });
    expect(unit.value).toBe('Sở Công Thương');
    fireEvent.change(unit, { target: { value: '' } });
    expect(confirmButton().disabled).toBe(true);
    expect(screen.getByTestId('commit-blocker').textContent).toBe('Nhập tên đơn vị cho tệp "so-cong-thuong-cu.xlsx".');
    fireEvent.change(unit, { target: { value: 'Sở Công Thương' } });
    fireEvent.click(confirmButton());
    const done = await screen.findByText(/^Đã tổng hợp/, {}, { timeout: 20000 });
    expect(done.textContent).toMatch(/^Đã tổng hợp 2 đơn vị vào sổ làm việc: \d+ lỗi, \d+ cảnh báo, 0 đơn vị chưa nộp/);
    // The preview and its button are gone: the focus is on the outcome, not lost to the page.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('status')));
    const header = port.workbook.getWorksheet('Tổng hợp')!.getRow(4);
    expect([header.getCell(6).value, header.getCell(7).value]).toEqual(['Sở Tư pháp', 'Sở Công Thương']);
  });

  test('a unit sent twice: confirm stays disabled until one file is chosen, and only that one is used', async () => {
    const port = MemoryPort.blank();
    show(port);
    pick([yTe, tuPhap, yTe2]);
    const group = await screen.findByRole(
      'radiogroup',
      { name: 'Chọn tệp giữ lại cho đơn vị Sở Y tế' },
      { timeout: 20000 },
    );
    expect(confirmButton().disabled).toBe(true);
    expect(screen.getByTestId('commit-blocker').textContent).toBe(
      'Đơn vị "Sở Y tế" có 2 tệp: chọn một tệp để giữ lại.',
    );
    // The other period is a warning, not a refusal.
    const other = screen.getByRole('region', { name: 'Xem trước: so-y-te-ban-2.xlsx' });
    expect(
      within(other)
        .getAllByRole('note')
        .map((n) => n.textContent),
    ).toContain('Kỳ báo cáo khác các tệp còn lại: Năm 2024.');

    // Read and previewed, yet nothing written.
    expect(await port.sheetNames()).toEqual(['Trang tính 1']);
    fireEvent.click(within(group).getByLabelText('so-y-te-ban-2.xlsx'));
    await waitFor(() => expect(confirmButton().disabled).toBe(false));
    expect(screen.queryByTestId('commit-blocker')).toBeNull();

    // Renaming the other file of the pair into another unit ends the duplicate; back again, the choice holds.
    const first = screen.getByLabelText('Tên đơn vị của tệp so-y-te.xlsx') as HTMLInputElement;
    fireEvent.change(first, { target: { value: 'Bệnh viện tỉnh' } });
    expect(screen.queryByRole('radiogroup')).toBeNull();
    expect(confirmButton().disabled).toBe(false);
    fireEvent.change(first, { target: { value: 'Sở Y tế' } });
    const again = screen.getByRole('radiogroup', { name: 'Chọn tệp giữ lại cho đơn vị Sở Y tế' });
    expect((within(again).getByLabelText('so-y-te-ban-2.xlsx') as HTMLInputElement).checked).toBe(true);
    expect((within(again).getByLabelText('so-y-te.xlsx') as HTMLInputElement).checked).toBe(false);
    expect(confirmButton().disabled).toBe(false);

    fireEvent.click(confirmButton());
    const done = await screen.findByText(/^Đã tổng hợp/, {}, { timeout: 20000 });
    expect(done.textContent).toMatch(/^Đã tổng hợp 2 đơn vị/);
    expect(done.getAttribute('data-intent')).toBe('success');
    const ws = port.workbook.getWorksheet('Tổng hợp')!;
    const row = [...Array(ws.rowCount).keys()].map((i) => i + 1).find((r) => ws.getCell(r, 1).value === '1.1.1')!;
    expect(ws.getCell(row, 4).value).toBe(20 + 12);
    // The preview is cleared once written.
    expect(screen.queryByRole('list', { name: 'Các tệp' })).toBeNull();
  });

  test('a failed write says the workbook was left unchanged', async () => {
    const port = MemoryPort.blank();
    port.replaceSheetsFromXlsx = async () => {
      throw new Error('Excel từ chối ghi (giả lập)');
    };
    show(port);
    pick([tuPhap]);
    await waitFor(() => expect(confirmButton().disabled).toBe(false), { timeout: 20000 });
    fireEvent.click(confirmButton());
    const alert = await screen.findByRole('alert', {}, { timeout: 20000 });
    expect(alert.textContent).toBe(
      'Không tổng hợp được: Excel từ chối ghi (giả lập). Sổ làm việc được giữ nguyên như trước khi tổng hợp.',
    );
    expect(await port.sheetNames()).toEqual(['Trang tính 1']);
    // The preview stays, to try again.
    expect(confirmButton().disabled).toBe(false);
  });

  test('many files: every card with something to check, 20 of the others, more on demand; a card once shown stays', async () => {
    const [base] = await readImportFiles([yTe], catalog, () => undefined);
    const many = Array.from({ length: 25 }, (_, i): ImportEntry => {
      const file = `don-vi-${String(i + 1).padStart(2, '0')}.xlsx`;
      // Two files of one unit and one without a name: three cards that need a look.
      const unit = i === 3 || i === 17 ? 'Sở Xây dựng' : i === 24 ? '' : `Đơn vị số ${i + 1}`;
      return { ...base, file, unit };
    });
    // As the reader does: the lines so far, step by step, drawn while reading.
    const readFiles: typeof readImportFiles = async (_files, _cat, onProgress) => {
      const reviewed = reviewImport(many);
      for (let n = 5; n < reviewed.length; n += 5) {
        onProgress(reviewed.slice(0, n));
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      onProgress(reviewed);
      return reviewed;
    };
    show(MemoryPort.blank(), { readFiles });
    pick(many.map((e) => ({ name: e.file, bytes: new Uint8Array([1]) })));
    const more = await screen.findByRole('button', { name: /^Xem thêm 2 tệp \(còn 2 tệp đọc đủ/ });
    const cards = () => screen.getAllByRole('region', { name: /^Xem trước: / }).map((c) => c.getAttribute('data-file'));
    expect(cards()).toHaveLength(3 + 20);
    expect(cards()).toEqual(expect.arrayContaining(['don-vi-04.xlsx', 'don-vi-18.xlsx', 'don-vi-25.xlsx']));
    // The last plain files wait; the file list names them all.
    expect(cards()).not.toContain('don-vi-23.xlsx');
    expect(cards()).not.toContain('don-vi-24.xlsx');
    expect(lines()).toHaveLength(25);

    // The nameless unit named: its card no longer needs a look, and stays while it is typed.
    fireEvent.change(screen.getByLabelText('Tên đơn vị của tệp don-vi-25.xlsx'), { target: { value: 'Sở Nội vụ' } });
    expect(cards()).toContain('don-vi-25.xlsx');

    fireEvent.click(more);
    expect(cards()).toHaveLength(25);
    expect(screen.queryByRole('button', { name: /^Xem thêm/ })).toBeNull();
  });
});
