import ExcelJS from 'exceljs';
import { PassThrough } from 'stream';
import type { Catalog, Indicator } from '../domain/catalog/types';
import { unitNameKey, type ConsolidationResult, type ProvenanceRow, type UnitSubmission } from '../domain/consolidate';
import { LEVEL_LABELS } from '../domain/details';
import { ratioDisplay } from '../domain/display';
import { formatDateShort } from '../domain/format';
import { PERIOD_LABELS } from '../domain/period';

/** Sheet names of the consolidated workbook. */
export const CONSOLIDATED_SHEETS = {
  summary: 'Tổng hợp',
  sources: 'Nguồn số liệu',
  checks: 'Kiểm tra',
  units: 'Đơn vị',
} as const;

const FMT_COUNT = '#,##0';
const FMT_MONEY = '#,##0.00';
/** Percent points (49,2), not Excel's fraction-times-100 format. */
const FMT_POINTS = '0.0';

// Style objects shared by every cell: a thousand units make hundreds of thousands of cells.
const FONT = 'Times New Roman';
const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER: Partial<ExcelJS.Borders> = { top: thin, bottom: thin, left: thin, right: thin };
const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const HEADER_FILL = fill('FFD9E1F2');
const FORM_FILL = fill('FFE2EFDA');
const GROUP_FILL = fill('FFF2F2F2');
const F_NORMAL: Partial<ExcelJS.Font> = { name: FONT, size: 11 };
const F_BOLD: Partial<ExcelJS.Font> = { name: FONT, size: 11, bold: true };
const F_TITLE: Partial<ExcelJS.Font> = { name: FONT, size: 13, bold: true };
const F_HINT: Partial<ExcelJS.Font> = { name: FONT, size: 10, italic: true };
const F_ALERT: Partial<ExcelJS.Font> = { name: FONT, size: 11, bold: true, color: { argb: 'FFC00000' } };
const A_WRAP: Partial<ExcelJS.Alignment> = { vertical: 'middle', wrapText: true };
const A_TOP_WRAP: Partial<ExcelJS.Alignment> = { vertical: 'top', wrapText: true };
const A_CENTER: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle' };
const A_HEADER: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };
const A_LEFT: Partial<ExcelJS.Alignment> = { horizontal: 'left', vertical: 'middle' };
const A_RIGHT: Partial<ExcelJS.Alignment> = { horizontal: 'right', vertical: 'middle' };

// Characters XML 1.0 cannot carry; a colleague's file may hold them and they would corrupt the output.
// eslint-disable-next-line no-control-regex -- these are exactly the characters to remove
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Text from colleagues' files is written as a plain string value: exceljs stores it as
 * a string cell, never a formula, so "=HYPERLINK(…)" or "+cmd" stays literal text.
 */
function text(value: string): string {
  return value.replace(XML_INVALID, '');
}

type CellValue = string | number | null | undefined;

interface Look {
  font?: Partial<ExcelJS.Font>;
  fill?: ExcelJS.Fill;
  alignment?: Partial<ExcelJS.Alignment>;
  border?: boolean;
  numFmt?: string;
}

function put(row: ExcelJS.Row, col: number, value: CellValue, look: Look = {}): void {
  const cell = row.getCell(col);
  if (typeof value === 'number') cell.value = Number.isFinite(value) ? value : null;
  else if (typeof value === 'string') cell.value = text(value);
  if (look.font) cell.font = look.font;
  if (look.fill) cell.fill = look.fill;
  if (look.alignment) cell.alignment = look.alignment;
  if (look.border) cell.border = BORDER;
  if (look.numFmt && typeof value === 'number') cell.numFmt = look.numFmt;
}

function numFmtOf(ind: Indicator | undefined): string | undefined {
  switch (ind?.kind) {
    case 'count':
      return FMT_COUNT;
    case 'money':
      return FMT_MONEY;
    case 'percent':
      return FMT_POINTS;
    case 'code':
      return '0';
    default:
      return undefined;
  }
}

function header(row: ExcelJS.Row, headers: string[]): void {
  headers.forEach((h, i) => put(row, i + 1, h, { font: F_BOLD, fill: HEADER_FILL, border: true, alignment: A_HEADER }));
  row.commit();
}

type Sheet = ExcelJS.Worksheet;
/** The streaming writer (Node) or a plain workbook (browser): both add sheets the same way. */
type Book = Pick<ExcelJS.Workbook, 'addWorksheet'>;

/** Streamed sheets are flushed when done; a plain workbook's sheets have nothing to flush. */
function commitSheet(ws: Sheet): void {
  (ws as Sheet & { commit?: () => void }).commit?.();
}

function addSheet(wb: Book, name: string, widths: number[], frozen: { xSplit: number; ySplit: number }): Sheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ...frozen }] });
  ws.columns = widths.map((width) => ({ width }));
  return ws;
}

