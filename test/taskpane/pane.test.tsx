/**
 * @jest-environment jsdom
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { CellRef } from '../../src/domain/figures';
import type { Finding } from '../../src/domain/validate';
import { App, TABS } from '../../src/taskpane/App';
import { CellLink } from '../../src/taskpane/CellLink';
import { FindingsList } from '../../src/taskpane/FindingsList';
import { PaneContextValue } from '../../src/taskpane/paneContext';
import { ErrorFindingsDialog } from '../../src/taskpane/ReportTab';
import { InjectForm, likelyPeriod } from '../../src/taskpane/InjectForm';
import { Grid, parseClipboard, toClipboard } from '../../src/taskpane/standalone/Grid';
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import type { CheckResult } from '../../src/taskpane/usecases';
import { figureCell } from './helpers';
import { paneContext } from './paneContext';

function finding(severity: Finding['severity'], rule: string, message: string, cell?: CellRef): Finding {
  return { severity, rule, keys: [rule.replace(/#.*/, '')], cells: cell ? [cell] : [], message };
}

function result(findings: Finding[]): CheckResult {
  return {
    injected: true,
    catalogId: '2024',
    ctx: {},
    findings,
    filled: 3,
    total: 10,
    summary: `${findings.length} phát hiện (giả lập)`,
  };
}

const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

