import { cellScalar, isFormulaValue } from '../../src/io/figureText';
import { readLeanWorkbook } from '../../src/io/leanReader';
import ExcelJS from 'exceljs';
import { getCatalog as catalogOf } from '../../src/domain/catalog';
import { makePeriod } from '../../src/domain/period';
import { readLegacy, readLegacyLean } from '../../src/io/legacy';
import { Grid } from '../../src/io/legacyGrid';
import { readExcelWorkbook, readWorkbookBytes } from '../../src/io/readWorkbook';
import * as safeOpen from '../../src/io/safeOpen';
import { openWorkbook, WorkbookRejected } from '../../src/io/safeOpen';
import { templateBuffer } from '../../src/io/xlsxTemplate';
import { BLANK, buildLegacyWorkbook, HEADER, REAL_SO_SPEC, type SheetSpec } from '../fixtures/legacyForms';

const catalog = catalogOf('2024');

/** Forms with what makes reading hard: merges, two-row headers, text and formula figures, rich text, formats. */
const SPECS: Record<string, SheetSpec[]> = {
  'the real sở form': REAL_SO_SPEC,
  'columns in another order, one-row header, no merges': [
    {
      name: 'Sheet1',
      tables: [
        {
          titleLines: ['Phụ lục I'],
          header: 'one-row',
          mergeHeader: false,
          order: ['name', 'figure', 'note', 'code', 'unit'],
          rows: [
            ['1', 'Công tác chỉ đạo điều hành CCHC', null, null],
            ['1.1.1.', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', 12, 'đủ'],
            ['1.1.2', 'Số nhiệm vụ đã hoàn thành', 'Nhiệm vụ', { formula: 'B3-7', result: 5 }],
            BLANK,
            HEADER,
            ['3.2.1.', 'Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ', '%', { value: 0.492, numFmt: '0.0%' }],
            [
              '3.3',
              'Kết quả giải quyết TTHC',
              'TTHC',
              { rich: [{ text: '16.181/' }, { text: '16.183', italic: true }] },
            ],
            ['', 'Số nhiệm vụ chưa hoàn thành', 'Nhiệm vụ', 'khoảng 3'],
            ['1.5', 'Ngày ban hành kế hoạch', null, { value: 45300, numFmt: 'dd/mm/yyyy' }],
          ],
        },
      ],
    },
  ],
  'a cover sheet, then the table': [
    {
      name: 'Bìa',
      cover: [['UBND TỈNH HÀ NAM'], ['SỞ NỘI VỤ'], ['Số: 12/BC-SNV'], ['Kết quả CCHC quý III năm 2024']],
      tables: [],
    },
    {
      name: 'BM3',
      tables: [{ rows: [['2.4', 'Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ', '%', 100, '127/127']] }],
    },
  ],
};

/** A grid's cells in order, each value as the reader sees it (rich text flattened, formula or not). */
const cellsOf = (g: Grid) => ({
  sheet: g.sheet,
  maxRow: g.maxRow,
  cells: [...g.rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .flatMap(([, cells]) => [...cells.entries()].sort((a, b) => a[0] - b[0]))
    .map(([, c]) => ({
      address: c.address,
      text: c.text,
      shown: c.shown,
      numFmt: c.numFmt,
      value: cellScalar(c.raw),
      formula: isFormulaValue(c.raw),
    })),
});

describe('the legacy reader over the lean reader’s cells', () => {
  for (const [what, spec] of Object.entries(SPECS)) {
    it(`reads ${what} exactly as over exceljs: figures, cells, notes, remarks, unit, period, tables`, async () => {
      const { buffer } = await buildLegacyWorkbook(spec);
      const viaExceljs = readLegacy(await openWorkbook(buffer, 'don-vi.xlsx'), catalog, 'don-vi.xlsx');
      const viaLean = readLegacyLean(await readLeanWorkbook(buffer, { file: 'don-vi.xlsx' }), catalog, 'don-vi.xlsx');
      expect(viaLean).toEqual(viaExceljs);
      expect(Object.keys(viaLean.figures.values).length).toBeGreaterThan(0);
    });
  }

  it('sees the same grid as exceljs, the covered cells of merged ranges showing their master', async () => {
    for (const spec of Object.values(SPECS)) {
      const { buffer } = await buildLegacyWorkbook(spec);
      const exceljsGrids = (await openWorkbook(buffer, 'x.xlsx')).worksheets.map((ws) => Grid.ofWorksheet(ws));
      const leanGrids = (await readLeanWorkbook(buffer)).sheets.map((s) => Grid.ofLeanSheet(s));
      expect(leanGrids.map(cellsOf)).toEqual(exceljsGrids.map(cellsOf));
    }
    const { buffer } = await buildLegacyWorkbook(REAL_SO_SPEC);
    const grid = Grid.ofLeanSheet((await readLeanWorkbook(buffer)).sheets[0]);
    const covered = [...grid.rows.values()].flatMap((cells) => [...cells.values()]).filter((c) => !c.text && c.shown);
    expect(covered.length).toBeGreaterThan(0);
  });

  it('refuses a workbook without a table alike', async () => {
    const { buffer } = await buildLegacyWorkbook([{ name: 'Ghi chép', cover: [['Họp giao ban']], tables: [] }]);
    expect(() =>
      readLegacyLean({ sheets: [{ name: 'Ghi chép', cells: new Map() }], definedNames: new Map() }, catalog, 'x.xlsx'),
    ).toThrow(WorkbookRejected);
    const lean = await readLeanWorkbook(buffer, { file: 'ghi-chep.xlsx' });
    expect(() => readLegacyLean(lean, catalog, 'ghi-chep.xlsx')).toThrow(/không tìm thấy bảng chỉ tiêu.*"Ghi chép"/);
  });
});

describe('readWorkbookBytes, the reader every command and the pane use', () => {
  afterEach(() => jest.restoreAllMocks());

  for (const [what, spec] of Object.entries(SPECS)) {
    it(`reads ${what} without opening exceljs, with the result of the exceljs path`, async () => {
      const { buffer } = await buildLegacyWorkbook(spec);
      const viaExceljs = readExcelWorkbook(await openWorkbook(buffer, 'don-vi.xlsx'), 'don-vi.xlsx', catalog);
      const open = jest.spyOn(safeOpen, 'openWorkbook');
      const read = await readWorkbookBytes(buffer, 'don-vi.xlsx', catalog);
      expect(open).not.toHaveBeenCalled();
      expect(read).toEqual(viaExceljs);
      expect(read.layout).toBe('legacy');
      expect(Object.values(read.typed).some((v) => v !== null)).toBe(true);
    });
  }

  it('reads the add-in’s own layout without opening exceljs either (its equality: templateLean.test.ts)', async () => {
    const buffer = await templateBuffer(catalog, { level: 'so', period: makePeriod('H1', 2024) });
    const open = jest.spyOn(safeOpen, 'openWorkbook');
    const read = await readWorkbookBytes(buffer, 'so.xlsx', catalog);
    expect(open).not.toHaveBeenCalled();
    expect(read.layout).toBe('template');
    expect(read.period).toEqual(makePeriod('H1', 2024));
  });

  it('refuses an empty workbook and one with no table in the words of the exceljs path', async () => {
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('Trang 1').getCell('B2').value = '  ';
    const emptyBytes = Buffer.from(await empty.xlsx.writeBuffer());
    await expect(readWorkbookBytes(emptyBytes, 'trong.xlsx', catalog)).rejects.toThrow(/sổ tính trống/);

    const { buffer } = await buildLegacyWorkbook([{ name: 'Ghi chép', cover: [['Họp giao ban']], tables: [] }]);
    const viaExceljs = await openWorkbook(buffer, 'ghi-chep.xlsx')
      .then((wb) => readExcelWorkbook(wb, 'ghi-chep.xlsx', catalog))
      .catch((e: unknown) => e);
    const rejected = await readWorkbookBytes(buffer, 'ghi-chep.xlsx', catalog).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(WorkbookRejected);
    expect(rejected).toEqual(viaExceljs);
    expect((rejected as WorkbookRejected).message).toMatch(/ghi-chep\.xlsx.*không tìm thấy bảng chỉ tiêu.*"Ghi chép"/);
  });
});
