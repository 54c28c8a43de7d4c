import { getCatalog } from '../../src/domain/catalog';
import { buildReportModel } from '../../src/domain/report/model';
import { figureTagValues, runsText } from '../../src/domain/report/narrative';
import { ownTextRuns } from '../../src/domain/report/ownPlaceholders';
import { scanOwnText } from '../../src/domain/report/ownText';
import { validate } from '../../src/domain/validate';
import { filledDetails, filledFigures, filledTexts } from '../fixtures/filledFigures';

const catalog = getCatalog('2024');

function report(texts: Record<string, string>, figures = filledFigures(catalog)) {
  const findings = validate(catalog, figures, { level: 'so' });
  return buildReportModel({
    catalog,
    figures,
    details: filledDetails(),
    texts: { ...filledTexts(), ...texts },
    findings,
    level: 'so',
  });
}
const own = (model: ReturnType<typeof report>, id: string) =>
  model.sections.find((s) => s.id === id)!.paragraphs.filter((p) => p.kind === 'text');

describe('placeholders in the own text', () => {
  test('a figure, a Biểu mẫu figure, a coded answer and a rate are filled, formatted and tagged', () => {
    const model = report({
      'I.5': 'Sở được giao {1.3.1} nhiệm vụ, hoàn thành đúng hạn {1.3.2} nhiệm vụ ({rate:1.3.2}); khảo sát {1.4.2}.',
      'II.2': 'Tiếp nhận {BM3/4.1} hồ sơ, tỷ lệ đúng hạn đạt {rate:BM3:giai-quyet-dung-han}%.',
    });
    const [p] = own(model, 'I.5');
    expect(runsText(p.runs)).toBe(
      'Sở được giao 02 nhiệm vụ, hoàn thành đúng hạn 02 nhiệm vụ (100%); khảo sát kết hợp.',
    );
    expect(p.runs.filter((r) => r.tag).map((r) => r.tag!.key)).toEqual([
      '1.3.1',
      '1.3.2',
      'rate:PL1:nhiem-vu-dung-han',
      '1.4.2#label',
    ]);
    // The same text "Cập nhật số liệu" writes into those controls.
    const values = figureTagValues(catalog, filledFigures(catalog), { level: 'so' });
    for (const r of p.runs.filter((x) => x.tag)) expect(r.text).toBe(values[r.tag!.key]);
    expect(runsText(own(model, 'II.2')[0].runs)).toBe('Tiếp nhận 16.183 hồ sơ, tỷ lệ đúng hạn đạt 100%.');
    expect(model.data.shown['rate:PL1:nhiem-vu-dung-han']).toBe('100');
  });

  test('a figure in error is held, an empty one is marked, an unknown one is kept as typed; each is a warning', () => {
    const figures = filledFigures(catalog);
    figures.values['1.1.2'] = 45; // above 1.1.1
    figures.values['1.3.3'] = null;
    const model = report({ 'I.1': 'Đã hoàn thành {1.1.2} nhiệm vụ; quá hạn {1.3.3}; {9.9.9} việc.' }, figures);
    const [p] = own(model, 'I.1');
    expect(runsText(p.runs)).toBe(
      'Đã hoàn thành [cần xem lại: 1.1.2] nhiệm vụ; quá hạn [chưa có số liệu: 1.3.3]; {9.9.9} việc.',
    );
    expect(p.runs.find((r) => r.tag?.key === '1.1.2')!.flagged).toBe(true);
    expect(p.runs.find((r) => r.tag?.key === '1.3.3')).toBeDefined();
    expect(model.warnings.filter((w) => w.startsWith('Lời văn mục I.1 (trang tính Nội dung, ô C'))).toEqual([
      expect.stringMatching(/: \{1\.3\.3\} chưa có số liệu; báo cáo để chỗ trống có đánh dấu\.$/),
      expect.stringMatching(/: \{9\.9\.9\} không có chỉ tiêu hay tỷ lệ này trong danh mục; giữ nguyên như đã viết\.$/),
    ]);
  });

  test('"{số liệu}" is not a placeholder, and the own-text checks see the filled figures', () => {
    expect(ownTextRuns(catalog, '{số liệu}', {}).runs).toEqual([{ text: '{số liệu}' }]);
    const issues = scanOwnText(
      catalog,
      filledFigures(catalog),
      { 'I.5': 'Được giao {1.3.1} nhiệm vụ, trong đó 21 nhiệm vụ hoàn thành đúng hạn.' },
      { level: 'so' },
    );
    expect(issues.map((i) => i.shape)).toContain('part-above-whole');
  });
});
