import { getCatalog } from '../../src/domain/catalog';
import type { Level } from '../../src/domain/catalog/types';
import { refsOf } from '../../src/domain/expr';
import type { FigureSet } from '../../src/domain/figures';
import { OUTLINE } from '../../src/domain/outline';
import { makePeriod } from '../../src/domain/period';
import { buildReportModel } from '../../src/domain/report/model';
import {
  figureTagValues,
  runsText,
  sectionFigureParagraphs,
  type NarrativeContext,
} from '../../src/domain/report/narrative';
import { bindWording } from '../../src/domain/report/wording';
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
  test('a sở, full figures: tasks assigned from above, one paragraph though on two forms', () => {
    expect(generated('so', filledFigures(catalog), 'I.5')).toEqual([
      'Được UBND tỉnh, Chủ tịch UBND tỉnh giao 02 nhiệm vụ, trong đó: hoàn thành đúng hạn 02, đạt 100%; không có nhiệm vụ hoàn thành quá hạn. Được cấp trên giao 94 nhiệm vụ, trong đó: đã hoàn thành 45 (đúng hạn, trước hạn 40; quá hạn 05), đạt 47,9%; chưa hoàn thành 49 (còn trong hạn 10; không có nhiệm vụ đã quá hạn; không có thời hạn 39).',
    ]);
  });

  test('one subject on Phụ lục I and a Biểu mẫu (wording "join") is one paragraph, led once', () => {
    const paragraphs = generated('so', filledFigures(catalog), 'II.4');
    const hiring = paragraphs.filter((t) => /tuyển dụng/.test(t));
    expect(hiring).toHaveLength(1);
    expect(hiring[0]).toMatch(/^Về tuyển dụng công chức, viên chức: .*\. Số công chức được tuyển dụng là 35 người/);
    expect(hiring[0]).not.toContain('Về tuyển dụng:');
    expect(paragraphs.filter((t) => /kỷ luật/.test(t))).toHaveLength(1);
    // Only the Biểu mẫu's figures: its paragraph stands, with its own lead-in.
    expect(generated('so', { values: { 'BM5/2.1': 35 } }, 'II.4')).toEqual([
      'Về tuyển dụng: số công chức được tuyển dụng là 35 người.',
    ]);
  });

  test('a province, full figures: inspection includes the communes a sở has not', () => {
    expect(generated('tinh', filledFigures(catalog), 'I.4')).toEqual([
      'Đã kiểm tra 09 phòng, ban, đơn vị thuộc và trực thuộc, 12 UBND cấp xã; qua kiểm tra phát hiện 05 vấn đề, đã xử lý xong 04 vấn đề, đạt 80%.',
    ]);
    expect(generated('so', filledFigures(catalog), 'I.4')).toEqual([
      'Đã kiểm tra 09 phòng, ban, đơn vị thuộc và trực thuộc; qua kiểm tra phát hiện 05 vấn đề, đã xử lý xong 04 vấn đề, đạt 80%.',
    ]);
    // Biểu mẫu 4's administrative bodies join Phụ lục I's structure paragraph.
    expect(generated('tinh', filledFigures(catalog), 'II.3')[0]).toMatch(
      /^Về cơ cấu tổ chức bộ máy: .* Số cơ quan chuyên môn, tổ chức hành chính là 19 cơ quan; số phòng chuyên môn thuộc UBND cấp huyện là 72 phòng\.$/,
    );
  });

  test('a single figure, a partial set and a set of zeros', () => {
    expect(generated('tinh', { values: { '1.3.1': 5 } }, 'I.5')).toEqual([
      'Được UBND tỉnh, Chủ tịch UBND tỉnh giao 05 nhiệm vụ.',
    ]);
    expect(generated('tinh', { values: { '1.3.1': 5, '1.3.2': 3, 'BM1/4.1': 8, 'BM1/4.2': 6 } }, 'I.5')).toEqual([
      'Được UBND tỉnh, Chủ tịch UBND tỉnh giao 05 nhiệm vụ, trong đó hoàn thành đúng hạn 03 nhiệm vụ, đạt 60%. Được cấp trên giao 08 nhiệm vụ, trong đó đã hoàn thành 06 nhiệm vụ, đạt 75%.',
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

describe('a whole and its parts in one sentence', () => {
  const full = () => filledFigures(catalog);
  test('the wording sums the two kinds of biên chế, as the real reports write it; said once though on two forms', () => {
    expect(generated('so', full(), 'II.3')).toContain(
      'Về biên chế công chức: tổng số biên chế được giao là 55 người (40 biên chế công chức, 15 người làm việc hưởng lương từ ngân sách nhà nước trong đơn vị sự nghiệp công lập); biên chế công chức có mặt tại thời điểm báo cáo là 39 người; số hợp đồng lao động làm việc tại cơ quan, đơn vị là 03 người; tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015 là 10%.',
    );
    // Biểu mẫu 4 states the same figures: said once.
    expect(generated('so', full(), 'II.3').join(' ')).not.toMatch(/biên chế công chức được giao là 40/);
    // The sum is tagged like any figure, so "Cập nhật số liệu" refreshes it.
    const values = figureTagValues(catalog, full(), { level: 'so', period });
    expect(values['sum:4.2.1']).toBe('55');
  });

  test('one part beside its whole ("có mặt <= được giao") is folded into the whole\'s sentence', () => {
    const noCivil = full();
    noCivil.values['4.2.1'] = null;
    expect(generated('so', noCivil, 'II.3')).toContain(
      'Về số người làm việc hưởng lương từ NSNN tại các đơn vị sự nghiệp công lập trực thuộc: tổng số người làm việc được giao là 15 người, trong đó có mặt 11 người. Tỷ lệ % đã tinh giản so với năm 2015 là 10%.',
    );
    // Only the Biểu mẫu filled: the same sentence shape from its own rows.
    const onlyBm4 = { values: { 'BM4/3.1': 40, 'BM4/3.2': 39 } };
    expect(generated('so', onlyBm4, 'II.3')).toEqual([
      'Về biên chế và số người làm việc: biên chế công chức được giao là 40 người, trong đó có mặt 39 người.',
    ]);
  });

  test('one filled part: "đều là …" when it is the whole, "trong đó …" with its unit when it is not', () => {
    expect(generated('so', full(), 'II.2')).toContain(
      'Về TTHC thuộc thẩm quyền và cơ chế một cửa: tổng số TTHC thuộc thẩm quyền giải quyết là 127 thủ tục, đều là cấp tỉnh. Số TTHC thực hiện tại Bộ phận Một cửa các cấp là 127 thủ tục; số TTHC thực hiện liên thông (cùng cấp và các cấp) là 10 thủ tục.',
    );
    expect(generated('so', { values: { 'BM3/2.1': 127, 'BM3/2.1.1': 100 } }, 'II.2')).toEqual([
      'Về TTHC thuộc thẩm quyền và cơ chế một cửa: tổng số TTHC thuộc thẩm quyền giải quyết là 127 thủ tục, trong đó cấp tỉnh 100 thủ tục.',
    ]);
    expect(generated('so', { values: { 'BM4/2.1': 2, 'BM4/2.1.2': 2 } }, 'II.3')).toEqual([
      'Về đơn vị sự nghiệp công lập (ĐVSNCL): tổng số ĐVSNCL là 02 đơn vị, đều trực thuộc sở, ban, ngành.',
    ]);
    // Nested: the part of a part in parentheses, without "trong đó:" and a list of one.
    expect(generated('so', { values: { 'BM1/4.1': 8, 'BM1/4.2': 6, 'BM1/4.2.1': 6, 'BM1/4.3': 2 } }, 'I.5')).toEqual([
      'Được cấp trên giao 08 nhiệm vụ, trong đó: đã hoàn thành 06 (đều đúng hạn, trước hạn), đạt 75%; chưa hoàn thành 02.',
    ]);
    for (const t of generated('so', full(), 'II.3').concat(generated('so', full(), 'II.2')))
      expect(t).not.toMatch(/trong đó: [^;.]*\.$/);
  });

  test('parts stated without their whole read as whole sentences, with their unit (never "Toàn trình 26")', () => {
    // As a real sở filled Phụ lục I: 7.1 left blank, its two parts given.
    expect(generated('so', { values: { '7.1.1': 26, '7.1.2': 101 } }, 'II.6')).toEqual([
      'Tổng số TTHC cung cấp toàn trình là 26 TTHC; tổng số TTHC cung cấp một phần là 101 TTHC.',
    ]);
    expect(generated('so', { values: { '1.3.2': 2 } }, 'I.5')).toEqual([
      'Số nhiệm vụ đã hoàn thành đúng hạn là 02 nhiệm vụ.',
    ]);
    // With the whole, the same rows are its parts again.
    expect(generated('so', { values: { '7.1': 127, '7.1.1': 26, '7.1.2': 101 } }, 'II.6')).toEqual([
      'Cung cấp 127 dịch vụ công trực tuyến, trong đó: toàn trình 26, đạt 20,5%; một phần 101.',
    ]);
  });

  test('one fact on Phụ lục I and a Biểu mẫu: once when equal, held and warned when not', () => {
    const same = generated('so', full(), 'I.2');
    expect(same).toEqual(['Ban hành 03 văn bản chỉ đạo, điều hành công tác CCHC.']);
    const figures = full();
    figures.values['BM1/1.2'] = 5;
    expect(generated('so', figures, 'I.2')).toEqual([
      'Ban hành [cần xem lại: 1.1.3] văn bản chỉ đạo, điều hành công tác CCHC.',
    ]);
    const model = buildReportModel({
      catalog,
      figures,
      details: filledDetails(),
      texts: {},
      findings: [],
      level: 'so',
      period,
    });
    expect(model.warnings).toContain(
      'Phụ lục I mục 1.1.3 ghi 03, Biểu mẫu 1 mục 1.2 ghi 05 cho cùng một nội dung: báo cáo để "[cần xem lại: …]" cho đến khi hai biểu khớp nhau.',
    );
    const text = model.sections.flatMap((s) => s.paragraphs.map((p) => runsText(p.runs))).join('\n');
    expect(text).not.toMatch(/Ban hành 0[35] văn bản chỉ đạo/);
    // Dossiers: Biểu mẫu 3's breakdown states what Phụ lục I 3.3 says; the typed rate 3.3.1 goes with its computed twin.
    const dossiers = generated('so', full(), 'II.2').join(' ');
    expect(dossiers).not.toContain('16.181/16.183');
    expect(dossiers).not.toContain('tỷ lệ hồ sơ TTHC tiếp nhận được giải quyết đúng hạn là');
    expect(dossiers).toContain('Tỷ lệ hồ sơ giải quyết đúng hạn, trước hạn đạt 100%.');
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

  test('one fact on two forms is stated once: never both rows of a twin pair', () => {
    const stated = new Set(runs.filter((r) => r.tag).map((r) => r.tag!.key));
    const twins: [string, string][] = catalog.rules
      .filter((r) => r.source === 'cross' && r.op === '=' && r.left.t === 'ref' && r.right.t === 'ref')
      .map((r) => [(r.left as { key: string }).key, (r.right as { key: string }).key]);
    const bound = bindWording(catalog);
    for (const ind of catalog.indicators) {
      const same = bound.phraseOf(ind)?.same;
      if (same) twins.push([ind.key, same]);
    }
    expect(twins.length).toBeGreaterThan(15);
    for (const [a, b] of twins) expect([a, b, stated.has(a) && stated.has(b)]).toEqual([a, b, false]);
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
