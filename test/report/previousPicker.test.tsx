/**
 * @jest-environment jsdom
 */
import '../taskpane/jsdomCompat';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import JSZip from 'jszip';
import { nameForDetail } from '../../src/domain/layout';
import { ReportTab } from '../../src/taskpane/ReportTab';
import { WordPane } from '../../src/taskpane/WordPane';
import { FakeWord, office } from '../fakes/word';
import { fireEvent as fire, within } from '@testing-library/react';
import { blobBytes, paneContext, recordDownloads } from '../taskpane/paneContext';
import { filledPort } from '../taskpane/reportWorkbook';
import { paragraphs } from './wordml';

const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

/** Last year's report of the same sở: the same forms with other figures, saved as the user would. */
async function lastYearFile(figures: Record<string, number>): Promise<File> {
  const port = await filledPort({ figures });
  const { names } = await port.readInputs();
  const year = names[nameForDetail('year')];
  port.edit(year.sheet, year.address, [['2023']]);
  return new File([(await port.save()) as Uint8Array<ArrayBuffer>], 'so-6t-2023.xlsx');
}

let downloads: ReturnType<typeof recordDownloads>;
beforeEach(() => {
  downloads = recordDownloads();
});
afterEach(() => downloads.stop());

async function exportedText(count: number): Promise<string[]> {
  fireEvent.click(screen.getByRole('button', { name: 'Xuất báo cáo Word' }));
  await waitFor(() => expect(downloads.blobs).toHaveLength(count), { timeout: 30000 });
  const zip = await JSZip.loadAsync(await blobBytes(downloads.blobs[count - 1]));
  return paragraphs(await zip.file('word/document.xml')!.async('string')).map((p) => p.text);
}

describe('the previous report picked in the pane (as cchc report --previous)', () => {
  test('the report compares with the same period of last year; dropping it drops the comparison', async () => {
    const port = await filledPort();
    wrap(<ReportTab ctx={paneContext('standalone', port)} office={null} />);
    expect(screen.getByTestId('previous-status').textContent).toBe(
      'Chưa chọn báo cáo kỳ trước: báo cáo không so sánh với cùng kỳ.',
    );
    fireEvent.change(screen.getByLabelText('Tệp báo cáo kỳ trước'), {
      target: { files: [await lastYearFile({ '2.1': 4 })] },
    });
    await waitFor(() =>
      expect(screen.getByTestId('previous-status').textContent).toBe(
        'So sánh với báo cáo kỳ trước so-6t-2023.xlsx (6 tháng đầu năm 2023).',
      ),
    );
    const text = await exportedText(1);
    // This year 02 VBQPPL (the fixture), last year 04.
    const compared = text.filter((t) => t.includes('so với cùng kỳ năm 2023'));
    expect(compared.some((t) => /02 VBQPPL, giảm 02 văn bản \(50%\) so với cùng kỳ năm 2023/.test(t))).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Bỏ so sánh' }));
    const again = await exportedText(2);
    expect(again.some((t) => t.includes('so với cùng kỳ'))).toBe(false);
  });

  test('a file that is not a workbook is refused by name, and the report is made without it', async () => {
    const port = await filledPort();
    wrap(<ReportTab ctx={paneContext('standalone', port)} office={null} />);
    fireEvent.change(screen.getByLabelText('Tệp báo cáo kỳ trước'), {
      target: { files: [new File(['không phải tệp Excel'], 'bao-cao-cu.xlsx')] },
    });
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /^Không đọc được báo cáo kỳ trước bao-cao-cu\.xlsx: /,
    );
    expect(screen.getByTestId('previous-status').textContent).toMatch(/Chưa chọn báo cáo kỳ trước/);
    const text = await exportedText(1);
    expect(text.some((t) => t.includes('so với cùng kỳ'))).toBe(false);
  });

  test('the Word pane: the previous report picked there is compared with on insert, and its warnings listed', async () => {
    const word = new FakeWord([], { apiMinor: 4 });
    const host = { word, office: office(1.4) };
    wrap(<WordPane ctx={paneContext('word', null)} host={host} />);
    fire.change(screen.getByLabelText('Tệp báo cáo kỳ trước'), {
      target: { files: [await lastYearFile({ '2.1': 4 })] },
    });
    await waitFor(() =>
      expect(screen.getByTestId('previous-status').textContent).toMatch(/^So sánh với báo cáo kỳ trước/),
    );
    const current = await (await filledPort()).save();
    fire.change(screen.getByLabelText('Tệp Excel để chèn báo cáo'), {
      target: { files: [new File([current as BlobPart], 'so.xlsx')] },
    });
    const dialog = await screen.findByRole('alertdialog', {}, { timeout: 30000 });
    fire.click(within(dialog).getByRole('button', { name: /^Vẫn chèn$/ }));
    await waitFor(
      () =>
        expect(
          word.paragraphTexts().some((t) => /02 VBQPPL, giảm 02 văn bản \(50%\) so với cùng kỳ năm 2023/.test(t)),
        ).toBe(true),
      { timeout: 30000 },
    );
  });
});
