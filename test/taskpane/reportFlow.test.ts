/**
 * @jest-environment jsdom
 */
import './jsdomCompat';
import JSZip from 'jszip';
import { readWorkbookBytes } from '../../src/io/readWorkbook';
import { readReportData } from '../../src/office/word';
import {
  buildDocx,
  canDownload,
  downloadBytes,
  errorFindings,
  findingsOf,
  insertWordReport,
  readReportSource,
  refreshFromWorkbookBytes,
  reportFromEmbeddedData,
  previewRefresh,
  readWorkbookFile,
  refreshFromSource,
  reportFromWorkbookBytes,
  suggestedFileName,
  wordReportOf,
} from '../../src/taskpane/reportFlow';
import { runsText } from '../../src/domain/report/narrative';
import { wordingFor, wordingFromFiles } from '../../src/domain/report/wording';
import { FakeWord, office } from '../fakes/word';
import { contentControls, paragraphs } from '../report/wordml';
import { catalog } from './helpers';
import { filledPort } from './reportWorkbook';

const documentXml = async (bytes: Uint8Array) =>
  (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');

describe('one reading for the pane and the CLI', () => {
  test('the open workbook read through the port gives what cchc report reads from the saved file', async () => {
    const port = await filledPort({ figures: { '3.3.b': '16.183', 'BM6/4.1': '1.115,137', '2.4': 'mười hai' } });
    const pane = await readReportSource(port, catalog);
    const cli = await readWorkbookBytes(await port.save(), 'so-cong-thuong.xlsx', catalog);
    expect(pane.injected).toBe(true);
    expect(pane.read.figures.values).toEqual(cli.figures.values);
    expect(pane.read.figures.decimals).toEqual(cli.figures.decimals);
    expect(pane.read.figures.cells).toEqual(cli.figures.cells);
    expect(pane.read.details).toEqual(cli.details);
    expect(pane.read.texts).toEqual(cli.texts);
    expect(pane.read.remarks).toEqual(cli.remarks);
    expect(pane.read.period).toEqual(cli.period);
    expect(pane.findings).toEqual(findingsOf(catalog, cli));
    // The figures are the ones typed, read the Vietnamese way.
    expect(pane.read.figures.values['3.3.b']).toBe(16183);
    expect(pane.read.figures.values['BM6/4.1']).toBe(1115.137);
    expect(pane.read.figures.values['2.4']).toBeNull();
    expect(pane.read.notes.some((n) => n.key === '2.4' && n.kind === 'unreadable')).toBe(true);
    expect(pane.read.details.unit).toBe('Sở Công Thương');
    expect(pane.read.texts['I.1']).toMatch(/^Kế hoạch được xây dựng/);
  });

  test('a workbook without the forms reads as not injected', async () => {
    const { MemoryPort } = await import('../../src/taskpane/standalone/memoryPort');
    const source = await readReportSource(MemoryPort.blank(), catalog);
    expect(source.injected).toBe(false);
  });
});

describe('buildDocx', () => {
  test('the .docx holds the unit, the figures in vi-VN style, and flags a figure with an open error', async () => {
    // 1.1.2 (tasks done) above 1.1.1 (tasks planned): an error finding.
    const port = await filledPort({ figures: { '1.1.2': '45' } });
    const source = await readReportSource(port, catalog);
    const errors = errorFindings(source.findings);
    expect(errors.map((f) => f.keys).flat()).toContain('1.1.2');
    const bytes = await buildDocx(source.read, source.findings);
    const xml = await documentXml(bytes);
    const texts = paragraphs(xml).map((p) => p.text);
    expect(texts).toContain('SỞ CÔNG THƯƠNG');
    expect(texts.some((t) => t.includes('Sở Công Thương trân trọng báo cáo'))).toBe(true);
    const controls = contentControls(xml);
    expect(controls.find((c) => c.tag === 'cchc:BM3/4.1')?.text).toBe('16.183');
    expect(controls.find((c) => c.tag === 'cchc:3.3')?.text).toBe('16.181/16.183');
    // Held in the sentence and in the table: a placeholder, highlighted; never the figure in error.
    const flagged = controls.filter((c) => c.tag === 'cchc:1.1.2');
    expect(flagged.length).toBe(2);
    for (const c of flagged) {
      expect(c.text).toBe('[cần xem lại: 1.1.2]');
      expect(c.xml).toContain('<w:highlight w:val="yellow"/>');
    }
    expect(controls.find((c) => c.tag === 'cchc:3.1')!.xml).not.toContain('w:highlight');
  });
});

describe('saving the file', () => {
  test('suggestedFileName folds Vietnamese to ASCII', () => {
    expect(suggestedFileName({ unit: 'Sở Công Thương', periodKind: 'H1', year: 2024 })).toBe(
      'Bao-cao-CCHC-6-thang-2024-So-Cong-Thuong.docx',
    );
    expect(suggestedFileName({ unit: 'UBND xã Đồng Đăng', periodKind: 'Q1', year: 2025 })).toBe(
      'Bao-cao-CCHC-Quy-I-2025-UBND-xa-Dong-Dang.docx',
    );
    expect(
      suggestedFileName({ unit: '  Ủy ban nhân dân tỉnh Hà Nam / Văn phòng  ', periodKind: 'Y', year: 2024 }),
    ).toBe('Bao-cao-CCHC-Nam-2024-Uy-ban-nhan-dan-tinh-Ha-Nam-Van-phong.docx');
    expect(suggestedFileName({ unit: '', periodKind: null, year: null })).toBe('Bao-cao-CCHC.docx');
    expect(suggestedFileName({ unit: 'Sở Tư pháp', periodKind: 'M9', year: 2024 })).toMatch(/^[A-Za-z0-9-]+\.docx$/);
  });

  test('canDownload: not on Office for Mac or iPad; on the web, Windows and without Office', () => {
    expect(canDownload({ context: { platform: 'Mac' } })).toBe(false);
    expect(canDownload({ context: { platform: 'iOS' } })).toBe(false);
    expect(canDownload({ context: { platform: 'OfficeOnline' } })).toBe(true);
    expect(canDownload({ context: { platform: 'PC' } })).toBe(true);
    expect(canDownload(null)).toBe(true);
    expect(canDownload()).toBe(true);
  });

  test('downloadBytes clicks an anchor named for the file, then revokes the URL', async () => {
    jest.useFakeTimers();
    const blobs: Blob[] = [];
    const create = jest.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:cchc/1';
    });
    const revoke = jest.fn();
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke });
    const clicks: { download: string; href: string; attached: boolean }[] = [];
    const onClick = (e: Event) => {
      const a = e.target as HTMLAnchorElement;
      clicks.push({ download: a.download, href: a.getAttribute('href') ?? '', attached: document.body.contains(a) });
      e.preventDefault();
    };
    document.addEventListener('click', onClick);
    try {
      const bytes = new Uint8Array([80, 75, 3, 4, 1, 2, 3]);
      downloadBytes(bytes, 'Bao-cao-CCHC-6-thang-2024-So-Cong-Thuong.docx');
      expect(clicks).toEqual([
        { download: 'Bao-cao-CCHC-6-thang-2024-So-Cong-Thuong.docx', href: 'blob:cchc/1', attached: true },
      ]);
      expect(blobs[0].size).toBe(bytes.length);
      expect(blobs[0].type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      expect(document.querySelectorAll('a').length).toBe(0);
      expect(revoke).not.toHaveBeenCalled();
      jest.runAllTimers();
      expect(revoke).toHaveBeenCalledWith('blob:cchc/1');
    } finally {
      document.removeEventListener('click', onClick);
      jest.useRealTimers();
    }
  });
});

