/**
 * @jest-environment jsdom
 */
import '../taskpane/jsdomCompat';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import JSZip from 'jszip';
import { ReportTab } from '../../src/taskpane/ReportTab';
import { loadWordingFiles } from '../../src/taskpane/reportFlow';
import { blobBytes, paneContext, recordDownloads } from '../taskpane/paneContext';
import { filledPort } from '../taskpane/reportWorkbook';
import { paragraphs } from './wordml';

const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

/** A province folder as the browser gives it: files with their path inside the folder picked. */
function folderFile(name: string, text: string | Uint8Array<ArrayBuffer>, folder = 'loi-van-ha-nam'): File {
  const file = new File([text], name);
  Object.defineProperty(file, 'webkitRelativePath', { value: `${folder}/${name}` });
  return file;
}

const LOI_VAN =
  'form\tcode\tname\ttext\tzero\n' + 'PL1\t1.1\tKế hoạch CCHC\tđã ban hành {v} kế hoạch cải cách hành chính của Sở\t\n';
const BAO_CAO = 'key\tvalue\nquoc-hieu\tCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n';

let downloads: ReturnType<typeof recordDownloads>;
beforeEach(() => {
  downloads = recordDownloads();
});
afterEach(() => downloads.stop());

describe('a province wording folder loaded in the pane', () => {
  test('read in the browser by file name; other files ignored; UTF-16 (Excel "Unicode Text") read too', async () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(BAO_CAO, 'utf16le')]);
    const loaded = await loadWordingFiles([
      folderFile('loi-van.tsv', LOI_VAN),
      folderFile('bao-cao.tsv', utf16),
      folderFile('ghi-chu.txt', 'không phải bảng'),
    ]);
    expect(loaded.name).toBe('loi-van-ha-nam');
    expect(loaded.used).toEqual(['loi-van.tsv', 'bao-cao.tsv']);
    expect(loaded.wording.settings.nation).toBe('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    // What the folder does not give stays the product's.
    expect(loaded.wording.settings.motto).toBe('Độc lập - Tự do - Hạnh phúc');
    expect(loaded.wording.outline.length).toBeGreaterThan(10);
  });

  test('errors say what and where, in Vietnamese', async () => {
    await expect(loadWordingFiles([folderFile('ghi-chu.txt', 'x')])).rejects.toThrow(
      /Không thấy tệp lời văn nào \(loi-van\.tsv, de-cuong\.tsv, bao-cao\.tsv\)/,
    );
    await expect(loadWordingFiles([folderFile('loi-van.tsv', 'form\tcode\nPL1\t1.1\n')])).rejects.toThrow(
      'Tệp loi-van.tsv thiếu cột "text" ở dòng đầu.',
    );
    await expect(
      loadWordingFiles([folderFile('bao-cao.tsv', 'key\tvalue\nquoc-hieu\tX\nchu-ky\tY\n')]),
    ).rejects.toThrow(/Tệp bao-cao\.tsv, dòng 3: khóa "chu-ky" không có/);
    // Windows-1258 text (not Unicode): refused with the way out, never read as garbled letters.
    const legacy = new Uint8Array([...Buffer.from('key\tvalue\nquoc-hieu\tC'), 0xd4, 0x4e, 0x47, 0x0a]);
    await expect(loadWordingFiles([folderFile('bao-cao.tsv', legacy)])).rejects.toThrow(
      /Tệp bao-cao\.tsv không ghi bằng bảng mã Unicode \(UTF-8\)/,
    );
  });

  test('the exported report uses the folder; a bad folder is refused and the default kept', async () => {
    const port = await filledPort();
    wrap(<ReportTab ctx={paneContext('standalone', port)} office={null} />);
    expect(screen.getByTestId('wording-status').textContent).toMatch(/Đang dùng lời văn mặc định/);

    fireEvent.change(screen.getByLabelText('Thư mục lời văn'), {
      target: { files: [folderFile('loi-van.tsv', 'form\tcode\nPL1\t1.1\n')] },
    });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Không dùng được lời văn đã chọn: Tệp loi-van.tsv thiếu cột "text" ở dòng đầu.',
    );
    expect(screen.getByTestId('wording-status').textContent).toMatch(/mặc định/);

    fireEvent.change(screen.getByLabelText('Thư mục lời văn'), {
      target: { files: [folderFile('loi-van.tsv', LOI_VAN), folderFile('bao-cao.tsv', BAO_CAO)] },
    });
    await waitFor(() =>
      expect(screen.getByTestId('wording-status').textContent).toBe(
        'Đang dùng lời văn loi-van-ha-nam (loi-van.tsv, bao-cao.tsv); phần còn lại theo lời văn mặc định.',
      ),
    );
    expect(screen.queryByRole('alert')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Xuất báo cáo Word' }));
    await screen.findByTestId('report-done', {}, { timeout: 30000 });
    const zip = await JSZip.loadAsync(await blobBytes(downloads.blobs[0]));
    const text = paragraphs(await zip.file('word/document.xml')!.async('string')).map((p) => p.text);
    expect(text).toContain('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text.some((t) => t.startsWith('Đã ban hành 01 kế hoạch cải cách hành chính của Sở;'))).toBe(true);

    // Dropped: the next report is the product's wording again.
    fireEvent.click(screen.getByRole('button', { name: 'Dùng lời văn mặc định' }));
    fireEvent.click(screen.getByRole('button', { name: 'Xuất báo cáo Word' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(2), { timeout: 30000 });
    const again = await JSZip.loadAsync(await blobBytes(downloads.blobs[1]));
    const text2 = paragraphs(await again.file('word/document.xml')!.async('string')).map((p) => p.text);
    expect(text2).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text2.some((t) => t.startsWith('Ban hành 01 kế hoạch CCHC;'))).toBe(true);
  });
});
