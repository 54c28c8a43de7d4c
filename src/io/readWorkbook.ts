import type ExcelJS from 'exceljs';
import { getCatalog } from '../domain/catalog';
import type { Catalog } from '../domain/catalog/types';
import { DETAIL_FIELDS, emptyDetails, parseLevel, type ReportDetails } from '../domain/details';
import type { FigureSet } from '../domain/figures';
import { isoFromDate, parseVietnameseDate } from '../domain/format';
import { COL, computedCells, isInputIndicator, META_SHEET, nameForDetail, nameForKey, nameForText } from '../domain/layout';
import { OUTLINE } from '../domain/outline';
import { makePeriod, parsePeriodKind, PERIOD_LABELS, type Period } from '../domain/period';
import { cellRaw, cellString, isFormulaCell } from './cellText';
import { parseFigure } from './figureText';
import { readLegacy, type ReadNote } from './legacy';
import { openWorkbook } from './safeOpen';

export type { ReadNote } from './legacy';

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
}

interface NamedCell {
  sheet: string;
  address: string;
}

/** Defined names of the workbook: name → its single cell. */
export function definedCells(wb: ExcelJS.Workbook): Map<string, NamedCell> {
  const out = new Map<string, NamedCell>();
  for (const dn of wb.definedNames.model as { name: string; ranges: string[] }[]) {
    const range = dn.ranges[0];
    const m = /^'?(.*?)'?!\$?([A-Z]+)\$?(\d+)$/.exec(range ?? '');
    if (m) out.set(dn.name, { sheet: m[1].replace(/''/g, "'"), address: `${m[2]}${m[3]}` });
  }
  return out;
}

export function isTemplateWorkbook(wb: ExcelJS.Workbook): boolean {
  const meta = wb.getWorksheet(META_SHEET);
  if (meta && cellString(meta.getCell('A1')) === 'cchc-layout') return true;
  return [...definedCells(wb).keys()].some((n) => n.startsWith('cchc_'));
}

function readDetails(wb: ExcelJS.Workbook, names: Map<string, NamedCell>): ReportDetails {
  const details = emptyDetails();
  for (const { field } of DETAIL_FIELDS) {
    const at = names.get(nameForDetail(field));
    const ws = at && wb.getWorksheet(at.sheet);
    if (!ws || !at) continue;
    const raw = cellRaw(ws.getCell(at.address));
    if (raw === null || raw === '') continue;
    const text = raw instanceof Date ? isoFromDate(raw) : String(raw).trim();
    switch (field) {
      case 'level':
        details.level = parseLevel(text);
        break;
      case 'periodKind':
        details.periodKind = parsePeriodKind(text);
        break;
      case 'year':
        details.year = Number.isFinite(Number(text)) ? Number(text) : null;
        break;
      case 'from':
      case 'to':
      case 'date':
        details[field] = parseVietnameseDate(text) ?? '';
        break;
      case 'recipients':
        details.recipients = text.split(/\r?\n/).map((s) => s.replace(/^[-–•]\s*/, '').trim()).filter(Boolean);
        break;
      default:
        details[field] = text;
    }
  }
  return details;
}

export function periodOfDetails(d: ReportDetails): Period | null {
  if (!d.periodKind || !d.year) return null;
  return makePeriod(d.periodKind, d.year, { from: d.from || undefined, to: d.to || undefined });
}

