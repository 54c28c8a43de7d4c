import * as fs from 'fs';
import * as path from 'path';
import { getCatalog } from '../../src/domain/catalog';
import type { FigureSet } from '../../src/domain/figures';
import { TEXT_SHEET } from '../../src/domain/layout';
import { buildReportModel } from '../../src/domain/report/model';
import { ownTextFindings, scanOwnText } from '../../src/domain/report/ownText';
import { findingsOf } from '../../src/domain/workbookData';
import { filledDetails, filledFigures, filledTexts } from '../fixtures/filledFigures';

const catalog = getCatalog('2024');
const none: FigureSet = { values: {} };
const scan = (text: string, figures: FigureSet = none) =>
  scanOwnText(catalog, figures, { 'II.2': text }, { level: 'so' });
const shapes = (text: string, figures?: FigureSet) => scan(text, figures).map((i) => `${i.severity}:${i.shape}`);

const examples = path.join(__dirname, '../fixtures/reference/examples');
/** The narrative part of a real report (before its annex tables), as a unit would paste it. */
function realText(file: string): string {
  const text = fs.readFileSync(path.join(examples, file), 'utf8');
  const annex = text.search(/\nPhụ lục I\s*\n/);
  return annex > 0 ? text.slice(0, annex) : text;
}

describe('internal arithmetic of a sentence', () => {
  test('a rate that is not A/B, in several wordings; a right one passes', () => {
    for (const wrong of [
      'Tiếp nhận 2.340 hồ sơ, giải quyết đúng hạn 2.281/2.340 hồ sơ, đạt 95,7%.',
      'Giải quyết đúng hạn 2.281/2.340 hồ sơ (đạt 95,7%).',
      'Giải quyết đúng hạn 2.281 trên tổng số 2.340 hồ sơ, đạt tỷ lệ 95,7%.',
      'Tỷ lệ giải quyết đúng hạn đạt 95,7% (2.281/2.340 hồ sơ).',
    ])
      expect([wrong, shapes(wrong)]).toEqual([wrong, ['warning:rate']]);
    for (const right of [
      'Tiếp nhận 2.340 hồ sơ, giải quyết đúng hạn 2.281/2.340 hồ sơ, đạt 97,5%.',
      'Tự kiểm tra 27/27 VBQPPL, đạt 100%.',
      'Tỷ lệ giải quyết đúng hạn đạt 97,48% (2.281/2.340 hồ sơ).',
    ])
      expect([right, shapes(right)]).toEqual([right, []]);
  });

  test('the same A/B given two different rates in two sections', () => {
    const issues = scanOwnText(
      catalog,
      none,
      {
        'II.2': 'Giải quyết đúng hạn 2.281/2.340 hồ sơ, đạt 97,5%.',
        'II.6': 'Hồ sơ giải quyết đúng hạn 2.281/2.340, đạt 97,3%.',
      },
      {},
    );
    expect(issues.map((i) => `${i.sectionId}:${i.shape}`)).toEqual(['II.6:rate', 'II.6:same-rate']);
  });

  test('parts that do not add up to their whole, in several wordings', () => {
    for (const wrong of [
      'Ban hành 12 văn bản QPPL (05 Nghị quyết và 12 Quyết định).',
      'Ban hành 12 văn bản QPPL, gồm 05 Nghị quyết và 12 Quyết định.',
      'Tổng số biên chế là 55 người (40 biên chế công chức, 14 biên chế sự nghiệp).',
      'Tiếp nhận 100 hồ sơ, trong đó 60 hồ sơ trực tuyến và 50 hồ sơ trực tiếp.',
    ])
      expect([wrong, shapes(wrong)]).toEqual([wrong, ['error:parts']]);
    for (const right of [
      'Ban hành 17 văn bản QPPL (05 Nghị quyết và 12 Quyết định).',
      'Tổng số biên chế là 55 người (40 biên chế công chức, 15 biên chế người làm việc hưởng lương từ ngân sách nhà nước).',
      // "trong đó" may list only some parts.
      'Tiếp nhận 16.183 hồ sơ, trong đó 5.000 hồ sơ trực tuyến và 11.063 hồ sơ trực tiếp.',
    ])
      expect([right, shapes(right)]).toEqual([right, []]);
  });

  test('a single part above its whole', () => {
    for (const wrong of [
      'Được giao 06 nhiệm vụ, trong đó 21 nhiệm vụ hoàn thành đúng hạn.',
      'UBND tỉnh giao 06 nhiệm vụ (trong đó: 21 nhiệm vụ đã hoàn thành).',
    ])
      expect([wrong, shapes(wrong)]).toEqual([wrong, ['error:part-above-whole']]);
    expect(shapes('Được giao 06 nhiệm vụ, trong đó 05 nhiệm vụ hoàn thành đúng hạn.')).toEqual([]);
  });

  test('dates, document numbers and legal references are not figures', () => {
    expect(
      shapes(
        'Thực hiện Kế hoạch số 2502/KH-UBND ngày 22/12/2023 của UBND tỉnh (gồm 03 nội dung), Quyết định số 05/2024/QĐ-UBND ngày 19/02/2024, Nghị định 30/2020/NĐ-CP.',
      ),
    ).toEqual([]);
  });
});

