import ExcelJS from 'exceljs';
import { getCatalog } from '../../src/domain/catalog';
import { readLegacy, type LegacyReadResult, type ReadNote } from '../../src/io/legacy';
import { readExcelWorkbook, readWorkbookBytes } from '../../src/io/readWorkbook';
import { openWorkbook, WorkbookRejected } from '../../src/io/safeOpen';
import {
  BLANK,
  buildLegacyWorkbook,
  buildRealSoWorkbook,
  buildRealSoWorkbookWithLayout,
  HEADER,
  REAL_SO_EMPTY,
  REAL_SO_EXPECTED,
  REAL_SO_FROM_TEXT,
  REAL_SO_SHEET,
  type Item,
  type Placed,
  type SheetSpec,
} from '../fixtures/legacyForms';

const catalog = getCatalog('2024');

/**
 * Reads a form over exceljs, and checks on the way that the shipped reader (readWorkbookBytes, the lean path)
 * gives the very same result as the exceljs path for it: every fixture of this file is compared.
 */
async function read(spec: SheetSpec[], file = 'don-vi.xlsx'): Promise<{ result: LegacyReadResult; placed: Placed[] }> {
  const { buffer, placed } = await buildLegacyWorkbook(spec);
  const wb = await openWorkbook(buffer, file);
  await expect(readWorkbookBytes(buffer, file, catalog)).resolves.toEqual(readExcelWorkbook(wb, file, catalog));
  return { result: readLegacy(wb, catalog, file), placed };
}

/** Non-null figures. */
const filled = (r: LegacyReadResult) =>
  Object.fromEntries(Object.entries(r.figures.values).filter(([, v]) => v !== null));
const notesOf = (r: LegacyReadResult, kind: ReadNote['kind']) => r.notes.filter((n) => n.kind === kind);
const rowOf = (placed: Placed[], pred: (p: Placed) => boolean) => {
  const p = placed.find(pred);
  if (!p) throw new Error('row not placed');
  return p;
};

