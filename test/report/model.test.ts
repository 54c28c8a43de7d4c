import { getCatalog } from '../../src/domain/catalog';
import { emptyDetails, type ReportDetails } from '../../src/domain/details';
import { OUTLINE } from '../../src/domain/outline';
import { makePeriod } from '../../src/domain/period';
import {
  buildReportModel,
  embeddedDataXml,
  parseEmbeddedDataXml,
  recipientLines,
  type ReportInput,
} from '../../src/domain/report/model';
import { runsText } from '../../src/domain/report/narrative';
import { renderReportDocx } from '../../src/io/docx/report';
import { filledDetails, filledFigures, filledTexts } from '../fixtures/filledFigures';

const catalog = getCatalog('2024');

function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    catalog,
    figures: filledFigures(catalog),
    details: filledDetails(),
    texts: filledTexts(),
    findings: [],
    ...over,
  };
}

const sectionText = (model: ReturnType<typeof buildReportModel>, id: string) =>
  model.sections.find((s) => s.id === id)!.paragraphs.map((p) => runsText(p.runs));

describe('missing details', () => {
  test('no details at all: placeholders "…" and warnings saying where to fill them, no throw', async () => {
    const model = buildReportModel(input({ details: emptyDetails() }));
    expect(model.header.issuingBody).toBe('…');
    expect(model.header.parentBody).toBe('…');
    expect(model.header.number).toBe('Số: …/BC-…');
    expect(model.header.placeDate).toBe('…, ngày … tháng … năm …');
    expect(model.title).toBe('Kết quả thực hiện công tác cải cách hành chính kỳ …; phương hướng, nhiệm vụ kỳ tới');
    expect(model.closing).toBe(
      'Trên đây là kết quả thực hiện công tác cải cách hành chính kỳ …; phương hướng, nhiệm vụ kỳ tới, … trân trọng báo cáo./.',
    );
    expect(model.footer.signerTitle).toBe('…');
    expect(model.footer.signerName).toBe('…');
    expect(model.footer.recipients).toEqual(['- …;', '- Lưu: VT, ….']);
    for (const label of [
      'Cơ quan, đơn vị báo cáo',
      'Cơ quan chủ quản',
      'Kỳ báo cáo',
      'Năm',
      'Số báo cáo',
      'Địa danh',
      'Ngày báo cáo',
      'Chức vụ người ký',
      'Họ và tên người ký',
      'Nơi nhận',
    ]) {
      expect(model.warnings.some((w) => w.includes(`"${label}"`) && /trang tính Thông tin, ô B\d+/.test(w))).toBe(true);
    }
    expect(model.annexes[0].attachedTo).toBe('(Kèm theo Báo cáo số …/BC-… ngày … của …)');
    await expect(renderReportDocx(model)).resolves.toBeInstanceOf(Uint8Array);
  });

  test('details absent or of the wrong type are read as empty', () => {
    const broken = { unit: 42, recipients: 'Sở Nội vụ' } as unknown as ReportDetails;
    const model = buildReportModel({
      ...input(),
      details: broken,
      texts: undefined as unknown as Record<string, string>,
      findings: undefined as never,
    });
    expect(model.header.issuingBody).toBe('42');
    expect(model.footer.recipients).toEqual(['- …;', '- Lưu: VT, ….']);
    expect(model.opening).toBe(
      '42 báo cáo kết quả thực hiện công tác cải cách hành chính kỳ …; phương hướng, nhiệm vụ kỳ tới như sau:',
    );
    expect(model.warnings.some((w) => w.startsWith('Chưa có phần mở đầu'))).toBe(true);
    expect(buildReportModel({ ...input(), details: null as unknown as ReportDetails }).header.issuingBody).toBe('…');
  });

  test('a province (UBND tỉnh) has no parent body line and no warning for it', () => {
    const details = { ...filledDetails(), unit: 'Ủy ban nhân dân tỉnh Hà Nam', parentBody: '', level: 'tinh' as const };
    const model = buildReportModel(input({ details }));
    expect(model.header.parentBody).toBeNull();
    expect(model.header.issuingBody).toBe('ỦY BAN NHÂN DÂN TỈNH HÀ NAM');
    expect(model.warnings.some((w) => w.includes('Cơ quan chủ quản'))).toBe(false);
  });

  test('a number left blank for signing keeps its form', () => {
    const model = buildReportModel(input({ details: { ...filledDetails(), number: '/BC-SCT' } }));
    expect(model.header.number).toBe('Số: …/BC-SCT');
  });
});

