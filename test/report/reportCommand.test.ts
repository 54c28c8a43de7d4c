import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import JSZip from 'jszip';
import { tmpdir } from 'os';
import * as path from 'path';
import { reportCommand } from '../../src/cli/reportCommand';
import { CliFailure } from '../../src/cli/output';
import { readEmbeddedReportData } from '../../src/io/docx/report';
import { buildRealSoWorkbook } from '../fixtures/legacyForms';
import { paragraphs } from './wordml';

const dir = mkdtempSync(path.join(tmpdir(), 'cchc-report-'));
const legacy = path.join(dir, 'bao-cao-6t.xlsx');

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

async function docText(file: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  return paragraphs(await zip.file('word/document.xml')!.async('string')).map((p) => p.text);
}

beforeAll(async () => {
  writeFileSync(legacy, await buildRealSoWorkbook());
});

describe('cchc report on a hand-made form', () => {
  test('--details supplies unit, number, date and signer; the warnings name no cell the file lacks', async () => {
    const details = path.join(dir, 'thong-tin.json');
    writeFileSync(
      details,
      JSON.stringify({
        unit: 'Sở Công Thương',
        'Cơ quan chủ quản': 'UBND tỉnh Hà Nam',
        level: 'so',
        periodKind: '6 tháng đầu năm',
        year: 2024,
        number: '125/BC-SCT',
        place: 'Hà Nam',
        date: '05/06/2024',
        signerTitle: 'Giám đốc',
        signerName: 'Lê Nguyễn Ngọc',
        recipients: ['UBND tỉnh (b/c)', 'Sở Nội vụ', 'Lưu: VT'],
      }),
    );
    const output = path.join(dir, 'ra.docx');
    const run = io();
    expect(await reportCommand(legacy, { details, output }, run.io)).toBe(0);
    const text = await docText(output);
    expect(text).toContain('SỞ CÔNG THƯƠNG');
    expect(text).toContain('Số: 125/BC-SCT');
    expect(text).toContain('Hà Nam, ngày 05 tháng 6 năm 2024');
    expect(text).toContain('Lê Nguyễn Ngọc');
    expect((await readEmbeddedReportData(readFileSync(output)))!.details.signerName).toBe('Lê Nguyễn Ngọc');
    // Nothing about the details; the own-text warnings point at no cell of an absent sheet.
    expect(run.err.filter((w) => /Chưa có "/.test(w))).toEqual([]);
    for (const w of run.err) expect(w).not.toMatch(/trang tính (Thông tin|Nội dung), ô/);
    expect(run.err.some((w) => w.includes('tệp không có trang tính Nội dung'))).toBe(true);
  });

  test("the form's notes are printed in the Phụ lục, the 3.3 row's included", async () => {
    const output = path.join(dir, 'ghi-chu.docx');
    await reportCommand(legacy, { output }, io().io);
    const zip = await JSZip.loadAsync(readFileSync(output));
    const xml = await zip.file('word/document.xml')!.async('string');
    const rows = [...xml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => paragraphs(m[0]).map((p) => p.text));
    expect(rows).toContainEqual([
      '3.3',
      'Kết quả giải quyết TTHC',
      'Hồ sơ',
      '16.181/16.183',
      '02 hồ sơ đang giải quyết',
    ]);
    expect(rows.find((r) => r[0] === '3.3.1')?.[4]).toBe('16.183 TTHC đã giải quyết');
    expect(rows.find((r) => r[0] === '2.4' && r[1].startsWith('Tỷ lệ TTHC'))?.[4]).toBe('127/127');
  });

  test('without --details, a missing detail says to give it in the --details file', async () => {
    const run = io();
    expect(await reportCommand(legacy, { output: path.join(dir, 'ra2.docx') }, run.io)).toBe(0);
    expect(run.err).toContain(
      'Cảnh báo: Chưa có "Họ và tên người ký" (tệp không có trang tính Thông tin: ghi vào tệp --details): báo cáo tạm để "…".',
    );
  });

  test('a bad details file is refused with its key and nothing is written', async () => {
    const bad = path.join(dir, 'sai.json');
    writeFileSync(bad, JSON.stringify({ date: '2024/31/12' }));
    await expect(reportCommand(legacy, { details: bad, output: path.join(dir, 'x.docx') }, io().io)).rejects.toThrow(
      new CliFailure(`Tệp ${bad}, mục "date": ngày "2024/31/12" phải ghi dd/mm/yyyy.`),
    );
    expect(existsSync(path.join(dir, 'x.docx'))).toBe(false);
    writeFileSync(bad, '{"nguoi ky": "A"}');
    await expect(reportCommand(legacy, { details: bad }, io().io)).rejects.toThrow(/mục "nguoi ky": không có mục này/);
  });
});

describe('cchc report --report-dir', () => {
  test("a province's wording folder changes phrases and letterhead; an empty folder is refused", async () => {
    const own = path.join(dir, 'loi-van-tinh');
    mkdirSync(own);
    writeFileSync(
      path.join(own, 'loi-van.tsv'),
      'form\tcode\tname\ttext\nPL1\t1.3.1\tTổng số nhiệm vụ được giao\tUBND tỉnh giao cho Sở {v} nhiệm vụ\n',
    );
    writeFileSync(path.join(own, 'bao-cao.tsv'), 'key\tvalue\nnoi-nhan\tNơi nhận bản báo cáo:\n');
    const output = path.join(dir, 'tinh.docx');
    expect(await reportCommand(legacy, { reportDir: own, output }, io().io)).toBe(0);
    const text = await docText(output);
    expect(text.some((t) => t.startsWith('UBND tỉnh giao cho Sở 02 nhiệm vụ, trong đó: hoàn thành đúng hạn 02'))).toBe(
      true,
    );
    expect(text).toContain('Nơi nhận bản báo cáo:');
    const empty = path.join(dir, 'trong');
    mkdirSync(empty);
    await expect(reportCommand(legacy, { reportDir: empty }, io().io)).rejects.toThrow(/không có tệp lời văn nào/);
  });
});

describe('cchc validate --json lists the own-text findings', () => {
  test('with the sentence, the own-text cell and the form value', async () => {
    const { validateCommand } = await import('../../src/cli/commands');
    const { filledPort } = await import('../taskpane/reportWorkbook');
    const file = path.join(dir, 'loi-van-sai.xlsx');
    const port = await filledPort({
      texts: {
        'I.5': 'UBND tỉnh giao 02 nhiệm vụ, trong đó 21 nhiệm vụ hoàn thành đúng hạn.',
        'II.1': 'Ban hành 12 văn bản QPPL (05 Nghị quyết và 12 Quyết định).',
      },
    });
    writeFileSync(file, await port.save());
    const run = io();
    expect(await validateCommand(file, { json: true }, run.io)).toBe(1);
    const json = JSON.parse(run.out.join('\n')) as {
      findings: { severity: string; rule: string; cells: { sheet: string; address: string }[]; message: string }[];
    };
    const own = json.findings.filter((f) => f.rule.startsWith('own-text:'));
    expect(own.map((f) => [f.rule.replace(/:\d+$/, ''), f.severity])).toEqual([
      ['own-text:I.5#part-above-whole', 'error'],
      ['own-text:I.5#form', 'warning'],
      ['own-text:II.1#parts', 'error'],
    ]);
    for (const f of own) expect(f.cells).toEqual([{ sheet: 'Nội dung', address: expect.stringMatching(/^C\d+$/) }]);
    expect(own[1].message).toContain('«UBND tỉnh giao 02 nhiệm vụ, trong đó 21 nhiệm vụ hoàn thành đúng hạn.»');
    expect(own[1].message).toContain('biểu ghi 2');
  });
});
