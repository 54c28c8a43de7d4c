import { getCatalog, loadCatalog } from '../../src/domain/catalog';
import type { Catalog } from '../../src/domain/catalog/types';
import type { FigureSet } from '../../src/domain/figures';
import { codeLabel } from '../../src/domain/display';
import { formatPercent } from '../../src/domain/format';
import { OUTLINE } from '../../src/domain/outline';
import { makePeriod } from '../../src/domain/period';
import { computeRate } from '../../src/domain/rates';
import {
  breakdownParts,
  figureTagValues,
  formatFigure,
  parseScope,
  runsText,
  scopeParagraphs,
  sectionFigureParagraphs,
  type NarrativeContext,
  type Run,
} from '../../src/domain/report/narrative';
import { validate } from '../../src/domain/validate';
import { filledFigures } from '../fixtures/filledFigures';

const catalog = getCatalog('2024');
const period = makePeriod('H1', 2024);

function ctxWith(values: Record<string, number | null>, extra: Partial<NarrativeContext> = {}): NarrativeContext {
  const figures = filledFigures(catalog);
  Object.assign(figures.values, values);
  return { catalog, figures, level: 'so', period, ...extra };
}

function scopeText(ctx: NarrativeContext, spec: string): string[] {
  return scopeParagraphs(ctx, parseScope(ctx.catalog, spec, ctx)).map(runsText);
}

const section = (id: string) => OUTLINE.find((s) => s.id === id)!;

describe('breakdown from a balance rule', () => {
  test('"whole, trong đó: a; b; c" in the order of the rule', () => {
    expect(scopeText(ctxWith({}), 'BM3')[0]).toBe(
      'Về công bố TTHC: ban hành 04 quyết định công bố TTHC. Công bố 385 thủ tục, trong đó: ban hành mới 80; sửa đổi, bổ sung 226; thay thế 17; bãi bỏ 62.',
    );
  });

  test('the breakdown follows the data: a catalog of our own, with no phrasing, gets the generic sentence', () => {
    const own: Catalog = loadCatalog({
      id: 'thu',
      title: 'thử',
      phuLucI: 'code\tname\tunit\tkind\trelation\tnote\n1\tNhóm\t\tgroup\t\t\n1.1\tSố kế hoạch\tKế hoạch\tcount\t\t\n',
      bieuMau:
        'form\tcode\tname\tunit\tkind\trelation\tnote\n' +
        'BM1\t \tTHỬ\t\ttitle\t\t\n' +
        'BM1\t1\tTổng số phiếu thu về\tPhiếu\tcount\t= 1.1 + 1.2 + 1.3\t\n' +
        'BM1\t1.1\tRất hài lòng\tPhiếu\tcount\t\t\n' +
        'BM1\t1.2\tHài lòng\tPhiếu\tcount\t\t\n' +
        'BM1\t1.3\tKhông hài lòng\tPhiếu\tcount\t\t\n',
    });
    expect(breakdownParts(own, 'BM1/1', new Set(['BM1/1', 'BM1/1.1', 'BM1/1.2', 'BM1/1.3']))).toEqual([
      'BM1/1.1',
      'BM1/1.2',
      'BM1/1.3',
    ]);
    const figures: FigureSet = { values: { 'BM1/1': 1250, 'BM1/1.1': 800, 'BM1/1.2': 400, 'BM1/1.3': 50 } };
    const ctx: NarrativeContext = { catalog: own, figures };
    expect(scopeText(ctx, 'BM1')).toEqual([
      'Tổng số phiếu thu về là 1.250 phiếu, trong đó: rất hài lòng 800; hài lòng 400; không hài lòng 50.',
    ]);
    // A missing part is left out of the list, not printed as 0.
    figures.values['BM1/1.2'] = null;
    expect(scopeText(ctx, 'BM1')).toEqual([
      'Tổng số phiếu thu về là 1.250 phiếu, trong đó: rất hài lòng 800; không hài lòng 50.',
    ]);
  });

  test('nested wholes go in parentheses and a part above the level of the unit is skipped', () => {
    expect(scopeText(ctxWith({}), 'BM1:4')).toEqual([
      'Được cấp trên giao 94 nhiệm vụ, trong đó: đã hoàn thành 45 (đúng hạn, trước hạn 40; quá hạn 05), đạt 47,9%; chưa hoàn thành 49 (còn trong hạn 10; không có nhiệm vụ đã quá hạn; không có thời hạn 39).',
    ]);
    // 4.1.2.2 (cấp huyện) does not apply to a sở: the "<=" breakdown keeps the part that does.
    expect(scopeText(ctxWith({}), 'PL1:4')[0]).toContain(
      '. Số đơn vị sự nghiệp công lập là 02 cơ quan, đơn vị, đều là ĐVSNCL thuộc sở, ban, ngành.',
    );
  });

  test('a whole of zero gives its zero wording and no breakdown', () => {
    const text = scopeText(ctxWith({ '5.4': 0, '5.4.2': 0 }), 'PL1:5').join(' ');
    expect(text).toContain(' Không có cán bộ, công chức bị xử lý kỷ luật.');
    expect(text).not.toContain('trong đó');
    expect(text).not.toMatch(/\b0 (cán bộ|người)/);
  });

  test('zero parts: their zero wording inside the list, or left out; never "0 …"', () => {
    expect(scopeText(ctxWith({ '1.3.3': 0 }), 'PL1:1.3')).toEqual([
      'Được UBND tỉnh, Chủ tịch UBND tỉnh giao 02 nhiệm vụ, trong đó: hoàn thành đúng hạn 02, đạt 100%; không có nhiệm vụ hoàn thành quá hạn.',
    ]);
    // 5.4.1 and 5.4.3 are 0 and have no zero wording: left out of the breakdown.
    expect(scopeText(ctxWith({}), 'PL1:5').join(' ')).toContain(
      'Xử lý kỷ luật 01 cán bộ, công chức (cả về Đảng và chính quyền), là lãnh đạo cấp phòng.',
    );
    // A generic clause of 0 is left out of its list.
    const bm4 = scopeText(ctxWith({ 'BM4/2.2': 0 }), 'BM4').join(' ');
    expect(bm4).not.toContain('giảm trong kỳ');
    expect(bm4).not.toMatch(/ 0 (đơn vị|người|cơ quan)/);
  });
});