describe('sections and own text', () => {
  test('sections follow the outline; V is left out when empty, other empty sections get "…" and a warning', () => {
    const texts = { ...filledTexts(), V: '', 'III.2': '  \n' };
    const model = buildReportModel(input({ texts }));
    expect(model.sections.map((s) => s.id)).toEqual(
      OUTLINE.map((s) => s.id).filter((id) => id !== 'mo-dau' && id !== 'V'),
    );
    expect(sectionText(model, 'III.2')).toEqual(['…']);
    expect(model.warnings).toContainEqual(
      expect.stringMatching(/^Mục "2\. Tồn tại, hạn chế" chưa có nội dung \(trang tính Nội dung, ô C\d+\)/),
    );
    expect(model.sections.find((s) => s.id === 'III')!.paragraphs).toEqual([]);
  });

  test("own paragraphs are split on line breaks and kept as typed; the figures follow the unit's opening lines", () => {
    const texts = {
      ...filledTexts(),
      'II.2': '  Dòng một giữ nguyên khoảng trắng đầu.\r\nDòng hai;\n\n- Dòng ba (gạch đầu dòng).',
    };
    const model = buildReportModel(input({ texts }));
    const paragraphs = model.sections.find((s) => s.id === 'II.2')!.paragraphs;
    const own = paragraphs.filter((p) => p.kind === 'text').map((p) => runsText(p.runs));
    expect(own).toEqual(['  Dòng một giữ nguyên khoảng trắng đầu.', 'Dòng hai;', '- Dòng ba (gạch đầu dòng).']);
    // Context first, then the figures, then the unit's list.
    expect(paragraphs.map((p) => p.kind).join(' ')).toMatch(/^text text (figures )+text$/);
  });

  test('a "{số liệu}" line in the own text places the figures there', () => {
    const texts = {
      ...filledTexts(),
      'I.4': 'Kế hoạch kiểm tra được ban hành từ tháng 02.\n- Kiểm tra 3 phòng.\n{số liệu}\nKết quả tốt.',
    };
    const paragraphs = buildReportModel(input({ texts })).sections.find((s) => s.id === 'I.4')!.paragraphs;
    expect(paragraphs.map((p) => runsText(p.runs))).toEqual([
      'Kế hoạch kiểm tra được ban hành từ tháng 02.',
      '- Kiểm tra 3 phòng.',
      'Đã kiểm tra 09 phòng, ban, đơn vị thuộc và trực thuộc; qua kiểm tra phát hiện 05 vấn đề, đã xử lý xong 04 vấn đề, đạt 80%.',
      'Kết quả tốt.',
    ]);
  });

  test('sections III–V carry no generated figures', () => {
    const model = buildReportModel(input());
    for (const s of model.sections.filter((x) => ['III', 'IV', 'V'].includes(x.part))) {
      expect(s.paragraphs.every((p) => p.kind !== 'figures')).toBe(true);
    }
  });

  test("the opening is the unit's own text; the heading of IV names the next period", () => {
    const model = buildReportModel(input());
    expect(model.opening).toBe(filledTexts()['mo-dau']);
    expect(model.sections.find((s) => s.id === 'IV')!.heading).toBe('IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024');
    const yearly = buildReportModel(input({ period: makePeriod('Y', 2024) }));
    expect(yearly.title).toBe(
      'Kết quả thực hiện công tác cải cách hành chính năm 2024; phương hướng, nhiệm vụ năm 2025',
    );
  });
});

