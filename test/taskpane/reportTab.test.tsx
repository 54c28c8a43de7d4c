/**
 * @jest-environment jsdom
 */
import './jsdomCompat';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import JSZip from 'jszip';
import { ReportTab } from '../../src/taskpane/ReportTab';
import { contentControls } from '../report/wordml';
import { figureCell } from './helpers';
import { blobBytes, paneContext, recordDownloads } from './paneContext';
import { filledPort } from './reportWorkbook';

const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);
const exportButton = () => screen.getByRole('button', { name: 'Xuất báo cáo Word' });

let downloads: ReturnType<typeof recordDownloads>;
beforeEach(() => {
  downloads = recordDownloads();
});
afterEach(() => downloads.stop());

describe('ReportTab', () => {
  test('open errors: the dialog lists them with their cells and nothing is built until "Vẫn xuất"', async () => {
    // 45 tasks done of 39 planned.
    const port = await filledPort({ figures: { '1.1.2': '45' } });
    const ctx = paneContext('standalone', port);
    wrap(<ReportTab ctx={ctx} office={null} />);

    fireEvent.click(exportButton());
    let dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByText('Còn 1 lỗi số liệu')).toBeTruthy();
    const item = within(within(dialog).getByRole('list', { name: 'Lỗi số liệu' })).getByRole('listitem');
    expect(item.textContent).toMatch(/1\.1\.2/);
    expect(item.textContent).toContain(`Ô Phụ lục I!${figureCell('1.1.2').address}`);
    expect(downloads.blobs).toHaveLength(0);

    // Back to fix: the dialog closes on the cell, still nothing built.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Quay lại sửa' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(ctx.selected[0]).toEqual({ sheet: 'Phụ lục I', address: figureCell('1.1.2').address });
    expect(downloads.blobs).toHaveLength(0);
    expect(downloads.clicks).toHaveLength(0);

    fireEvent.click(exportButton());
    dialog = await screen.findByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Vẫn xuất (các số liệu lỗi được đánh dấu vàng)' }));
    const done = await screen.findByTestId('report-done', {}, { timeout: 30000 });
    expect(done.textContent).toContain('Bao-cao-CCHC-6-thang-2024-So-Cong-Thuong.docx');
    expect(done.textContent).toMatch(/1 lỗi số liệu còn lại được tô vàng/);
    expect(downloads.clicks).toEqual([
      { download: 'Bao-cao-CCHC-6-thang-2024-So-Cong-Thuong.docx', href: 'blob:test/1' },
    ]);
    const zip = await JSZip.loadAsync(await blobBytes(downloads.blobs[0]));
    const xml = await zip.file('word/document.xml')!.async('string');
    const flagged = contentControls(xml).filter((c) => c.tag === 'cchc:1.1.2');
    expect(flagged.length).toBeGreaterThan(0);
    expect(
      flagged.every((c) => c.text === '[cần xem lại: 1.1.2]' && c.xml.includes('<w:highlight w:val="yellow"/>')),
    ).toBe(true);
    // The model's warnings say the same about the flagged figure.
    const warnings = screen.getByRole('region', { name: 'Cần bổ sung hoặc xem lại' });
    expect(warnings.textContent).toMatch(
      /Số liệu còn lỗi, báo cáo để "\[cần xem lại: …\]" thay cho số liệu \(tô vàng\)/,
    );
  });

  test('on Office for Mac: no download, the pane says how to get the file, and lists what is missing', async () => {
    const port = await filledPort({ details: { signerName: '', number: '' } });
    wrap(<ReportTab ctx={paneContext('excel', port)} office={{ context: { platform: 'Mac' } }} />);
    fireEvent.click(exportButton());
    const message = await screen.findByTestId('report-no-download', {}, { timeout: 30000 });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(message.textContent).toMatch(/Excel trên web/);
    expect(message.textContent).toMatch(/Chèn báo cáo từ tệp Excel…/);
    expect(message.textContent).toContain('cchc report <tệp>.xlsx -o Bao-cao-CCHC-6-thang-2024-So-Cong-Thuong.docx');
    expect(downloads.blobs).toHaveLength(0);
    expect(downloads.clicks).toHaveLength(0);
    expect(screen.queryByTestId('report-done')).toBeNull();
    const warnings = screen.getByRole('region', { name: 'Cần bổ sung hoặc xem lại' });
    const items = within(warnings)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items.some((t) => /"Họ và tên người ký" \(trang tính Thông tin, ô B\d+\)/.test(t ?? ''))).toBe(true);
    expect(items.some((t) => /"Số báo cáo"/.test(t ?? ''))).toBe(true);
  });

  test('a workbook without the forms: the pane says to insert them first', async () => {
    const { MemoryPort } = await import('../../src/taskpane/standalone/memoryPort');
    wrap(<ReportTab ctx={paneContext('standalone', MemoryPort.blank())} office={null} />);
    fireEvent.click(exportButton());
    expect((await screen.findByRole('alert')).textContent).toMatch(/chưa có biểu mẫu CCHC/);
    expect(downloads.blobs).toHaveLength(0);
  });
});
