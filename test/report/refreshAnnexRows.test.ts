/**
 * @jest-environment jsdom
 */
import '../taskpane/jsdomCompat';
import { getCatalog } from '../../src/domain/catalog';
import type { RawValue } from '../../src/office/port';
import {
  insertWordReport,
  previewRefresh,
  readWorkbookFile,
  refreshFromSource,
  reportFromWorkbookBytes,
} from '../../src/taskpane/reportFlow';
import { FONT, SIZES } from '../../src/io/docx/report';
import type { WordTableLike } from '../../src/office/word';
import { FakeWord, office } from '../fakes/word';
import { filledPort } from '../taskpane/reportWorkbook';

const catalog = getCatalog('2024');
const BM7 = catalog.forms.find((f) => f.id === 'BM7')!.indicators.map((i) => i.key);
const emptied = (keys: string[]): Record<string, RawValue> => Object.fromEntries(keys.map((k) => [k, null]));

/** Each table of the fake as rows of cells: the cell's text, and the tags of the controls in it. */
function tables(word: FakeWord) {
  return word.tables.map((t) =>
    t.rows.map((r) =>
      r.cells.map((c) => {
        const paragraphs = word.paragraphs.slice(c.start, c.start + c.count);
        const tags = paragraphs.flat().flatMap((s) => (typeof s === 'string' ? [] : [s.tag]));
        const text = paragraphs.map((p) => p.map((s) => (typeof s === 'string' ? s : s.text)).join('')).join('\n');
        return tags.length ? `${text} {${tags.join(',')}}` : text;
      }),
    ),
  );
}

const annexOf = (word: FakeWord, firstRow: string) =>
  tables(word).find((t) => t.some((r) => r.join(' | ').startsWith(firstRow)));

async function reportIn(word: FakeWord, figures: Record<string, RawValue>) {
  const bytes = await (await filledPort({ figures })).save();
  await insertWordReport(await reportFromWorkbookBytes(bytes, 'thang-6.xlsx', catalog), {
    word,
    office: office(1 + Math.min(word.apiMinor, 4) / 10),
  });
}

const fullSource = async (figures: Record<string, RawValue> = {}) =>
  readWorkbookFile(await (await filledPort({ figures })).save(), 'thang-6-du.xlsx', catalog);

/** Inserted while Biểu mẫu 3's 4.3.1, Biểu mẫu 1's part 5 (a heading and its rows), Phụ lục I's 1.3.2 and all of Biểu mẫu 7 were blank. */
const LATE = {
  'BM3/4.3.1': null,
  'BM1/5.1': null,
  'BM1/5.1.1': null,
  'BM1/5.1.2': null,
  'BM1/5.1.3': null,
  '1.3.2': null,
};

