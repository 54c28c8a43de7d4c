/**
 * @jest-environment jsdom
 */
import '../taskpane/jsdomCompat';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { getCatalog } from '../../src/domain/catalog';
import { runsText } from '../../src/domain/report/narrative';
import { wordingFromFiles } from '../../src/domain/report/wording';
import {
  insertWordReport,
  previewRefresh,
  readWorkbookFile,
  refreshFromSource,
  wordReportOf,
} from '../../src/taskpane/reportFlow';
import { WordPane } from '../../src/taskpane/WordPane';
import { FakeWord, office } from '../fakes/word';
import { paneContext } from '../taskpane/paneContext';
import { filledPort } from '../taskpane/reportWorkbook';

const catalog = getCatalog('2024');
const START = 'Được UBND tỉnh, Chủ tịch UBND tỉnh giao';
const sentence = (word: FakeWord) => word.paragraphTexts().find((t) => t.startsWith(START));

// A province's own words for the tasks done on time (its loi-van.tsv, as picked in the pane).
const LOI_VAN =
  'form\tcode\tname\ttext\nPL1\t1.3.2\tSố nhiệm vụ đã hoàn thành đúng hạn\tđã hoàn thành đúng thời hạn {v} nhiệm vụ\n';
const { wording } = wordingFromFiles([{ name: 'tinh/loi-van.tsv', text: LOI_VAN }], 'tinh');

const pick = (label: string, file: File) =>
  fireEvent.change(screen.getByLabelText(label), { target: { files: [file] } });

async function answer(button: RegExp): Promise<void> {
  const dialog = await screen.findByRole('alertdialog', {}, { timeout: 30000 });
  fireEvent.click(within(dialog).getByRole('button', { name: button }));
  await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
}

/** "Cập nhật số liệu" from the pane with the fully filled workbook: the sentence comes out in the province's words. */
async function refreshInPane(word: FakeWord): Promise<void> {
  const after = await (await filledPort()).save();
  pick('Tệp Excel để cập nhật số liệu', new File([after as BlobPart], 'b.xlsx'));
  await answer(/^Cập nhật \d+ số liệu$/);
  await waitFor(() => expect(sentence(word)).toContain('đã hoàn thành đúng thời hạn 02 nhiệm vụ'), {
    timeout: 30000,
  });
}