describe('annexes', () => {
  test('only forms with figures are attached, the warnings say which were left out; the text says nothing of them', () => {
    const figures = filledFigures(catalog);
    for (const i of catalog.indicators) if (i.form === 'BM6' || i.form === 'PL1') figures.values[i.key] = null;
    const model = buildReportModel(input({ figures }));
    const forms = model.annexes.map((a) => a.form);
    expect(forms).not.toContain('PL1');
    expect(forms).not.toContain('BM6');
    expect(forms).toContain('BM3');
    expect(model.warnings).toContain(
      'Không kèm theo Phụ lục I, Biểu mẫu 6 vì chưa có số liệu nào (chỉ kèm các biểu có số liệu).',
    );
    expect(model.warnings).toContain(
      'Chưa có số liệu Phụ lục I, mục 6 (mục "5. Cải cách tài chính công"): báo cáo không nêu phần này.',
    );
    expect(sectionText(model, 'II.5')).toEqual(['Quy chế chi tiêu nội bộ năm 2024 được sửa đổi, bổ sung từ đầu năm.']);
    for (const s of model.sections)
      for (const p of s.paragraphs) expect(runsText(p.runs)).not.toMatch(/không có số liệu/i);
  });

  test('a Biểu mẫu with a few figures is attached with those rows and their headings only', () => {
    const figures = filledFigures(catalog);
    for (const i of catalog.indicators) if (i.form === 'BM2' && i.key !== 'BM2/5.1') figures.values[i.key] = null;
    const bm2 = buildReportModel(input({ figures })).annexes.find((a) => a.form === 'BM2')!;
    expect(bm2.rows.map((r) => r.code)).toEqual(['5', '5.1']);
  });

  test('coded answers print their number in the table, supplementary ratio rows fold into "a/b"', () => {
    const model = buildReportModel(input());
    const pl1 = model.annexes[0];
    expect(pl1.rows.find((r) => r.key === '1.4.2')!.value!.text).toBe('2');
    expect(pl1.rows.find((r) => r.key === '3.3')!.value!.text).toBe('16.181/16.183');
    expect(pl1.rows.some((r) => r.key === '3.3.a' || r.key === '3.3.b')).toBe(false);
    const partial = filledFigures(catalog);
    partial.values['3.3.b'] = null;
    const rows = buildReportModel(input({ figures: partial })).annexes[0].rows;
    expect(rows.find((r) => r.key === '3.3.a')!.value!.text).toBe('16.181');
    expect(rows.find((r) => r.key === '3.3')!.value).toBeNull();
  });

  test('notes are printed in the Ghi chú column', () => {
    const model = buildReportModel(input({ notes: { '3.3': '02 hồ sơ đang giải quyết' } }));
    expect(model.annexes[0].rows.find((r) => r.key === '3.3')!.note).toBe('02 hồ sơ đang giải quyết');
  });
});

describe('footer and embedded data', () => {
  test('recipient lines: "- X;" each, the archive line last with a full stop', () => {
    expect(
      recipientLines([
        '- Lưu: VT, TCDNC(T).',
        'Bộ Nội vụ;',
        '  - Sở Nội vụ; (tổng hợp)',
        '',
        'Chủ tịch, các PCT UBND tỉnh\nVPUB: TH',
      ]),
    ).toEqual([
      '- Bộ Nội vụ;',
      '- Sở Nội vụ; (tổng hợp);',
      '- Chủ tịch, các PCT UBND tỉnh;',
      '- VPUB: TH;',
      '- Lưu: VT, TCDNC(T).',
    ]);
  });

  test('signer authority over several lines is kept line by line in capitals', () => {
    const details = {
      ...filledDetails(),
      signerAuthority: 'TM. Ủy ban nhân dân\nKT. Chủ tịch',
      signerTitle: 'Phó Chủ tịch',
    };
    const model = buildReportModel(input({ details }));
    expect(model.footer.signerAuthority).toEqual(['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH']);
    expect(model.footer.signerTitle).toBe('PHÓ CHỦ TỊCH');
  });

  test('the embedded data XML round-trips, with characters that need escaping', () => {
    const model = buildReportModel(input({ details: { ...filledDetails(), unit: 'Sở <Công> & "Thương"' } }));
    const xml = embeddedDataXml(model.data);
    expect(xml).toContain('xmlns:cchc="urn:cchc:report-data:1"');
    expect(parseEmbeddedDataXml(xml)).toEqual(model.data);
    // Word may write the part back with another prefix.
    const renamed = xml
      .replace(/<(\/?)cchc:/g, '<$1ns0:')
      .replace('xmlns:cchc=', 'xmlns:ns0=')
      .replace(/ cchc:(\w+)=/g, ' ns0:$1=');
    expect(renamed).not.toContain('<cchc:');
    expect(parseEmbeddedDataXml(renamed)).toEqual(model.data);
    expect(parseEmbeddedDataXml('<x xmlns="urn:other"/>')).toBeNull();
    expect(parseEmbeddedDataXml(xml.replace(/&quot;version&quot;:1/, '&quot;version&quot;:2'))).toBeNull();
  });
});
