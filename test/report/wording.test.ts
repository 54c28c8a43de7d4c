import { getCatalog, loadCatalog } from '../../src/domain/catalog';
import { catalog2024 } from '../../src/domain/catalog/data/v2024';
import { buildReportModel } from '../../src/domain/report/model';
import { parseScope, runsText, scopeParagraphs, type NarrativeContext } from '../../src/domain/report/narrative';
import { bindWording, loadWording, WordingError, wordingFor } from '../../src/domain/report/wording';
import { filledDetails, filledFigures, filledTexts } from '../fixtures/filledFigures';

const catalog = getCatalog('2024');
const sectionText = (model: ReturnType<typeof buildReportModel>, id: string) =>
  model.sections.find((s) => s.id === id)!.paragraphs.map((p) => runsText(p.runs));

/** What a province folder holds: two phrases and the letterhead, nothing else. */
const province = {
  id: 'ha-nam',
  loiVan:
    'form\tcode\tname\ttext\tzero\n' +
    'PL1\t1.1\tKế hoạch CCHC\tđã ban hành {v} kế hoạch cải cách hành chính của Sở\t\n' +
    'BM1\t2.1\tSố tin, bài về CCHC đã đăng tải, phát sóng\tđăng tải {v} tin, bài trên Cổng thông tin điện tử\tchưa đăng tải tin, bài\n',
  baoCao: 'key\tvalue\nquoc-hieu\tCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\ntieu-ngu\tĐộc lập – Tự do – Hạnh phúc\n',
};

function model(over: Partial<Parameters<typeof buildReportModel>[0]> = {}) {
  return buildReportModel({
    catalog,
    figures: filledFigures(catalog),
    details: filledDetails(),
    texts: filledTexts(),
    findings: [],
    ...over,
  });
}

describe('a province folder overrides the wording without a build', () => {
  test('two phrases and the letterhead change; everything else stays', () => {
    const base = model();
    const own = model({ wording: loadWording(province, wordingFor('2024')) });
    expect(own.header.nation).toBe('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(own.header.motto).toBe('Độc lập – Tự do – Hạnh phúc');
    expect(sectionText(own, 'I.1')).toContain(
      'Đã ban hành 01 kế hoạch cải cách hành chính của Sở; kế hoạch đề ra 39 nhiệm vụ, đã hoàn thành 19 nhiệm vụ, đạt 48,7%.',
    );
    expect(sectionText(own, 'I.3')).toContain(
      'Đăng tải 20 tin, bài trên Cổng thông tin điện tử; tổ chức 03 hội nghị, lớp tập huấn, cuộc thi về CCHC.',
    );
    // The province's zero wording is used.
    const zero = filledFigures(catalog);
    zero.values['BM1/2.1'] = 0;
    expect(sectionText(model({ figures: zero, wording: loadWording(province, wordingFor('2024')) }), 'I.3')).toContain(
      'Chưa đăng tải tin, bài; tổ chức 03 hội nghị, lớp tập huấn, cuộc thi về CCHC.',
    );
    for (const id of ['I.4', 'II.1', 'II.2', 'II.6']) expect(sectionText(own, id)).toEqual(sectionText(base, id));
    expect(own.closing).toBe(base.closing);
  });

  test('an outline table renames a heading and moves a form', () => {
    const outline = wordingFor('2024')
      .outline.map((s) =>
        s.id === 'I.3'
          ? `${s.id}\t${s.part}\t3. Thông tin, tuyên truyền\tBM1:2`
          : `${s.id}\t${s.part}\t${s.heading}\t${(s.forms ?? []).join(', ')}`,
      )
      .join('\n');
    const w = loadWording({ id: 'x', deCuong: `id\tpart\theading\tforms\n${outline}\n` }, wordingFor('2024'));
    expect(model({ wording: w }).sections.find((s) => s.id === 'I.3')!.heading).toBe('3. Thông tin, tuyên truyền');
  });

  test('a mistyped table is refused with the file and line', () => {
    expect(() => loadWording({ id: 'x', baoCao: 'key\tvalue\nquoc-hieuu\tX\n' })).toThrow(
      /^Tệp bao-cao\.tsv, dòng 2: khóa "quoc-hieuu" không có/,
    );
    expect(() => loadWording({ id: 'x', loiVan: 'form\tcode\tname\ttext\tcodes\nPL1\t1.5\t\t\t0 chưa\n' })).toThrow(
      WordingError,
    );
    expect(() => loadWording({ id: 'x', deCuong: 'id\theading\nI\tX\n' })).toThrow(/thiếu cột "part"/);
  });
});

describe('a catalog with renumbered rows keeps its specific sentences (matched by data)', () => {
  test('Phụ lục I 1.1 renumbered 1.0, 1.1.1/1.1.2 renumbered 1.0.1/1.0.2', () => {
    const renumber = (code: string) => code.replace(/^1\.1(?=$|\.)/, '1.0');
    const phuLucI = catalog2024.phuLucI
      .split('\n')
      .map((line, i) => {
        if (i === 0) return line;
        const cells = line.split('\t');
        cells[0] = renumber(cells[0]);
        cells[4] = (cells[4] ?? '').replace(/\b1\.1\.(\d)/g, '1.0.$1');
        cells[9] = (cells[9] ?? '').replace(/\b1\.1\.(\d)/g, '1.0.$1');
        return cells.join('\t');
      })
      .join('\n');
    const renamed = loadCatalog({ ...catalog2024, id: 'doi-ma', phuLucI });
    expect(renamed.byKey.get('1.0.2')!.name).toBe('Số nhiệm vụ đã hoàn thành');
    const figures = { values: { '1.0': 1, '1.0.1': 39, '1.0.2': 19 } };
    const ctx: NarrativeContext = { catalog: renamed, figures, level: 'so' };
    expect(scopeParagraphs(ctx, parseScope(renamed, 'PL1:1.0', ctx)).map(runsText)).toEqual([
      'Ban hành 01 kế hoạch CCHC; kế hoạch đề ra 39 nhiệm vụ, đã hoàn thành 19 nhiệm vụ, đạt 48,7%.',
    ]);
  });

  test('a code reused for another row gets the generic clause, not the old row’s sentence', () => {
    const own = loadCatalog({
      id: 'khac',
      title: 'khác',
      phuLucI: 'code\tname\tunit\tkind\n1\tNhóm\t\tgroup\n1.1\tSố cuộc họp giao ban\tCuộc\tcount\n',
      bieuMau: 'form\tcode\tname\tunit\tkind\n',
    });
    expect(bindWording(own).phraseOf(own.byKey.get('1.1')!)).toBeUndefined();
    const ctx: NarrativeContext = { catalog: own, figures: { values: { '1.1': 4 } } };
    expect(scopeParagraphs(ctx, parseScope(own, 'PL1:1', ctx)).map(runsText)).toEqual([
      'Số cuộc họp giao ban là 04 cuộc.',
    ]);
  });
});
