/**
 * @jest-environment jsdom
 */
import '../taskpane/jsdomCompat';
import { getCatalog } from '../../src/domain/catalog';
import {
  insertWordReport,
  previewRefresh,
  readWorkbookFile,
  refreshFromSource,
  reportFromWorkbookBytes,
} from '../../src/taskpane/reportFlow';
import { readReportData } from '../../src/office/word';
import { FakeWord, office } from '../fakes/word';
import { filledPort } from '../taskpane/reportWorkbook';

const catalog = getCatalog('2024');
const sentence = (word: FakeWord, start: string) => word.paragraphTexts().find((t) => t.startsWith(start));

// Biểu mẫu 1's tasks from above, joined to the paragraph of Phụ lục I's (one subject).
const BM1_TASKS =
  ' Được cấp trên giao 94 nhiệm vụ, trong đó: đã hoàn thành 45 (đúng hạn, trước hạn 40; quá hạn 05), đạt 47,9%; chưa hoàn thành 49 (còn trong hạn 10; không có nhiệm vụ đã quá hạn; không có thời hạn 39).';

describe('"Cập nhật số liệu" with a figure filled after the report was inserted', () => {
  test("the figure goes into its sentence; the unit's own words and the other sections stay as they were", async () => {
    // Inserted while 1.3.2 (tasks done on time) was still blank.
    const before = await (await filledPort({ figures: { '1.3.2': null } })).save();
    const word = new FakeWord();
    const host = { word, office: office(1.4) };
    await insertWordReport(await reportFromWorkbookBytes(before, 'thang-6.xlsx', catalog), host);
    expect(sentence(word, 'Được UBND tỉnh, Chủ tịch UBND tỉnh giao')).toBe(
      'Được UBND tỉnh, Chủ tịch UBND tỉnh giao 02 nhiệm vụ; không có nhiệm vụ hoàn thành quá hạn.' + BM1_TASKS,
    );
    expect(word.controls.some((c) => c.tag === 'cchc:1.3.2')).toBe(false);
    // The unit adds a sentence of its own in Word.
    word.paragraphs.push(['Đơn vị bổ sung: 02 nhiệm vụ được giao thêm.']);
    const others = () => word.paragraphTexts().filter((t) => !t.startsWith('Được UBND tỉnh, Chủ tịch UBND tỉnh giao'));
    const othersBefore = others();

    const after = await (await filledPort()).save();
    const source = await readWorkbookFile(after, 'thang-6-du.xlsx', catalog);
    const preview = await previewRefresh(source, host);
    expect(preview).toContainEqual({ key: '1.3.2', from: 'chưa có', to: '02' });
    expect(preview).toContainEqual({ key: 'rate:PL1:nhiem-vu-dung-han', from: 'chưa có', to: '100' });
    // The preview writes nothing.
    expect(word.controls.some((c) => c.tag === 'cchc:1.3.2')).toBe(false);

    const result = await refreshFromSource(source, host);
    expect(result.changed).toEqual(preview);
    expect(sentence(word, 'Được UBND tỉnh, Chủ tịch UBND tỉnh giao')).toBe(
      'Được UBND tỉnh, Chủ tịch UBND tỉnh giao 02 nhiệm vụ, trong đó: hoàn thành đúng hạn 02, đạt 100%; không có nhiệm vụ hoàn thành quá hạn.' +
        BM1_TASKS,
    );
    // In its sentence, and in Phụ lục I's row that was empty.
    expect(word.controls.filter((c) => c.tag === 'cchc:1.3.2').map((c) => c.text)).toEqual(['02', '02']);
    // Everything else as it was, but Phụ lục I's figure cell of 1.3.2 (after its name and its unit).
    const cell = othersBefore.indexOf('Số nhiệm vụ đã hoàn thành đúng hạn') + 2;
    expect(othersBefore[cell]).toBe('');
    expect(others()).toEqual(othersBefore.map((t, i) => (i === cell ? '02' : t)));
    expect(word.log.filter((l) => l.startsWith('insertOoxml'))).toEqual(['insertOoxml(cchc-muc:I.5, Replace)']);
    // The document's stored data now holds the new figure as printed, so "Chèn lại" prints it again.
    expect(result.dataUpdated).toBe(true);
    const stored = await readReportData(host);
    expect(stored?.figures['1.3.2']).toBe(2);
    expect(stored?.shown['1.3.2']).toBe('02');

    // Again: nothing new, nothing written.
    const again = await refreshFromSource(source, host);
    expect(again.changed).toEqual([]);
    expect(word.log.filter((l) => l.startsWith('insertOoxml'))).toHaveLength(1);
  });
});