/** Reads a workbook laid out by this add-in (by its defined names, so moved rows still read right). */
export function readTemplate(wb: ExcelJS.Workbook, catalog: Catalog, file: string): ReadResult {
  const names = definedCells(wb);
  const figures: FigureSet = { values: {}, cells: {}, decimals: {}, computed: {} };
  const notes: ReadNote[] = [];
  const remarks: Record<string, string> = {};
  for (const ind of catalog.indicators) {
    if (!isInputIndicator(ind)) continue;
    const at = names.get(nameForKey(ind.key));
    const ws = at && wb.getWorksheet(at.sheet);
    if (!at || !ws) {
      notes.push({ sheet: '', cell: '', key: ind.key, message: `Không tìm thấy ô của chỉ tiêu ${ind.key} (tên ${nameForKey(ind.key)}); mẫu có thể đã bị sửa.`, kind: 'missing' });
      continue;
    }
    const cell = ws.getCell(at.address);
    const remark = cellString(ws.getCell(`${COL.note}${cell.row}`));
    if (remark && !remark.startsWith('Không áp dụng')) remarks[ind.key] = remark;
    const parsed = parseFigure(cellRaw(cell), ind.kind, { numFmt: cell.numFmt, codeLabels: ind.unit });
    figures.values[ind.key] = parsed.value;
    figures.cells![ind.key] = { sheet: at.sheet, address: at.address };
    if (parsed.value !== null && parsed.decimals) figures.decimals![ind.key] = parsed.decimals;
    if (parsed.fromText && parsed.value !== null) {
      notes.push({ sheet: at.sheet, cell: at.address, key: ind.key, message: `Số liệu ${ind.key} được đọc từ văn bản "${cellString(cell)}" thành ${parsed.value}.`, kind: 'text' });
    } else if (parsed.note) {
      notes.push({ sheet: at.sheet, cell: at.address, key: ind.key, message: `Ô ${at.sheet}!${at.address} (${ind.key}) không phải số: "${parsed.note}".`, kind: 'unreadable' });
    }
  }
  const details = readDetails(wb, names);
  const period = periodOfDetails(details);
  // Computed cells: where the plan put a formula, check it is still one.
  for (const c of computedCells(catalog)) {
    const ws = wb.getWorksheet(c.sheet);
    if (!ws) continue;
    const cell = ws.getCell(c.address);
    const raw = cellRaw(cell);
    figures.computed![c.id] = {
      cell: { sheet: c.sheet, address: c.address },
      isFormula: isFormulaCell(cell) || raw === null,
      value: raw instanceof Date || typeof raw === 'boolean' ? String(raw) : raw,
    };
  }
  const texts: Record<string, string> = {};
  for (const s of OUTLINE) {
    const at = names.get(nameForText(s.id));
    const ws = at && wb.getWorksheet(at.sheet);
    if (at && ws) {
      const t = cellString(ws.getCell(at.address));
      if (t) texts[s.id] = t;
    }
  }
  const meta = wb.getWorksheet(META_SHEET);
  const catalogId = (meta && cellString(meta.getCell('B2'))) || catalog.id;
  return { file, layout: 'template', catalogId, unit: details.unit || null, period, details, texts, figures, typed: typedValues(wb, figures), remarks, notes };
}

function typedValues(wb: ExcelJS.Workbook, figures: FigureSet): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const [key, at] of Object.entries(figures.cells ?? {})) {
    const ws = wb.getWorksheet(at.sheet);
    const raw = ws ? cellRaw(ws.getCell(at.address)) : null;
    out[key] = raw === null || typeof raw === 'number' || typeof raw === 'string' ? raw : raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw);
  }
  return out;
}

function periodFromText(text: string | null): Period | null {
  if (!text) return null;
  const kind = parsePeriodKind(text);
  const year = /\b(20\d{2})\b/.exec(text);
  return kind && year ? makePeriod(kind, Number(year[1])) : null;
}

function unitFromFileName(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.xlsx$/i, '').replace(/[_-]+/g, ' ').trim();
}

/** Any workbook: the add-in's own layout or a legacy / hand-made one. */
export function readExcelWorkbook(wb: ExcelJS.Workbook, file: string, catalog: Catalog = getCatalog()): ReadResult {
  if (isTemplateWorkbook(wb)) return readTemplate(wb, catalog, file);
  const legacy = readLegacy(wb, catalog, file);
  const details = emptyDetails();
  const period = periodFromText(legacy.periodText);
  details.unit = legacy.unit ?? '';
  if (period) {
    details.periodKind = period.kind;
    details.year = period.year;
  }
  const notes = [...legacy.notes];
  if (!legacy.unit) notes.push({ sheet: '', cell: '', message: `Không thấy tên đơn vị trong tệp; tạm lấy theo tên tệp "${unitFromFileName(file)}".` });
  return {
    file,
    layout: 'legacy',
    catalogId: catalog.id,
    unit: legacy.unit ?? unitFromFileName(file),
    period,
    details,
    texts: {},
    figures: legacy.figures,
    typed: typedValues(wb, legacy.figures),
    remarks: {},
    notes,
  };
}

export async function readWorkbookBytes(data: Uint8Array, file: string, catalog: Catalog = getCatalog()): Promise<ReadResult> {
  const wb = await openWorkbook(data, file);
  return readExcelWorkbook(wb, file, catalog);
}

export function periodLabel(p: Period | null): string | null {
  return p ? `${PERIOD_LABELS[p.kind]} ${p.year}` : null;
}
