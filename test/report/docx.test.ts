import JSZip from 'jszip';
import { getCatalog } from '../../src/domain/catalog';
import { makePeriod } from '../../src/domain/period';
import { computeRate } from '../../src/domain/rates';
import { formatPercent } from '../../src/domain/format';
import { buildReportModel, type ReportInput, type ReportModel } from '../../src/domain/report/model';
import { figureTagValues } from '../../src/domain/report/narrative';
import { validate } from '../../src/domain/validate';
import { figureWidth, readEmbeddedReportData, renderReportDocx, SIZES } from '../../src/io/docx/report';

const mmTwips = (mm: number) => Math.round((mm / 25.4) * 1440);
import { filledDetails, filledFigures, filledTexts } from '../fixtures/filledFigures';
import {
  blockControls,
  contentControls,
  paragraphs,
  sections,
  tableBorders,
  tables,
  type ParagraphInfo,
} from './wordml';

const catalog = getCatalog('2024');
const period = makePeriod('H1', 2024);

function fullInput(): ReportInput {
  const figures = filledFigures(catalog);
  return {
    catalog,
    figures,
    details: filledDetails(),
    texts: filledTexts(),
    findings: validate(catalog, figures, { level: 'so', period }),
    level: 'so',
    period,
  };
}

let input: ReportInput;
let model: ReportModel;
let bytes: Uint8Array;
let zip: JSZip;
let xml: string;
let paras: ParagraphInfo[];

const part = (path: string) => zip.file(path)!.async('string');
const find = (text: string) => {
  const p = paras.find((x) => x.text === text);
  if (!p) throw new Error(`no paragraph "${text}"`);
  return p;
};
const indexOf = (pred: (p: ParagraphInfo) => boolean) => paras.findIndex(pred);

beforeAll(async () => {
  input = fullInput();
  model = buildReportModel(input);
  bytes = await renderReportDocx(model);
  zip = await JSZip.loadAsync(bytes);
  xml = await part('word/document.xml');
  paras = paragraphs(xml);
});

describe('page layout (Nghị định 30/2020)', () => {
  test('the filled fixture is consistent: no findings, no warnings', () => {
    expect(input.findings).toEqual([]);
    expect(model.warnings).toEqual([]);
  });

  test('A4 with margins 20/20/30/15 mm in every section', () => {
    const secs = sections(xml);
    expect(secs.length).toBe(1 + model.annexes.length);
    for (const s of secs) {
      expect(s.margins).toEqual({ top: 1134, bottom: 1134, left: 1701, right: 850 });
      if (s.orient === 'landscape') expect([s.width, s.height]).toEqual([16838, 11906]);
      else expect([s.width, s.height]).toEqual([11906, 16838]);
    }
  });

  test('page numbers: PAGE field 14 pt centred in the header, none on the first page, annexes restart at 1', async () => {
    const rels = await part('word/_rels/document.xml.rels');
    const target = (id: string) =>
      new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
      new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)![1];
    const secs = sections(xml);
    for (const [i, s] of secs.entries()) {
      expect(s.titlePage).toBe(true);
      const def = await part(`word/${target(s.headers.default)}`);
      const first = await part(`word/${target(s.headers.first)}`);
      expect(def).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
      expect(def).toMatch(/<w:jc w:val="center"\/>/);
      expect(def).toMatch(/<w:sz w:val="28"\/>/);
      expect(first).not.toMatch(/PAGE/);
      expect(s.pageStart).toBe(i === 0 ? null : 1);
    }
  });

  test('Times New Roman, black, is the default and on every run', async () => {
    const styles = await part('word/styles.xml');
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*w:ascii="Times New Roman"[\s\S]*<\/w:docDefaults>/);
    const runs = paras.flatMap((p) => p.runs).filter((r) => r.text !== '');
    expect(runs.length).toBeGreaterThan(500);
    expect(runs.every((r) => r.font === 'Times New Roman')).toBe(true);
  });
});