describe('Word', () => {
  test('refresh from a newer workbook changes the tagged figures only and lists them', async () => {
    const first = await (await filledPort()).save();
    const word = new FakeWord();
    const host = { word, office: office(1.4) };
    const report = await reportFromWorkbookBytes(first, 'thang-6.xlsx', catalog);
    await insertWordReport(report, host);
    expect(word.controls.length).toBeGreaterThan(100);
    expect(word.controls.find((c) => c.tag === 'cchc:1.1.2')?.text).toBe('19');
    // The unit writes a paragraph of its own after insertion, with the same number in it.
    word.paragraphs.push(['Đơn vị bổ sung: 19 nhiệm vụ được giao thêm trong tháng 6.']);
    const untagged = () => word.paragraphs.filter((p) => p.every((s) => typeof s === 'string')).map((p) => p.join(''));
    const before = untagged();
    expect(before.some((t) => t.includes('Lãnh đạo Sở chỉ đạo'))).toBe(true);

    // One more dossier solved, on Phụ lục I and on Biểu mẫu 3 alike (a fact on one form only would be held).
    const edited = { '1.1.2': 21, '3.3.a': 16182, 'BM3/4.2': 16182, 'BM3/4.2.2': 7182, 'BM3/4.3': 1, 'BM3/4.3.1': 1 };
    const newer = await (await filledPort({ figures: edited })).save();
    const result = await refreshFromWorkbookBytes(newer, 'thang-6-sua.xlsx', { ...host, catalog });
    const byKey = new Map(result.changed.map((c) => [c.key, c]));
    expect(byKey.get('1.1.2')).toEqual({ key: '1.1.2', from: '19', to: '21' });
    expect(byKey.get('3.3')).toEqual({ key: '3.3', from: '16.181/16.183', to: '16.182/16.183' });
    // Every change follows from the two figures edited (the figures themselves, rates and ratios built on them).
    for (const c of result.changed) {
      const refs = c.key.startsWith('rate:')
        ? (() => {
            const def = catalog.rates.find((r) => `rate:${r.id}` === c.key)!;
            return JSON.stringify([def.numerator, def.denominator]);
          })()
        : JSON.stringify(catalog.byKey.get(c.key.replace(/#label$/, ''))?.ratio ?? c.key);
      expect(Object.keys(edited).some((k) => refs.includes(`"${k}"`))).toBe(true);
    }
    expect(result.changed.length).toBeGreaterThan(2);
    // Listed once each, though the text and the annex tables both show them.
    expect(new Set(result.changed.map((c) => c.key)).size).toBe(result.changed.length);
    expect(result.controls).toBeGreaterThan(result.changed.length);
    expect(word.controls.filter((c) => c.tag === 'cchc:1.1.2').every((c) => c.text === '21')).toBe(true);
    expect(untagged()).toEqual(before);
    // The data stored in the document follows, so "Chèn lại" does not bring the old figures back.
    expect(result.dataUpdated).toBe(true);
    const data = await readReportData(host);
    expect(data?.figures['1.1.2']).toBe(21);
    expect(data?.shown['1.1.2']).toBe('21');
    expect(word.parts.filter((p) => p.xml.includes('urn:cchc:report-data:1'))).toHaveLength(1);

    // The same workbook again: nothing changes.
    const again = await refreshFromWorkbookBytes(newer, 'thang-6-sua.xlsx', { ...host, catalog });
    expect(again.changed).toEqual([]);
  });

  test('refresh: an emptied figure is marked, not kept; a fixed figure loses its yellow; the preview writes nothing', async () => {
    // First report: 1.1.2 above 1.1.1, held and highlighted.
    const word = new FakeWord([], { apiMinor: 4 });
    const host = { word, office: office(1.4) };
    const wrong = await (await filledPort({ figures: { '1.1.2': '45' } })).save();
    await insertWordReport(await reportFromWorkbookBytes(wrong, 'sai.xlsx', catalog), host);
    const held = () => word.controls.filter((c) => c.tag === 'cchc:1.1.2');
    expect(held().map((c) => [c.text, c.highlight])).toEqual([
      ['[cần xem lại: 1.1.2]', 'yellow'],
      ['[cần xem lại: 1.1.2]', 'yellow'],
    ]);
    // Fixed, and 1.1.3 emptied in Excel.
    const fixed = await (await filledPort({ figures: { '1.1.2': 21, '1.1.3': '' } })).save();
    const source = await readWorkbookFile(fixed, 'sua.xlsx', catalog);
    const preview = await previewRefresh(source, host);
    expect(preview).toContainEqual({ key: '1.1.2', from: '[cần xem lại: 1.1.2]', to: '21' });
    expect(preview).toContainEqual({ key: '1.1.3', from: '03', to: '[chưa có số liệu: 1.1.3]' });
    expect(held()[0].text).toBe('[cần xem lại: 1.1.2]'); // nothing written yet
    const result = await refreshFromSource(source, host);
    expect(result.changed).toEqual(preview);
    expect(held().map((c) => [c.text, c.highlight])).toEqual([
      ['21', null],
      ['21', null],
    ]);
    const emptied = word.controls.filter((c) => c.tag === 'cchc:1.1.3');
    expect(emptied.map((c) => [c.text, c.highlight])).toEqual([
      ['[chưa có số liệu: 1.1.3]', 'yellow'],
      ['[chưa có số liệu: 1.1.3]', 'yellow'],
    ]);
    expect((await readReportData(host))?.figures['1.1.3']).toBeNull();
  });

  test('rebuilt from the data in the document: figures and details kept, own paragraphs reported missing, not invented', async () => {
    const bytes = await (await filledPort({ figures: { 'BM6/4.1': '1.115,137' } })).save();
    const original = await reportFromWorkbookBytes(bytes, 'so.xlsx', catalog);
    const rebuilt = await reportFromEmbeddedData(original.model.data);
    expect(rebuilt.missing.join(' ')).toMatch(/nội dung đơn vị tự viết/);
    expect(rebuilt.model.data.shown).toEqual(original.model.data.shown);
    expect(rebuilt.model.header).toEqual(original.model.header);
    const own = rebuilt.model.sections
      .flatMap((s) => s.paragraphs)
      .filter((p) => p.kind === 'text' || p.kind === 'subheading');
    expect(own).toEqual([]);
    expect(rebuilt.model.sections.find((s) => s.id === 'III.1')?.paragraphs.map((p) => p.kind)).toEqual([
      'placeholder',
    ]);
    const xml = await documentXml(rebuilt.docx);
    expect(contentControls(xml).find((c) => c.tag === 'cchc:BM6/4.1')?.text).toBe('1.115,137');
    await expect(reportFromEmbeddedData({ ...original.model.data, catalogId: '2031' })).rejects.toThrow(
      /danh mục "2031"/,
    );
  });

  test("rebuilt from the document in the province's wording it was written in, not the product's", async () => {
    const loiVan =
      'form\tcode\tname\ttext\nPL1\t1.3.2\tSố nhiệm vụ đã hoàn thành đúng hạn\tđã hoàn thành đúng thời hạn {v} nhiệm vụ\n';
    const { wording } = wordingFromFiles([{ name: 'tinh/loi-van.tsv', text: loiVan }], 'tinh', wordingFor(catalog.id));
    const source = await readWorkbookFile(await (await filledPort()).save(), 'so.xlsx', catalog);
    const original = await wordReportOf(source, wording);
    const text = (r: { model: { sections: { paragraphs: { runs: Parameters<typeof runsText>[0] }[] }[] } }) =>
      r.model.sections.flatMap((s) => s.paragraphs.map((p) => runsText(p.runs))).join('\n');
    expect(text(original)).toContain('đã hoàn thành đúng thời hạn');
    expect(original.model.data.wording?.loiVan).toBe(loiVan);

    const rebuilt = await reportFromEmbeddedData(JSON.parse(JSON.stringify(original.model.data)));
    expect(text(rebuilt)).toContain('đã hoàn thành đúng thời hạn');
    expect(rebuilt.model.data.wording).toEqual(original.model.data.wording);
    // The product's own wording stores nothing, and a rebuild without it says it the product's way.
    const plain = await wordReportOf(source);
    expect(plain.model.data.wording).toBeUndefined();
    expect(text(await reportFromEmbeddedData(plain.model.data))).not.toContain('đúng thời hạn');
    await expect(
      reportFromEmbeddedData({ ...original.model.data, wording: { id: 'tinh', loiVan: 'form\tcode\n' } }),
    ).rejects.toThrow(/Lời văn lưu trong tài liệu bị hỏng.*loi-van\.tsv/);
  });
});