describe('rates', () => {
  test('every rate comes from the catalog definition through computeRate', () => {
    const ctx = ctxWith({});
    const text = scopeText(ctx, 'PL1:1.1')[0];
    expect(text).toBe(
      'Ban hành 01 kế hoạch CCHC; kế hoạch đề ra 39 nhiệm vụ, đã hoàn thành 19 nhiệm vụ, đạt 48,7%; ban hành 03 văn bản chỉ đạo, điều hành công tác CCHC.',
    );
    const def = catalog.rates.find((r) => r.id === 'PL1:hoan-thanh-ke-hoach')!;
    expect(text).toContain(`đạt ${formatPercent(computeRate(def, ctx.figures).value!)}`);
  });

  test('a zero denominator gives no rate sentence and no rate tag', () => {
    const ctx = ctxWith({ '1.1.1': 0, '1.1.2': 0 });
    const [p] = scopeParagraphs(ctx, parseScope(catalog, 'PL1:1.1', ctx));
    expect(runsText(p)).toBe('Ban hành 01 kế hoạch CCHC; ban hành 03 văn bản chỉ đạo, điều hành công tác CCHC.');
    expect(p.some((r) => r.tag?.key.startsWith('rate:'))).toBe(false);
    expect(figureTagValues(catalog, ctx.figures, ctx)['rate:PL1:hoan-thanh-ke-hoach']).toBeUndefined();
  });

  test('a rate whose numerator is not the figure itself is named; after a breakdown it is its own sentence', () => {
    const text = scopeText(ctxWith({ 'BM3/4.2.3': 81, 'BM3/4.2.2': 7100 }), 'BM3:4').join(' ');
    expect(text).toContain('giải quyết quá hạn 81. Tỷ lệ hồ sơ giải quyết đúng hạn, trước hạn đạt 99,5%.');
    expect(text).toContain('mới tiếp nhận trực tuyến 5.000, tỷ lệ hồ sơ tiếp nhận trực tuyến đạt 31,1%;');
  });

  test('a/b for the ratio row 3.3, and a rate just under 100% is not rounded up to 100%', () => {
    expect(scopeText(ctxWith({}), 'PL1:3')).toContain(
      'Đã giải quyết 16.181/16.183 hồ sơ, đạt 99,99%; tỷ lệ hồ sơ TTHC tiếp nhận được giải quyết đúng hạn là 100%.',
    );
  });
});

