import type { Catalog } from '../domain/catalog/types';
import type { ConsolidationSummary } from '../domain/consolidationSummary';
import type { PreviousPeriodData } from '../domain/previousPeriod';
import { DETAIL_FIELDS, emptyDetails, parseLevel, type ReportDetails } from '../domain/details';
import type { CellRef, FigureSet } from '../domain/figures';
import { isoFromCellDate, isoFromDate } from '../domain/format';
import {
  COL,
  computedCells,
  isInputIndicator,
  META_SHEET,
  nameForDetail,
  nameForKey,
  nameForText,
} from '../domain/layout';
import { OUTLINE } from '../domain/outline';
import { defaultWindow, makePeriod, parsePeriod, type Period } from '../domain/period';
import { readConsolidationData } from './consolidationData';
import { parseFigure } from './figureText';
import type { ReadNote } from './legacy';

/**
 * Reading the add-in's own layout, over any cell source: an exceljs workbook (CLI, import)
 * or a snapshot of the open workbook taken through the port (pane). One reading for both.
 */
export interface CellSource {
  /** Defined names that point at one cell. */
  names: ReadonlyMap<string, CellRef>;
  hasSheet(sheet: string): boolean;
  /** The cell's value as typed (a Date for a date cell), its number format and whether it holds a formula. */
  cell(sheet: string, address: string): { value: unknown; numFmt?: string; isFormula?: boolean } | null;
}

export interface ReadResult {
  file: string;
  layout: 'template' | 'legacy';
  catalogId: string;
  unit: string | null;
  period: Period | null;
  details: ReportDetails;
  texts: Record<string, string>;
  figures: FigureSet;
  /** Each figure's cell as typed (text or number), for provenance. */
  typed: Record<string, string | number | null>;
  /** The forms' "Ghi chú" column by key, as typed. */
  remarks: Record<string, string>;
  notes: ReadNote[];
  /** A consolidating office's workbook filled from its units' files: where its totals came from. */
  consolidation?: ConsolidationSummary;
  /** The unit's previous report, when given beside this one. */
  previous?: PreviousPeriodData;
}

/** The row of a cell's address ("D17" → 17). */
function rowOfAddress(address: string): number {
  let i = address.length;
  while (i > 0 && address.charCodeAt(i - 1) >= 48 && address.charCodeAt(i - 1) <= 57) i--;
  return Number(address.slice(i));
}

function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoFromDate(value);
  if (typeof value === 'object' && typeof (value as { error?: unknown }).error === 'string')
    return (value as { error: string }).error;
  return String(value).trim();
}

function typedOf(value: unknown): string | number | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return textOf(value);
}

export function periodOfDetails(d: ReportDetails): Period | null {
  if (!d.periodKind || !d.year) return null;
  return makePeriod(d.periodKind, d.year, { from: d.from || undefined, to: d.to || undefined });
}

export function readDetails(src: CellSource): ReportDetails {
  const details = emptyDetails();
  let months: number | undefined;
  for (const { field } of DETAIL_FIELDS) {
    const at = src.names.get(nameForDetail(field));
    const value = at ? src.cell(at.sheet, at.address)?.value : null;
    const text = textOf(value);
    if (!text) continue;
    switch (field) {
      case 'level':
        details.level = parseLevel(text);
        break;
      case 'periodKind': {
        const parsed = parsePeriod(text);
        details.periodKind = parsed?.kind ?? null;
        months = parsed?.months;
        break;
      }
      case 'year':
        details.year = /^\d{4}$/.test(text) ? Number(text) : null;
        break;
      case 'from':
      case 'to':
      case 'date':
        // One reading of a date for every source: typed text, a Date (exceljs) or a serial (lean reader, pane).
        details[field] = isoFromCellDate(typeof value === 'string' ? text : value) ?? '';
        break;
      case 'recipients':
        details.recipients = text
          .split(/\r?\n/)
          .map((s) => s.replace(/^[-–•]\s*/, '').trim())
          .filter(Boolean);
        break;
      default:
        details[field] = text;
    }
  }
  // "10 tháng đầu năm", "Tháng 3" with no window typed: the months named give it.
  if (months && details.year && details.periodKind) {
    const d = defaultWindow(details.periodKind, details.year, months);
    if (!details.to) details.to = d.to;
    if (!details.from) details.from = d.from;
  }
  return details;
}