/** A unit's own figure of a row, as it goes into its column. */
function unitFigure(ind: Indicator, u: UnitSubmission): CellValue {
  if (ind.kind === 'ratio' && ind.ratio) {
    const a = u.figures.values[ind.ratio.numerator];
    const b = u.figures.values[ind.ratio.denominator];
    return a === null || a === undefined || b === null || b === undefined ? null : ratioDisplay(a, b);
  }
  return u.figures.values[ind.key];
}

function summarySheet(wb: Book, catalog: Catalog, result: ConsolidationResult): void {
  const units = result.units;
  const headers = ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Tổng hợp', 'Ghi chú', ...units.map((u) => u.unit.trim())];
  const HEADER = 4;
  const ws = addSheet(wb, CONSOLIDATED_SHEETS.summary, [9, 56, 14, 16, 40, ...units.map(() => 14)], {
    xSplit: 4,
    ySplit: HEADER,
  });

  ws.mergeCells('A1:E1');
  ws.mergeCells('A2:E2');
  put(ws.getRow(1), 1, 'TỔNG HỢP KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH', { font: F_TITLE });
  const missing = result.missingUnits.length
    ? `; chưa có số liệu của ${result.missingUnits.length} đơn vị (xem sheet ${CONSOLIDATED_SHEETS.units})`
    : '';
  put(
    ws.getRow(2),
    1,
    `Tổng hợp từ ${units.length} đơn vị${missing}. Cột "Tổng hợp" là số của cả tỉnh; các cột sau là số của từng đơn vị.`,
    { font: F_HINT },
  );
  const headRow = ws.getRow(HEADER);
  headRow.height = 32;
  header(headRow, headers);

  let r = HEADER + 1;
  for (const form of catalog.forms) {
    ws.mergeCells(r, 1, r, 5);
    const formRow = ws.getRow(r++);
    put(formRow, 1, `${form.label}: ${form.title}`, { font: F_BOLD, fill: FORM_FILL });
    formRow.commit();
    for (const ind of form.indicators) {
      const row = ws.getRow(r++);
      const group = ind.kind === 'group';
      const base: Look = group ? { font: F_BOLD, fill: GROUP_FILL, border: true } : { font: F_NORMAL, border: true };
      put(row, 1, ind.code, { ...base, alignment: A_CENTER });
      put(row, 2, ind.name, { ...base, alignment: A_WRAP });
      put(row, 3, ind.unit, { ...base, alignment: A_LEFT });
      const fig = result.figures[ind.key];
      const fmt = numFmtOf(ind);
      const total = !fig
        ? null
        : ind.kind === 'code' || ind.kind === 'ratio' || fig.value === null
          ? fig.display
          : fig.value;
      put(row, 4, total, { ...base, font: F_BOLD, alignment: A_RIGHT, numFmt: fmt });
      const note = fig ? [fig.approximate ? 'Ước tính.' : '', fig.note ?? ''].filter(Boolean).join(' ') : '';
      put(row, 5, note || null, { ...base, alignment: A_WRAP });
      units.forEach((u, i) =>
        put(row, 6 + i, group ? null : unitFigure(ind, u), { ...base, alignment: A_RIGHT, numFmt: fmt }),
      );
      row.commit();
    }
  }
  commitSheet(ws);
}

const ROLE_TEXT: Record<ProvenanceRow['role'], string> = { value: 'số liệu', weight: 'trọng số', part: 'thành phần' };