describe('formatting', () => {
  test('coded answers in words from the unit column, lower case inside the sentence', () => {
    expect(codeLabel(catalog.byKey.get('1.4.2')!, 2)).toBe('Kết hợp');
    expect(codeLabel(catalog.byKey.get('5.3.1')!, 1)).toBe('Đã thực hiện');
    expect(scopeText(ctxWith({ '1.4.2': 2 }), 'PL1:1.4')).toEqual([
      'Tổ chức khảo sát sự hài lòng của người dân, tổ chức với 350 phiếu; hình thức khảo sát: kết hợp.',
    ]);
    const ctx = ctxWith({ '1.4.2': 0 });
    const runs = scopeParagraphs(ctx, parseScope(catalog, 'PL1:1.4', ctx)).flat();
    expect(runs.find((r) => r.tag?.key === '1.4.2#label')!.text).toBe('trực tuyến');
    expect(figureTagValues(catalog, ctx.figures, ctx)['1.4.2#label']).toBe('trực tuyến');
  });

  test('a coded answer with a wording per code reads as a sentence of its own', () => {
    expect(scopeText(ctxWith({ '1.5': 1 }), 'PL1:1.5')).toEqual([
      'Đã tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp.',
    ]);
    expect(scopeText(ctxWith({ '1.5': 0 }), 'PL1:1.5')).toEqual([
      'Chưa tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp.',
    ]);
    expect(scopeText(ctxWith({ '5.3.1': 0 }), 'PL1:5').join(' ')).toContain(
      'Về bổ nhiệm công chức lãnh đạo: chưa thực hiện tuyển chọn, bổ nhiệm lãnh đạo qua thi tuyển;',
    );
  });

  test('small counts of documents, tasks and plans take a leading zero; volumes and large numbers use the dot', () => {
    const ind = (k: string) => catalog.byKey.get(k)!;
    expect(formatFigure(ind('1.1'), 1)).toBe('01');
    expect(formatFigure(ind('1.1.3'), 3)).toBe('03');
    expect(formatFigure(ind('1.1.1'), 39)).toBe('39');
    expect(formatFigure(ind('1.1.1'), 0)).toBe('0');
    expect(formatFigure(ind('3.3.b'), 2)).toBe('02');
    expect(formatFigure(ind('3.3.b'), 16183)).toBe('16.183');
    expect(formatFigure(ind('3.2.1'), 49.23)).toBe('49,23');
    expect(formatFigure(ind('BM6/4.1'), 1115.137, { values: {}, decimals: { 'BM6/4.1': 3 } })).toBe('1.115,137');
    const text = scopeText(ctxWith({}), 'BM3:4').join(' ');
    expect(text).toContain('Số hồ sơ đang giải quyết là 02 hồ sơ, trong đó: trong hạn 02; không có hồ sơ quá hạn.');
    expect(text).toContain('Tổng số hồ sơ tiếp nhận là 16.183 hồ sơ');
  });
});

describe('flagged figures', () => {
  test('a figure named by an open error finding is flagged wherever it is shown, a warning finding does not flag', () => {
    const figures = filledFigures(catalog);
    figures.values['1.1.2'] = 45;
    figures.values['4.2.2'] = 41; // above 4.2.1: a warning only
    const findings = validate(catalog, figures, { level: 'so', period });
    const flagged = new Set(findings.filter((f) => f.severity === 'error').flatMap((f) => f.keys));
    expect(flagged.has('1.1.2')).toBe(true);
    expect(flagged.has('4.2.2')).toBe(false);
    const ctx: NarrativeContext = { catalog, figures, level: 'so', period, flagged };
    const runs: Run[] = scopeParagraphs(ctx, parseScope(catalog, 'PL1:1.1', ctx)).flat();
    const held = runs.find((r) => r.tag?.key === '1.1.2')!;
    expect(held.flagged).toBe(true);
    // Never asserted: a placeholder naming the row, and no rate computed from it.
    expect(held.text).toBe('[cần xem lại: 1.1.2]');
    expect(runsText(runs)).toBe(
      'Ban hành 01 kế hoạch CCHC; kế hoạch đề ra [cần xem lại: 1.1.1] nhiệm vụ, đã hoàn thành [cần xem lại: 1.1.2] nhiệm vụ; ban hành 03 văn bản chỉ đạo, điều hành công tác CCHC.',
    );
    expect(runs.some((r) => r.tag?.key === 'rate:PL1:hoan-thanh-ke-hoach')).toBe(false);
    expect(figureTagValues(catalog, figures, ctx)['1.1.2']).toBe('[cần xem lại: 1.1.2]');
    expect(figureTagValues(catalog, figures, ctx)['rate:PL1:hoan-thanh-ke-hoach']).toBeUndefined();
    expect(runs.find((r) => r.tag?.key === '1.1.3')!.flagged).toBeUndefined();
    const runs4 = scopeParagraphs(ctx, parseScope(catalog, 'PL1:4', ctx)).flat();
    expect(runs4.find((r) => r.tag?.key === '4.2.2')!.flagged).toBeUndefined();
  });
});