/** Reads the add-in's layout by its defined names, so moved rows still read right. */
export function readTemplateSource(src: CellSource, catalog: Catalog, file: string): ReadResult {
  const figures: FigureSet = { values: {}, cells: {}, decimals: {}, computed: {} };
  const notes: ReadNote[] = [];
  const remarks: Record<string, string> = {};
  const typed: Record<string, string | number | null> = {};
  for (const ind of catalog.indicators) {
    if (!isInputIndicator(ind)) continue;
    const at = src.names.get(nameForKey(ind.key));
    const cell = at && src.hasSheet(at.sheet) ? src.cell(at.sheet, at.address) : null;
    if (!at || !cell) {
      notes.push({
        sheet: '',
        cell: '',
        key: ind.key,
        message: `Không tìm thấy ô của chỉ tiêu ${ind.key} (tên ${nameForKey(ind.key)}); mẫu có thể đã bị sửa.`,
        kind: 'missing',
      });
      continue;
    }
    const row = rowOfAddress(at.address);
    const remark = textOf(src.cell(at.sheet, `${COL.note}${row}`)?.value);
    if (remark && !remark.startsWith('Không áp dụng')) remarks[ind.key] = remark;
    const parsed = parseFigure(cell.value, ind.kind, { numFmt: cell.numFmt, codeLabels: ind.unit });
    figures.values[ind.key] = parsed.value;
    figures.cells![ind.key] = at;
    typed[ind.key] = typedOf(cell.value);
    if (parsed.value !== null && parsed.decimals) figures.decimals![ind.key] = parsed.decimals;
    if (parsed.fromText && parsed.value !== null) {
      notes.push({
        sheet: at.sheet,
        cell: at.address,
        key: ind.key,
        message: `Số liệu ${ind.key} được đọc từ văn bản "${textOf(cell.value)}" thành ${parsed.value}.`,
        kind: 'text',
      });
    } else if (parsed.note) {
      notes.push({
        sheet: at.sheet,
        cell: at.address,
        key: ind.key,
        message: `Ô ${at.sheet}!${at.address} (${ind.key}) không phải số: "${parsed.note}".`,
        kind: 'unreadable',
      });
    }
  }
  const details = readDetails(src);
  // Computed cells: where the plan put a formula, check it is still one.
  for (const c of computedCells(catalog)) {
    if (!src.hasSheet(c.sheet)) continue;
    const cell = src.cell(c.sheet, c.address);
    // A formula's empty text result is no value, whichever reader gives it ('' or none).
    const value = cell?.value === '' ? null : (cell?.value ?? null);
    figures.computed![c.id] = {
      cell: { sheet: c.sheet, address: c.address },
      isFormula: !!cell?.isFormula || value === null,
      value: typeof value === 'number' || typeof value === 'string' || value === null ? value : textOf(value),
    };
  }
  const texts: Record<string, string> = {};
  for (const s of OUTLINE) {
    const at = src.names.get(nameForText(s.id));
    const t = at ? textOf(src.cell(at.sheet, at.address)?.value) : '';
    if (t) texts[s.id] = t;
  }
  const catalogId = (src.hasSheet(META_SHEET) && textOf(src.cell(META_SHEET, 'B2')?.value)) || catalog.id;
  const consolidation = readConsolidationData(src, catalog)?.summary;
  return {
    file,
    layout: 'template',
    catalogId,
    unit: details.unit || null,
    period: periodOfDetails(details),
    details,
    texts,
    figures,
    typed,
    remarks,
    notes,
    ...(consolidation ? { consolidation } : {}),
  };
}
