import type { Catalog, Indicator } from '../domain/catalog/types';
import {
  figureColumn,
  unitNameKey,
  type ConsolidationResult,
  type ProvenanceRow,
  type UnitSubmission,
} from '../domain/consolidate';
import { LEVEL_LABELS } from '../domain/details';
import { ratioDisplay } from '../domain/display';
import { formatCount, formatDateShort } from '../domain/format';
import { periodTitle } from '../domain/period';
import type { CellRef } from '../domain/figures';
import { templateCellsOf } from './consolidationData';

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

/**
 * How a cell looks, as plain data: the exceljs writer (pane) and the lean XML writer (CLI)
 * render the same sheet models. Looks are shared constants: a thousand units make hundreds of
 * thousands of cells, and the XML writer maps each look to one cell style by identity.
 */
export interface Look {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  /** ARGB. */
  color?: string;
  /** ARGB of a solid fill. */
  fill?: string;
  horizontal?: 'left' | 'center' | 'right';
  vertical?: 'top' | 'middle';
  wrap?: boolean;
  border?: boolean;
  /** Applied to numbers only. */
  numFmt?: string;
}

export const FONT = 'Times New Roman';
const HEADER_FILL = 'FFD9E1F2';
const FORM_FILL = 'FFE2EFDA';
const GROUP_FILL = 'FFF2F2F2';
const L_PLAIN: Look = {};
const L_TITLE: Look = { bold: true, size: 13 };
const L_HINT: Look = { italic: true, size: 10 };
const L_HEADER: Look = {
  bold: true,
  fill: HEADER_FILL,
  border: true,
  horizontal: 'center',
  vertical: 'middle',
  wrap: true,
};
const L_FORM: Look = { bold: true, fill: FORM_FILL };
const L_ALERT: Look = { bold: true, color: 'FFC00000' };
const L_TOP_WRAP: Look = { vertical: 'top', wrap: true };

/** Looks of a summary row's cells, one set per row kind and number format, made once. */
interface RowLooks {
  code: Look;
  name: Look;
  unit: Look;
  total: Look;
  note: Look;
  figure: Look;
}
function rowLooks(group: boolean, numFmt: string | undefined): RowLooks {
  const base: Look = group ? { bold: true, fill: GROUP_FILL, border: true } : { border: true };
  return {
    code: { ...base, horizontal: 'center', vertical: 'middle' },
    name: { ...base, vertical: 'middle', wrap: true },
    unit: { ...base, horizontal: 'left', vertical: 'middle' },
    total: { ...base, bold: true, horizontal: 'right', vertical: 'middle', numFmt },
    note: { ...base, vertical: 'middle', wrap: true },
    figure: { ...base, horizontal: 'right', vertical: 'middle', numFmt },
  };
}
const ROW_LOOKS = new Map<string, RowLooks>();
function looksFor(group: boolean, numFmt: string | undefined): RowLooks {
  const k = `${group}|${numFmt ?? ''}`;
  let looks = ROW_LOOKS.get(k);
  if (!looks) ROW_LOOKS.set(k, (looks = rowLooks(group, numFmt)));
  return looks;
}
const NUMBER_LOOKS = new Map<string, Look>();
function numberLook(numFmt: string | undefined): Look {
  if (!numFmt) return L_PLAIN;
  let look = NUMBER_LOOKS.get(numFmt);
  if (!look) NUMBER_LOOKS.set(numFmt, (look = { numFmt }));
  return look;
}

// Characters XML 1.0 cannot carry; a colleague's file may hold them and they would corrupt the output.
// eslint-disable-next-line no-control-regex -- these are exactly the characters to remove
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Text from colleagues' files is written as a plain string value, never a formula,
 * so "=HYPERLINK(…)" or "+cmd" stays literal text.
 */
export function safeText(value: string): string {
  return value.replace(XML_INVALID, '');
}

export type CellValue = string | number | null | undefined;

export interface ModelCell {
  v: CellValue;
  look?: Look;
}

