import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import JSZip from 'jszip';
import { tmpdir } from 'os';
import * as path from 'path';
import { consolidateCommand } from '../../src/cli/consolidateCommand';
import type { Io } from '../../src/cli/commands';
import { reportCommand } from '../../src/cli/reportCommand';
import { getCatalog } from '../../src/domain/catalog';
import { nameForDetail, nameForKey } from '../../src/domain/layout';
import { makePeriod, type Period } from '../../src/domain/period';
import { buildReportModel } from '../../src/domain/report/model';
import { runsText } from '../../src/domain/report/narrative';
import { loadWording } from '../../src/domain/report/wording';
import { findingsOf, reportInputOf } from '../../src/domain/workbookData';
import { definedCells, readWorkbookBytes } from '../../src/io/readWorkbook';
import { buildTemplateWorkbook } from '../../src/io/xlsxTemplate';
import { unitWorkbookBytes } from '../fixtures/unitWorkbook';
import { paragraphs } from './wordml';

const catalog = getCatalog('2024');
const dir = mkdtempSync(path.join(tmpdir(), 'cchc-province-'));

function capture(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (t) => lines.push(t), err: (t) => errors.push(t) };
}

async function docText(file: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  return paragraphs(await zip.file('word/document.xml')!.async('string')).map((p) => p.text);
}

const SO = Array.from({ length: 12 }, (_, i) => `Sở ${String.fromCharCode(65 + i)}`);
const HUYEN = Array.from({ length: 8 }, (_, i) => `UBND huyện ${i + 1}`);
const MISSING = ['Sở Ngoại vụ', 'UBND huyện Lý Nhân'];
const ALL = [...SO.map((n) => ({ n, huyen: false })), ...HUYEN.map((n) => ({ n, huyen: true }))];

/**
 * The i-th unit's figures: 1.1.1 = 10 + i and 1.1.2 = 5 + i (totals 390 and 290), two
 * directive documents and three digital-signature certificates each (40, 60; BM7/3), three units inspected each (60), a dialogue held by every third
 * unit (07 of 20), problems found (4 each) by the first 15 units only (60, from 15/20 units),
 * and two communes inspected by each huyện (16; the row is not a sở's).
 */
function figuresOf(i: number, huyen: boolean): Record<string, number> {
  return {
    '1.1.1': 10 + i,
    '1.1.2': 5 + i,
    '1.1.3': 2,
    '1.2.1': 3,
    'BM7/3': 3,
    ...(i < 15 ? { '1.2.3': 4 } : {}),
    '1.5': i % 3 === 0 ? 1 : 0,
    ...(huyen ? { '1.2.2': 2 } : {}),
  };
}

async function provinceWorkbook(
  file: string,
  period: Period,
  periodKind: string,
  values: Record<string, number>,
): Promise<void> {
  const { workbook } = buildTemplateWorkbook(catalog, { level: 'tinh', period });
  const names = definedCells(workbook);
  const put = (n: string, v: ExcelJS.CellValue) => {
    const at = names.get(n)!;
    workbook.getWorksheet(at.sheet)!.getCell(at.address).value = v;
  };
  put(nameForDetail('unit'), 'UBND tỉnh Hà Nam');
  put(nameForDetail('level'), 'Tỉnh');
  put(nameForDetail('periodKind'), periodKind);
  put(nameForDetail('year'), period.year);
  for (const [k, v] of Object.entries(values)) put(nameForKey(k), v);
  writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
}

