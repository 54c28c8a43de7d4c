/**
 * @jest-environment jsdom
 */
import './jsdomCompat';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { readReportData } from '../../src/office/word';
import { WordPane } from '../../src/taskpane/WordPane';
import { docxParagraphs, FakeWord, office } from '../fakes/word';
import { catalog } from './helpers';
import { paneContext } from './paneContext';
import { filledPort } from './reportWorkbook';

const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

function pick(label: string, bytes: Uint8Array, name: string) {
  const input = screen.getByLabelText(label) as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File([bytes as BlobPart], name)] } });
}

const done = () => screen.findByTestId('word-done', {}, { timeout: 30000 });

/** A Word host profile: the fake refuses members above it, Office reports the same sets. */
function profile(minor: number) {
  const word = new FakeWord([], { apiMinor: minor });
  return { word, host: { word, office: office(1 + minor / 10) } };
}

/** Answers the pane's question: the dialog's text, after clicking `button`. */
async function answer(button: string): Promise<string> {
  const dialog = await screen.findByRole('alertdialog', {}, { timeout: 30000 });
  const text = dialog.textContent ?? '';
  fireEvent.click(within(dialog).getByRole('button', { name: button }));
  await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  return text;
}

describe('WordPane', () => {
  test('insert from a picked workbook, refresh from a newer one, insert again from the document’s data', async () => {
    const { word, host } = profile(4);
    wrap(<WordPane ctx={paneContext('word', null)} host={host} />);
    const reinsert = screen.getByRole('button', { name: 'Chèn lại từ dữ liệu trong tài liệu' }) as HTMLButtonElement;
    await waitFor(() => expect(screen.getByText('Tài liệu chưa có dữ liệu báo cáo do add-in chèn.')).toBeTruthy());
    expect(reinsert.disabled).toBe(true);

    // (a) Insert: insertReport gets the base64 of a .docx, with the data stored alongside.
    const first = await (await filledPort()).save();
    pick('Tệp Excel để chèn báo cáo', first, 'so-cong-thuong.xlsx');
    // WordApi 1.4 inserts the text only: the pane says so first.
    expect(await answer('Vẫn chèn')).toMatch(/chưa có WordApi 1\.5 nên chỉ chèn được phần chữ: số trang, lề trang/);
    expect((await done()).textContent).toMatch(/^Đã chèn báo cáo từ tệp so-cong-thuong\.xlsx\./);
    expect(word.inserted).toHaveLength(1);
    expect(word.inserted[0]).toMatchObject({ location: 'Replace', via: 'body' });
    expect(word.log).toContain(`body.insertFileFromBase64(${word.inserted[0].base64.length}, Replace)`);
    const docx = Uint8Array.from(atob(word.inserted[0].base64), (c) => c.charCodeAt(0));
    const { paragraphs } = await docxParagraphs(docx);
    const texts = paragraphs.map((p) => p.map((s) => (typeof s === 'string' ? s : s.text)).join(''));
    expect(texts).toContain('SỞ CÔNG THƯƠNG');
    expect(texts.some((t) => t.startsWith('Kế hoạch được xây dựng bám sát'))).toBe(true);
    expect((await readReportData(host))?.details.unit).toBe('Sở Công Thương');
    await waitFor(() => expect(reinsert.disabled).toBe(false));
    expect(screen.getByText('Tài liệu có dữ liệu báo cáo của Sở Công Thương.')).toBeTruthy();

    // (b) Refresh from a newer workbook: the list of changes, "mã: cũ → mới".
    const own = 'Đoạn đơn vị viết thêm trong Word: 19 nhiệm vụ.';
    word.paragraphs.push([own]);
    const newer = await (await filledPort({ figures: { '1.1.2': 21 } })).save();
    pick('Tệp Excel để cập nhật số liệu', newer, 'so-cong-thuong-moi.xlsx');
    // The changes are shown before anything is written.
    const preview = await screen.findByRole('alertdialog', {}, { timeout: 30000 });
    const rate = catalog.rates.find((r) => r.id === 'PL1:hoan-thanh-ke-hoach')!;
    expect(
      within(within(preview).getByRole('list', { name: 'Số liệu sẽ thay đổi' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['1.1.2: 19 → 21', `${rate.label}: 48,7 → 53,8`]);
    expect(word.controls.find((c) => c.tag === 'cchc:1.1.2')?.text).toBe('19');
    await answer('Cập nhật 2 số liệu');
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Số liệu đã thay đổi' })).toBeTruthy(), {
      timeout: 30000,
    });
    const changes = within(screen.getByRole('list', { name: 'Số liệu đã thay đổi' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(changes).toEqual(['1.1.2: 19 → 21', `${rate.label}: 48,7 → 53,8`]);
    expect(screen.getByTestId('word-done').textContent).toMatch(
      /^Đã cập nhật 2 số liệu từ tệp so-cong-thuong-moi\.xlsx\./,
    );
    expect(word.paragraphs[word.paragraphs.length - 1]).toEqual([own]);

    // The same file again: nothing to change.
    pick('Tệp Excel để cập nhật số liệu', newer, 'so-cong-thuong-moi.xlsx');
    await waitFor(
      () =>
        expect(screen.getByTestId('word-done').textContent).toBe(
          'Không có số liệu nào thay đổi (tệp so-cong-thuong-moi.xlsx).',
        ),
      {
        timeout: 30000,
      },
    );

    // Insert again from the data: the pane says what the data lacks before replacing anything.
    fireEvent.click(reinsert);
    const dialog = await screen.findByRole('alertdialog', {}, { timeout: 30000 });
    expect(dialog.textContent).toMatch(/không có:.*nội dung đơn vị tự viết/);
    expect(dialog.textContent).toMatch(/thay toàn bộ nội dung tài liệu/);
    expect(word.inserted).toHaveLength(1);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Chèn lại' }));
    // Replacing was asked; the page setup still is, once.
    expect(await answer('Vẫn chèn')).not.toMatch(/Tài liệu đang có nội dung/);
    await waitFor(() => expect(word.inserted).toHaveLength(2), { timeout: 30000 });
    expect((await done()).textContent).toMatch(
      /Đã chèn báo cáo từ dữ liệu trong tài liệu\..*không có phần nội dung đơn vị tự viết/,
    );
    // Rebuilt with the refreshed figure, not the one first inserted.
    expect(word.controls.find((c) => c.tag === 'cchc:1.1.2')?.text).toBe('21');
  });

  test('another unit’s workbook: asks before refreshing', async () => {
    const { word, host } = profile(9);
    wrap(<WordPane ctx={paneContext('word', null)} host={host} />);
    pick('Tệp Excel để chèn báo cáo', await (await filledPort()).save(), 'so.xlsx');
    await done();
    await waitFor(() =>
      expect(
        (screen.getByRole('button', { name: 'Chèn lại từ dữ liệu trong tài liệu' }) as HTMLButtonElement).disabled,
      ).toBe(false),
    );
    const before = word.controls.map((c) => c.text);
    pick(
      'Tệp Excel để cập nhật số liệu',
      await (await filledPort({ figures: { '1.1.2': 5 }, details: { unit: 'Sở Tư pháp' } })).save(),
      'stp.xlsx',
    );
    const dialog = await screen.findByRole('alertdialog', {}, { timeout: 30000 });
    expect(dialog.textContent).toContain('"Sở Công Thương" nhưng tệp stp.xlsx là của "Sở Tư pháp"');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Hủy' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(word.controls.map((c) => c.text)).toEqual(before);
  });

  test('refresh: rows filled since are listed and added to the annex; a form not attached is said, not counted', async () => {
    const { word, host } = profile(9);
    wrap(<WordPane ctx={paneContext('word', null)} host={host} />);
    const bm7 = Object.fromEntries(catalog.indicators.filter((i) => i.form === 'BM7').map((i) => [i.key, null]));
    pick(
      'Tệp Excel để chèn báo cáo',
      await (await filledPort({ figures: { ...bm7, 'BM3/4.3.1': null } })).save(),
      'a.xlsx',
    );
    await done();
    const rowsOf = () => word.paragraphTexts().filter((t) => t === 'Trong hạn').length;
    expect(rowsOf()).toBe(0);
    pick('Tệp Excel để cập nhật số liệu', await (await filledPort()).save(), 'b.xlsx');
    const dialog = await screen.findByRole('alertdialog', {}, { timeout: 30000 });
    const listed = within(within(dialog).getByRole('list', { name: 'Số liệu sẽ thay đổi' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(listed).toContain('BM3/4.3.1: chưa có → 02');
    expect(
      within(within(dialog).getByRole('list', { name: 'Biểu không thêm được' })).getByRole('listitem').textContent,
    ).toMatch(/^Biểu mẫu 7 chưa kèm theo báo cáo: nay có số liệu; .*hãy chèn lại báo cáo để kèm theo\.$/);
    await answer(`Cập nhật ${listed.length} số liệu`);
    expect((await done()).textContent).toMatch(new RegExp(`^Đã cập nhật ${listed.length} số liệu từ tệp b\\.xlsx\\.`));
    expect(screen.getByText(/^Biểu mẫu 7 chưa kèm theo báo cáo/)).toBeTruthy();
    expect(rowsOf()).toBe(1);
  });

  test('a Word without WordApi 1.3 is told which version is needed', () => {
    wrap(<WordPane ctx={paneContext('word', null)} host={{ word: new FakeWord(), office: office(1.2) }} />);
    expect(screen.getByRole('alert').textContent).toMatch(/cần WordApi 1\.3: Word 2019 hoặc Microsoft 365/);
    expect(screen.queryByRole('button', { name: 'Chèn báo cáo từ tệp Excel…' })).toBeNull();
  });

  test('WordApi 1.3 without 1.4: insertion works, the document’s data cannot be read and the pane says why', async () => {
    const { word, host } = profile(3);
    wrap(<WordPane ctx={paneContext('word', null)} host={host} />);
    expect(screen.getByText(/Đọc dữ liệu lưu trong tài liệu cần WordApi 1\.4/)).toBeTruthy();
    pick('Tệp Excel để chèn báo cáo', await (await filledPort()).save(), 'so.xlsx');
    await answer('Vẫn chèn');
    await done();
    expect(word.inserted).toHaveLength(1);
    expect(word.parts).toHaveLength(0);
    expect(
      (screen.getByRole('button', { name: 'Chèn lại từ dữ liệu trong tài liệu' }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });
});

describe.each([
  ['Word 1.3', 3],
  ['Word 1.5', 5],
  ['Word mới nhất', 9],
])('host profile %s', (_name, minor) => {
  test('inserting into a document with content asks first; page setup kept from WordApi 1.5', async () => {
    const { word, host } = profile(minor);
    word.paragraphs = [['Bản nháp đang soạn.']];
    wrap(<WordPane ctx={paneContext('word', null)} host={host} />);
    pick('Tệp Excel để chèn báo cáo', await (await filledPort()).save(), 'so.xlsx');
    const dialog = await screen.findByRole('alertdialog', {}, { timeout: 30000 });
    expect(dialog.textContent).toMatch(/Tài liệu đang có nội dung\. Chèn báo cáo sẽ thay toàn bộ nội dung đó/);
    // Below 1.5 the loss of page numbers and margins is said, and the .docx can be taken instead.
    expect(/chưa có WordApi 1\.5/.test(dialog.textContent ?? '')).toBe(minor < 5);
    expect(!!within(dialog).queryByRole('button', { name: 'Tải tệp .docx' })).toBe(minor < 5);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Hủy' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(word.inserted).toHaveLength(0);
    expect(word.paragraphTexts()).toEqual(['Bản nháp đang soạn.']);

    pick('Tệp Excel để chèn báo cáo', await (await filledPort()).save(), 'so.xlsx');
    await answer('Thay bằng báo cáo');
    await done();
    expect(word.inserted).toHaveLength(1);
    expect(word.inserted[0].via).toBe(minor >= 5 ? 'document' : 'body');
    // The report's page-number headers and landscape annexes arrive only through Document.insertFileFromBase64.
    expect(word.headers.length > 0).toBe(minor >= 5);
    expect(word.sections.length > 1).toBe(minor >= 5);
  });
});

describe('the Word fake', () => {
  test("takes each member's requirement set from @types/office-js and refuses it below", async () => {
    const { wordApiMinor } = await import('../fakes/word');
    expect(wordApiMinor('Document', 'insertFileFromBase64')).toBe(5);
    expect(wordApiMinor('Body', 'insertFileFromBase64')).toBe(1);
    expect(wordApiMinor('Document', 'customXmlParts')).toBe(4);
    expect(wordApiMinor('InsertFileOptions', 'importCustomXmlParts')).toBe(6);
    const word = new FakeWord([], { apiMinor: 3 });
    await expect(
      word.run(async (ctx) => {
        ctx.document.insertFileFromBase64!('AAAA', 'Replace');
      }),
    ).rejects.toThrow(/ApiNotFound: Word\.Document\.insertFileFromBase64 cần WordApi 1\.5/);
    await expect(word.run(async (ctx) => ctx.document.customXmlParts)).rejects.toThrow(/cần WordApi 1\.4/);
  });

  test('at WordApi 1.6 a second report keeps its own data: each report has a fresh custom XML item id', async () => {
    const { word, host } = profile(9);
    wrap(<WordPane ctx={paneContext('word', null)} host={host} />);
    pick('Tệp Excel để chèn báo cáo', await (await filledPort()).save(), 'so.xlsx');
    await done();
    pick('Tệp Excel để chèn báo cáo', await (await filledPort({ details: { unit: 'Sở Tư pháp' } })).save(), 'stp.xlsx');
    await answer('Thay bằng báo cáo');
    await waitFor(() => expect(word.inserted).toHaveLength(2), { timeout: 30000 });
    await waitFor(async () => expect((await readReportData(host))?.details.unit).toBe('Sở Tư pháp'), {
      timeout: 30000,
    });
    expect(word.parts).toHaveLength(1);
  });
});
