import { colName } from '../office/a1';
import type { Catalog, Level } from '../domain/catalog/types';
import { figureColumn, type ConsolidationResult, type RefusedFile, type UnitSubmission } from '../domain/consolidate';
import { summaryOf, type ConsolidationSummary } from '../domain/consolidationSummary';
import type { CellRef } from '../domain/figures';
import { isInputIndicator, planWorkbook } from '../domain/layout';
import { makePeriod, parsePeriodKind, type Period } from '../domain/period';
import type { ModelCell, ModelRow, SheetModel } from './consolidatedWorkbook';
import type { CellSource } from './templateReader';

/**
 * What a consolidated workbook keeps for itself, in one very hidden sheet: each unit's figures
 * (so that a second import replaces only the units sent again), and the summary its report
 * needs (units, missing units, units per level, coded-answer counts, contributors per total).
 *
 * Layout: A1 "cchc-consolidation"; rows 2–8 the units (one column each from D): name, file,
 * level, period kind, year, window; then one row per figure: key, contributors, code counts
 * ("0:3;1:16"), each unit's value; then "#missing" (name), "#refused" (file, unit, reason) and
 * "#at" rows (unit column, key, sheet, cell, typed) for figures not read from the template's own cell.
 */
export const CONSOLIDATION_DATA_SHEET = '_cchc_tong_hop';
const MARK = 'cchc-consolidation';
const UNIT_ROWS = ['#unit', '#file', '#level', '#period', '#year', '#from', '#to'] as const;
const FIRST_UNIT_COL = 4;

const templateCells = new WeakMap<Catalog, Map<string, CellRef>>();
/** Where the template puts each figure: a unit read from it needs no "#at" row. */
export function templateCellsOf(catalog: Catalog): Map<string, CellRef> {
  let cells = templateCells.get(catalog);
  if (!cells) {
    cells = new Map(
      planWorkbook(catalog)
        .inputs.filter((i) => i.kind === 'figure')
        .map((i) => [i.id, { sheet: i.sheet, address: i.address }]),
    );
    templateCells.set(catalog, cells);
  }
  return cells;
}

const cell = (v: string | number | null | undefined): ModelCell => ({ v });

const orders = new WeakMap<object, Map<string, number> | null>();
/**
 * The position of each figure in `cells` when every one sits at the template's cell for it, else null.
 * Units read one after another share one `cells` object (leanReader): it is looked at once.
 */
function templateOrder(
  cells: Readonly<Record<string, CellRef>>,
  template: Map<string, CellRef>,
): Map<string, number> | null {
  let order = orders.get(cells);
  if (order !== undefined) return order;
  order = new Map();
  for (const [key, at] of Object.entries(cells)) {
    const where = template.get(key);
    if (!where || where.sheet !== at.sheet || where.address !== at.address) {
      order = null;
      break;
    }
    order.set(key, order.size);
  }
  orders.set(cells, order);
  return order;
}

export function consolidationDataSheet(catalog: Catalog, result: ConsolidationResult): SheetModel {
  const units = result.units;
  const keys = catalog.indicators.filter(isInputIndicator).map((i) => i.key);
  return {
    name: CONSOLIDATION_DATA_SHEET,
    widths: [14, 8, 14],
    veryHidden: true,
    *rows(): Iterable<ModelRow> {
      yield { cells: [cell(MARK), cell(1)] };
      const unitRow = (label: string, of: (u: UnitSubmission) => string | number | null | undefined): ModelRow => ({
        cells: [cell(label), undefined, undefined, ...units.map((u) => cell(of(u)))],
      });
      yield unitRow('#unit', (u) => u.unit.trim());
      yield unitRow('#file', (u) => u.file);
      yield unitRow('#level', (u) => u.level);
      yield unitRow('#period', (u) => u.period?.kind);
      yield unitRow('#year', (u) => u.period?.year);
      yield unitRow('#from', (u) => u.period?.from);
      yield unitRow('#to', (u) => u.period?.to);
      for (const key of keys) {
        const fig = result.figures[key];
        const codes = fig?.codeCounts
          ? Object.entries(fig.codeCounts)
              .map(([code, n]) => `${code}:${n}`)
              .join(';')
          : null;
        yield {
          cells: [cell(key), cell(fig?.contributors ?? 0), cell(codes)],
          numbers: { values: figureColumn(units, key) },
        };
      }
      for (const name of result.missingUnits) yield { cells: [cell('#missing'), cell(name)] };
      for (const r of result.refused) yield { cells: [cell('#refused'), cell(r.file), cell(r.unit), cell(r.reason)] };
      const template = templateCellsOf(catalog);
      const atRow = (i: number, key: string, at: CellRef, typed: string | number | null): ModelRow => ({
        cells: [cell('#at'), cell(i + 1), cell(key), cell(at.sheet), cell(at.address), cell(typed)],
      });
      for (let i = 0; i < units.length; i++) {
        const u = units[i];
        const cells = u.figures.cells ?? {};
        const order = templateOrder(cells, template);
        if (order) {
          // Every figure at the template's cell: only one typed otherwise than read needs a row, in the cells' order.
          const keys = Object.keys(u.provenance).filter(
            (k) => order.has(k) && u.provenance[k].typed !== (u.figures.values[k] ?? null),
          );
          keys.sort((a, b) => order.get(a)! - order.get(b)!);
          for (const key of keys) yield atRow(i, key, cells[key], u.provenance[key].typed);
          continue;
        }
        for (const [key, at] of Object.entries(cells)) {
          const p = u.provenance[key];
          const where = template.get(key);
          const value = u.figures.values[key] ?? null;
          const typed = p ? p.typed : value;
          if (where && where.sheet === at.sheet && where.address === at.address && typed === value) continue;
          yield atRow(i, key, at, typed);
        }
      }
    },
  };
}

