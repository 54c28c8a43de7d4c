import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { getCatalog } from '../../src/domain/catalog';
import type { UnitSubmission } from '../../src/domain/consolidate';
import { isInputIndicator, nameForKey } from '../../src/domain/layout';
import { readLeanWorkbook, readUnitSubmission, submissionFromLean, type LeanLimits } from '../../src/io/leanReader';

// readUnitSubmission reads a unit's cells where they lie, each when the template reader asks for it;
// it must answer and refuse exactly as reading every cell of the named sheets does.

const catalog = getCatalog('2024');
const keys = catalog.indicators
  .filter(isInputIndicator)
  .slice(0, 16)
  .map((i) => i.key);
/** Where each of the first figures' names points, on the sheet the cases below write. */
const PLACES = ['B1', 'B2', 'A3', 'B3', 'C3', 'B4', 'C4', 'B5', 'D6', 'B7', 'A0', 'B8', 'B9', 'B10', 'B11', 'XFE12'];

async function workbook(sheetData: string, sharedStrings?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Phụ lục I').getCell('A1').value = 'nhãn';
  wb.addWorksheet('Không tên').getCell('A1').value = 'khác';
  const zip = await JSZip.loadAsync(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  // Written by hand: exceljs refuses names at row 0 or past column XFD, which a file may still hold.
  const names = keys.map((key, i) => {
    const [, col, row] = /^([A-Z]+)(\d+)$/.exec(PLACES[i])!;
    return `<definedName name="${nameForKey(key)}">&apos;Phụ lục I&apos;!$${col}$${row}</definedName>`;
  });
  const book = await zip.file('xl/workbook.xml')!.async('string');
  zip.file('xl/workbook.xml', book.replace('</sheets>', `</sheets><definedNames>${names.join('')}</definedNames>`));
  const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  zip.file('xl/worksheets/sheet1.xml', sheet.replace(/<sheetData>[\s\S]*<\/sheetData>|<sheetData\/>/, sheetData));
  if (sharedStrings) zip.file('xl/sharedStrings.xml', sharedStrings);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const SST =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">' +
  '<si><t>khoảng 20</t></si>' +
  '<si><r><t>Đậm </t></r><r><t>&amp; thường</t></r></si>' +
  '<si><t>12</t><rPh sb="0" eb="1"><t>phiên âm</t></rPh></si>' +
  '<si />' +
  '<si><t xml:space="preserve"> 3,5 </t></si>' +
  '<si><t>&#x31;&#x32;&lt;</t></si>' +
  '</sst>';

type Outcome = { read: unknown } | { refused: string; message: string };

async function outcome(read: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { read: await read() };
  } catch (e) {
    return { refused: (e as Error).name, message: (e as Error).message };
  }
}

/** Both readings of a workbook: cells located and read when asked, and every cell of the named sheets read. */
async function both(buf: Buffer, limits?: Partial<LeanLimits>): Promise<[Outcome, Outcome]> {
  const located = await outcome(() => readUnitSubmission(catalog, buf, 'don-vi.xlsx', limits));
  const whole = await outcome(async () => {
    const wb = await readLeanWorkbook(buf, {
      file: 'don-vi.xlsx',
      limits,
      withoutMerges: true,
      sheetFilter: (name, names) => [...names.values()].some((d) => d.sheet === name),
    });
    return submissionFromLean(catalog, wb, 'don-vi.xlsx');
  });
  return [located, whole];
}

/** What was typed at a figure's cell: its provenance entry, or its value when typed as read (no entry). */
const typedAt = (o: Outcome, key: string) => {
  if (!('read' in o)) return 'refused';
  const sub = o.read as UnitSubmission;
  if (!sub.figures.cells?.[key]) return undefined;
  return key in sub.provenance ? sub.provenance[key].typed : (sub.figures.values[key] ?? null);
};

const ODD_CELLS =
  '<sheetData>' +
  // A place written twice: the last cell that holds something is the one.
  '<row r="1" spans="1:8" x14ac:dyDescent="0.25"><c r="B1"\n s="0"><v>5</v></c><c r="B1"/></row>' +
  "<row r='2'><c r=\"B2\"><v>1</v></c><c r='B2' t='s'><v>0</v></c></row>" +
  // Cells without a reference take the next column; a row without one the next row.
  '<row><c><v>3</v></c><c t="s"><v>1</v></c><c><f>A3</f><v>3</v></c></row>' +
  // A reference written with a character reference, one in lower case, one with a leading zero.
  '<row r="4"><c r="&#66;4" t="s"><v>2</v></c><c r="b4"><v>7</v></c></row>' +
  '<row r="5"><c r="B05"><v>8</v></c></row>' +
  // A cell naming another row than its own; a row numbered 0; a column past what numbers hold.
  '<row r="6"><c r="D6" t="s"><v>4</v></c><c r="B7" t="inlineStr"><is><t>chữ &amp; số</t></is></c></row>' +
  '<row r="0"><c><v>11</v></c></row>' +
  '<row r="8"><c r="B8" t="e"><v>#REF!</v></c><c r="C8" t="b"><v>1</v></c></row>' +
  '<row r="9"><c r="B9" t="s"><v> 5 </v></c><c r="B10" t="str"><v>=1+1</v></c><c r="B11" t="s"><v>3</v></c></row>' +
  '<row r="12"><c r="XFE12"><v>12</v></c></row>' +
  '</sheetData>';

describe('readUnitSubmission reads what reading every cell reads', () => {
  it('gives the same submission for cells written every way a sheet may write them', async () => {
    const [located, whole] = await both(await workbook(ODD_CELLS, SST));
    expect(located).toEqual(whole);
    // The readings are of the cells meant, not two empty answers.
    expect(keys.map((k) => typedAt(located, k))).toEqual([
      5,
      'khoảng 20',
      3,
      'Đậm & thường',
      3,
      '12',
      7,
      null,
      ' 3,5 ',
      'chữ & số',
      11,
      '#REF!',
      '12<',
      '=1+1',
      null,
      12,
    ]);
  });

  it('refuses a shared-string index past the table in a cell no figure reads', async () => {
    const cells = ODD_CELLS.replace('</sheetData>', '<row r="99"><c r="Z99" t="s"><v>6</v></c></row></sheetData>');
    const [located, whole] = await both(await workbook(cells, SST));
    expect(located).toEqual(whole);
    expect(located).toMatchObject({ refused: 'WorkbookRejected', message: expect.stringMatching(/chuỗi số 7/) });
  });

  it('refuses a broken inline string in a cell no figure reads', async () => {
    const cells = ODD_CELLS.replace(
      '</sheetData>',
      '<row r="99"><c r="Z99" t="inlineStr"><is><rPh><t>x</t></is></c></row></sheetData>',
    );
    const [located, whole] = await both(await workbook(cells, SST));
    expect(located).toEqual(whole);
    expect(located).toMatchObject({ refused: 'LeanReaderError', message: expect.stringMatching(/bị hỏng/) });
  });

  it('refuses a broken shared string no cell uses', async () => {
    const sst = SST.replace('<si />', '<si><t>x</t><rPh><t>y</t></si>');
    const [located, whole] = await both(await workbook(ODD_CELLS, sst));
    expect(located).toEqual(whole);
    expect(located).toMatchObject({ refused: 'LeanReaderError' });
  });

  it('refuses a cell whose tag is not closed', async () => {
    const [located, whole] = await both(await workbook('<sheetData><row r="1"><c r="B1"><v>1</v></row></sheetData>'));
    expect(located).toEqual(whole);
    expect(located).toMatchObject({ refused: 'LeanReaderError', message: expect.stringMatching(/bị hỏng/) });
  });

  it('bounds the cells that hold something, as reading every cell does', async () => {
    const empties = '<c r="Q1"/>'.repeat(40);
    const cells = ODD_CELLS.replace('<row r="1">', `<row r="1">${empties}`);
    // More cell tags than the bound, fewer cells that hold something: read, as before.
    const [located, whole] = await both(await workbook(cells, SST), { maxCells: 30 });
    expect(located).toEqual(whole);
    expect(typedAt(located, keys[0])).toBe(5);
    // Fewer than the cells that hold something: refused, as before.
    const [locatedOver, wholeOver] = await both(await workbook(cells, SST), { maxCells: 10 });
    expect(locatedOver).toEqual(wholeOver);
    expect(locatedOver).toMatchObject({ refused: 'LeanReaderError', message: expect.stringMatching(/số ô/) });
  });
});
