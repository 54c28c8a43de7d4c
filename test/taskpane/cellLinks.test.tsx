/**
 * @jest-environment jsdom
 */
import './jsdomCompat';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { planWorkbook } from '../../src/domain/layout';
import { ReportTab } from '../../src/taskpane/ReportTab';
import { catalog, figureCell } from './helpers';
import { paneContext, recordDownloads } from './paneContext';
import { filledPort } from './reportWorkbook';

const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

let downloads: ReturnType<typeof recordDownloads>;
beforeEach(() => {
  downloads = recordDownloads();
});
afterEach(() => downloads.stop());

describe('the report warnings link to their cells', () => {
  test('a missing detail and an open error: each warning goes to its cell through the pane', async () => {
    const port = await filledPort({ details: { signerName: '' }, figures: { '1.1.2': '45' } });
    const ctx = paneContext('standalone', port);
    wrap(<ReportTab ctx={ctx} office={null} />);
    fireEvent.click(screen.getByRole('button', { name: 'Xuất báo cáo Word' }));
    const dialog = await screen.findByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Vẫn xuất (các số liệu lỗi được đánh dấu vàng)' }));
    const region = await screen.findByRole('region', { name: 'Cần bổ sung hoặc xem lại' }, { timeout: 30000 });
    const items = within(region).getAllByRole('listitem');

    const signer = planWorkbook(catalog).inputs.find((i) => i.kind === 'detail' && i.id === 'signerName')!;
    const signerItem = items.find((li) => /"Họ và tên người ký"/.test(li.textContent ?? ''))!;
    fireEvent.click(within(signerItem).getByRole('button', { name: `Ô ${signer.sheet}!${signer.address}` }));
    expect(ctx.selected.at(-1)).toEqual({ sheet: signer.sheet, address: signer.address });

    const errorItem = items.find((li) => /Số liệu còn lỗi/.test(li.textContent ?? ''))!;
    const part = figureCell('1.1.2');
    fireEvent.click(within(errorItem).getByRole('button', { name: `Ô Phụ lục I!${part.address}` }));
    expect(ctx.selected.at(-1)).toEqual({ sheet: 'Phụ lục I', address: part.address });

    // A warning naming no cell ("Không kèm theo …") has no link.
    for (const li of items.filter((x) => /^Không kèm theo/.test(x.textContent ?? '')))
      expect(within(li).queryByRole('button')).toBeNull();
  });
});