describe('FindingsList', () => {
  test('groups findings by severity and a click selects the finding’s cell', () => {
    const onSelect = jest.fn();
    const findings = [
      finding('error', '1.1.2#1', 'Phụ lục I: 1.1.2 lớn hơn 1.1.1', { sheet: 'Phụ lục I', address: 'D9' }),
      finding('warning', '2.4#1', 'Phụ lục I: 2.4 vượt 2.2 + 2.3', { sheet: 'Phụ lục I', address: 'D20' }),
      finding('error', '3.3.a#1', 'Phụ lục I: 3.3.a lớn hơn 3.3.b', { sheet: 'Phụ lục I', address: 'D30' }),
      finding('warning', 'PL1:x#formula', 'Công thức bị ghi đè'),
    ];
    wrap(<FindingsList result={result(findings)} onSelect={onSelect} onCheckAll={() => undefined} />);
    expect(screen.getByTestId('check-summary').textContent).toBe('4 phát hiện (giả lập)');
    const errors = screen.getByRole('region', { name: 'Lỗi' });
    const warnings = screen.getByRole('region', { name: 'Cảnh báo' });
    expect(within(errors).getByRole('heading').textContent).toBe('Lỗi (2)');
    expect(within(warnings).getByRole('heading').textContent).toBe('Cảnh báo (2)');
    expect(
      within(errors)
        .getAllByRole('button')
        .map((b) => b.getAttribute('data-rule')),
    ).toEqual(['1.1.2#1', '3.3.a#1']);
    expect(
      within(warnings)
        .getAllByRole('button')
        .map((b) => b.getAttribute('data-rule')),
    ).toEqual(['2.4#1', 'PL1:x#formula']);
    fireEvent.click(within(errors).getByText(/3\.3\.a lớn hơn/));
    expect(onSelect).toHaveBeenCalledWith({ sheet: 'Phụ lục I', address: 'D30' });
    // A finding without a cell cannot be clicked.
    expect((within(warnings).getAllByRole('button')[1] as HTMLButtonElement).disabled).toBe(true);
  });

  test('a finding with several cells: the button goes to the first, a link to each other cell', () => {
    const onSelect = jest.fn();
    const whole = { sheet: 'Phụ lục I', address: 'D9' };
    const part = { sheet: 'Phụ lục I', address: 'D10' };
    wrap(
      <FindingsList
        result={result(
          [finding('error', '1.1.2#1', 'Phụ lục I: 1.1.2 lớn hơn 1.1.1', whole)].map((f) => ({
            ...f,
            cells: [whole, part],
          })),
        )}
        onSelect={onSelect}
        onCheckAll={() => undefined}
      />,
    );
    const link = screen.getByRole('button', { name: 'Phụ lục I!D10' });
    expect(link.getAttribute('data-cell')).toBe('Phụ lục I!D10');
    fireEvent.click(link);
    expect(onSelect).toHaveBeenLastCalledWith(part);
    fireEvent.click(screen.getByText(/1\.1\.2 lớn hơn/));
    expect(onSelect).toHaveBeenLastCalledWith(whole);
  });

  test('no findings: only the summary, no groups', () => {
    wrap(<FindingsList result={result([])} onSelect={() => undefined} onCheckAll={() => undefined} />);
    expect(screen.queryByRole('region', { name: 'Lỗi' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Cảnh báo' })).toBeNull();
  });
});

describe('cell links', () => {
  test("a CellLink goes through the pane's select when it is not handed one; in Word (no workbook) it is plain text", () => {
    const selected: CellRef[] = [];
    const cell = { sheet: 'Thông tin', address: 'C4' };
    const pane = { ...paneContext('standalone', MemoryPort.blank()), select: (c: CellRef) => selected.push(c) };
    wrap(
      <PaneContextValue.Provider value={pane}>
        <CellLink cell={cell} />
      </PaneContextValue.Provider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Ô Thông tin!C4' }));
    expect(selected).toEqual([cell]);
    cleanup();
    wrap(
      <PaneContextValue.Provider value={paneContext('word', null)}>
        <CellLink cell={cell} />
      </PaneContextValue.Provider>,
    );
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByText('Ô Thông tin!C4')).toBeTruthy();
  });

  test('the export dialog links each cell of an open error; following one hands its cell to onGoTo (ReportTab closes the dialog there)', () => {
    const onGoTo = jest.fn();
    const onCancel = jest.fn();
    const cells = [
      { sheet: 'Phụ lục I', address: 'D9' },
      { sheet: 'Phụ lục I', address: 'D10' },
    ];
    wrap(
      <ErrorFindingsDialog
        findings={[{ ...finding('error', '1.1.2#1', '1.1.2 lớn hơn 1.1.1'), cells }]}
        proceedLabel="Vẫn xuất"
        onProceed={() => undefined}
        onCancel={onCancel}
        onGoTo={onGoTo}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Phụ lục I!D10' }));
    expect(onGoTo).toHaveBeenCalledWith(cells[1]);
    expect(onCancel).not.toHaveBeenCalled();
  });
});

describe('InjectForm', () => {
  const input = (label: string) => screen.getByLabelText(label, { selector: 'input' }) as HTMLInputElement;
  const select = (label: string) => screen.getByLabelText(label, { selector: 'select' }) as HTMLSelectElement;

  test('the window defaults from the period and follows it until edited', () => {
    const onInject = jest.fn();
    wrap(<InjectForm onInject={onInject} today={new Date(2024, 4, 10)} />);
    expect(select('Kỳ báo cáo').value).toBe('H1');
    expect(input('Năm').value).toBe('2024');
    expect(input('Số liệu từ ngày').value).toBe('15/12/2023');
    expect(input('Đến ngày').value).toBe('14/06/2024');
    fireEvent.change(select('Kỳ báo cáo'), { target: { value: 'Q3' } });
    expect(input('Số liệu từ ngày').value).toBe('15/06/2024');
    expect(input('Đến ngày').value).toBe('14/09/2024');
    // A unit with its own window (08/12 to 07/6) edits it; changing the period resets it.
    fireEvent.change(select('Kỳ báo cáo'), { target: { value: 'H1' } });
    fireEvent.change(input('Số liệu từ ngày'), { target: { value: '08/12/2023' } });
    fireEvent.change(input('Đến ngày'), { target: { value: '07/06/2024' } });
    fireEvent.click(screen.getByRole('button', { name: 'Chèn biểu mẫu' }));
    expect(onInject).toHaveBeenCalledWith({
      level: 'so',
      period: { kind: 'H1', year: 2024, from: '2023-12-08', to: '2024-06-07' },
    });
    fireEvent.change(input('Năm'), { target: { value: '2025' } });
    expect(input('Số liệu từ ngày').value).toBe('15/12/2024');
  });

  test('Huyện is offered only for periods ending before 01/7/2025', () => {
    wrap(<InjectForm onInject={() => undefined} today={new Date(2025, 1, 1)} />);
    const options = () => [...select('Cấp báo cáo').options].map((o) => o.textContent);
    expect(options()).toEqual(['Tỉnh', 'Sở, ban, ngành', 'Xã', 'Huyện']);
    fireEvent.change(select('Cấp báo cáo'), { target: { value: 'huyen' } });
    fireEvent.change(select('Kỳ báo cáo'), { target: { value: 'Y' } });
    expect(options()).toEqual(['Tỉnh', 'Sở, ban, ngành', 'Xã']);
    expect(select('Cấp báo cáo').value).toBe('xa');
  });

  test('an invalid window blocks injection', () => {
    wrap(<InjectForm onInject={() => undefined} today={new Date(2024, 4, 10)} />);
    fireEvent.change(input('Số liệu từ ngày'), { target: { value: '31/02/2024' } });
    expect((screen.getByRole('button', { name: 'Chèn biểu mẫu' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Ngày không hợp lệ (dd/mm/yyyy).')).toBeTruthy();
  });

  test('likelyPeriod follows the report due in the month', () => {
    expect(likelyPeriod(new Date(2024, 2, 1))).toEqual({ kind: 'Q1', year: 2024 });
    expect(likelyPeriod(new Date(2024, 8, 30))).toEqual({ kind: 'Q3', year: 2024 });
    expect(likelyPeriod(new Date(2024, 11, 1))).toEqual({ kind: 'Y', year: 2024 });
  });
});

describe('the pane on a memory workbook', () => {
  test('inject, type a part above its whole, see the finding, click it: the cell is selected', async () => {
    const port = MemoryPort.blank();
    render(<App host="standalone" port={port} today={new Date(2024, 4, 10)} workbookView={<Grid port={port} />} />);
    expect(TABS.map((t) => t.label)).toEqual(['Biểu mẫu', 'Kiểm tra', 'Tổng hợp', 'Báo cáo Word']);
    for (const t of TABS) expect(screen.getByRole('tab', { name: t.label })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Chèn biểu mẫu' }));
    await waitFor(() => expect(screen.getByText(/^Đã chèn 10 trang/)).toBeTruthy(), { timeout: 15000 });
    // Notices are Fluent message bars the user can close.
    const notice = screen.getByText(/^Đã chèn 10 trang/).closest('[data-intent]') as HTMLElement;
    expect(notice.getAttribute('data-intent')).toBe('success');
    fireEvent.click(within(notice).getByRole('button', { name: 'Đóng thông báo' }));
    expect(screen.queryByText(/^Đã chèn 10 trang/)).toBeNull();
    const whole = figureCell('1.1.1');
    const part = figureCell('1.1.2');
    await act(async () => {
      port.edit(whole.sheet, whole.address, [['39'], ['45']]);
      await new Promise((r) => setTimeout(r, 50));
    });
    fireEvent.click(screen.getByRole('tab', { name: 'Kiểm tra' }));
    const errors = await screen.findByRole('region', { name: 'Lỗi' });
    const item = within(errors).getByText(/1\.1\.2 «Số nhiệm vụ đã hoàn thành» = 45/);
    fireEvent.click(item);
    await waitFor(() => expect(port.selection).toEqual({ sheet: 'Phụ lục I', address: part.address }));
    await waitFor(() =>
      expect(document.querySelector('[data-selected="true"]')?.getAttribute('data-address')).toBe(part.address),
    );
    expect(document.querySelector('[role="grid"]')?.getAttribute('data-sheet')).toBe('Phụ lục I');
    // Fix through the grid: Enter edits, Enter commits.
    const grid = document.querySelector('[role="grid"]') as HTMLElement;
    fireEvent.keyDown(grid, { key: '3' });
    const editor = screen.getByLabelText(`Sửa ô ${part.address}`) as HTMLInputElement;
    fireEvent.change(editor, { target: { value: '30' } });
    fireEvent.keyDown(editor, { key: 'Enter' });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Lỗi' })).toBeNull());
    expect(screen.getByTestId('check-summary').textContent).toMatch(/^Không có lỗi hay cảnh báo; đã nhập 2\//);
  });
});

describe('Grid', () => {
  test('typing edits unlocked cells, locked cells refuse, paste fills a block', async () => {
    const port = MemoryPort.blank();
    const { injectForms } = await import('../../src/taskpane/usecases');
    const { catalog, ctxSo2024 } = await import('./helpers');
    await injectForms(port, catalog, ctxSo2024);
    const edits: string[] = [];
    await port.onEdit((e) => edits.push(e.address));
    wrap(<Grid port={port} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Phụ lục I' }));
    const whole = figureCell('1.1.1');
    const grid = screen.getByRole('grid');
    fireEvent.mouseDown(document.querySelector(`[data-address="B${whole.row}"]`)!);
    fireEvent.keyDown(grid, { key: 'x' });
    expect(screen.getByRole('alert').textContent).toMatch(/được khóa/);
    fireEvent.mouseDown(document.querySelector(`[data-address="${whole.address}"]`)!);
    fireEvent.keyDown(grid, { key: '3' });
    const editor = screen.getByLabelText(`Sửa ô ${whole.address}`) as HTMLInputElement;
    expect(editor.value).toBe('3');
    fireEvent.change(editor, { target: { value: '39' } });
    fireEvent.keyDown(editor, { key: 'Enter' });
    expect(edits).toEqual([whole.address]);
    expect(document.querySelector(`[data-address="${whole.address}"]`)!.textContent).toBe('39');
    // Enter moved the selection down; paste two rows there.
    fireEvent.paste(grid, { clipboardData: { getData: () => '45\tghi chú\n2\t\n' } });
    expect(edits[1]).toBe(`D${whole.row + 1}:E${whole.row + 2}`);
    expect(document.querySelector(`[data-address="E${whole.row + 1}"]`)!.textContent).toBe('ghi chú');
    fireEvent.keyDown(grid, { key: 'z', ctrlKey: true });
    expect(document.querySelector(`[data-address="E${whole.row + 1}"]`)!.textContent).toBe('');
  });

  test('moves like Excel: Tab, Shift+Tab, Enter, arrows, Ctrl+Home, Ctrl+arrows, PageDown; Shift extends a range that Ctrl+C copies', async () => {
    const port = MemoryPort.blank();
    const ws = port.workbook.getWorksheet('Trang tính 1')!;
    ws.getCell('A1').value = 'a';
    ws.getCell('B1').value = 'b';
    ws.getCell('C1').value = 'c';
    ws.getCell('A2').value = 1;
    ws.getCell('B2').value = 2;
    ws.getCell('A40').value = 'cuối';
    wrap(<Grid port={port} />);
    const grid = screen.getByRole('grid');
    const active = () => grid.getAttribute('aria-activedescendant')?.split('-').pop();
    expect(active()).toBe('A1');
    fireEvent.keyDown(grid, { key: 'Tab' });
    expect(active()).toBe('B1');
    fireEvent.keyDown(grid, { key: 'Tab', shiftKey: true });
    expect(active()).toBe('A1');
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(active()).toBe('A2');
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    expect(active()).toBe('B2');
    fireEvent.keyDown(grid, { key: 'Home', ctrlKey: true });
    expect(active()).toBe('A1');
    fireEvent.keyDown(grid, { key: 'ArrowRight', ctrlKey: true });
    expect(active()).toBe('C1');
    fireEvent.keyDown(grid, { key: 'Home' });
    fireEvent.keyDown(grid, { key: 'ArrowDown', ctrlKey: true });
    expect(active()).toBe('A2');
    fireEvent.keyDown(grid, { key: 'ArrowDown', ctrlKey: true });
    expect(active()).toBe('A40');
    fireEvent.keyDown(grid, { key: 'PageUp' });
    expect(active()).toBe('A20');
    fireEvent.keyDown(grid, { key: 'Home', ctrlKey: true });
    // The active cell is the one element the grid points at, with its role.
    expect(document.getElementById(grid.getAttribute('aria-activedescendant')!)?.getAttribute('role')).toBe('gridcell');

    fireEvent.keyDown(grid, { key: 'ArrowRight', shiftKey: true });
    fireEvent.keyDown(grid, { key: 'ArrowDown', shiftKey: true });
    const picked = [...document.querySelectorAll('[role="gridcell"][aria-selected="true"]')].map((c) =>
      c.getAttribute('data-address'),
    );
    expect(picked.sort()).toEqual(['A1', 'A2', 'B1', 'B2']);
    expect(screen.getByTestId('grid-address').textContent).toBe('Trang tính 1!A1:B2');
    let copied = '';
    fireEvent.copy(grid, { clipboardData: { setData: (_: string, text: string) => (copied = text) } });
    expect(copied).toBe(
      toClipboard([
        ['a', 'b'],
        ['1', '2'],
      ]),
    );
    // Every row of the grid is a row, every cell a gridcell or a header: one grid structure.
    expect(grid.tagName).toBe('TABLE');
    for (const row of grid.querySelectorAll('tr')) expect(row.getAttribute('role')).toBe('row');
  });

  test('a merged cell moves as one, as in Excel: the grid always points at a drawn cell, Tab leaves it at its edge', () => {
    const port = MemoryPort.blank();
    const ws = port.workbook.getWorksheet('Trang tính 1')!;
    ws.getCell('A1').value = 'tiêu đề';
    ws.mergeCells('A1:C1');
    ws.getCell('B2').value = 'khối';
    ws.mergeCells('B2:C3');
    ws.getCell('D4').value = 'cuối';
    wrap(<Grid port={port} />);
    const grid = screen.getByRole('grid');
    const active = () => {
      const id = grid.getAttribute('aria-activedescendant')!;
      // The one element the grid points at is drawn: never a cell a merged cell covers.
      expect(document.getElementById(id)?.getAttribute('role')).toBe('gridcell');
      return id.split('-').pop();
    };
    const press = (key: string, shiftKey = false) => {
      fireEvent.keyDown(grid, { key, shiftKey });
      return active();
    };
    expect(active()).toBe('A1');
    expect(press('Tab')).toBe('D1');
    expect(press('Tab', true)).toBe('A1');
    expect(press('ArrowRight')).toBe('D1');
    expect(press('ArrowLeft')).toBe('A1');
    expect(press('ArrowDown')).toBe('A2');
    expect(press('ArrowRight')).toBe('B2');
    expect(press('ArrowDown')).toBe('B4');
    expect(press('ArrowUp')).toBe('B2');
    expect(press('Enter')).toBe('B4');
    expect(press('Enter', true)).toBe('B2');
    expect(press('ArrowRight')).toBe('D2');
    expect(press('ArrowDown')).toBe('D3');
    // Into the merged cell from any side: its first cell is the active one.
    expect(press('ArrowLeft')).toBe('B2');
    // Tab past the merged cell, then from the sheet's last column on to the rest of the page (not handled here).
    expect(press('Tab')).toBe('D2');
    fireEvent.keyDown(grid, { key: 'Tab' });
    expect(active()).toBe('D2');
  });

  test("a value the cell's validation refuses stays in the editor with the rule's message", async () => {
    const port = MemoryPort.blank();
    const { injectForms } = await import('../../src/taskpane/usecases');
    const { catalog, ctxSo2024 } = await import('./helpers');
    await injectForms(port, catalog, ctxSo2024);
    wrap(<Grid port={port} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Phụ lục I' }));
    const at = figureCell('1.1.1');
    const grid = screen.getByRole('grid');
    fireEvent.mouseDown(document.querySelector(`[data-address="${at.address}"]`)!);
    fireEvent.keyDown(grid, { key: '-' });
    const editor = screen.getByLabelText(`Sửa ô ${at.address}`) as HTMLInputElement;
    fireEvent.change(editor, { target: { value: '-3' } });
    fireEvent.keyDown(editor, { key: 'Enter' });
    expect(screen.getByRole('alert').textContent).toBe(`Ô Phụ lục I!${at.address}: Nhập số nguyên không âm.`);
    expect((screen.getByLabelText(`Sửa ô ${at.address}`) as HTMLInputElement).value).toBe('-3');
    expect(port.workbook.getWorksheet(at.sheet)!.getCell(at.address).value).toBeNull();
    fireEvent.change(screen.getByLabelText(`Sửa ô ${at.address}`), { target: { value: '3' } });
    fireEvent.keyDown(screen.getByLabelText(`Sửa ô ${at.address}`), { key: 'Enter' });
    expect(port.workbook.getWorksheet(at.sheet)!.getCell(at.address).value).toBe(3);
    expect(screen.queryByRole('alert')).toBeNull();

    // A coded answer offers its choices.
    const code = figureCell('1.5');
    fireEvent.mouseDown(document.querySelector(`[data-address="${code.address}"]`)!);
    const choices = screen.getByLabelText(`Chọn giá trị cho ô ${code.address}`) as HTMLSelectElement;
    expect([...choices.options].map((o) => o.value)).toEqual(['', '0', '1']);
    fireEvent.change(choices, { target: { value: '1' } });
    expect(port.workbook.getWorksheet(code.sheet)!.getCell(code.address).value).toBe(1);
  });

  test('parseClipboard splits rows and cells', () => {
    expect(parseClipboard('1\t2\r\n3\t4\r\n')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });
});

describe('host detection', () => {
  test('only a URL with _host_Info (added by Office) loads office.js', async () => {
    const { isHostedByOffice, themeFor } = await import('../../src/taskpane/host');
    expect(isHostedByOffice({ search: '?_host_Info=Excel$Win32$16.01$vi-VN$$$$0', hash: '' })).toBe(true);
    expect(isHostedByOffice({ search: '?et=&_host_Info=Excel|Web|16.00|vi-VN', hash: '' })).toBe(true);
    expect(isHostedByOffice({ search: '', hash: '#_host_Info=Word$Mac$16.01' })).toBe(true);
    expect(isHostedByOffice({ search: '?x_host_Info=1', hash: '' })).toBe(false);
    expect(isHostedByOffice({ search: '', hash: '' })).toBe(false);
    expect(themeFor(null)).toBe(webLightTheme);
    const dark = themeFor({ bodyBackgroundColor: '#262626', bodyForegroundColor: '#f0f0f0' });
    expect(dark.colorNeutralBackground1).toBe('#262626');
    expect(dark.colorNeutralForeground1).toBe('#f0f0f0');
  });
});