/** One row of a sheet model; cells from column A. */
export interface ModelRow {
  cells: (ModelCell | undefined)[];
  /**
   * Numbers in the columns after `cells`, one a column, all of one look (NaN: no value, the look
   * alone): thousands of units' figures of a row, without a cell object each.
   */
  numbers?: { values: ArrayLike<number>; look?: Look };
  height?: number;
  /** Merge the row's cells from column A to this column. */
  mergeTo?: number;
}

/** A sheet as data, rows produced on demand (the sources sheet of 5,000 units is long). */
export interface SheetModel {
  name: string;
  widths: number[];
  frozen?: { xSplit: number; ySplit: number };
  /** Auto filter over the header row and the rows below, to this column. */
  filterColumns?: number;
  veryHidden?: boolean;
  rows(): Iterable<ModelRow>;
}

const c = (v: CellValue, look?: Look): ModelCell => ({ v, look });

function headerRow(headers: string[], height?: number): ModelRow {
  return { cells: headers.map((h) => c(h, L_HEADER)), height };
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

/** The units' own figures of a row, as they go into their columns (NaN or null: none). */
function unitFigures(ind: Indicator, units: readonly UnitSubmission[]): ArrayLike<CellValue> {
  if (ind.kind === 'ratio' && ind.ratio) {
    const a = figureColumn(units, ind.ratio.numerator);
    const b = figureColumn(units, ind.ratio.denominator);
    return Array.from(a, (x, i) => (Number.isNaN(x) || Number.isNaN(b[i]) ? null : ratioDisplay(x, b[i])));
  }
  return figureColumn(units, ind.key);
}

function summarySheet(catalog: Catalog, result: ConsolidationResult, scope: string): SheetModel {
  const units = result.units;
  const HEADER = 4;
  const none = new Float64Array(units.length).fill(NaN);
  return {
    name: CONSOLIDATED_SHEETS.summary,
    widths: [9, 56, 14, 16, 40, ...units.map(() => 14)],
    frozen: { xSplit: 4, ySplit: HEADER },
    *rows() {
      yield { cells: [c('TỔNG HỢP KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH', L_TITLE)], mergeTo: 5 };
      const missing = result.missingUnits.length
        ? `; chưa có số liệu của ${result.missingUnits.length} đơn vị (xem trang tính ${CONSOLIDATED_SHEETS.units})`
        : '';
      yield {
        cells: [
          c(
            `Tổng hợp từ ${units.length} đơn vị${missing}. Cột "Tổng hợp" là số của ${scope}; các cột sau là số của từng đơn vị.`,
            L_HINT,
          ),
        ],
        mergeTo: 5,
      };
      yield { cells: [] };
      yield headerRow(
        ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Tổng hợp', 'Ghi chú', ...units.map((u) => u.unit.trim())],
        32,
      );
      for (const form of catalog.forms) {
        yield { cells: [c(`${form.label}: ${form.title}`, L_FORM)], mergeTo: 5 };
        for (const ind of form.indicators) {
          const group = ind.kind === 'group';
          const looks = looksFor(group, numFmtOf(ind));
          const fig = result.figures[ind.key];
          const total = !fig
            ? null
            : ind.kind === 'code' || ind.kind === 'ratio' || fig.value === null
              ? fig.display
              : fig.value;
          const note = fig ? [fig.approximate ? 'Ước tính.' : '', fig.note ?? ''].filter(Boolean).join(' ') : '';
          const cells: ModelCell[] = [
            c(ind.code, looks.code),
            c(ind.name, looks.name),
            c(ind.unit, looks.unit),
            c(total, looks.total),
            c(note || null, looks.note),
          ];
          const own = group ? none : unitFigures(ind, units);
          if (own instanceof Float64Array) yield { cells, numbers: { values: own, look: looks.figure } };
          else {
            for (let i = 0; i < units.length; i++) cells.push(c(own[i], looks.figure));
            yield { cells };
          }
        }
      }
    },
  };
}

const ROLE_TEXT: Record<ProvenanceRow['role'], string> = { value: 'số liệu', weight: 'trọng số', part: 'thành phần' };

/**
 * A figure read at the template's own named cell, as typed: the template says where it was, and the
 * summary sheet gives its value. Such rows are not listed one by one (a thousand units make 180.000 of
 * them, more rows than a workbook can be read back with); each unit gets one row saying so.
 */
function atTemplateCell(p: ProvenanceRow, template: Map<string, CellRef>): boolean {
  const at = template.get(p.source);
  return !!at && at.sheet === p.sheet && at.address === p.cell && p.typed === p.value;
}

function sourcesSheet(catalog: Catalog, result: ConsolidationResult): SheetModel {
  const template = templateCellsOf(catalog);
  return {
    name: CONSOLIDATED_SHEETS.sources,
    widths: [14, 44, 28, 30, 16, 8, 18, 16, 24],
    frozen: { xSplit: 0, ySplit: 1 },
    filterColumns: result.provenance.length > 0 ? 9 : undefined,
    *rows() {
      yield headerRow([
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
      // By unit, then file (no key made per row): in the order first met. Each counts its figures once,
      // marked by number (thousands of units would otherwise hold a set of names each).
      interface Implied {
        unit: string;
        file: string;
        seen: Uint8Array;
        figures: number;
      }
      // A unit has one name and one file (names are distinct in a consolidation): one entry per unit.
      const implied: Implied[] = [];
      const impliedOf: (Implied | undefined)[] = new Array(result.units.length);
      const links = result.provenance;
      // Units read one after another share one `cells` object: per such object, figure id → 1 when it sits
      // at the template's cell for it, −1 when not.
      const atTemplateOf = new WeakMap<object, Int8Array>();
      const sitsAtTemplate = (cells: Readonly<Record<string, CellRef>>, figure: string, id: number) => {
        let known = atTemplateOf.get(cells);
        if (!known) atTemplateOf.set(cells, (known = new Int8Array(links.keyCount)));
        if (!known[id]) {
          const at = cells[figure];
          const where = at && template.get(figure);
          known[id] = where && where.sheet === at.sheet && where.address === at.address ? 1 : -1;
        }
        return known[id] === 1;
      };
      for (let i = 0; i < links.length; i++) {
        // Most rows: a figure with no provenance entry of its own sits at its cell, as typed; the row is made
        // only when that cell may not be the template's.
        const u = links.unitAt(i);
        const figure = links.sourceAt(i);
        const id = links.sourceIdAt(i);
        const cells = u.provenance[figure] ? undefined : u.figures.cells;
        const p = cells && sitsAtTemplate(cells, figure, id) ? null : links.row(i);
        if (!p || atTemplateCell(p, template)) {
          const unit = links.unitIndexAt(i);
          let of = impliedOf[unit];
          if (!of) {
            impliedOf[unit] = of = { unit: u.unit, file: u.file, seen: new Uint8Array(links.keyCount), figures: 0 };
            implied.push(of);
          }
          if (!of.seen[id]) {
            of.seen[id] = 1;
            of.figures++;
          }
          continue;
        }
        const source = catalog.byKey.get(p.source);
        yield {
          cells: [
            c(p.key),
            c(catalog.byKey.get(p.key)?.name ?? ''),
            c(p.unit),
            c(p.file),
            c(p.sheet),
            c(p.cell),
            c(p.typed),
            c(p.value, numberLook(numFmtOf(source))),
            c(p.source === p.key ? ROLE_TEXT[p.role] : `${ROLE_TEXT[p.role]} (${p.source})`),
          ],
        };
      }
      for (const { unit, file, figures } of implied)
        yield {
          cells: [
            c(TEMPLATE_CELLS_KEY),
            c(
              `${formatCount(figures)} số liệu còn lại của đơn vị: đọc tại ô có tên của mẫu (cchc_…), đúng như đã nhập; số của từng chỉ tiêu ở trang tính ${CONSOLIDATED_SHEETS.summary}`,
            ),
            c(unit),
            c(file),
            c(null),
            c(null),
            c(null),
            c(null),
            c(ROLE_TEXT.value),
          ],
        };
    },
  };
}

/** The key column of a unit's row for the figures read at the template's own cells. */
export const TEMPLATE_CELLS_KEY = '(theo mẫu)';

function checksSheet(result: ConsolidationResult): SheetModel {
  const line = (values: string[]): ModelRow => ({
    cells: values.map((v, i) => c(v || null, i === 3 ? L_TOP_WRAP : undefined)),
  });
  // Findings of many units share their lists of cells: each list is written out once.
  const cellTexts = new WeakMap<readonly CellRef[], string>();
  const cellsText = (cells: readonly CellRef[]) => {
    let text = cellTexts.get(cells);
    if (text === undefined) {
      text = cells.map((x) => `${x.sheet}!${x.address}`).join('; ');
      cellTexts.set(cells, text);
    }
    return text;
  };
  return {
    name: CONSOLIDATED_SHEETS.checks,
    widths: [28, 28, 12, 90, 28, 22],
    frozen: { xSplit: 0, ySplit: 1 },
    *rows() {
      yield headerRow(['Đơn vị', 'Tệp', 'Mức độ', 'Nội dung', 'Ô', 'Quy tắc']);
      for (const w of result.warnings) yield line(['(chung)', '', 'Cảnh báo', w, '', '']);
      for (const f of result.findings) {
        yield line([
          f.unit ?? 'Số tổng hợp',
          f.file ?? '',
          f.severity === 'error' ? 'Lỗi' : 'Cảnh báo',
          f.message,
          cellsText(f.cells),
          f.rule,
        ]);
      }
    },
  };
}

function unitsSheet(result: ConsolidationResult): SheetModel {
  const count = numberLook(FMT_COUNT);
  return {
    name: CONSOLIDATED_SHEETS.units,
    widths: [6, 36, 32, 16, 22, 16, 14, 8, 10, 30],
    frozen: { xSplit: 0, ySplit: 1 },
    *rows() {
      yield headerRow([
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
        const n = counts.get(k) ?? { errors: 0, warnings: 0 };
        if (f.severity === 'error') n.errors++;
        else n.warnings++;
        counts.set(k, n);
      }
      let n = 0;
      for (const u of result.units) {
        const { errors, warnings } = counts.get(unitNameKey(u.unit)) ?? { errors: 0, warnings: 0 };
        const filled = Object.values(u.figures.values).filter((v) => v !== null && v !== undefined).length;
        yield {
          cells: [
            c(++n),
            c(u.unit.trim()),
            c(u.file),
            c(u.level ? LEVEL_LABELS[u.level] : null),
            c(u.period ? periodTitle(u.period) : null),
            c(u.period?.to ? formatDateShort(u.period.to) : null),
            c(filled, count),
            c(errors, count),
            c(warnings, count),
            c(filled === 0 ? 'Không có số liệu' : errors > 0 ? 'Đã tổng hợp, có lỗi cần xem lại' : 'Đã tổng hợp'),
          ],
        };
      }
      for (const name of result.missingUnits) {
        const cells: ModelCell[] = [c(++n), c(name.trim())];
        cells[9] = c('Chưa nộp', L_ALERT);
        yield { cells };
      }
      for (const f of result.refused ?? []) {
        const cells: ModelCell[] = [c(++n), c(f.unit?.trim() || null), c(f.file)];
        cells[9] = c(`Không tổng hợp: ${f.reason}`, L_ALERT);
        yield { cells };
      }
    },
  };
}

/** The visible sheets of a consolidation, in order. `scope` names whose totals they are ("cả tỉnh"). */
export function consolidationSheets(catalog: Catalog, result: ConsolidationResult, scope = 'cả tỉnh'): SheetModel[] {
  return [summarySheet(catalog, result, scope), sourcesSheet(catalog, result), checksSheet(result), unitsSheet(result)];
}