describe('readLegacy on the real sở form (Phụ lục I and part of Biểu mẫu 3)', () => {
  let result: LegacyReadResult;
  let placed: Placed[];
  beforeAll(async () => {
    const built = await buildRealSoWorkbookWithLayout();
    placed = built.placed;
    const wb = await openWorkbook(built.buffer, 'so-cong-thuong.xlsx');
    result = readLegacy(wb, catalog, 'so-cong-thuong.xlsx');
    await expect(readWorkbookBytes(built.buffer, 'so-cong-thuong.xlsx', catalog)).resolves.toEqual(
      readExcelWorkbook(wb, 'so-cong-thuong.xlsx', catalog),
    );
  });

  it('reads back every figure exactly, and nothing else', () => {
    expect(filled(result)).toEqual(REAL_SO_EXPECTED);
  });

  it('keeps the rows whose figure is empty as null, with their cell', () => {
    for (const key of REAL_SO_EMPTY) {
      expect(result.figures.values[key]).toBeNull();
      expect(result.figures.cells?.[key]?.address).toMatch(/^D\d+$/);
    }
  });

  it('finds both tables and their forms from the title lines', () => {
    expect(result.forms).toEqual(['PL1', 'BM3']);
    expect(result.tables.map((t) => [t.sheet, t.form])).toEqual([
      [REAL_SO_SHEET, 'PL1'],
      [REAL_SO_SHEET, 'BM3'],
    ]);
    // The first header sits below the cover block and the three title lines.
    expect(result.tables[0].headerRow).toBe(11);
  });

  it('records the cell of each figure, the ratio parts sharing the 3.3 cell', () => {
    const r111 = rowOf(placed, (p) => p.code === '1.1.1.');
    expect(result.figures.cells?.['1.1.1']).toEqual({ sheet: REAL_SO_SHEET, address: `D${r111.row}` });
    const r33 = rowOf(placed, (p) => p.code === '3.3.');
    expect(result.figures.cells?.['3.3.a']).toEqual({ sheet: REAL_SO_SHEET, address: `D${r33.row}` });
    expect(result.figures.cells?.['3.3.b']).toEqual({ sheet: REAL_SO_SHEET, address: `D${r33.row}` });
    const bm = rowOf(placed, (p) => p.code === '2.4');
    expect(result.figures.cells?.['BM3/2.4']).toEqual({ sheet: REAL_SO_SHEET, address: `D${bm.row}` });
    // The row with no code after the page break.
    const r413 = rowOf(placed, (p) => p.name.startsWith('Tỷ lệ DVSNCL'));
    expect(result.figures.cells?.['4.1.3']?.address).toBe(`D${r413.row}`);
    expect(result.figures.decimals?.['4.2.5']).toBe(0);
  });

  it('notes every figure read from text, with its cell', () => {
    const text = notesOf(result, 'text');
    expect(text.map((n) => n.key).sort()).toEqual([...REAL_SO_FROM_TEXT].sort());
    const r11 = rowOf(placed, (p) => p.code === '1.1.');
    const n11 = text.find((n) => n.key === '1.1')!;
    expect(n11.cell).toBe(`D${r11.row}`);
    expect(n11.sheet).toBe(REAL_SO_SHEET);
    expect(n11.message).toContain('"01"');
    expect(n11.message).toContain('so-cong-thuong.xlsx');
    expect(text.find((n) => n.key === '3.3.a')!.message).toMatch(/16181.*16183/);
  });

  it('notes the missing 1.2.2 row once, and the rows Biểu mẫu 3 leaves out', () => {
    const missing = notesOf(result, 'missing');
    expect(missing).toHaveLength(2);
    expect(missing[0].message).toContain('Phụ lục I thiếu 1 dòng');
    expect(missing[0].message).toContain('1.2.2 (Số UBND cấp xã đã kiểm tra)');
    expect(missing[1].message).toContain('Biểu mẫu 3 thiếu');
    expect(missing[1].message).toContain('4.2.1');
    const listed = /danh mục: (.*);/.exec(missing[1].message)![1].split(', ');
    expect(listed).toContain('4.2.1');
    expect(listed).not.toContain('2.4');
    expect(listed).toHaveLength(
      catalog.forms.find((f) => f.id === 'BM3')!.indicators.filter((i) => i.kind !== 'group').length - 1,
    );
  });

  it('trusts the name over the mis-numbered heading "4.3.4" and says so', () => {
    const renumbered = notesOf(result, 'renumbered');
    expect(renumbered).toHaveLength(1);
    expect(renumbered[0].key).toBe('4.3');
    const heading = rowOf(placed, (p) => p.code === '4.3.4');
    expect(renumbered[0].cell).toBe(`A${heading.row}`);
    expect(result.figures.values['4.3.4']).toBe(10);
  });

  it('merges the row split by the page break instead of reporting it', () => {
    expect(notesOf(result, 'unplaced')).toEqual([]);
    expect(notesOf(result, 'duplicate')).toEqual([]);
    expect(notesOf(result, 'unreadable')).toEqual([]);
    expect(result.figures.values['6.3']).toBe(0);
  });

  it('passes on the unit’s own remarks from the Ghi chú column', () => {
    const remarks = notesOf(result, 'remark');
    expect(remarks.map((n) => n.key)).toEqual(['3.3', '3.3.1', 'BM3/2.4']);
    expect(remarks[0].message).toContain('02 hồ sơ đang giải quyết');
    expect(remarks[2].message).toContain('127/127');
  });

  it('hands the remarks on through readWorkbookBytes, for the report to print', async () => {
    const read = await readWorkbookBytes(await buildRealSoWorkbook(), 'so-cong-thuong.xlsx', catalog);
    expect(read.layout).toBe('legacy');
    expect(read.remarks['3.3']).toContain('02 hồ sơ đang giải quyết');
    expect(read.unit).toBe('Sở Công Thương tỉnh Hà Nam');
  });

  it('keeps the Ghi chú remarks by indicator key for the report', () => {
    expect(Object.keys(result.remarks)).toEqual(['3.3', '3.3.1', 'BM3/2.4']);
    expect(result.remarks['3.3']).toContain('02 hồ sơ đang giải quyết');
    expect(result.remarks['BM3/2.4']).toBe('127/127');
  });

  it('finds the unit and the period in the cover block', () => {
    expect(result.unit).toBe('Sở Công Thương tỉnh Hà Nam');
    expect(result.periodText?.toLowerCase()).toBe('6 tháng đầu năm 2024');
  });

  it('builds the same bytes-level workbook for other tests through buildRealSoWorkbook', async () => {
    const buffer = await buildRealSoWorkbook();
    const wb = await openWorkbook(buffer, 'x.xlsx');
    expect(filled(readLegacy(wb, catalog, 'x.xlsx'))).toEqual(REAL_SO_EXPECTED);
  });
});