describe('the province’s report from its units’ files (20 units of two levels, 2 missing, --into)', () => {
  const own = path.join(dir, 'tinh.xlsx');
  const out = path.join(dir, 'tinh-tong-hop.xlsx');
  const previous = path.join(dir, 'tinh-6t-2023.xlsx');
  const unitsList = path.join(dir, 'don-vi.txt');
  const files: string[] = [];

  beforeAll(async () => {
    // The province keeps 2.1 itself; last year's report had 48 certificates and 9 VBQPPL.
    await provinceWorkbook(own, makePeriod('H1', 2024), '6 tháng đầu năm', { '2.1': 7 });
    await provinceWorkbook(previous, makePeriod('H1', 2023), '6 tháng đầu năm', { 'BM7/3': 48, '2.1': 9 });
    for (const [i, u] of ALL.entries()) {
      const file = path.join(dir, `don-vi-${i + 1}.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await unitWorkbookBytes(u.n, figuresOf(i, u.huyen))) as unknown as ArrayBuffer);
      const at = definedCells(wb).get(nameForDetail('level'))!;
      wb.getWorksheet(at.sheet)!.getCell(at.address).value = u.huyen ? 'Huyện' : 'Sở/ban/ngành';
      await wb.xlsx.writeFile(file);
      files.push(file);
    }
    writeFileSync(unitsList, [...SO, ...HUYEN, ...MISSING].join('\n'));
    const io = capture();
    expect(await consolidateCommand(files, { into: own, output: out, units: unitsList }, io)).toBe(0);
  });

  it('states the totals for the whole province, the coded answers as x/y units, the units that did not report and the partial totals', async () => {
    const docx = path.join(dir, 'bao-cao-tinh.docx');
    const io = capture();
    expect(await reportCommand(out, { output: docx }, io)).toBe(0);
    const text = await docText(docx);
    const after = (heading: string, n = 1) => {
      const at = text.indexOf(heading);
      expect(at).toBeGreaterThan(0);
      return text.slice(at + 1, at + 1 + n);
    };

    expect(text).toContain(
      'Số liệu trong báo cáo được tổng hợp từ báo cáo của 20/22 cơ quan, đơn vị (12 sở, ban, ngành; 08 UBND cấp huyện).',
    );
    expect(text).toContain(
      'Chưa nhận được báo cáo của 02 cơ quan, đơn vị: Sở Ngoại vụ, UBND huyện Lý Nhân; số liệu tổng hợp chưa gồm các cơ quan, đơn vị này.',
    );
    // 390 tasks planned, 290 done: 74,4%.
    expect(after('1. Kế hoạch cải cách hành chính')).toEqual([
      'Trên địa bàn toàn tỉnh, kế hoạch đề ra 390 nhiệm vụ, đã hoàn thành 290 nhiệm vụ, đạt 74,4%.',
    ]);
    expect(after('2. Văn bản chỉ đạo, điều hành')).toEqual([
      'Toàn tỉnh ban hành 40 văn bản chỉ đạo, điều hành công tác CCHC.',
    ]);
    // 1.2.3 was given by 15 of the 20 units; 1.2.2 by the 8 huyện, all the units it applies to.
    expect(after('4. Công tác kiểm tra cải cách hành chính', 2)).toEqual([
      'Toàn tỉnh đã kiểm tra 60 phòng, ban, đơn vị thuộc và trực thuộc, 16 UBND cấp xã; qua kiểm tra phát hiện 60 vấn đề.',
      'Một số số liệu chưa đủ các cơ quan, đơn vị: số vấn đề phát hiện qua kiểm tra (1.2.3) mới gồm 15/20 cơ quan, đơn vị.',
    ]);
    // Units 1, 4, 7, … 19 held a dialogue: 07 of 20; the province's own answer (blank) is not stated.
    expect(after('6. Khảo sát sự hài lòng, tổ chức đối thoại')).toEqual([
      '07/20 cơ quan, đơn vị đã tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp; 13/20 cơ quan, đơn vị chưa tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp.',
    ]);
    // The province's own figure stays its own, stated without a comparison (none was given).
    expect(after('1. Cải cách thể chế')).toEqual(['Toàn tỉnh ban hành, tham mưu ban hành 07 VBQPPL.']);
  });

  it('compares with the same period of last year where the wording asks for it (cchc report --previous)', async () => {
    const docx = path.join(dir, 'bao-cao-tinh-so-sanh.docx');
    const io = capture();
    expect(await reportCommand(out, { output: docx, previous }, io)).toBe(0);
    const text = await docText(docx);
    const at = (heading: string) => text[text.indexOf(heading) + 1];
    // 60 against 48: +12 (25%); 7 against 9: −2 (22,2%).
    expect(at('6. Xây dựng, phát triển Chính quyền điện tử, Chính quyền số')).toBe(
      'Toàn tỉnh đã cấp 60 chứng thư chữ ký số, tăng 12 chứng thư (25%) so với cùng kỳ năm 2023.',
    );
    expect(at('1. Cải cách thể chế')).toBe(
      'Toàn tỉnh ban hành, tham mưu ban hành 07 VBQPPL, giảm 02 văn bản (22,2%) so với cùng kỳ năm 2023.',
    );
    // Rows without a comparison in the wording are not compared.
    expect(at('2. Văn bản chỉ đạo, điều hành')).toBe('Toàn tỉnh ban hành 40 văn bản chỉ đạo, điều hành công tác CCHC.');
  });

  it('takes the province’s words from the wording tables (a huyện’s own wording)', async () => {
    const read = await readWorkbookBytes(new Uint8Array(readFileSync(out)), 'tinh-tong-hop.xlsx', catalog);
    const wording = loadWording({
      id: 'huyen',
      baoCao: [
        'key\tvalue',
        'toan-cap\ttinh = Trên địa bàn tỉnh',
        'ma-don-vi\tcó {số} trong tổng số {tổng} đơn vị {lời}',
        'tong-hop-nguon\tBáo cáo tổng hợp từ {số} đơn vị.',
      ].join('\n'),
    });
    const model = buildReportModel({ ...reportInputOf(catalog, read, findingsOf(catalog, read)), wording });
    const section = (id: string) => model.sections.find((s) => s.id === id)!.paragraphs.map((p) => runsText(p.runs));
    expect(section('I.2')).toEqual(['Trên địa bàn tỉnh ban hành 40 văn bản chỉ đạo, điều hành công tác CCHC.']);
    expect(section('I.6')[0]).toMatch(/^Có 07 trong tổng số 20 đơn vị đã tổ chức đối thoại/);
    expect(model.opening.split('\n')).toContain('Báo cáo tổng hợp từ 20 đơn vị.');
  });

  it('joins the whole area’s words to a clause by the wording’s rule: kept before a verb phrase, its own words before any other clause', async () => {
    const read = await readWorkbookBytes(new Uint8Array(readFileSync(out)), 'tinh-tong-hop.xlsx', catalog);
    const sections = (baoCao: string[]) => {
      const wording = loadWording({ id: 'rieng', baoCao: ['key\tvalue', ...baoCao].join('\n') });
      const model = buildReportModel({ ...reportInputOf(catalog, read, findingsOf(catalog, read)), wording });
      return (id: string) => model.sections.find((s) => s.id === id)!.paragraphs.map((p) => runsText(p.runs))[0];
    };
    const own = sections(['toan-cap-truoc-cau\ttinh = Tại tỉnh,']);
    // "kế hoạch …" opens with a noun; "ban hành …", "đã kiểm tra …" with verbs of the built-in list.
    expect(own('I.1')).toBe('Tại tỉnh, kế hoạch đề ra 390 nhiệm vụ, đã hoàn thành 290 nhiệm vụ, đạt 74,4%.');
    expect(own('I.2')).toBe('Toàn tỉnh ban hành 40 văn bản chỉ đạo, điều hành công tác CCHC.');
    // Only "đã" opens a verb phrase now: "ban hành …" takes the other words.
    const fewVerbs = sections(['toan-cap-truoc-cau\ttinh = Tại tỉnh,', 'mo-dong-tu\tđã']);
    expect(fewVerbs('I.2')).toBe('Tại tỉnh, ban hành 40 văn bản chỉ đạo, điều hành công tác CCHC.');
    expect(fewVerbs('I.4')).toMatch(/^Toàn tỉnh đã kiểm tra 60 phòng, ban/);
    // No words for the level before a clause: "Toàn tỉnh" as before.
    expect(sections(['toan-cap-truoc-cau\thuyen = Tại huyện,'])('I.1')).toBe(
      'Toàn tỉnh kế hoạch đề ra 390 nhiệm vụ, đã hoàn thành 290 nhiệm vụ, đạt 74,4%.',
    );
  });
});