describe('header block', () => {
  test('two columns without borders', () => {
    const first = tables(xml)[0];
    expect(first).toContain('SỞ CÔNG THƯƠNG');
    const borders = tableBorders(first);
    expect(Object.keys(borders).sort()).toEqual(['bottom', 'insideH', 'insideV', 'left', 'right', 'top']);
    expect(Object.values(borders).every((v) => v === 'none')).toBe(true);
    expect(first.match(/<w:gridCol /g)).toHaveLength(2);
  });

  test('left column: parent body 13 pt caps, issuing body 13 pt bold caps with a short rule, "Số:" 13 pt', () => {
    const parent = find('UBND TỈNH HÀ NAM');
    expect(parent.runs[0]).toMatchObject({ size: 26, bold: false });
    const issuing = find('SỞ CÔNG THƯƠNG');
    expect(issuing.runs[0]).toMatchObject({ size: 26, bold: true });
    const ruleLine = paras[paras.indexOf(issuing) + 1];
    expect(ruleLine.text).toBe('');
    expect(ruleLine.hasBorderBottom).toBe(true);
    expect(ruleLine.xml).toMatch(/<w:ind w:left="\d+" w:right="\d+"\/>/);
    expect(find('Số: 125/BC-SCT').runs[0]).toMatchObject({ size: 26, bold: false });
  });

  test('right column: national title, motto underlined as long as itself, italic place and date', () => {
    expect(find('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM').runs[0]).toMatchObject({ size: 24, bold: true });
    expect(find('Độc lập - Tự do - Hạnh phúc').runs[0]).toMatchObject({ size: 26, bold: true, underline: true });
    const date = find('Hà Nam, ngày 18 tháng 6 năm 2024');
    expect(date.runs[0]).toMatchObject({ size: 28, italic: true });
    expect(date.jc).toBe('center');
  });

  test('"BÁO CÁO" and the title bold, centred, 14 pt', () => {
    const word = find('BÁO CÁO');
    expect(word.runs[0]).toMatchObject({ size: 28, bold: true });
    expect(word.jc).toBe('center');
    const title = find(
      'Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024; phương hướng, nhiệm vụ 6 tháng cuối năm 2024',
    );
    expect(title.runs[0]).toMatchObject({ size: 28, bold: true });
    expect(title.jc).toBe('center');
  });
});

describe('body', () => {
  const bodyChecks = (p: ParagraphInfo) => {
    expect(p.jc).toBe('both');
    expect(p.firstLine).toBe(720);
    expect(p.after).toBeGreaterThanOrEqual(120);
    expect(p.line).toBeGreaterThanOrEqual(240);
    expect(p.line).toBeLessThanOrEqual(360);
    for (const r of p.runs) expect(r.size).toBe(28);
  };

  test('opening, generated and own paragraphs: 14 pt, justified, first-line indent 1,27 cm, 6 pt after', () => {
    bodyChecks(find(filledTexts()['mo-dau']));
    bodyChecks(paras.find((p) => p.text.startsWith('Ban hành 01 kế hoạch CCHC'))!);
    bodyChecks(find('Bộ TTHC của Sở được niêm yết công khai đầy đủ.'));
  });

  test('headings: "I." bold capitals, "1." bold, "a)" italic', () => {
    const h1 = find('I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH');
    expect(h1.runs[0]).toMatchObject({ bold: true, size: 28 });
    expect(h1.text).toBe(h1.text.toUpperCase());
    expect(find('1. Kế hoạch cải cách hành chính').runs[0]).toMatchObject({ bold: true });
    const a = find('a) Về xây dựng văn bản quy phạm pháp luật');
    expect(a.runs[0]).toMatchObject({ italic: true, bold: false });
    expect(find('IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024').runs[0].bold).toBe(true);
  });

  test('figures in sentences, vi-VN style', () => {
    const all = paras.map((p) => p.text).join('\n');
    expect(all).toContain(
      'Ban hành 01 kế hoạch CCHC; kế hoạch đề ra 39 nhiệm vụ, đã hoàn thành 19 nhiệm vụ, đạt 48,7%',
    );
    // Phụ lục I 3.3 is the Biểu mẫu 3 breakdown's fact: stated once, there.
    expect(all).toContain('Số hồ sơ đã giải quyết là 16.181 hồ sơ, trong đó: giải quyết trước hạn 9.000');
    expect(all).not.toContain('Đã giải quyết 16.181/16.183 hồ sơ');
    expect(all).toContain(
      'Công bố 385 thủ tục, trong đó: ban hành mới 80; sửa đổi, bổ sung 226; thay thế 17; bãi bỏ 62.',
    );
    expect(all).toContain('tổng số hồ sơ tiếp nhận là 16.183 hồ sơ');
    expect(all).toContain('tổng số tiền kiến nghị xử lý về kinh tế là 1.115,137 triệu đồng');
  });

  test('a rate in the text is the engine computeRate value, formatted', () => {
    const all = paras.map((p) => p.text).join('\n');
    for (const id of ['PL1:hoan-thanh-ke-hoach', 'BM3:cat-giam-tthc', 'BM6:giai-ngan']) {
      const def = catalog.rates.find((r) => r.id === id)!;
      const value = computeRate(def, input.figures).value!;
      expect(all).toContain(`đạt ${formatPercent(value)}`);
    }
    expect(
      formatPercent(
        computeRate(
          catalog.rates.find((r) => r.id === 'PL1:hoan-thanh-ke-hoach')!,
          input.figures,
        ).value!,
      ),
    ).toBe('48,7%');
  });

  test("the unit's own paragraphs are present unchanged, before the section's figures and the next heading", () => {
    const texts = filledTexts();
    const heading = indexOf((p) => p.text === '1. Kế hoạch cải cách hành chính');
    const next = indexOf((p) => p.text === '2. Văn bản chỉ đạo, điều hành');
    const own = texts['I.1'].split('\n').map((l) => indexOf((p) => p.text === l));
    const generated = indexOf((p) => p.text.startsWith('Ban hành 01 kế hoạch CCHC'));
    expect(heading).toBeGreaterThan(0);
    expect(generated).toBeGreaterThan(heading);
    expect(generated).toBeLessThan(next);
    for (const i of own) {
      expect(i).toBeGreaterThan(heading);
      expect(i).toBeLessThan(generated);
    }
    expect(own[1]).toBe(own[0] + 1);
    // Every own line of every section appears exactly as typed.
    const lines = Object.values(texts)
      .flatMap((t) => t.split('\n'))
      .filter((l) => l.trim());
    for (const line of lines) expect(paras.filter((p) => p.text === line).length).toBeGreaterThanOrEqual(1);
  });

  test('closing ends with "./." and is kept with the signature block', () => {
    const closing = paras.find((p) => p.text.startsWith('Trên đây là'))!;
    expect(closing.xml).toContain('<w:keepNext/>');
    expect(closing.xml).toContain('<w:keepLines/>');
    expect(closing.text.endsWith('trân trọng báo cáo./.')).toBe(true);
    expect(closing.jc).toBe('both');
  });
});