function sourcesSheet(wb: Book, catalog: Catalog, result: ConsolidationResult): void {
  const ws = addSheet(wb, CONSOLIDATED_SHEETS.sources, [14, 44, 28, 30, 16, 8, 18, 16, 24], { xSplit: 0, ySplit: 1 });
  if (result.provenance.length > 0)
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: result.provenance.length + 1, column: 9 } };
  header(ws.getRow(1), [
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
  let r = 2;
  for (const p of result.provenance) {
    const source = catalog.byKey.get(p.source);
    const row = ws.getRow(r++);
    put(row, 1, p.key);
    put(row, 2, catalog.byKey.get(p.key)?.name ?? '');
    put(row, 3, p.unit);
    put(row, 4, p.file);
    put(row, 5, p.sheet);
    put(row, 6, p.cell);
    put(row, 7, p.typed);
    put(row, 8, p.value, { numFmt: numFmtOf(source) });
    put(row, 9, p.source === p.key ? ROLE_TEXT[p.role] : `${ROLE_TEXT[p.role]} (${p.source})`);
    row.commit();
  }
  commitSheet(ws);
}

function checksSheet(wb: Book, result: ConsolidationResult): void {
  const ws = addSheet(wb, CONSOLIDATED_SHEETS.checks, [28, 28, 12, 90, 28, 22], { xSplit: 0, ySplit: 1 });
  header(ws.getRow(1), ['Đơn vị', 'Tệp', 'Mức độ', 'Nội dung', 'Ô', 'Quy tắc']);
  let r = 2;
  const add = (values: string[]) => {
    const row = ws.getRow(r++);
    values.forEach((v, i) => put(row, i + 1, v || null, i === 3 ? { alignment: A_TOP_WRAP } : {}));
    row.commit();
  };
  for (const w of result.warnings) add(['(chung)', '', 'Cảnh báo', w, '', '']);
  for (const f of result.findings) {
    add([
      f.unit ?? 'Số tổng hợp',
      f.file ?? '',
      f.severity === 'error' ? 'Lỗi' : 'Cảnh báo',
      f.message,
      f.cells.map((c) => `${c.sheet}!${c.address}`).join('; '),
      f.rule,
    ]);
  }
  commitSheet(ws);
}

function unitsSheet(wb: Book, result: ConsolidationResult): void {
  const ws = addSheet(wb, CONSOLIDATED_SHEETS.units, [6, 36, 32, 16, 22, 16, 14, 8, 10, 30], { xSplit: 0, ySplit: 1 });
  header(ws.getRow(1), [
    'STT',
    'Đơn vị',
    'Tệp',
    'Cấp',
    'Kỳ báo cáo',
    'Số liệu đến ngày',
    'Số chỉ tiêu có số liệu',
    'Lỗi',
    'Cảnh báo',
    'Trạng thái',
  ]);
  const counts = new Map<string, { errors: number; warnings: number }>();
  for (const f of result.findings) {
    if (f.unit === undefined) continue;
    const k = unitNameKey(f.unit);
    const c = counts.get(k) ?? { errors: 0, warnings: 0 };
    if (f.severity === 'error') c.errors++;
    else c.warnings++;
    counts.set(k, c);
  }
  let r = 2;
  result.units.forEach((u, i) => {
    const { errors, warnings } = counts.get(unitNameKey(u.unit)) ?? { errors: 0, warnings: 0 };
    const filled = Object.values(u.figures.values).filter((v) => v !== null && v !== undefined).length;
    const row = ws.getRow(r++);
    put(row, 1, i + 1);
    put(row, 2, u.unit.trim());
    put(row, 3, u.file);
    put(row, 4, u.level ? LEVEL_LABELS[u.level] : null);
    put(row, 5, u.period ? `${PERIOD_LABELS[u.period.kind]} ${u.period.year}` : null);
    put(row, 6, u.period?.to ? formatDateShort(u.period.to) : null);
    put(row, 7, filled, { numFmt: FMT_COUNT });
    put(row, 8, errors, { numFmt: FMT_COUNT });
    put(row, 9, warnings, { numFmt: FMT_COUNT });
    put(row, 10, filled === 0 ? 'Không có số liệu' : errors > 0 ? 'Đã tổng hợp, có lỗi cần xem lại' : 'Đã tổng hợp');
    row.commit();
  });
  let n = result.units.length;
  for (const name of result.missingUnits) {
    const row = ws.getRow(r++);
    put(row, 1, ++n);
    put(row, 2, name.trim());
    put(row, 10, 'Chưa nộp', { font: F_ALERT });
    row.commit();
  }
  for (const f of result.refused ?? []) {
    const row = ws.getRow(r++);
    put(row, 1, ++n);
    put(row, 2, f.unit?.trim() || null);
    put(row, 3, f.file);
    put(row, 10, `Không tổng hợp: ${f.reason}`, { font: F_ALERT });
    row.commit();
  }
  commitSheet(ws);
}

function writeSheets(wb: Book, catalog: Catalog, result: ConsolidationResult): void {
  summarySheet(wb, catalog, result);
  sourcesSheet(wb, catalog, result);
  checksSheet(wb, result);
  unitsSheet(wb, result);
}

/**
 * The consolidated workbook: totals beside each unit's figure, sources, checks and the
 * units' status. In Node it is streamed (rows flushed as they are made, so a thousand units
 * do not hold the whole object model in memory); the browser build of exceljs has no
 * streaming writer, so the pane builds the same sheets in memory.
 */
export async function writeConsolidatedWorkbook(
  catalog: Catalog,
  result: ConsolidationResult,
  options: { streaming?: boolean } = {},
): Promise<Uint8Array> {
  const Writer = (
    ExcelJS as unknown as { stream?: { xlsx?: { WorkbookWriter?: typeof ExcelJS.stream.xlsx.WorkbookWriter } } }
  ).stream?.xlsx?.WorkbookWriter;
  if (!Writer || typeof PassThrough !== 'function' || options.streaming === false) {
    const wb = new ExcelJS.Workbook();
    wb.creator = 'cchc';
    writeSheets(wb, catalog, result);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const wb = new Writer({ stream, useStyles: true, useSharedStrings: true });
  wb.creator = 'cchc';
  writeSheets(wb, catalog, result);
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}
