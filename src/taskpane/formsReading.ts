import { catalogIds, DEFAULT_CATALOG_ID, getCatalog } from '../domain/catalog';
import { formLabel } from '../domain/catalog/load';
import type { Catalog, FormId, Indicator } from '../domain/catalog/types';
import { parseLevel, type DetailField } from '../domain/details';
import type { CellRef, ReportContext } from '../domain/figures';
import { isoFromDate, parseVietnameseDate } from '../domain/format';
import { isInputIndicator, META_SHEET, nameForDetail, nameForKey } from '../domain/layout';
import { makePeriod, parsePeriodKind } from '../domain/period';
import type { Finding } from '../domain/validate';
import { snapshotCell, type RawValue, type WorkbookSnapshot } from '../office/port';

/** What the injected forms say about themselves: catalog, level and period, and which named cell is which figure. */

/** The details cells that set the level and period: an edit there re-checks everything. */
export const CONTEXT_FIELDS: DetailField[] = ['level', 'periodKind', 'year', 'from', 'to'];

function rawText(v: RawValue): string {
  return v === null ? '' : String(v).trim();
}

/** A date cell: text "15/12/2023" or an Excel serial number. */
function isoOf(v: RawValue): string | undefined {
  if (typeof v === 'number' && v > 20000 && v < 80000)
    return isoFromDate(new Date(Date.UTC(1899, 11, 30) + Math.round(v) * 86400000));
  return parseVietnameseDate(rawText(v)) ?? undefined;
}

function namedValue(snapshot: WorkbookSnapshot, name: string): RawValue {
  const at = snapshot.names[name];
  return at ? (snapshotCell(snapshot, at.sheet, at.address)?.value ?? null) : null;
}

/** Level and period as the details sheet states them. */
export function readContext(snapshot: WorkbookSnapshot): ReportContext {
  const ctx: ReportContext = {};
  const level = parseLevel(rawText(namedValue(snapshot, nameForDetail('level'))));
  if (level) ctx.level = level;
  const kind = parsePeriodKind(rawText(namedValue(snapshot, nameForDetail('periodKind'))));
  const year = Number(rawText(namedValue(snapshot, nameForDetail('year'))));
  if (kind && Number.isInteger(year) && year > 2000) {
    ctx.period = makePeriod(kind, year, {
      from: isoOf(namedValue(snapshot, nameForDetail('from'))),
      to: isoOf(namedValue(snapshot, nameForDetail('to'))),
    });
  }
  return ctx;
}

/** The catalog the forms were injected from (the meta sheet names it), else the default. */
export function catalogOf(snapshot: WorkbookSnapshot): Catalog {
  const meta = snapshot.sheets.find((s) => s === META_SHEET);
  const id = meta ? rawText(snapshotCell(snapshot, meta, 'B2')?.value ?? null) : '';
  return getCatalog(catalogIds().includes(id) ? id : DEFAULT_CATALOG_ID);
}

export interface CatalogIndex {
  nameToKey: Map<string, string>;
  inputs: Indicator[];
  total: Map<FormId, number>;
}

const indexCache = new WeakMap<Catalog, CatalogIndex>();

export function indexOf(catalog: Catalog): CatalogIndex {
  let idx = indexCache.get(catalog);
  if (!idx) {
    const inputs = catalog.indicators.filter(isInputIndicator);
    const total = new Map<FormId, number>();
    for (const ind of inputs) total.set(ind.form, (total.get(ind.form) ?? 0) + 1);
    idx = { nameToKey: new Map(inputs.map((i) => [nameForKey(i.key), i.key])), inputs, total };
    indexCache.set(catalog, idx);
  }
  return idx;
}

export function unreadableFinding(ind: Indicator, at: CellRef, text: string): Finding {
  return {
    severity: 'error',
    rule: `${ind.key}#text`,
    keys: [ind.key],
    cells: [at],
    blame: ind.key,
    message: `${formLabel(ind.form)}: ô ${at.sheet}!${at.address} (chỉ tiêu ${ind.code}) ghi "${text}", không đọc được thành số. Hãy nhập một số; lời giải thích ghi ở cột Ghi chú.`,
  };
}