describe('sections', () => {
  test('an empty form is returned for the warnings, and the text says nothing about it', () => {
    const bm2 = Object.fromEntries(catalog.indicators.filter((i) => i.form === 'BM2').map((i) => [i.key, null]));
    const { paragraphs, empty } = sectionFigureParagraphs(ctxWith(bm2), section('II.1'), OUTLINE);
    expect(empty).toEqual(['Biểu mẫu 2']);
    expect(paragraphs.map(runsText)).toEqual([
      'Ban hành, tham mưu ban hành 02 VBQPPL; kiểm tra theo thẩm quyền 01 VBQPPL; rà soát 165 VBQPPL; qua kiểm tra, rà soát đã kiến nghị xử lý 12 văn bản, đã xử lý xong 10 văn bản, đạt 83,3%.',
    ]);
  });

  test('a section with no figure at all has no generated sentence; one whose figures are all zero says so once', () => {
    const codes = catalog.indicators.filter((i) => i.form === 'BM2' || (i.form === 'PL1' && i.code.startsWith('2')));
    const none = sectionFigureParagraphs(ctxWith(Object.fromEntries(codes.map((i) => [i.key, null]))), section('II.1'));
    expect(none.paragraphs).toEqual([]);
    expect(none.empty).toEqual(['Phụ lục I, mục 2', 'Biểu mẫu 2']);
    const zeros: Record<string, number | null> = Object.fromEntries(
      codes.filter((i) => i.kind === 'count').map((i) => [i.key, 0]),
    );
    // These two have a zero wording of their own ("không phát hiện văn bản trái pháp luật").
    zeros['2.1'] = null;
    zeros['BM2/3.3'] = null;
    const all0 = sectionFigureParagraphs(ctxWith(zeros), section('II.1'));
    expect(all0.paragraphs.map(runsText)).toEqual(['Trong kỳ báo cáo, không phát sinh số liệu về cải cách thể chế.']);
  });

  test('direction documents are stated under "2. Văn bản chỉ đạo", not again under "1. Kế hoạch"', () => {
    const ctx = ctxWith({});
    expect(sectionFigureParagraphs(ctx, section('I.1'), OUTLINE).paragraphs.map(runsText)).toEqual([
      'Ban hành 01 kế hoạch CCHC; kế hoạch đề ra 39 nhiệm vụ, đã hoàn thành 19 nhiệm vụ, đạt 48,7%.',
      'Ban hành 04 kế hoạch về CCHC (CCHC, tuyên truyền, kiểm tra, khác).',
    ]);
    expect(sectionFigureParagraphs(ctx, section('I.2'), OUTLINE).paragraphs.map(runsText)).toEqual([
      'Ban hành 03 văn bản chỉ đạo, điều hành công tác CCHC.',
    ]);
    // The same fact typed differently on the two forms: one sentence, held for review.
    expect(
      sectionFigureParagraphs(ctxWith({ 'BM1/1.2': 5 }), section('I.2'), OUTLINE).paragraphs.map(runsText),
    ).toEqual(['Ban hành [cần xem lại: 1.1.3] văn bản chỉ đạo, điều hành công tác CCHC.']);
  });

  test('a fact on Phụ lục I and a Biểu mẫu with the same figure is written once', () => {
    const ctx = ctxWith({});
    expect(sectionFigureParagraphs(ctx, section('I.4'), OUTLINE).paragraphs.map(runsText)).toEqual([
      'Đã kiểm tra 09 phòng, ban, đơn vị thuộc và trực thuộc; qua kiểm tra phát hiện 05 vấn đề, đã xử lý xong 04 vấn đề, đạt 80%.',
    ]);
    // Two different figures for one fact: neither is asserted, one sentence holds it for review.
    const differ = sectionFigureParagraphs(ctxWith({ 'BM1/3.1': 12 }), section('I.4'), OUTLINE).paragraphs.map(
      runsText,
    );
    expect(differ).toEqual([
      'Đã kiểm tra [cần xem lại: 1.2.1] phòng, ban, đơn vị thuộc và trực thuộc; qua kiểm tra phát hiện 05 vấn đề, đã xử lý xong 04 vấn đề, đạt 80%.',
    ]);
    // The Biểu mẫu's breakdown carries the fact: the Phụ lục I clauses go.
    const finance = sectionFigureParagraphs(ctx, section('II.5'), OUTLINE).paragraphs.map(runsText);
    expect(finance.join(' ')).not.toContain('Lũy kế đến thời điểm báo cáo');
    expect(finance).toContain(
      'Số ĐVSNCL thực hiện cơ chế tự chủ (Nghị định 60/2021/NĐ-CP) là 02 đơn vị, trong đó: tự bảo đảm chi thường xuyên 01; do ngân sách nhà nước bảo đảm chi thường xuyên 01.',
    );
  });

  test('every tagged run shows exactly the value "Cập nhật số liệu" would write', () => {
    const ctx = ctxWith({});
    const values = figureTagValues(catalog, ctx.figures, ctx);
    let count = 0;
    for (const s of OUTLINE) {
      for (const r of sectionFigureParagraphs(ctx, s).paragraphs.flat()) {
        if (!r.tag) continue;
        count++;
        expect(r.text).toBe(values[r.tag.key]);
        expect(r.tag.value).toBe(r.text);
      }
    }
    expect(count).toBeGreaterThan(140);
  });
});