describe('footer block', () => {
  let footer: string;
  beforeAll(() => {
    footer = tables(xml).find((t) => t.includes('Nơi nhận:'))!;
  });

  test('two columns without borders', () => {
    expect(Object.values(tableBorders(footer)).every((v) => v === 'none')).toBe(true);
    expect(footer.match(/<w:gridCol /g)).toHaveLength(2);
  });

  test('"Nơi nhận:" 12 pt bold italic; the list 11 pt, "- …;" and "- Lưu: VT, …." last', () => {
    const fp = paragraphs(footer);
    const label = fp.find((p) => p.text === 'Nơi nhận:')!;
    expect(label.runs[0]).toMatchObject({ size: 24, bold: true, italic: true });
    const list = fp.slice(fp.indexOf(label) + 1).filter((p) => p.text.startsWith('- '));
    expect(list.map((p) => p.text)).toEqual(['- UBND tỉnh (b/c);', '- Sở Nội vụ (tổng hợp);', '- Lưu: VT, VP.']);
    for (const p of list) expect(p.runs[0]).toMatchObject({ size: 22, bold: false });
  });

  test("signer's authority and title 14 pt bold capitals, room for the signature, name 14 pt bold", () => {
    const fp = paragraphs(footer);
    const auth = fp.findIndex((p) => p.text === 'KT. GIÁM ĐỐC');
    const title = fp.findIndex((p) => p.text === 'PHÓ GIÁM ĐỐC');
    const name = fp.findIndex((p) => p.text === 'Nguyễn Văn An');
    expect(title).toBe(auth + 1);
    expect(name - title).toBeGreaterThanOrEqual(4);
    for (const i of [auth, title, name]) expect(fp[i].runs[0]).toMatchObject({ size: 28, bold: true });
    expect(fp.slice(title + 1, name).every((p) => p.text === '')).toBe(true);
  });
});

