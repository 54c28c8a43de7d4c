import { getCatalog } from '../../src/domain/catalog';
import type { Level } from '../../src/domain/catalog/types';
import { refsOf } from '../../src/domain/expr';
import type { FigureSet } from '../../src/domain/figures';
import { OUTLINE } from '../../src/domain/outline';
import { makePeriod } from '../../src/domain/period';
import { buildReportModel } from '../../src/domain/report/model';
import { runsText, sectionFigureParagraphs, type NarrativeContext } from '../../src/domain/report/narrative';
import { validate } from '../../src/domain/validate';
import { filledDetails, filledFigures, filledTexts } from '../fixtures/filledFigures';

const catalog = getCatalog('2024');
const period = makePeriod('H1', 2024);
const section = (id: string) => OUTLINE.find((s) => s.id === id)!;

function generated(level: Level, figures: FigureSet, id: string): string[] {
  const ctx: NarrativeContext = { catalog, figures, level, period };
  return sectionFigureParagraphs(ctx, section(id), OUTLINE).paragraphs.map(runsText);
}

describe('whole generated paragraphs', () => {
  test('a sở, full figures: tasks assigned from above', () => {
    expect(generated('so', filledFigures(catalog), 'I.5')).toEqual([
      'Được UBND tỉnh, Chủ tịch UBND tỉnh giao 02 nhiệm vụ, trong đó: hoàn thành đúng hạn 02, đạt 100%; không có nhiệm vụ hoàn thành quá hạn.',
      'Được cấp trên giao 94 nhiệm vụ, trong đó: đã hoàn thành 45 (đúng hạn, trước hạn 40; quá hạn 05), đạt 47,9%; chưa hoàn thành 49 (còn trong hạn 10; không có nhiệm vụ đã quá hạn; không có thời hạn 39).',
    ]);
  });

  test('a province, full figures: inspection includes the communes a sở has not', () => {
    expect(generated('tinh', filledFigures(catalog), 'I.4')).toEqual([
      'Đã kiểm tra 09 phòng, ban, đơn vị thuộc và trực thuộc, 12 UBND cấp xã; qua kiểm tra phát hiện 05 vấn đề, đã xử lý xong 04 vấn đề, đạt 80%.',
    ]);
    expect(generated('so', filledFigures(catalog), 'I.4')).toEqual([
      'Đã kiểm tra 09 phòng, ban, đơn vị thuộc và trực thuộc; qua kiểm tra phát hiện 05 vấn đề, đã xử lý xong 04 vấn đề, đạt 80%.',
    ]);
    expect(generated('tinh', filledFigures(catalog), 'II.3')).toContain(
      'Về cơ quan hành chính: số cơ quan chuyên môn, tổ chức hành chính là 19 cơ quan; số phòng chuyên môn thuộc UBND cấp huyện là 72 phòng.',
    );
  });

  test('a single figure, a partial set and a set of zeros', () => {
    expect(generated('tinh', { values: { '1.3.1': 5 } }, 'I.5')).toEqual([
      'Được UBND tỉnh, Chủ tịch UBND tỉnh giao 05 nhiệm vụ.',
    ]);
    expect(generated('tinh', { values: { '1.3.1': 5, '1.3.2': 3, 'BM1/4.1': 8, 'BM1/4.2': 6 } }, 'I.5')).toEqual([
      'Được UBND tỉnh, Chủ tịch UBND tỉnh giao 05 nhiệm vụ, trong đó: hoàn thành đúng hạn 03, đạt 60%.',
      'Được cấp trên giao 08 nhiệm vụ, trong đó: đã hoàn thành 06, đạt 75%.',
    ]);
    const zeros = { values: Object.fromEntries(['1.3.1', '1.3.2', 'BM1/4.1', 'BM1/4.2'].map((k) => [k, 0])) };
    expect(generated('so', zeros, 'I.5')).toEqual([
      'Trong kỳ báo cáo, không phát sinh số liệu về thực hiện nhiệm vụ cấp trên giao.',
    ]);
    // A zero with a wording of its own is said in those words.
    expect(generated('so', { values: { ...zeros.values, '1.3.3': 0 } }, 'I.5')).toEqual([
      'Không có nhiệm vụ hoàn thành quá hạn.',
    ]);
  });
});

