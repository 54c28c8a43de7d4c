import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { getCatalog } from '../../src/domain/catalog';
import { COL, nameForDetail, nameForKey, nameForText } from '../../src/domain/layout';
import { makePeriod } from '../../src/domain/period';
import { definedCells, readExcelWorkbook, readWorkbookBytes } from '../../src/io/readWorkbook';
import { openWorkbook } from '../../src/io/safeOpen';
import { templateBuffer } from '../../src/io/xlsxTemplate';
import { soffice } from '../fixtures/soffice';

/**
 * The add-in's own layout is read through the lean reader (the pane imports hundreds of such files);
 * the exceljs object model reads the same file to the same result, field by field: figures, what was
 * typed, decimals, notes, remarks, details, own text, computed cells. Files written by exceljs and the
 * same files saved again by LibreOffice Calc (shared strings, its own styles and number formats).
 */

const catalog = getCatalog('2024');

async function filled(level: 'so' | 'tinh'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await templateBuffer(catalog, { level, period: makePeriod('H1', 2024) })) as never);
  const names = definedCells(wb);
  const at = (name: string) => {
    const c = names.get(name);
    if (!c) throw new Error(`no name ${name}`);
    return wb.getWorksheet(c.sheet)!.getCell(c.address);
  };
  at(nameForKey('1.1.1')).value = 39;
  at(nameForKey('1.1.2')).value = 19;
  at(nameForKey('3.3.a')).value = '16.183';
  at(nameForKey('3.3.b')).value = { richText: [{ text: '16.' }, { text: '181', font: { bold: true } }] };
  at(nameForKey('3.2.1')).value = 49.2;
  at(nameForKey('1.2.1')).value = { formula: '1+2', result: 3 };
  at(nameForKey('1.2.2')).value = { error: '#REF!' };
  at(nameForKey('1.3.1')).value = 'không có';
  at(nameForKey('1.3.2')).value = 'mười hai';
  at(nameForKey('2.1')).value = 0;
  const note = names.get(nameForKey('1.1.2'))!;
  wb.getWorksheet(note.sheet)!.getCell(`${COL.note}${note.address.replace(/^\D+/, '')}`).value =
    'Theo Kế hoạch số 12/KH-SCT';
  at(nameForDetail('unit')).value = 'Sở Công Thương & "Đối ngoại" <tỉnh X>';
  at(nameForDetail('level')).value = level === 'so' ? 'Sở, ban, ngành' : 'UBND tỉnh';
  at(nameForDetail('periodKind')).value = '6 tháng đầu năm';
  at(nameForDetail('year')).value = '2024';
  const from = at(nameForDetail('from'));
  from.value = new Date(Date.UTC(2023, 11, 8));
  from.numFmt = 'dd/mm/yyyy';
  at(nameForDetail('date')).value = '05/06/2024';
  at(nameForDetail('recipients')).value = '- UBND tỉnh (b/c);\n- Sở Nội vụ;\n- Lưu: VT.';
  at(nameForText('III.1')).value = 'Đoạn thứ nhất.\nĐoạn thứ hai với ký tự &amp; và <thẻ>.';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function bothWays(bytes: Uint8Array, file: string) {
  const lean = await readWorkbookBytes(bytes, file, catalog);
  const full = readExcelWorkbook(await openWorkbook(bytes, file), file, catalog);
  return { lean, full };
}

describe('the add-in layout read lean equals the exceljs reading', () => {
  for (const level of ['so', 'tinh'] as const) {
    it(`a filled ${level} workbook written by exceljs`, async () => {
      const { lean, full } = await bothWays(new Uint8Array(await filled(level)), `${level}.xlsx`);
      expect(lean.layout).toBe('template');
      expect(lean.figures.values['3.3.b']).toBe(16181);
      expect(lean.figures.values['1.2.1']).toBe(3);
      expect(lean.unit).toBe('Sở Công Thương & "Đối ngoại" <tỉnh X>');
      expect(lean).toEqual(full);
    });
  }

  it('an empty template', async () => {
    const bytes = new Uint8Array(await templateBuffer(catalog, { level: 'so', period: makePeriod('Y', 2024) }));
    const { lean, full } = await bothWays(bytes, 'trong.xlsx');
    expect(lean).toEqual(full);
  });

  const office = soffice();
  (office ? it : it.skip)(
    'the same workbooks saved again by LibreOffice Calc',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-lean-template-'));
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-'));
      try {
        for (const level of ['so', 'tinh'] as const)
          fs.writeFileSync(path.join(dir, `${level}.xlsx`), await filled(level));
        const out = path.join(dir, 'out');
        execFileSync(
          office!,
          [
            `-env:UserInstallation=file://${profile}`,
            '--headless',
            '--calc',
            '--convert-to',
            'xlsx:Calc MS Excel 2007 XML',
            '--outdir',
            out,
            path.join(dir, 'so.xlsx'),
            path.join(dir, 'tinh.xlsx'),
          ],
          { stdio: 'pipe', timeout: 180_000 },
        );
        for (const level of ['so', 'tinh'] as const) {
          const bytes = new Uint8Array(fs.readFileSync(path.join(out, `${level}.xlsx`)));
          const { lean, full } = await bothWays(bytes, `${level}.xlsx`);
          expect(lean.figures.values['3.3.a']).toBe(16183);
          expect(lean).toEqual(full);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(profile, { recursive: true, force: true });
      }
    },
    240_000,
  );
});