describe('"Cập nhật số liệu" and the annex tables', () => {
  test('rows filled after the insertion are added in catalog order, written as a fresh report writes them', async () => {
    // At the floor, WordApi 1.3 (Word 2016/2019 retail): every member used is there.
    const word = new FakeWord([], { apiMinor: 3 });
    const host = { word, office: office(1.3) };
    await reportIn(word, { ...LATE, ...emptied(BM7) });
    const bm3 = () => annexOf(word, '1 | Công bố TTHC')!.map((r) => r[0]);
    expect(bm3().slice(-9, -5)).toEqual(['4.2.3', '4.3', '4.3.2', '5']);
    expect(
      annexOf(word, '1 | Kế hoạch và văn bản chỉ đạo')!
        .map((r) => r[0])
        .slice(-2),
    ).toEqual(['4.3.2', '4.3.3']);
    expect(annexOf(word, '1 | Tổng số TTHC, dịch vụ công')).toBeUndefined();
    const pl1Row = () => annexOf(word, '1 | Công tác chỉ đạo')!.find((r) => r[0] === '1.3.2');
    expect(pl1Row()?.[3]).toBe('');

    const source = await fullSource();
    let syncs = word.syncs;
    const preview = await previewRefresh(source, host);
    expect(word.syncs - syncs).toBe(1);
    expect(preview).toContainEqual({ key: 'BM3/4.3.1', from: 'chưa có', to: '02' });
    for (const key of ['BM1/5.1', 'BM1/5.1.1', 'BM1/5.1.2', 'BM1/5.1.3', '1.3.2'])
      expect(preview).toContainEqual(expect.objectContaining({ key, from: 'chưa có' }));
    // Biểu mẫu 7 was not attached: said, not added (its own page and section).
    expect(preview).toContainEqual(
      expect.objectContaining({
        key: 'annex:BM7',
        from: 'chưa kèm theo báo cáo',
        to: expect.stringMatching(/chèn lại báo cáo/),
      }),
    );
    expect(bm3()).not.toContain('4.3.1'); // the preview writes nothing

    syncs = word.syncs;
    const result = await refreshFromSource(source, host);
    // Read; the old paragraphs of the sections written anew; write (no stored data below WordApi 1.4).
    expect(word.syncs - syncs).toBe(3);
    expect(result.changed).toEqual(preview);
    expect(bm3().slice(-10, -5)).toEqual(['4.2.3', '4.3', '4.3.1', '4.3.2', '5']);
    // Every annex table now reads as in a report inserted fresh from the full workbook (Biểu mẫu 7 aside).
    const fresh = new FakeWord();
    await reportIn(fresh, {});
    const notBm7 = (t: string[][]) => !t.some((r) => r.join(' | ').startsWith('1 | Tổng số TTHC, dịch vụ công'));
    expect(tables(word).filter(notBm7)).toEqual(tables(fresh).filter(notBm7));
    expect(pl1Row()?.[3]).toBe('02 {cchc:1.3.2}');
    // In the report's type, bold where the report is (the heading's code and name), each figure in its titled control.
    expect(word.written.length).toBeGreaterThan(20);
    for (const run of word.written)
      expect(run.font).toEqual({ name: FONT, size: SIZES.table / 2, color: '#000000', bold: expect.any(Boolean) });
    expect(word.written.filter((r) => r.font.bold).map((r) => r.text)).toEqual([
      '5',
      'Đánh giá sự hài lòng (phiếu đánh giá tại bộ phận một cửa, khảo sát)',
    ]);
    expect(word.written.filter((r) => r.title).map((r) => r.title)).toEqual(
      ['1.3.2', 'BM1/5.1', 'BM1/5.1.1', 'BM1/5.1.2', 'BM1/5.1.3', 'BM3/4.3.1'].map((k) => `Số liệu ${k}`),
    );
    // New rows take a data row as template: none repeats as a header row.
    for (const t of word.tables)
      expect(t.rows.filter((r) => r.header)).toHaveLength(t === word.tables[0] || t.rows.length < 3 ? 0 : 1);

    // Again: nothing to add.
    const again = await refreshFromSource(source, host);
    expect(again.changed.filter((c) => !c.key.startsWith('annex:'))).toEqual([]);
    expect(word.log.filter((l) => l.includes('insertRows'))).toHaveLength(2);
  });

  test('a row whose figure was emptied is kept and marked, not silently left with its old figure', async () => {
    const word = new FakeWord();
    const host = { word, office: office(1.4) };
    await reportIn(word, {});
    const source = await fullSource({ 'BM3/4.3.1': null, 'BM3/4.3.2': null });
    const preview = await previewRefresh(source, host);
    expect(preview).toContainEqual({ key: 'BM3/4.3.1', from: '02', to: '[chưa có số liệu: BM3/4.3.1]' });
    await refreshFromSource(source, host);
    const rows = annexOf(word, '1 | Công bố TTHC')!.filter((r) => r[0].startsWith('4.3'));
    expect(rows.map((r) => r[3])).toEqual([
      expect.any(String),
      '[chưa có số liệu: BM3/4.3.1] {cchc:BM3/4.3.1}',
      '[chưa có số liệu: BM3/4.3.2] {cchc:BM3/4.3.2}',
    ]);
    // In its sentence and in its row alike.
    expect(word.controls.filter((c) => c.tag === 'cchc:BM3/4.3.1').map((c) => c.highlight)).toEqual([
      'yellow',
      'yellow',
    ]);
  });

  test('a refresh that fails midway is undone: the rows added go, the cells filled empty, the figures and sentences are put back', async () => {
    const word = new FakeWord();
    const host = { word, office: office(1.4) };
    await reportIn(word, LATE);
    const snapshot = () => JSON.stringify({ p: word.paragraphs, t: word.tables, b: word.blocks });
    const before = snapshot();
    const source = await fullSource({ '1.1.2': 21 });
    // The second new row of Biểu mẫu 1 fails to be written: its rows inserted, the figures and a sentence already changed.
    word.failOn = /^table\d+\.cell\((?:[3-9]\d),1\)\.insertText/;
    const writes = word.log.length;
    await expect(refreshFromSource(source, host)).rejects.toThrow(
      /^Không cập nhật được số liệu: .*Tài liệu đã được trả lại như trước khi cập nhật\.$/,
    );
    const done = word.log.slice(writes);
    // It failed after the figures, the sentence, Phụ lục I's cell and a row had been written.
    expect(done.some((l) => l.startsWith('insertText(cchc:1.1.2'))).toBe(true);
    expect(done.some((l) => l.startsWith('insertOoxml(cchc-muc:'))).toBe(true);
    expect(done.some((l) => l.includes('insertRows'))).toBe(true);
    expect(done.some((l) => l.includes('deleteRows'))).toBe(true);
    expect(snapshot()).toBe(before);

    // With the fault gone the same refresh goes through.
    word.failOn = null;
    const result = await refreshFromSource(source, host);
    expect(result.changed).toContainEqual({ key: '1.1.2', from: '19', to: '21' });
    expect(snapshot()).not.toBe(before);
  });

  test('when the undo fails too, the message says so and points at Word’s own Hoàn tác', async () => {
    const word = new FakeWord();
    await reportIn(word, LATE);
    word.failOn = /^table\d+\.cell\((?:[3-9]\d),1\)\.insertText|deleteRows/;
    await expect(refreshFromSource(await fullSource(), { word, office: office(1.4) })).rejects.toThrow(
      /^Không cập nhật được số liệu \(.*\), và không trả lại được tài liệu như cũ .*Hoàn tác \(Ctrl\+Z\)/,
    );
  });

  test('the fake plays Word for what the refresh uses: insertRows Before/After only, on its template row; cells by index', async () => {
    const word = new FakeWord([], { apiMinor: 3 });
    await reportIn(word, {});
    const pl1 = word.tables.findIndex((t) => t.rows.length > 50);
    const run = (fn: (table: WordTableLike) => void) =>
      word.run(async (context) => {
        const tables = context.document.body.tables!;
        tables.load('values');
        await context.sync();
        fn(tables.items[pl1]);
        await context.sync();
      });
    const rows = () => word.tables[pl1].rows.length;
    const before = rows();
    await expect(
      run((t) => (t.getCell(1, 0).parentRow.insertRows as (l: string, n: number) => void)('End', 1)),
    ).rejects.toThrow(/InvalidArgument: TableRow\.insertRows nhận 'Before' hoặc 'After'/);
    await expect(run((t) => t.getCell(before, 0).body.clear())).rejects.toThrow(/ItemNotFound/);
    // The header row as template makes another header row (it would repeat on every page).
    await run((t) => t.getCell(0, 0).parentRow.insertRows('After', 1));
    expect(word.tables[pl1].rows.slice(0, 3).map((r) => r.header)).toEqual([true, true, false]);
    await run((t) => t.deleteRows(1, 1));
    expect(rows()).toBe(before);
    // Below WordApi 1.3 none of it exists.
    const old = new FakeWord([], { apiMinor: 2 });
    await expect(old.run(async (context) => context.document.body.tables)).rejects.toThrow(/cần WordApi 1\.3/);
  });
});
