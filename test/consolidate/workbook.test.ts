import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { getCatalog } from '../../src/domain/catalog';
import { consolidate } from '../../src/domain/consolidate';
import { consolidationSheets, CONSOLIDATED_SHEETS } from '../../src/io/consolidatedWorkbook';
import { writeConsolidatedWorkbook } from '../../src/io/consolidationXlsx';
import { writeLeanWorkbook } from '../../src/io/leanWorkbookWriter';
import { unit } from './helpers';

const catalog = getCatalog('2024');

const INJECTED = ['=HYPERLINK("http://evil.example","bấm vào")', "+cmd|' /C calc'!A0", '-2+3', '@SUM(A1:A9)'];

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

/** Rows of the summary sheet by "form label|code". */
function summaryRows(ws: ExcelJS.Worksheet): Map<string, number> {
  const out = new Map<string, number>();
  let form = '';
  ws.eachRow((row, n) => {
    const a = row.getCell(1).value;
    if (typeof a !== 'string') return;
    const title = /^(Phụ lục I|Biểu mẫu \d):/.exec(a);
    if (title) form = title[1];
    else if (form) out.set(`${form}|${a}`, n);
  });
  return out;
}

describe('writeConsolidatedWorkbook', () => {
  const units = [
    unit(
      'Sở A',
      { '1.1.1': 1200, '3.2.1': 100, '3.1': 300, '1.5': 1, '3.3.a': 16181, '3.3.b': 16183, '1.1.2': 1300 },
      { file: 'so-a.xlsx' },
    ),
    unit(
      INJECTED[0],
      { '1.1.1': 30, '3.2.1': 50, '3.1': 100, '1.5': 0, '3.3.a': 19, '3.3.b': 20 },
      {
        file: `${INJECTED[3]}.xlsx`,
        typed: { '1.1.1': INJECTED[1], '3.1': INJECTED[2], '3.2.1': INJECTED[3] },
      },
    ),
  ];
  const result = consolidate(catalog, units, {
    expectedUnits: ['Sở A', INJECTED[0], 'UBND huyện Kim Bảng'],
    refused: [{ file: 'bao-cao.xls', reason: 'định dạng .xls cũ, lưu lại thành .xlsx' }],
  });
  let buf: Uint8Array;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    buf = await writeConsolidatedWorkbook(catalog, result);
    wb = await load(Buffer.from(buf));
  });

  it('the pane writes the very workbook the CLI writes, with its values, formats and frozen panes', async () => {
    const chunks: Uint8Array[] = [];
    writeLeanWorkbook({ sheets: consolidationSheets(catalog, result) }, (c) => chunks.push(c));
    expect(Buffer.from(buf).equals(Buffer.concat(chunks))).toBe(true);
    const summary = wb.getWorksheet('Tổng hợp')!;
    expect(summary.views[0]).toMatchObject({ state: 'frozen', xSplit: 4, ySplit: 4 });
    expect(summary.getRow(4).getCell(1).font?.bold).toBe(true);
    const rows = summaryRows(summary);
    expect(summary.getRow(rows.get('Phụ lục I|1.1.1')!).getCell(4).numFmt).toBe('#,##0');
    expect(summary.getRow(rows.get('Phụ lục I|3.2.1')!).getCell(4).numFmt).toBe('0.0');
    expect(summary.getColumn(2).width).toBe(56);
  });

  it('has the four sheets', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      CONSOLIDATED_SHEETS.summary,
      CONSOLIDATED_SHEETS.sources,
      CONSOLIDATED_SHEETS.checks,
      CONSOLIDATED_SHEETS.units,
    ]);
    expect(Object.values(CONSOLIDATED_SHEETS)).toEqual(['Tổng hợp', 'Nguồn số liệu', 'Kiểm tra', 'Đơn vị']);
  });

  it('lays out each form with the total, notes and one column per unit', () => {
    const ws = wb.getWorksheet('Tổng hợp')!;
    expect(ws.getRow(4).values).toEqual([
      undefined,
      'STT',
      'Chỉ tiêu',
      'Đơn vị tính',
      'Tổng hợp',
      'Ghi chú',
      'Sở A',
      INJECTED[0],
    ]);
    expect(ws.getRow(4).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 4, ySplit: 4 });
    expect(ws.getColumn(2).width).toBeGreaterThan(40);
    const rows = summaryRows(ws);
    const r111 = ws.getRow(rows.get('Phụ lục I|1.1.1')!);
    expect(r111.getCell(2).value).toBe('Số nhiệm vụ đề ra trong kế hoạch');
    expect(r111.getCell(4).value).toBe(1230);
    expect(r111.getCell(4).numFmt).toBe('#,##0');
    expect(r111.getCell(6).value).toBe(1200);
    expect(r111.getCell(7).value).toBe(30);
    const r321 = ws.getRow(rows.get('Phụ lục I|3.2.1')!);
    expect(r321.getCell(4).value).toBe(87.5);
    expect(r321.getCell(4).numFmt).toBe('0.0');
    expect(String(r321.getCell(5).value)).toContain('gia quyền theo 3.1');
    expect(ws.getRow(rows.get('Phụ lục I|1.5')!).getCell(4).value).toBe('1/2 đơn vị');
    const r33 = ws.getRow(rows.get('Phụ lục I|3.3')!);
    expect(r33.getCell(4).value).toBe('16.200/16.203');
    expect(r33.getCell(6).value).toBe('16.181/16.183');
    // Same code in another form: its own row.
    expect(rows.get('Biểu mẫu 1|1.1')).not.toBe(rows.get('Phụ lục I|1.1'));
  });

  it('lists every provenance row', () => {
    const ws = wb.getWorksheet('Nguồn số liệu')!;
    expect(ws.rowCount).toBe(result.provenance.length + 1);
    expect(ws.getRow(1).values).toEqual([
      undefined,
      'Chỉ tiêu',
      'Tên chỉ tiêu',
      'Đơn vị',
      'Tệp',
      'Sheet',
      'Ô',
      'Giá trị như đã nhập',
      'Giá trị đọc được',
      'Dùng làm',
    ]);
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => n > 1 && rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toContainEqual([
      '1.1.1',
      'Số nhiệm vụ đề ra trong kế hoạch',
      'Sở A',
      'so-a.xlsx',
      'Phụ lục I',
      'D6',
      1200,
      1200,
      'số liệu',
    ]);
    expect(rows).toContainEqual([
      '3.2.1',
      'Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ',
      'Sở A',
      'so-a.xlsx',
      'Phụ lục I',
      'D8',
      300,
      300,
      'trọng số (3.1)',
    ]);
  });

  it('lists the checks with their unit and the general warnings', () => {
    const ws = wb.getWorksheet('Kiểm tra')!;
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => n > 1 && rows.push((row.values as unknown[]).slice(1)));
    expect(rows.some((r) => r[0] === '(chung)' && String(r[3]).includes('UBND huyện Kim Bảng'))).toBe(true);
    const own = rows.find((r) => r[0] === 'Sở A' && r[5] === '1.1.2#1')!;
    expect(own).toBeDefined();
    expect(own[2]).toBe('Lỗi');
    expect(own[4]).toBe('Phụ lục I!D12; Phụ lục I!D6');
    expect(rows.some((r) => r[0] === 'Số tổng hợp')).toBe(true);
  });

  it('lists the units with their status, the missing ones and the refused files', () => {
    const ws = wb.getWorksheet('Đơn vị')!;
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => n > 1 && rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0].slice(0, 6)).toEqual([
      1,
      'Sở A',
      'so-a.xlsx',
      'Sở, ban, ngành',
      '6 tháng đầu năm 2024',
      '14/06/2024',
    ]);
    expect(rows[0][9]).toBe('Đã tổng hợp, có lỗi cần xem lại');
    expect(rows[1][9]).toBe('Đã tổng hợp');
    expect(rows[2][1]).toBe('UBND huyện Kim Bảng');
    expect(rows[2][9]).toBe('Chưa nộp');
    expect(rows[3][0]).toBe(4);
    expect(rows[3][2]).toBe('bao-cao.xls');
    expect(rows[3][9]).toBe('Không tổng hợp: định dạng .xls cũ, lưu lại thành .xlsx');
  });

  it('writes text from colleagues that looks like a formula as literal text', async () => {
    const texts: string[] = [];
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          expect(cell.formula).toBeUndefined();
          if (typeof cell.value === 'string') texts.push(cell.value);
        }),
      );
    }
    for (const t of INJECTED) expect(texts).toContain(t);
    expect(texts).toContain(`${INJECTED[3]}.xlsx`);
    // And in the file itself: no formula element anywhere.
    const zip = await JSZip.loadAsync(buf);
    for (const name of Object.keys(zip.files).filter((n) => n.startsWith('xl/worksheets/') && n.endsWith('.xml'))) {
      expect(await zip.file(name)!.async('string')).not.toMatch(/<f[\s>]/);
    }
  });

  it('drops characters XML cannot carry instead of writing a broken file', async () => {
    const r = consolidate(catalog, [unit('Sở\u0001 B\u0008', { '1.1.1': 1 })]);
    const back = await load(Buffer.from(await writeConsolidatedWorkbook(catalog, r)));
    expect(back.getWorksheet('Tổng hợp')!.getRow(4).getCell(6).value).toBe('Sở B');
  });
});
