// A province adds a form as data only: the reference tables plus a BM8, loaded as a catalog folder,
// are injected, validated and reported with no code change.
import { readFileSync } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { registerCatalog } from '../../src/domain/catalog';
import { nameForKey } from '../../src/domain/layout';
import { buildReportModel } from '../../src/domain/report/model';
import { findingsOf, reportInputOf } from '../../src/domain/workbookData';
import { readWorkbookBytes } from '../../src/io/readWorkbook';
import { templateBuffer } from '../../src/io/xlsxTemplate';

const reference = path.join(__dirname, '..', 'fixtures', 'reference');
const BM8 = [
  'BM8\t \tCHUYỂN ĐỔI SỐ CẤP XÃ\t\ttitle\t\t',
  'BM8\t1\tSố xã có điểm truy cập Internet công cộng\tXã\tcount\t\t',
  'BM8\t1.1\tTrong đó: số xã có điểm đang hoạt động\tXã\tcount\t<= 1\tchỉ tính điểm mở cửa trong kỳ',
].join('\n');

const catalog = registerCatalog({
  id: 'tinh-bm8',
  title: 'Danh mục tỉnh có Biểu mẫu 8',
  phuLucI: readFileSync(path.join(reference, 'phu-luc-i.tsv'), 'utf8'),
  bieuMau: readFileSync(path.join(reference, 'bieu-mau.tsv'), 'utf8').trimEnd() + '\n' + BM8 + '\n',
});

async function filled(values: Record<string, number>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await templateBuffer(catalog, { level: 'xa' })) as unknown as ExcelJS.Buffer);
  for (const [key, value] of Object.entries(values)) {
    const ranges = wb.definedNames.getRanges(nameForKey(key)).ranges;
    expect(ranges).toHaveLength(1);
    const [sheet, address] = ranges[0].split('!');
    wb.getWorksheet(sheet.replace(/^'|'$/g, ''))!.getCell(address.replace(/\$/g, '')).value = value;
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('a form added as data (BM8)', () => {
  it('is part of the catalog, after the forms before it', () => {
    expect(catalog.forms.map((f) => f.id).slice(-2)).toEqual(['BM7', 'BM8']);
    expect(catalog.byKey.get('BM8/1.1')).toMatchObject({ kind: 'count', unit: 'Xã' });
  });

  it('is injected as its own sheet with named inputs', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await templateBuffer(catalog, { level: 'xa' })) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('Biểu mẫu 8');
    expect(wb.definedNames.getRanges(nameForKey('BM8/1.1')).ranges[0]).toMatch(/^'?Biểu mẫu 8'?!\$?[A-Z]+\$?\d+$/);
  });

  it('is validated: a part above its whole is an error at the part', async () => {
    const read = await readWorkbookBytes(await filled({ 'BM8/1': 4, 'BM8/1.1': 6 }), 'xa.xlsx', catalog);
    expect(read.figures.values['BM8/1.1']).toBe(6);
    const errors = findingsOf(catalog, read).filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.keys)).toContainEqual(expect.arrayContaining(['BM8/1.1']));
    const consistent = await readWorkbookBytes(await filled({ 'BM8/1': 14, 'BM8/1.1': 12 }), 'xa.xlsx', catalog);
    expect(findingsOf(catalog, consistent).filter((f) => f.keys.some((k) => k.startsWith('BM8/')))).toEqual([]);
  });

  it('is reported: its figures reach the annex of the Word report', async () => {
    const read = await readWorkbookBytes(await filled({ 'BM8/1': 14, 'BM8/1.1': 12 }), 'xa.xlsx', catalog);
    const model = buildReportModel(reportInputOf(catalog, read, findingsOf(catalog, read)));
    const annex = model.annexes.find((a) => a.form === 'BM8');
    expect(annex?.label).toBe('Biểu mẫu 8');
    const row = annex!.rows.find((r) => r.key === 'BM8/1.1')!;
    expect(row.value?.text).toBe('12');
  });
});