const PL1_TITLE = ['Phụ lục I', 'KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2024'];

const SMALL_ROWS: Item[] = [
  ['1', 'Công tác chỉ đạo điều hành CCHC', null, null],
  ['1.1', 'Kế hoạch CCHC', 'Kế hoạch', 1],
  ['1.1.1.', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', 12],
  ['1.1.2', 'Số nhiệm vụ đã hoàn thành', 'Nhiệm vụ', 5],
  ['2.1.', 'Số VBQPPL đã ban hành/tham mưu ban hành', 'Văn bản', 4],
];

describe('readLegacy variants', () => {
  it('reads columns in another order with a one-row header', async () => {
    const { result, placed } = await read([
      {
        name: 'Sheet1',
        tables: [
          {
            titleLines: PL1_TITLE,
            header: 'one-row',
            order: ['name', 'figure', 'note', 'code', 'unit'],
            rows: SMALL_ROWS,
          },
        ],
      },
    ]);
    expect(filled(result)).toEqual({ '1.1': 1, '1.1.1': 12, '1.1.2': 5, '2.1': 4 });
    const r = rowOf(placed, (p) => p.code === '1.1.2');
    expect(result.figures.cells?.['1.1.2']).toEqual({ sheet: 'Sheet1', address: `B${r.row}` });
    expect(result.periodText).toBe('QUÝ I NĂM 2024');
  });

  it('reads the table on the second sheet, the unit and period from a cover sheet', async () => {
    const { result } = await read([
      {
        name: 'Bìa',
        cover: [['UBND HUYỆN KIM BẢNG'], [null], ['BÁO CÁO'], ['Kết quả CCHC quý III năm 2024']],
        tables: [],
      },
      { name: 'Số liệu', tables: [{ titleLines: ['Phụ lục I'], rows: SMALL_ROWS }] },
    ]);
    expect(result.tables).toEqual([{ sheet: 'Số liệu', form: 'PL1', headerRow: 2 }]);
    expect(filled(result)['1.1.1']).toBe(12);
    expect(result.unit).toBe('UBND huyện Kim Bảng');
    expect(result.periodText).toBe('quý III năm 2024');
  });

  it('takes the unit from an "Đơn vị:" line', async () => {
    const { result } = await read([
      { name: 'S', cover: [['Đơn vị: Sở Tư pháp']], tables: [{ titleLines: ['Phụ lục I'], rows: SMALL_ROWS }] },
    ]);
    expect(result.unit).toBe('Sở Tư pháp');
    expect(result.periodText).toBeNull();
  });

  it('treats "1.1." and "1.1" alike, and a code typed as a number', async () => {
    const { result, placed } = await read([
      {
        name: 'S',
        tables: [
          {
            titleLines: ['Phụ lục I'],
            rows: [
              ['1.1.', 'Kế hoạch CCHC', 'Kế hoạch', 1],
              ['1.1.1', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', 8],
              [' 1.1.2 . ', 'Số nhiệm vụ đã hoàn thành', 'Nhiệm vụ', 7],
              [3.1, 'Thống kê TTHC', 'Thủ tục', 2],
              ['2.3.', 'Văn bản đã xem lại trong kỳ', 'Văn bản', 5],
            ],
          },
        ],
      },
    ]);
    expect(filled(result)).toEqual({ '1.1': 1, '1.1.1': 8, '1.1.2': 7, '3.1': 2, '2.3': 5 });
    expect(notesOf(result, 'renumbered')).toEqual([]);
    // Matched by its code although its name is not the catalog's: said, not silent.
    const weak = notesOf(result, 'name');
    expect(weak.map((n) => n.key)).toEqual(['2.3']);
    expect(weak[0].cell).toBe(`A${rowOf(placed, (p) => p.code === '2.3.').row}`);
  });

  it('matches rows with no codes by name, row order settling near-ties', async () => {
    const { result } = await read([
      {
        name: 'S',
        tables: [
          {
            titleLines: ['Phụ lục I'],
            rows: [
              [null, 'Số công chức được tuyển dụng (thi tuyển, xét tuyển)', 'Người', 3],
              [null, 'Số công chức được tuyển dụng theo trường hợp đặc biệt', 'Người', 1],
              [null, 'Số viên chức được tuyển dụng (thi tuyển, xét tuyển)', 'Người', 6],
              [null, '- Số viên chức được tuyển dụng theo trường hợp đặc biệt', 'Người', 0],
              [null, 'Tổng số TTHC cung cấp toàn trình', 'TTHC', 26],
              [null, 'số TTHC cung cấp một phần', 'TTHC', 101],
            ],
          },
        ],
      },
    ]);
    expect(filled(result)).toEqual({ '5.2.1': 3, '5.2.2': 1, '5.2.3': 6, '5.2.4': 0, '7.1.1': 26, '7.1.2': 101 });
    expect(notesOf(result, 'unplaced')).toEqual([]);
  });

  it('reports an unknown row with its cell, and keeps the first of a duplicate', async () => {
    const { result, placed } = await read([
      {
        name: 'S',
        tables: [
          {
            titleLines: ['Phụ lục I'],
            rows: [
              ['1.1.1.', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', 39],
              ['1.1.2.', 'Số nhiệm vụ đã hoàn thành', 'Nhiệm vụ', 19],
              ['8.', 'Số sáng kiến cải tiến được công nhận', 'Sáng kiến', 4],
              ['1.1.1.', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', 40],
            ],
          },
        ],
      },
    ]);
    expect(filled(result)).toEqual({ '1.1.1': 39, '1.1.2': 19 });
    const unknown = rowOf(placed, (p) => p.code === '8.');
    const unplaced = notesOf(result, 'unplaced');
    expect(unplaced).toHaveLength(1);
    expect(unplaced[0].cell).toBe(`D${unknown.row}`);
    expect(unplaced[0].message).toContain('Số sáng kiến cải tiến được công nhận');
    const second = placed.filter((p) => p.code === '1.1.1.')[1];
    const dup = notesOf(result, 'duplicate');
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({ key: '1.1.1', cell: `D${second.row}` });
    expect(result.figures.cells?.['1.1.1']?.address).toBe(`D${placed.find((p) => p.code === '1.1.1.')!.row}`);
  });

  it('leaves prose in the figure column empty and notes it', async () => {
    const { result, placed } = await read([
      {
        name: 'S',
        tables: [
          {
            titleLines: ['Phụ lục I'],
            rows: [
              ['2.1.', 'Số VBQPPL đã ban hành/tham mưu ban hành', 'Văn bản', 'Đang tổng hợp, báo cáo sau'],
              ['2.2.', 'Số VBQPPL đã kiểm tra theo thẩm quyền', 'Văn bản', 'khoảng 20'],
              ['3.2.1.', 'Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ', '%', '127/127'],
            ],
          },
        ],
      },
    ]);
    expect(result.figures.values['2.1']).toBeNull();
    expect(result.figures.values['2.2']).toBeNull();
    expect(result.figures.values['3.2.1']).toBeNull();
    const unreadable = notesOf(result, 'unreadable');
    expect(unreadable.map((n) => n.key)).toEqual(['2.1', '2.2', '3.2.1']);
    expect(unreadable[0].cell).toBe(`D${rowOf(placed, (p) => p.code === '2.1.').row}`);
    expect(unreadable[0].message).toContain('Đang tổng hợp, báo cáo sau');
    expect(unreadable[2].message).toContain('tỷ số');
  });

  it('converts numbers under a percent format to points, coded answers typed as words', async () => {
    const { result } = await read([
      {
        name: 'S',
        tables: [
          {
            titleLines: ['Phụ lục I'],
            rows: [
              ['1.4.2.', 'Hình thức khảo sát', 'Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2', 'Kết hợp'],
              [
                '1.5.',
                'Tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp',
                'Không = 0 Có = 1',
                'Có',
              ],
              ['3.2.1.', 'Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ', '%', { value: 1, numFmt: '0%' }],
              [
                '3.2.2.',
                'Tỷ lệ quy trình nội bộ giải quyết TTHC đã được điện tử hóa',
                '%',
                { value: 0.492, numFmt: '0.0%' },
              ],
              ['3.3.1.', 'Tỷ lệ hồ sơ TTHC tiếp nhận được giải quyết đúng hạn', '%', '98,5'],
              ['4.2.5.', 'Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015', '%', 0.1],
            ],
          },
        ],
      },
    ]);
    expect(filled(result)).toEqual({ '1.4.2': 2, '1.5': 1, '3.2.1': 100, '3.2.2': 49.2, '3.3.1': 98.5, '4.2.5': 0.1 });
    expect(result.figures.decimals?.['3.2.2']).toBe(1);
    expect(result.figures.decimals?.['3.3.1']).toBe(1);
    expect(notesOf(result, 'text').map((n) => n.key)).toEqual(['1.4.2', '1.5', '3.3.1']);
    // 0.1 in a plain cell may be 10% typed as a fraction: not changed, but flagged.
    expect(notesOf(result, 'check').map((n) => n.key)).toEqual(['4.2.5']);
  });

  it('recognises a table without title lines by its codes and names, and skips a footer', async () => {
    const { result } = await read([
      {
        name: 'Sheet1',
        tables: [
          {
            header: 'one-row',
            rows: [
              ['1', 'Tổng số TTHC, dịch vụ công cung cấp trên Hệ thống thông tin giải quyết TTHC', 'Thủ tục', 150],
              ['1.1', 'Dịch vụ công trực tuyến toàn trình', 'Thủ tục', 40],
              ['1.2', 'Dịch vụ công trực tuyến một phần', 'Thủ tục', 90],
              ['3', 'Số chứng thư chữ ký số đã cấp', 'Chứng thư', 12],
              BLANK,
              [null, 'Người lập biểu', null, null],
              { line: 'GIÁM ĐỐC' },
              [null, 'Nguyễn Văn A', null, null],
            ],
          },
        ],
      },
    ]);
    expect(result.forms).toEqual(['BM7']);
    expect(filled(result)).toEqual({ 'BM7/1': 150, 'BM7/1.1': 40, 'BM7/1.2': 90, 'BM7/3': 12 });
    expect(notesOf(result, 'form')).toHaveLength(1);
    expect(notesOf(result, 'unplaced')).toEqual([]);
  });

  it('skips repeated headers and column numbering rows, keeps a lower-case row that has its own match', async () => {
    const { result } = await read([
      {
        name: 'S',
        tables: [
          {
            titleLines: ['Phụ lục I'],
            rows: [
              ['(1)', '(2)', '(3)', '(4)', '(5)'],
              ['1.3.1.', 'Tổng số nhiệm vụ được giao', 'Nhiệm vụ', 5],
              HEADER,
              [null, 'số nhiệm vụ đã hoàn thành đúng hạn', 'Nhiệm vụ', 4],
              HEADER,
              [null, 'số nhiệm vụ đã hoàn thành nhưng quá hạn', 'Nhiệm vụ', null],
            ],
          },
        ],
      },
    ]);
    expect(filled(result)).toEqual({ '1.3.1': 5, '1.3.2': 4 });
    // Starts in lower case with no figure, like a page-break fragment, but is a row of its own.
    expect(result.figures.values['1.3.3']).toBeNull();
    expect(result.figures.cells?.['1.3.3']).toBeDefined();
    expect(result.tables).toHaveLength(1);
    expect(notesOf(result, 'unplaced')).toEqual([]);
  });

  it('decides the form from a title in capitals alone', async () => {
    const { result } = await read([
      {
        name: 'Sheet1',
        tables: [
          {
            titleLines: ['CẢI CÁCH THỂ CHẾ', '(Kèm theo Báo cáo số 12/BC-STP)'],
            rows: [
              ['1', 'Số VBQPPL đã ban hành', 'Văn bản', 3],
              ['1.1', 'Nghị quyết của HĐND', 'Văn bản', 1],
              ['1.2', 'Quyết định của UBND', 'Văn bản', 2],
            ],
          },
        ],
      },
    ]);
    expect(result.forms).toEqual(['BM2']);
    expect(filled(result)).toEqual({ 'BM2/1': 3, 'BM2/1.1': 1, 'BM2/1.2': 2 });
    expect(notesOf(result, 'form')).toEqual([]);
  });

  it('merges a continuation that carries the figure, skips label rows, keeps overflowing remarks', async () => {
    const { result, placed } = await read([
      {
        name: 'S',
        tables: [
          {
            titleLines: ['Phụ lục I'],
            rows: [
              ['4.1.2.', 'Số đơn vị sự nghiệp công lập', 'Cơ quan, đơn vị', 3, 'gồm 2 trung tâm'],
              [null, null, null, null, 'và 1 ban quản lý'],
              [null, 'Trong đó:', null, null],
              [null, 'Số ĐVSNCL thuộc sở, ban, ngành', 'Cơ quan, đơn vị', 3],
              [
                '6.3.',
                'Số đơn vị SNCL đã thực hiện tự chủ một phần chi thường xuyên (lũy kế đến thời',
                'Cơ quan,',
                null,
              ],
              BLANK,
              HEADER,
              [null, 'điểm báo cáo)', 'đơn vị', 2],
            ],
          },
        ],
      },
    ]);
    expect(filled(result)).toEqual({ '4.1.2': 3, '4.1.2.1': 3, '6.3': 2 });
    const cont = rowOf(placed, (p) => p.name === 'điểm báo cáo)');
    expect(result.figures.cells?.['6.3']?.address).toBe(`D${cont.row}`);
    expect(notesOf(result, 'unplaced')).toEqual([]);
    const remark = notesOf(result, 'remark');
    expect(remark).toHaveLength(1);
    expect(remark[0].message).toContain('gồm 2 trung tâm và 1 ban quản lý');
  });

  it('refuses a workbook with no STT / Chỉ tiêu table', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Ghi chép').getCell('A1').value = 'Báo cáo viết tay, không có bảng';
    expect(() => readLegacy(wb, catalog, 'ghi-chep.xlsx')).toThrow(WorkbookRejected);
    try {
      readLegacy(wb, catalog, 'ghi-chep.xlsx');
    } catch (e) {
      expect((e as WorkbookRejected).reason).toContain('không tìm thấy bảng chỉ tiêu');
      expect((e as WorkbookRejected).message).toContain('ghi-chep.xlsx');
    }
  });
});
