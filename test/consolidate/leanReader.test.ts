import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { PassThrough } from 'stream';
import { buildUnitWorkbook, generateFigures } from '../../bench/consolidate-floor';
import { getCatalog } from '../../src/domain/catalog';
import { consolidate } from '../../src/domain/consolidate';
import { isInputIndicator, nameForKey } from '../../src/domain/layout';
import { consolidationSheets, CONSOLIDATED_SHEETS, TEMPLATE_CELLS_KEY } from '../../src/io/consolidatedWorkbook';
import { WorkbookRejected } from '../../src/io/openArchive';
import {
  decodeXml,
  keyForName,
  readLeanWorkbook,
  readUnitSubmission,
  submissionFromLean,
  type LeanWorkbook,
} from '../../src/io/leanReader';
import { writeLeanWorkbook } from '../../src/io/leanWorkbookWriter';

const catalog = getCatalog('2024');

const SPECIAL = 'Chỉ tiêu <đặc biệt> & "trích dẫn" \'đơn\'';

type Book = Pick<ExcelJS.Workbook, 'addWorksheet' | 'definedNames'>;

/** A workbook exercising what the reader must get right. */
function fill(wb: Book): void {
  const a = wb.addWorksheet('Phụ lục I');
  a.getCell('A1').value = SPECIAL;
  a.getCell('A2').value = SPECIAL;
  a.getCell('A3').value = '  khoảng trắng  ';
  a.getCell('A4').value = 'emoji 😀 và 𝐀';
  a.getCell('A5').value = { richText: [{ text: 'Đậm ', font: { bold: true } }, { text: 'thường & <nghiêng>' }] };
  a.getCell('A6').value = '16.183';
  a.getCell('B1').value = 16183;
  a.getCell('B2').value = -0.5;
  a.getCell('B3').value = 1e-7;
  a.getCell('B4').value = 123456789.125;
  a.getCell('C1').value = true;
  a.getCell('C2').value = false;
  a.getCell('D1').value = { error: '#DIV/0!' } as ExcelJS.CellErrorValue;
  a.getCell('E1').value = { formula: 'B1*2', result: 32366 } as ExcelJS.CellFormulaValue;
  a.getCell('E2').value = { formula: 'A1&"x"', result: 'kết quả' } as ExcelJS.CellFormulaValue;
  a.getCell('E3').value = { formula: 'B1' } as ExcelJS.CellFormulaValue;
  a.getCell('F1').value = 0.492;
  a.getCell('F1').numFmt = '0.0%';
  a.getCell('F2').value = 0.5;
  a.getCell('F2').numFmt = '0%';
  a.getCell('F3').value = 1234.5;
  a.getCell('F3').numFmt = '#,##0.00';
  a.getCell('AB100').value = 'xa';
  a.getCell('G1').font = { bold: true }; // styled but empty: no cell
  const b = wb.addWorksheet('Biểu mẫu 3');
  b.getCell('D7').value = 42;
  wb.definedNames.add("'Phụ lục I'!$B$1", 'cchc_1_1_1');
  wb.definedNames.add("'Biểu mẫu 3'!$D$7", 'cchc_BM3_4_2_1');
  wb.definedNames.add("'Phụ lục I'!$B$1:$B$4", 'vung');
}

/** Shared strings (the usual writer), or inline and formula strings (the streaming writer without shared strings). */
async function sampleWorkbook(useSharedStrings: boolean): Promise<Buffer> {
  if (useSharedStrings) {
    const wb = new ExcelJS.Workbook();
    fill(wb);
    return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  }
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => stream.on('end', resolve));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: true });
  fill(wb as unknown as Book);
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