describe('annexes', () => {
  test('Phụ lục I on its own numbered section, with its title, "Kèm theo" line and table with codes', () => {
    const label = indexOf((p) => p.text === 'Phụ lục I');
    expect(label).toBeGreaterThan(indexOf((p) => p.text === 'Nguyễn Văn An'));
    expect(paras[label].runs[0]).toMatchObject({ bold: true, size: 28 });
    expect(paras[label + 1].text).toBe('KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH 6 THÁNG ĐẦU NĂM 2024');
    expect(paras[label + 2].text).toBe('(Kèm theo Báo cáo số 125/BC-SCT ngày 18/06/2024 của Sở Công Thương)');
    expect(paras[label + 2].runs[0].italic).toBe(true);
    const table = tables(xml).find((t) => t.includes('Số VBQPPL đã rà soát'))!;
    const rows = [...table.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => paragraphs(m[0]).map((p) => p.text));
    expect(rows[0]).toEqual(['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu', 'Ghi chú']);
    expect(table).toMatch(/<w:tr><w:trPr>(?:<w:cantSplit\/>)?<w:tblHeader\/>/);
    expect(rows).toContainEqual(['1.1.1', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', '39', '']);
    expect(rows).toContainEqual(['3.3', 'Kết quả giải quyết TTHC', 'Hồ sơ', '16.181/16.183', '']);
    expect(rows).toContainEqual(['3.2.1', 'Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ', '%', '100', '']);
    // Rows that do not apply to a sở (1.2.2) are left out, as the real form does.
    expect(rows.some((r) => r[0] === '1.2.2')).toBe(false);
    expect(Object.values(tableBorders(table)).every((v) => v === 'single')).toBe(true);
    // The figure column holds its widest figure on one line (cell margins on both sides).
    const cols = [...table.matchAll(/<w:gridCol w:w="(\d+)"/g)].map((m) => Number(m[1]));
    expect(cols[3]).toBeGreaterThanOrEqual(figureWidth('16.181/16.183', SIZES.table) + 2 * 108);
    expect(figureWidth('16.181/16.183', SIZES.table)).toBeGreaterThan(mmTwips(26) - 2 * 108);
    expect(cols[0]).toBeGreaterThanOrEqual(figureWidth('4.1.2.1', SIZES.table) + 2 * 108);
  });

  test('each Biểu mẫu with figures follows in its own section', () => {
    const labels = paras.filter((p) => /^(Phụ lục I|Biểu mẫu \d)$/.test(p.text)).map((p) => p.text);
    expect(labels).toEqual(['Phụ lục I', ...catalog.forms.filter((f) => f.id !== 'PL1').map((f) => f.label)]);
    expect(find('CẢI CÁCH THỦ TỤC HÀNH CHÍNH').runs[0].bold).toBe(true);
  });
});

describe('content controls and embedded data', () => {
  test("each section's generated paragraphs sit together in one block control, the unit's own words outside", () => {
    const blocks = blockControls(xml);
    const withFigures = model.sections.filter((s) => s.paragraphs.some((p) => p.kind === 'figures'));
    expect(blocks.map((b) => b.tag)).toEqual(withFigures.map((s) => `cchc-muc:${s.id}`));
    for (const [i, s] of withFigures.entries()) {
      const generated = s.paragraphs.filter((p) => p.kind === 'figures').map((p) => p.runs.map((r) => r.text).join(''));
      expect(blocks[i].paragraphs).toEqual(generated);
    }
    expect(blocks.flatMap((b) => b.paragraphs).some((t) => t.startsWith('Lãnh đạo Sở chỉ đạo'))).toBe(false);
  });

  test('every figure shown sits in a content control tagged "cchc:<key>" holding the engine value', () => {
    const controls = contentControls(xml);
    const expected = figureTagValues(catalog, input.figures, { level: 'so', period });
    expect(controls.length).toBeGreaterThan(300);
    for (const c of controls) {
      expect(c.tag.startsWith('cchc:')).toBe(true);
      const key = c.tag.slice('cchc:'.length);
      expect(c.text).toBe(expected[key]);
    }
    const tags = new Set(controls.map((c) => c.tag));
    for (const key of Object.keys(model.data.shown)) expect(tags.has(`cchc:${key}`)).toBe(true);
    expect(tags.has('cchc:rate:PL1:hoan-thanh-ke-hoach')).toBe(true);
    expect(tags.has('cchc:1.4.2#label')).toBe(true);
    // No bookmark is left over from the build.
    expect(xml).not.toMatch(/w:bookmarkStart/);
    // Content controls sit inside paragraphs (inline), and their ids are unique.
    const ids = controls.map((c) => /<w:id w:val="(\d+)"/.exec(c.xml)![1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('the sentence text around a control is unchanged by the wrapping', () => {
    const p = paras.find((x) => x.text.startsWith('Ban hành 01 kế hoạch CCHC'))!;
    expect(p.xml.match(/<w:sdt>/g)!.length).toBe(4);
    expect(p.text).toBe('Ban hành 01 kế hoạch CCHC; kế hoạch đề ra 39 nhiệm vụ, đã hoàn thành 19 nhiệm vụ, đạt 48,7%.');
  });

  test('the report data is embedded as customXml/item1.xml in our namespace and reads back equal', async () => {
    const item = await part('customXml/item1.xml');
    expect(item).toContain('urn:cchc:report-data:1');
    expect(await part('[Content_Types].xml')).toContain('/customXml/itemProps1.xml');
    expect(await part('word/_rels/document.xml.rels')).toContain('Target="../customXml/item1.xml"');
    const data = await readEmbeddedReportData(bytes);
    expect(data).not.toBeNull();
    expect(data!.catalogId).toBe('2024');
    expect(data!.figures).toEqual(input.figures.values);
    expect(data!.details).toEqual(input.details);
    expect(data!.period).toEqual(period);
    expect(data!.level).toBe('so');
    expect(data!.shown).toEqual(model.data.shown);
  });

  test("each document gets its own custom XML item id (a GUID), so Word never merges two reports' parts", async () => {
    const idOf = async (docx: Uint8Array) => {
      const props = await (await JSZip.loadAsync(docx)).file('customXml/itemProps1.xml')!.async('string');
      return /ds:itemID="([^"]+)"/.exec(props)![1];
    };
    const again = await renderReportDocx(model);
    const [a, b] = [await idOf(bytes), await idOf(again)];
    expect(a).toMatch(/^\{[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}\}$/);
    expect(b).toMatch(/^\{[0-9A-F]{8}-/);
    expect(a).not.toBe(b);
  });

  test('a document without our data reads as null', async () => {
    const other = new JSZip();
    other.file('word/document.xml', '<w:document/>');
    other.file(
      'customXml/item1.xml',
      '<b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography"/>',
    );
    expect(await readEmbeddedReportData(await other.generateAsync({ type: 'uint8array' }))).toBeNull();
    expect(await readEmbeddedReportData(new Uint8Array([1, 2, 3]))).toBeNull();
  });
});

describe('flagged figures and wide tables', () => {
  test('a figure with an open error is highlighted, in the sentence and in the table, and listed in the warnings', async () => {
    const figures = filledFigures(catalog);
    figures.values['1.1.2'] = 45; // more tasks done than planned
    const findings = validate(catalog, figures, { level: 'so', period });
    expect(findings.some((f) => f.severity === 'error' && f.keys.includes('1.1.2'))).toBe(true);
    const flaggedModel = buildReportModel({ ...fullInput(), figures, findings });
    expect(flaggedModel.warnings.some((w) => w.includes('1.1.2'))).toBe(true);
    const doc = await JSZip.loadAsync(await renderReportDocx(flaggedModel));
    const controls = contentControls(await doc.file('word/document.xml')!.async('string'));
    const flagged = controls.filter((c) => c.tag === 'cchc:1.1.2');
    expect(flagged.length).toBeGreaterThanOrEqual(2);
    for (const c of flagged) expect(c.xml).toContain('<w:highlight w:val="yellow"/>');
    const clean = controls.find((c) => c.tag === 'cchc:1.1.3')!;
    expect(clean.xml).not.toContain('w:highlight');
    // The sentence around the figure is marked too, so a reviewer finds it.
    const xml = await doc.file('word/document.xml')!.async('string');
    const sentence = xml.split('</w:p>').find((p) => p.includes('w:tag w:val="cchc:1.1.2"') && p.includes('kế hoạch'))!;
    expect(sentence).toContain('<w:highlight w:val="lightGray"/>');
    const other = xml.split('</w:p>').find((p) => p.includes('w:tag w:val="cchc:BM3/1.2"'))!;
    expect(other).not.toContain('w:highlight');
  });

  test('a table with long notes gets a landscape section', async () => {
    const notes = {
      'BM3/4.1': 'Gồm hồ sơ tiếp nhận tại Trung tâm Phục vụ hành chính công tỉnh và qua Cổng dịch vụ công quốc gia',
    };
    const wide = buildReportModel({ ...fullInput(), notes });
    expect(wide.annexes.find((a) => a.form === 'BM3')!.landscape).toBe(true);
    const doc = await JSZip.loadAsync(await renderReportDocx(wide));
    const secs = sections(await doc.file('word/document.xml')!.async('string'));
    const landscape = secs.filter((s) => s.orient === 'landscape');
    expect(landscape).toHaveLength(1);
    expect([landscape[0].width, landscape[0].height]).toEqual([16838, 11906]);
    expect(landscape[0].margins).toEqual({ top: 1134, bottom: 1134, left: 1701, right: 850 });
  });
});
