import { insertReport, readReportData, refreshFigures } from '../../src/office/word';
import { FakeWord, office } from '../fakes/word';
import { buildReportModel, embeddedDataXml, REPORT_DATA_NAMESPACE } from '../../src/domain/report/model';
import { getCatalog } from '../../src/domain/catalog';
import { filledDetails, filledFigures, filledTexts } from '../fixtures/filledFigures';

describe('insertReport', () => {
  test('WordApi 1.3: one Word.run, body.insertFileFromBase64, one sync', async () => {
    const word = new FakeWord();
    const result = await insertReport('UEsDBA==', { word, office: office(1.3) });
    expect(result.syncs).toBe(1);
    expect(word.syncs).toBe(1);
    expect(word.runs).toBe(1);
    expect(word.log).toEqual(['body.insertFileFromBase64(8, Replace)']);
  });

  test('no Office requirement API at all: still the body insertion, appended when asked', async () => {
    const word = new FakeWord();
    const result = await insertReport('QUJD', { word, office: null, location: 'End', dataXml: '<x/>' });
    expect(result.syncs).toBe(1);
    expect(word.log).toEqual(['body.insertFileFromBase64(4, End)']);
  });

  test('WordApi 1.4: the report data replaces our old custom XML part, two syncs', async () => {
    const word = new FakeWord();
    word.parts = [
      { id: 90, xml: `<r xmlns="${REPORT_DATA_NAMESPACE}">old</r>` },
      { id: 91, xml: '<other xmlns="urn:someone-else"/>' },
    ];
    const model = buildReportModel({
      catalog: getCatalog('2024'),
      figures: filledFigures(getCatalog('2024')),
      details: filledDetails(),
      texts: filledTexts(),
      findings: [],
    });
    const xml = embeddedDataXml(model.data);
    const result = await insertReport('QUJD', { word, office: office(1.4), dataXml: xml });
    expect(result.syncs).toBe(2);
    expect(word.syncs).toBe(2);
    expect(word.log.filter((l) => l.startsWith('body.insertFileFromBase64'))).toHaveLength(1);
    expect(word.log).toContain('part.delete(90)');
    expect(word.log).not.toContain('part.delete(91)');
    expect(word.parts.map((p) => p.id)).toEqual([91, 1]);
    expect(word.parts[1].xml).toBe(xml);
    // The data reads back through the same adapter.
    const data = await readReportData({ word, office: office(1.4) });
    expect(data).toEqual(model.data);
  });

  test('WordApi 1.6: Document.insertFileFromBase64 brings headers and the data part; old part removed, ≤ 2 syncs', async () => {
    const word = new FakeWord();
    word.parts = [{ id: 5, xml: `<r xmlns="${REPORT_DATA_NAMESPACE}"/>` }];
    const result = await insertReport('QUJD', { word, office: office(1.6) });
    expect(result.syncs).toBeLessThanOrEqual(2);
    expect(word.log).toContain('document.insertFileFromBase64(4, Replace, {"importCustomXmlParts":true})');
    expect(word.log.some((l) => l.startsWith('body.insertFileFromBase64'))).toBe(false);
    expect(word.log).not.toContain('customXmlParts.add');
    expect(word.log).toContain('part.delete(5)');
  });

  test('without Word the error says so in Vietnamese', async () => {
    await expect(insertReport('QUJD', { office: null })).rejects.toThrow(/Không tìm thấy Word/);
  });
});

describe('refreshFigures', () => {
  test('200 controls: loads tag and text once, rewrites only the differing ones, two syncs', async () => {
    const controls = Array.from({ length: 200 }, (_, i) => ({ tag: `cchc:BM3/${i}`, text: String(i) }));
    const word = new FakeWord(controls);
    const values: Record<string, string> = {};
    for (let i = 0; i < 200; i++) values[`BM3/${i}`] = i % 4 === 0 ? `${i}.000` : String(i);
    const result = await refreshFigures(values, { word });
    expect(result.syncs).toBe(2);
    expect(word.syncs).toBe(2);
    expect(word.runs).toBe(1);
    expect(result.changed).toHaveLength(50);
    expect(result.changed[1]).toEqual({ key: 'BM3/4', from: '4', to: '4.000' });
    expect(word.log.filter((l) => l.includes('.load('))).toEqual(['contentControls.load(tag,text)']);
    expect(word.log.filter((l) => l.startsWith('insertText'))).toHaveLength(50);
    expect(word.log.every((l) => !l.startsWith('insertText') || l.endsWith('Replace)'))).toBe(true);
    expect(controls[4].text).toBe('4.000');
    expect(controls[5].text).toBe('5');
  });

  test('controls without our tag, and figures not given, are left alone', async () => {
    const controls = [
      { tag: 'cchc:1.1.2', text: '19' },
      { tag: 'other:1.1.2', text: 'giữ nguyên' },
      { tag: '', text: 'không có tag' },
      { tag: 'cchc:rate:PL1:hoan-thanh-ke-hoach', text: '48,7' },
      { tag: 'cchc:7.1', text: '127' },
    ];
    const word = new FakeWord(controls);
    const result = await refreshFigures(
      { '1.1.2': '20', 'rate:PL1:hoan-thanh-ke-hoach': '51,3', '9.9': 'x' },
      { word },
    );
    expect(result.changed).toEqual([
      { key: '1.1.2', from: '19', to: '20' },
      { key: 'rate:PL1:hoan-thanh-ke-hoach', from: '48,7', to: '51,3' },
    ]);
    expect(controls.map((c) => c.text)).toEqual(['20', 'giữ nguyên', 'không có tag', '51,3', '127']);
    expect(word.log.filter((l) => l.startsWith('insertText'))).toEqual([
      'insertText(cchc:1.1.2, Replace)',
      'insertText(cchc:rate:PL1:hoan-thanh-ke-hoach, Replace)',
    ]);
  });

  test('nothing to change: one sync, no writes', async () => {
    const word = new FakeWord([{ tag: 'cchc:1.1', text: '01' }]);
    const result = await refreshFigures({ '1.1': '01' }, { word });
    expect(result).toEqual({ changed: [], syncs: 1 });
    expect(word.syncs).toBe(1);
  });
});