export interface ConsolidationData {
  summary: ConsolidationSummary;
  /** The units as they were consolidated, to merge a new import into. */
  units: UnitSubmission[];
  refused: RefusedFile[];
}

function decimalsOf(v: number): number {
  const s = String(v);
  const dot = s.indexOf('.');
  return dot < 0 || s.includes('e') ? 0 : s.length - dot - 1;
}

/** Reads the hidden consolidation sheet back, or null when the workbook has none. */
export function readConsolidationData(src: CellSource, catalog: Catalog): ConsolidationData | null {
  const sheet = CONSOLIDATION_DATA_SHEET;
  if (!src.hasSheet(sheet)) return null;
  const at = (col: number, row: number) => src.cell(sheet, `${colName(col)}${row}`)?.value ?? null;
  const text = (col: number, row: number) => {
    const v = at(col, row);
    return v === null || v === undefined ? '' : String(v).trim();
  };
  if (text(1, 1) !== MARK) return null;
  const unitCount = (() => {
    let n = 0;
    while (text(FIRST_UNIT_COL + n, 2)) n++;
    return n;
  })();
  const units: UnitSubmission[] = [];
  const template = templateCellsOf(catalog);
  for (let i = 0; i < unitCount; i++) {
    const col = FIRST_UNIT_COL + i;
    const kind = parsePeriodKind(text(col, 5));
    const year = Number(text(col, 6));
    const period: Period | undefined =
      kind && Number.isInteger(year) && year > 0
        ? makePeriod(kind, year, { from: text(col, 7), to: text(col, 8) })
        : undefined;
    units.push({
      unit: text(col, 2),
      file: text(col, 3),
      level: (text(col, 4) || undefined) as Level | undefined,
      period,
      figures: { values: {}, cells: {}, decimals: {} },
      provenance: {},
    });
  }
  const contributors: Record<string, number> = {};
  const codeCounts: Record<string, Record<string, number>> = {};
  const missingUnits: string[] = [];
  const refused: RefusedFile[] = [];
  for (let row = UNIT_ROWS.length + 2; ; row++) {
    const head = text(1, row);
    if (!head) break;
    if (head === '#missing') missingUnits.push(text(2, row));
    else if (head === '#refused')
      refused.push({ file: text(2, row), unit: text(3, row) || undefined, reason: text(4, row) });
    else if (head === '#at') {
      const u = units[Number(at(2, row)) - 1];
      const key = text(3, row);
      if (!u || !catalog.byKey.has(key)) continue;
      const typed = at(6, row);
      u.figures.cells![key] = { sheet: text(4, row), address: text(5, row) };
      u.provenance[key] = {
        sheet: text(4, row),
        cell: text(5, row),
        typed: typeof typed === 'number' || typeof typed === 'string' ? typed : null,
      };
    } else if (catalog.byKey.has(head)) {
      contributors[head] = Number(at(2, row)) || 0;
      const codes = text(3, row);
      if (codes) {
        codeCounts[head] = Object.fromEntries(
          codes.split(';').map((pair) => {
            const [code, n] = pair.split(':');
            return [code, Number(n)];
          }),
        );
      }
      const where = template.get(head);
      units.forEach((u, i) => {
        const v = at(FIRST_UNIT_COL + i, row);
        if (typeof v !== 'number') return;
        u.figures.values[head] = v;
        const d = decimalsOf(v);
        if (d) u.figures.decimals![head] = d;
        if (where && !u.figures.cells![head]) u.figures.cells![head] = where;
      });
    }
  }
  // A figure with its own "#at" row was read elsewhere; the others sit where the template puts them.
  for (const u of units) {
    for (const [key, c] of Object.entries(u.figures.cells!)) {
      u.provenance[key] ??= { sheet: c.sheet, cell: c.address, typed: u.figures.values[key] ?? null };
    }
  }
  const summary = summaryOf({ units, missingUnits, figures: {} });
  return { summary: { ...summary, contributors, codeCounts }, units, refused };
}