describe('"Cập nhật số liệu" in the wording loaded in the pane', () => {
  test('a sentence written anew is the one the export writes in that wording, not the built-in one', async () => {
    const word = new FakeWord();
    const host = { word, office: office(1.4) };
    const before = await readWorkbookFile(
      await (await filledPort({ figures: { '1.3.2': null } })).save(),
      'a.xlsx',
      catalog,
    );
    await insertWordReport(await wordReportOf(before, wording), host);
    expect(sentence(word)).not.toContain('đúng thời hạn');

    const source = await readWorkbookFile(await (await filledPort()).save(), 'b.xlsx', catalog);
    const exported = (await wordReportOf(source, wording)).model.sections
      .flatMap((s) => s.paragraphs.map((p) => runsText(p.runs)))
      .find((t) => t.startsWith(START))!;
    expect(exported).toContain('đã hoàn thành đúng thời hạn 02 nhiệm vụ');

    const preview = await previewRefresh(source, host, wording);
    expect(preview).toContainEqual({ key: '1.3.2', from: 'chưa có', to: '02' });
    const result = await refreshFromSource(source, host, wording);
    expect(result.changed).toEqual(preview);
    expect(sentence(word)).toBe(exported);
  });

  test('without a loaded wording the refresh writes the built-in sentence, as the export without one', async () => {
    const word = new FakeWord();
    const host = { word, office: office(1.4) };
    const before = await readWorkbookFile(
      await (await filledPort({ figures: { '1.3.2': null } })).save(),
      'a.xlsx',
      catalog,
    );
    await insertWordReport(await wordReportOf(before), host);
    const source = await readWorkbookFile(await (await filledPort()).save(), 'b.xlsx', catalog);
    await refreshFromSource(source, host);
    expect(sentence(word)).not.toContain('đúng thời hạn');
    expect(sentence(word)).toContain('hoàn thành đúng hạn 02');
  });

  test('the Word pane: the wording folder picked there is used for the insert and for the refresh', async () => {
    const word = new FakeWord([], { apiMinor: 4 });
    const host = { word, office: office(1.4) };
    render(
      <FluentProvider theme={webLightTheme}>
        <WordPane ctx={paneContext('word', null)} host={host} />
      </FluentProvider>,
    );
    pick('Tệp lời văn', new File([LOI_VAN], 'loi-van.tsv'));
    await waitFor(() => expect(screen.getByTestId('wording-status').textContent).toMatch(/^Đang dùng lời văn/));

    const before = await (await filledPort({ figures: { '1.3.2': null } })).save();
    pick('Tệp Excel để chèn báo cáo', new File([before as BlobPart], 'a.xlsx'));
    await answer(/^Vẫn chèn$/);
    await waitFor(() => expect(sentence(word)).toBeTruthy(), { timeout: 30000 });

    await refreshInPane(word);
  });

  test('the Word pane without a wording loaded refreshes in the wording the document was written in', async () => {
    const word = new FakeWord([], { apiMinor: 4 });
    const host = { word, office: office(1.4) };
    const before = await readWorkbookFile(
      await (await filledPort({ figures: { '1.3.2': null } })).save(),
      'a.xlsx',
      catalog,
    );
    // Written in the province's wording by someone else; this pane never loads it.
    await insertWordReport(await wordReportOf(before, wording), host);
    render(
      <FluentProvider theme={webLightTheme}>
        <WordPane ctx={paneContext('word', null)} host={host} />
      </FluentProvider>,
    );
    await refreshInPane(word);
  });

  test('a section with no figures when the report was inserted ("…") gets its sentences from a refresh', async () => {
    const word = new FakeWord();
    const host = { word, office: office(1.4) };
    // Section I.5 (PL1 1.3, Biểu mẫu 1 mục 4) left empty at first.
    const empty = Object.fromEntries(
      catalog.indicators.filter((i) => i.key.startsWith('1.3') || i.key.startsWith('BM1/4')).map((i) => [i.key, null]),
    );
    const before = await readWorkbookFile(await (await filledPort({ figures: empty })).save(), 'a.xlsx', catalog);
    await insertWordReport(await wordReportOf(before), host);
    expect(sentence(word)).toBeUndefined();
    // Outside the annex tables (they gain the section's rows: test/report/refreshAnnexRows.test.ts).
    const inTables = () =>
      new Set(
        word.tables.flatMap((t) =>
          t.rows.flatMap((r) => r.cells.flatMap((c) => [...Array(c.count).keys()].map((i) => c.start + i))),
        ),
      );
    const empties = () => {
      const cells = inTables();
      return word.paragraphTexts().filter((t, i) => t === '' && !cells.has(i)).length;
    };
    const emptyBefore = empties();
    const source = await readWorkbookFile(await (await filledPort()).save(), 'b.xlsx', catalog);
    const preview = await previewRefresh(source, host);
    expect(preview.map((c) => c.key)).toEqual(expect.arrayContaining(['1.3.1', '1.3.2']));
    await refreshFromSource(source, host);
    expect(sentence(word)).toContain('hoàn thành đúng hạn 02');
    // Written where a fresh report puts it, after the unit's own words of the section; the empty slot is gone.
    const texts = word.paragraphTexts();
    const own = texts.indexOf('Các nhiệm vụ được giao được theo dõi trên hệ thống quản lý văn bản.');
    expect(own).toBeGreaterThan(0);
    expect(texts[own + 1]).toBe(sentence(word));
    expect(word.blocks.find((b) => b.tag === 'cchc-muc:I.5')?.count).toBeGreaterThan(0);
    expect(empties()).toBe(emptyBefore - 1);
  });
});