describe('figures that name an indicator of the forms', () => {
  test('a count with its noun and key words that disagrees with the form; agreeing passes', () => {
    const figures = filledFigures(catalog); // 1.3.1 = 2, 1.3.2 = 2
    expect(shapes('UBND tỉnh giao 02 nhiệm vụ, đã có 03 nhiệm vụ hoàn thành đúng hạn.', figures)).toEqual([
      'warning:form',
    ]);
    const [issue] = scan('UBND tỉnh giao 02 nhiệm vụ, đã có 03 nhiệm vụ hoàn thành đúng hạn.', figures);
    expect(issue.keys).toEqual(['1.3.2']);
    expect(issue.message).toContain('biểu ghi 2');
    expect(shapes('UBND tỉnh giao 02 nhiệm vụ, đã có 02 nhiệm vụ hoàn thành đúng hạn.', figures)).toEqual([]);
  });

  test("a rate named by its words that disagrees with the form's rate", () => {
    const figures = filledFigures(catalog);
    expect(shapes('Tỷ lệ hồ sơ giải quyết đúng hạn, trước hạn đạt 95,7%.', figures)).toEqual(['warning:form']);
    expect(shapes('Tỷ lệ hồ sơ giải quyết đúng hạn, trước hạn đạt 100%.', figures)).toEqual([]);
  });
});

describe('the real reports', () => {
  test.each(['bao-cao-so-cong-thuong-ha-nam-6t-2024.txt', 'bao-cao-tinh-ha-nam-6t-2024.txt'])(
    'no finding on the correct sentences of %s',
    (file) => {
      expect(scan(realText(file)).map((i) => `${i.shape}: ${i.sentence.slice(0, 200)} — ${i.message}`)).toEqual([]);
    },
  );
});

describe('as findings', () => {
  test('each names the own-text cell, quotes the sentence and says what is wrong', () => {
    const [f] = ownTextFindings(catalog, none, {
      'II.1': 'Ban hành 12 văn bản QPPL (05 Nghị quyết và 12 Quyết định).',
    });
    expect(f.severity).toBe('error');
    expect(f.cells).toEqual([{ sheet: TEXT_SHEET, address: expect.stringMatching(/^C\d+$/) }]);
    expect(f.message).toMatch(
      /^Lời văn mục II\.1 \(trang tính Nội dung, ô C\d+\): «Ban hành 12 văn bản QPPL \(05 Nghị quyết và 12 Quyết định\)\.»: các phần cộng lại 05 \+ 12 = 17, không bằng 12 văn bản QPPL\.$/,
    );
  });
});

describe('where they show', () => {
  test('the one check of a workbook includes them, and the report lists them in its warnings', () => {
    const figures = filledFigures(catalog);
    const texts = { ...filledTexts(), 'I.5': 'UBND tỉnh giao 06 nhiệm vụ, trong đó 21 nhiệm vụ hoàn thành đúng hạn.' };
    const details = filledDetails();
    const findings = findingsOf(catalog, { figures, details, period: null, texts });
    const own = findings.filter((f) => f.rule.startsWith('own-text:I.5'));
    expect(own.map((f) => f.severity)).toEqual(['error', 'warning']);
    expect(own[1].message).toContain('ghi 21 nhiệm vụ nhưng biểu ghi 2');
    const model = buildReportModel({ catalog, figures, details, texts, findings });
    expect(model.warnings.filter((w) => w.startsWith('Lời văn cần xem lại: Lời văn mục I.5'))).toHaveLength(2);
    // Not a figure in error: nothing in the text is held for it.
    expect(model.warnings.some((w) => w.startsWith('Số liệu còn lỗi'))).toBe(false);
  });
});