/** Figure sets a unit really sends: full, a third of the figures, every other one, with errors. */
function figureSets(): { name: string; level: Level; figures: FigureSet }[] {
  const full = filledFigures(catalog);
  const keys = Object.keys(full.values);
  const thin = (keep: (i: number) => boolean): FigureSet => ({
    values: Object.fromEntries(keys.map((k, i) => [k, keep(i) ? full.values[k] : null])),
  });
  const wrong = filledFigures(catalog);
  Object.assign(wrong.values, { '1.1.2': 45, 'BM2/1.1': 9, '3.3.a': 17000, 'BM1/4.2.1': 60 });
  return [
    { name: 'sở, đủ', level: 'so', figures: full },
    { name: 'tỉnh, đủ', level: 'tinh', figures: full },
    { name: 'sở, một phần ba', level: 'so', figures: thin((i) => i % 3 === 0) },
    { name: 'tỉnh, cách một', level: 'tinh', figures: thin((i) => i % 2 === 1) },
    { name: 'sở, có lỗi', level: 'so', figures: wrong },
    { name: 'tỉnh, có lỗi', level: 'tinh', figures: wrong },
  ];
}

describe.each(figureSets())('the report of $name', ({ level, figures }) => {
  const findings = validate(catalog, figures, { level, period });
  const model = buildReportModel({
    catalog,
    figures,
    details: filledDetails(),
    texts: filledTexts(),
    findings,
    level,
    period,
  });
  const runs = model.sections.flatMap((s) => s.paragraphs.filter((p) => p.kind === 'figures').flatMap((p) => p.runs));
  const text = model.sections.flatMap((s) =>
    s.paragraphs.filter((p) => p.kind === 'figures').map((p) => runsText(p.runs)),
  );
  const errorKeys = new Set(findings.filter((f) => f.severity === 'error').flatMap((f) => f.keys));

  test('no sentence contradicts another: each figure shows one text wherever it is stated', () => {
    const byKey = new Map<string, Set<string>>();
    for (const r of runs.filter((x) => x.tag)) byKey.set(r.tag!.key, (byKey.get(r.tag!.key) ?? new Set()).add(r.text));
    for (const [key, texts] of byKey) expect([key, [...texts]]).toEqual([key, [...texts].slice(0, 1)]);
    // Gaps go to the warnings, not to the signed text.
    for (const t of text) expect(t).not.toMatch(/không có số liệu/i);
  });

  test('no figure with an open error is asserted, nor a rate computed from one', () => {
    for (const r of runs.filter((x) => x.tag)) {
      const key = r.tag!.key.replace(/#label$/, '');
      if (errorKeys.has(key)) expect(r.text).toMatch(/^\[cần xem lại: /);
      if (key.startsWith('rate:')) {
        const def = catalog.rates.find((d) => `rate:${d.id}` === key)!;
        expect([...refsOf(def.numerator), ...refsOf(def.denominator)].filter((k) => errorKeys.has(k))).toEqual([]);
      }
    }
    if (errorKeys.size > 0) expect(model.warnings.some((w) => w.startsWith('Số liệu còn lỗi'))).toBe(true);
  });

  test('no count is written as a bare 0, and small counts of documents and tasks take a leading zero', () => {
    for (const t of text) {
      expect(t).not.toMatch(/(^|[\s(])0 (văn bản|nhiệm vụ|kế hoạch|người|cơ quan|đơn vị|hồ sơ|thủ tục|vấn đề)\b/);
      expect(t).not.toMatch(/(^|[\s(])[1-9] (văn bản|nhiệm vụ|kế hoạch|người|cơ quan|hồ sơ|thủ tục|vấn đề)\b/);
    }
  });
});