async function viaExcelJS(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

/** exceljs's value in the lean reader's terms. */
function norm(v: ExcelJS.CellValue): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) throw new Error('no dates in the sample');
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('error' in v) return v.error;
  if ('formula' in v || 'sharedFormula' in v) return norm((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  throw new Error(`unexpected value ${JSON.stringify(v)}`);
}

function expectSameAsExcelJS(lean: LeanWorkbook, ref: ExcelJS.Workbook): number {
  expect(lean.sheets.map((s) => s.name)).toEqual(ref.worksheets.map((w) => w.name));
  let compared = 0;
  for (const ws of ref.worksheets) {
    const cells = lean.sheets.find((s) => s.name === ws.name)!.cells;
    let count = 0;
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const isFormula = cell.type === ExcelJS.ValueType.Formula;
        if (cell.value === null && !isFormula) return;
        count++;
        const got = cells.get(cell.address);
        expect({ address: cell.address, v: got?.v, f: got?.f ?? false }).toEqual({
          address: cell.address,
          v: norm(cell.value),
          f: isFormula,
        });
        if (cell.numFmt && cell.numFmt !== 'General') expect(got?.numFmt).toBe(cell.numFmt);
        compared++;
      }),
    );
    expect(cells.size).toBe(count);
  }
  const names = new Map<string, { sheet: string; address: string }>();
  for (const dn of ref.definedNames.model as { name: string; ranges: string[] }[]) {
    const m = /^'?(.*?)'?!(.*)$/.exec(dn.ranges[0])!;
    names.set(dn.name, { sheet: m[1], address: m[2].replace(/\$/g, '') });
  }
  expect(lean.definedNames).toEqual(names);
  return compared;
}

describe('readLeanWorkbook', () => {
  it('reads the same values as exceljs: shared strings, rich text, numbers, booleans, errors, formulas, formats, names', async () => {
    const buf = await sampleWorkbook(true);
    const lean = await readLeanWorkbook(buf);
    expect(expectSameAsExcelJS(lean, await viaExcelJS(buf))).toBe(21);
    const cells = lean.sheets[0].cells;
    expect(cells.get('A1')).toEqual({ t: 's', v: SPECIAL });
    expect(cells.get('A5')).toEqual({ t: 's', v: 'Đậm thường & <nghiêng>' });
    expect(cells.get('C1')).toEqual({ t: 'b', v: 1 });
    expect(cells.get('D1')).toEqual({ t: 'e', v: '#DIV/0!' });
    expect(cells.get('E3')).toEqual({ t: 'n', v: null, f: true });
    expect(cells.get('F1')).toEqual({ t: 'n', v: 0.492, numFmt: '0.0%' });
    expect(cells.get('F2')?.numFmt).toBe('0%');
    expect(cells.has('G1')).toBe(false);
    expect(lean.definedNames.get('vung')).toEqual({ sheet: 'Phụ lục I', address: 'B1:B4' });
  });

  it('reads inline and formula strings the same as exceljs', async () => {
    const buf = await sampleWorkbook(false);
    const lean = await readLeanWorkbook(buf);
    expectSameAsExcelJS(lean, await viaExcelJS(buf));
    const cells = lean.sheets[0].cells;
    expect(cells.get('A5')).toEqual({ t: 'inlineStr', v: 'Đậm thường & <nghiêng>' });
    expect(cells.get('A1')).toEqual({ t: 'str', v: SPECIAL });
    expect(cells.get('E2')).toEqual({ t: 'str', v: 'kết quả', f: true });
  });

  it('reads only the sheets asked for', async () => {
    const lean = await readLeanWorkbook(await sampleWorkbook(true), { sheetFilter: (name) => name === 'Biểu mẫu 3' });
    expect(lean.sheets.map((s) => s.name)).toEqual(['Biểu mẫu 3']);
    expect(lean.definedNames.size).toBe(3);
  });

  it("reads each workbook's own defined names, after any number of workbooks with the same names", async () => {
    const buf = await sampleWorkbook(true);
    const zip = await JSZip.loadAsync(buf);
    const workbook = await zip.file('xl/workbook.xml')!.async('string');
    const first = /<definedName name="([^"]+)"[^>]*>([^<]+)<\/definedName>/.exec(workbook)!;
    const names = (await readLeanWorkbook(buf)).definedNames;
    expect(names.size).toBeGreaterThan(1);
    expect((await readLeanWorkbook(buf)).definedNames).toEqual(names);
    // The first name moved to another cell: this workbook's place, then the first's again.
    zip.file('xl/workbook.xml', workbook.replace(first[0], first[0].replace(first[2], "'Phụ lục I'!$Z$99")));
    const moved = await zip.generateAsync({ type: 'nodebuffer' });
    expect((await readLeanWorkbook(moved)).definedNames.get(first[1])).toEqual({ sheet: 'Phụ lục I', address: 'Z99' });
    expect((await readLeanWorkbook(buf)).definedNames).toEqual(names);
    // A name left open after the same names is still a broken part.
    zip.file('xl/workbook.xml', workbook.replace('</workbook>', '<definedName name="x">A1</workbook>'));
    await expect(readLeanWorkbook(await zip.generateAsync({ type: 'nodebuffer' }))).rejects.toThrow(/bị hỏng/);
  });

  it('reads cells written without addresses, and numeric character references', async () => {
    const zip = await JSZip.loadAsync(await sampleWorkbook(true));
    const sheet = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
    const patched = sheet.replace(
      /<sheetData>[\s\S]*<\/sheetData>/,
      '<sheetData><row><c t="inlineStr"><is><t>&#x1F600;&#233;&amp;lt;&#0;&foo;</t></is></c><c><v>7</v></c></row><row r="3"><c r="C3"><v>1</v></c><c><v>2</v></c></row></sheetData>',
    );
    zip.file('xl/worksheets/sheet2.xml', patched);
    const lean = await readLeanWorkbook(await zip.generateAsync({ type: 'nodebuffer' }));
    const cells = lean.sheets[1].cells;
    expect(cells.get('A1')?.v).toBe('😀é&lt;\uFFFD&foo;');
    expect(cells.get('B1')?.v).toBe(7);
    expect(cells.get('C3')?.v).toBe(1);
    expect(cells.get('D3')?.v).toBe(2);
  });
});

describe.each([
  ['decoded', false],
  ['as the bytes were written', true],
])('readLeanWorkbook on text %s', (_how, byteText) => {
  // A reader of a few cells scans the worksheets and shared strings as their bytes (where Node has a
  // Buffer): every text taken out of them must be the UTF-8 it was, wherever it sits, whatever surrounds it.
  const read = (buf: Buffer) => readLeanWorkbook(buf, { open: { byteText } });
  async function withSheet(sheetData: string, sharedStrings?: string, prefix = ''): Promise<Buffer> {
    const zip = await JSZip.loadAsync(await sampleWorkbook(true));
    const sheet = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
    zip.file(
      'xl/worksheets/sheet2.xml',
      Buffer.concat([
        Buffer.from(prefix, 'latin1'),
        Buffer.from(sheet.replace(/<sheetData>[\s\S]*<\/sheetData>/, `<sheetData>${sheetData}</sheetData>`)),
      ]),
    );
    if (sharedStrings !== undefined) {
      // The other sheet's cells point into the table replaced: it is left without cells.
      const other = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
      zip.file('xl/worksheets/sheet1.xml', other.replace(/<sheetData>[\s\S]*<\/sheetData>/, '<sheetData/>'));
      zip.file('xl/sharedStrings.xml', sharedStrings);
    }
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  }
  const sst = (items: string[]) =>
    `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${items.length}" uniqueCount="${items.length}">${items.join('')}</sst>`;

  it('reads Vietnamese, emoji and no-break spaces in every kind of cell, after a byte-order mark', async () => {
    const buf = await withSheet(
      '<row r="1">' +
        '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2\u00a0</v></c>' +
        '<c r="D1" t="inlineStr"><is><r><t>Sở </t></r><r><t>Nội vụ 😀</t></r></is></c>' +
        '<c r="E1" t="str"><f>A1</f><v>Đã giải quyết &amp; trả kết quả</v></c>' +
        '<c r="F1"><v>16183\u00a0</v></c><c r="G1"><v>mười sáu</v></c><c r="H1" t="e"><v>#GIÁ_TRỊ!</v></c>' +
        '</row>',
      sst([
        '<si><t>Phụ lục I — Tổng số TTHC</t></si>',
        '<si><r><t>Ủy ban </t></r><r><t>nhân dân</t></r><rPh sb="0" eb="1"><t>ルビ</t></rPh></si>',
        '<si><t xml:space="preserve"> ngày 05 tháng 6 năm 2024 &#7899; </t></si>',
      ]),
      '\u00ef\u00bb\u00bf',
    );
    const cells = (await read(buf)).sheets[1].cells;
    expect(Object.fromEntries([...cells].map(([a, c]) => [a, c.v]))).toEqual({
      A1: 'Phụ lục I — Tổng số TTHC',
      B1: 'Ủy ban nhân dân',
      C1: ' ngày 05 tháng 6 năm 2024 ớ ',
      D1: 'Sở Nội vụ 😀',
      E1: 'Đã giải quyết & trả kết quả',
      F1: 16183,
      G1: 'mười sáu',
      H1: '#GIÁ_TRỊ!',
    });
  });

  it("bounds a cell's text by its characters, not its bytes", async () => {
    // "ệ" is three bytes: Excel's 32,767 characters of it are 98,301 bytes, and still one cell Excel takes.
    const at = (n: number) =>
      withSheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>${'ệ'.repeat(n)}</t></is></c></row>`);
    const cells = (await read(await at(32_767))).sheets[1].cells;
    expect(cells.get('A1')?.v).toBe('ệ'.repeat(32_767));
    await expect(read(await at(32_768))).rejects.toThrow(/32\.768 ký tự/);
    const shared = await withSheet(
      '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
      sst([`<si><t>${'ơ'.repeat(32_768)}</t></si>`]),
    );
    await expect(read(shared)).rejects.toThrow(/bảng chuỗi dùng chung có chuỗi dài 32\.768 ký tự/);
  });

  it('reads a sheet inflated in pieces, its text cut anywhere between them', async () => {
    // Past 256 KB compressed a part streams; random digits keep it from compressing below that.
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const rows: string[] = [];
    const want: Record<string, string | number> = {};
    for (let r = 1; r <= 12_000; r++) {
      const text = `Đơn vị số ${r}: ${Math.floor(rnd() * 1e12)} hồ sơ ữ`;
      const n = Math.floor(rnd() * 1e9);
      rows.push(
        `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${text}</t></is></c><c r="B${r}"><v>${n}</v></c></row>`,
      );
      want[`A${r}`] = text;
      want[`B${r}`] = n;
    }
    const buf = await withSheet(rows.join(''));
    const zip = await JSZip.loadAsync(buf);
    const entry = (zip.files['xl/worksheets/sheet2.xml'] as unknown as { _data: { compressedSize: number } })._data;
    expect(entry.compressedSize).toBeGreaterThan(256 * 1024);
    const cells = (await read(buf)).sheets[1].cells;
    expect(Object.fromEntries([...cells].map(([a, c]) => [a, c.v]))).toEqual(want);
  });
});

describe('readLeanWorkbook on hostile files', () => {
  async function withPart(path: string, content: string): Promise<Buffer> {
    const zip = await JSZip.loadAsync(await sampleWorkbook(true));
    zip.file(path, content);
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  }

  it('refuses an entity-expansion payload without expanding it', async () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
      ']>',
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>',
    ].join('\n');
    const buf = await withPart('xl/sharedStrings.xml', lol);
    // Refused by the safe opening every reader goes through, before the lean reader sees the part.
    await expect(readLeanWorkbook(buf, { file: 'doc-hai.xlsx' })).rejects.toThrow(WorkbookRejected);
    await expect(readLeanWorkbook(buf, { file: 'doc-hai.xlsx' })).rejects.toThrow(/"doc-hai\.xlsx".*DOCTYPE\/ENTITY/);
    // An entity reference left in the text is never expanded.
    expect(decodeXml('&lol9;&amp;')).toBe('&lol9;&');
  });

  it('refuses a declaration in any part, in any case, and takes comments and CDATA', async () => {
    const zip = await JSZip.loadAsync(await sampleWorkbook(true));
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    const styles = await zip.file('xl/styles.xml')!.async('string');
    const declare = (xml: string, what: string) => xml.replace('?>', `?>${what}`);
    for (const byteText of [false, true]) {
      const read = async (path: string, xml: string) =>
        readLeanWorkbook(await withPart(path, xml), { open: { byteText } });
      await expect(read('xl/worksheets/sheet1.xml', declare(sheet, '<!doctype w [<!entity x "y">]>'))).rejects.toThrow(
        /DOCTYPE\/ENTITY/,
      );
      await expect(read('xl/worksheets/sheet1.xml', declare(sheet, '<!EnTiTy x "y">'))).rejects.toThrow(
        /DOCTYPE\/ENTITY/,
      );
      await expect(read('xl/styles.xml', declare(styles, '<!DOCTYPE s>'))).rejects.toThrow(/DOCTYPE\/ENTITY/);
      const plain = await read('xl/worksheets/sheet1.xml', declare(sheet, '<!-- ghi chú: Sở Nội vụ --><![CDATA[x]]>'));
      expect(plain.sheets[0].cells.get('B1')?.v).toBe(16183);
    }
  });

  it('takes an empty string item written <si/>, and still refuses one left open', async () => {
    const zip = await JSZip.loadAsync(await sampleWorkbook(true));
    const sst = (await zip.file('xl/sharedStrings.xml')!.async('string')).replace(
      /uniqueCount="(\d+)"/,
      (_m, n: string) => `uniqueCount="${Number(n) + 1}"`,
    );
    expect(sst).toContain('</sst>');
    const plain = await readLeanWorkbook(await sampleWorkbook(true));
    for (const empty of ['<si/>', '<si />']) {
      const read = await readLeanWorkbook(
        await withPart('xl/sharedStrings.xml', sst.replace('</sst>', `${empty}</sst>`)),
      );
      expect(read.sheets.map((s) => [...s.cells])).toEqual(plain.sheets.map((s) => [...s.cells]));
    }
    const open = await withPart('xl/sharedStrings.xml', sst.replace('</sst>', '<si><t>x</t></sst>'));
    await expect(readLeanWorkbook(open)).rejects.toThrow(/thẻ chuỗi không đóng/);
  });

  it('stops inflating a part above the size limit (decompression bomb)', async () => {
    const big = `<worksheet><sheetData>${' '.repeat(8 * 1024 * 1024)}</sheetData></worksheet>`;
    const buf = await withPart('xl/worksheets/sheet1.xml', big);
    expect(buf.length).toBeLessThan(200 * 1024);
    await expect(readLeanWorkbook(buf, { limits: { maxPartBytes: 1024 * 1024 } })).rejects.toThrow(/zip bomb/);
  });

  it('counts the bytes inflated even when the zip header lies about the size', async () => {
    const big = `<worksheet><sheetData>${' '.repeat(4 * 1024 * 1024)}</sheetData></worksheet>`;
    const buf = await withPart('xl/worksheets/sheet1.xml', big);
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    let patched = 0;
    for (let i = buf.indexOf(name); i >= 0; i = buf.indexOf(name, i + 1)) {
      if (buf.readUInt32LE(i - 30) === 0x04034b50) {
        buf.writeUInt32LE(100, i - 30 + 22);
        patched++;
      } else if (buf.readUInt32LE(i - 46) === 0x02014b50) {
        buf.writeUInt32LE(100, i - 46 + 24);
        patched++;
      }
    }
    expect(patched).toBe(2);
    await expect(readLeanWorkbook(buf, { limits: { maxPartBytes: 1024 * 1024 } })).rejects.toThrow(
      /nhiều hơn kích thước khai báo/,
    );
  });

  it('bounds the number of cells', async () => {
    await expect(readLeanWorkbook(await sampleWorkbook(true), { limits: { maxCells: 5 } })).rejects.toThrow(/số ô/);
  });

  it('refuses a truncated cell instead of scanning on', async () => {
    const buf = await withPart(
      'xl/worksheets/sheet1.xml',
      '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData></worksheet>',
    );
    await expect(readLeanWorkbook(buf)).rejects.toThrow(/bị hỏng/);
  });

  it('refuses what is not an xlsx', async () => {
    await expect(readLeanWorkbook(Buffer.from('not a zip at all'), { file: 'a.xls' })).rejects.toThrow(
      /"a\.xls".*không phải sổ tính Excel/,
    );
    await expect(readLeanWorkbook(Buffer.alloc(100), { limits: { maxFileBytes: 10 } })).rejects.toThrow(/quá lớn/);
  });
});

describe('submissions from workbooks', () => {
  it('maps every figure name back to its key', () => {
    for (const ind of catalog.indicators.filter(isInputIndicator))
      expect(keyForName(nameForKey(ind.key))).toBe(ind.key);
    expect(keyForName('cchc_info_unit')).toBeNull();
    expect(keyForName('cchc_text_II_1')).toBeNull();
    expect(keyForName('_xlnm.Print_Area')).toBeNull();
  });

  it('reads a template workbook into the figures it was made from', async () => {
    const buf = await buildUnitWorkbook(catalog, { unit: 'Sở Công Thương', seed: 3, to: '07/06/2024' });
    const sub = await readUnitSubmission(catalog, buf, 'so-cong-thuong.xlsx');
    expect(sub.unit).toBe('Sở Công Thương');
    expect(sub.level).toBe('so');
    expect(sub.period).toMatchObject({ kind: 'H1', year: 2024, from: '2023-12-15', to: '2024-06-07' });
    const figures = generateFigures(catalog, 3);
    let typedAsText = 0;
    for (const ind of catalog.indicators.filter(isInputIndicator)) {
      expect({ key: ind.key, v: sub.figures.values[ind.key] ?? null }).toEqual({
        key: ind.key,
        v: figures[ind.key] ?? null,
      });
      if (typeof sub.provenance[ind.key]?.typed === 'string') typedAsText++;
    }
    expect(typedAsText).toBeGreaterThan(0);
    // Only what was typed otherwise than read has an entry: the rest is traced by its cell and value.
    for (const [key, p] of Object.entries(sub.provenance)) {
      expect(p.typed).not.toBe(sub.figures.values[key] ?? null);
      expect({ sheet: p.sheet, address: p.cell }).toEqual(sub.figures.cells![key]);
    }
    expect(Object.keys(sub.provenance).length).toBe(typedAsText);
    expect(sub.provenance['1.1.1']).toBeUndefined();
    expect(sub.figures.cells!['1.1.1']).toEqual({ sheet: 'Phụ lục I', address: 'D8' });
  });

  it('takes a cell formatted as % in percent points', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Phụ lục I');
    ws.getCell('D1').value = 0.492;
    ws.getCell('D1').numFmt = '0.0%';
    ws.getCell('D2').value = '49,2';
    ws.getCell('D3').value = 0.25;
    ws.getCell('D3').numFmt = '0%';
    ws.getCell('D4').value = 'Sở Y tế';
    wb.definedNames.add("'Phụ lục I'!$D$1", nameForKey('3.2.1'));
    wb.definedNames.add("'Phụ lục I'!$D$2", nameForKey('3.2.2'));
    wb.definedNames.add("'Phụ lục I'!$D$3", nameForKey('3.1')); // a count shown as "25%": read as the user sees it
    wb.definedNames.add("'Phụ lục I'!$D$4", 'cchc_info_unit');
    const lean = await readLeanWorkbook(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    const sub = submissionFromLean(catalog, lean, 'y-te.xlsx');
    expect(sub.unit).toBe('Sở Y tế');
    expect(sub.figures.values['3.2.1']).toBe(49.2);
    expect(sub.figures.values['3.2.2']).toBe(49.2);
    expect(sub.provenance['3.2.2'].typed).toBe('49,2');
    expect(sub.figures.values['3.1']).toBe(25);
    expect(sub.period).toBeUndefined();
  });

  it('consolidates workbooks read by the lean reader', async () => {
    const units = [];
    for (const [i, name] of ['Sở Nội vụ', 'Sở Tài chính'].entries()) {
      units.push(
        await readUnitSubmission(catalog, await buildUnitWorkbook(catalog, { unit: name, seed: 10 + i }), `${i}.xlsx`),
      );
    }
    const r = consolidate(catalog, units);
    const a = generateFigures(catalog, 10)['1.1.1'];
    const b = generateFigures(catalog, 11)['1.1.1'];
    expect(r.figures['1.1.1'].value).toBe((a ?? 0) + (b ?? 0));
    expect([...r.provenance].filter((p) => p.key === '1.1.1').map((p) => `${p.unit}@${p.sheet}!${p.cell}`)).toEqual(
      ['Sở Nội vụ', 'Sở Tài chính'].filter((_, i) => [a, b][i] !== null).map((u) => `${u}@Phụ lục I!D8`),
    );
  });

  it('lists in the sources sheet only what the template does not say, and one row per unit for the rest', async () => {
    const units = [];
    for (const [i, name] of ['Sở Nội vụ', 'Sở Tài chính'].entries()) {
      units.push(
        await readUnitSubmission(catalog, await buildUnitWorkbook(catalog, { unit: name, seed: 20 + i }), `${i}.xlsx`),
      );
    }
    const result = consolidate(catalog, units);
    const chunks: Uint8Array[] = [];
    writeLeanWorkbook({ sheets: consolidationSheets(catalog, result) }, (c) => chunks.push(c));
    const back = await readLeanWorkbook(Buffer.concat(chunks));
    const sheet = back.sheets.find((s) => s.name === CONSOLIDATED_SHEETS.sources)!;
    const rows = new Map<number, string[]>();
    for (const [address, cell] of sheet.cells) {
      const [, col, row] = /^([A-Z]+)(\d+)$/.exec(address)!;
      if (!rows.has(Number(row))) rows.set(Number(row), []);
      rows.get(Number(row))![col.charCodeAt(0) - 65] = String(cell.v);
    }
    const listed = [...rows.entries()].filter(([n]) => n > 1).map(([, r]) => r);
    // Figures typed as text ("16.183") are listed with their cell, each once per use.
    const typedAsText = [...result.provenance].filter((p) => typeof p.typed === 'string');
    expect(typedAsText.length).toBeGreaterThan(0);
    for (const p of typedAsText)
      expect(listed).toContainEqual(expect.arrayContaining([p.key, p.unit, p.file, p.sheet, p.cell, p.typed]));
    expect(listed.filter((r) => r[0] !== TEMPLATE_CELLS_KEY)).toHaveLength(typedAsText.length);
    // The rest: one row per unit, naming how many figures.
    const rest = listed.filter((r) => r[0] === TEMPLATE_CELLS_KEY);
    expect(rest.map((r) => [r[2], r[3]])).toEqual([
      ['Sở Nội vụ', '0.xlsx'],
      ['Sở Tài chính', '1.xlsx'],
    ]);
    const sources = (u: string) =>
      new Set([...result.provenance].filter((p) => p.unit === u && typeof p.typed !== 'string').map((p) => p.source))
        .size;
    expect(rest[0][1]).toMatch(new RegExp(`^${sources('Sở Nội vụ')} số liệu còn lại`));
    expect(rest[1][1]).toMatch(new RegExp(`^${sources('Sở Tài chính')} số liệu còn lại`));
  });
});
