import type { Catalog, Level } from './catalog/types';
import { duplicateUnits, unitNameKey, type UnitSubmission } from './consolidate';
import type { FigureSet } from './figures';
import { isInputIndicator } from './layout';
import { periodTitle, type Period } from './period';

/** What a reader made of one colleague's file (structurally the io ReadResult). */
export interface ReadUnit {
  file: string;
  layout: 'template' | 'legacy';
  unit: string | null;
  period: Period | null;
  figures: FigureSet;
  typed: Record<string, string | number | null>;
  notes: { sheet: string; cell: string; message: string; key?: string; kind?: string }[];
  /** The unit's level, from its details sheet (rows that do not apply to it are not summed). */
  details?: { level: Level | null };
}

export type ImportStatus = 'reading' | 'read' | 'refused';

/** One line of the import preview. */
export interface ImportEntry {
  file: string;
  /** Where the file was picked from (path or folder), when known: names a duplicate beyond its base name. */
  path?: string;
  status: ImportStatus;
  reason?: string;
  /** Editable in the preview. */
  unit: string;
  period: Period | null;
  layout?: 'template' | 'legacy';
  figuresFound: number;
  /** Rows or figures it could not place, with sheet and cell. */
  unplaced: { sheet: string; cell: string; message: string }[];
  /** Template drift: catalog rows absent, rows not in the catalog, rows matched under another code. */
  drift: { missing: string[]; extra: number; renamed: string[] };
  warnings: string[];
  /** The user's choice when the same unit came twice. */
  keep: boolean;
  read?: ReadUnit;
}

const inputKeys = new WeakMap<Catalog, readonly string[]>();
/** The keys of the figures typed in (made once per catalog: thousands of files are read against one). */
function inputKeysOf(catalog: Catalog): readonly string[] {
  let keys = inputKeys.get(catalog);
  if (!keys) inputKeys.set(catalog, (keys = catalog.indicators.filter(isInputIndicator).map((i) => i.key)));
  return keys;
}

export function entryFromRead(read: ReadUnit, catalog: Catalog): ImportEntry {
  const cells = read.figures.cells ?? {};
  const values = read.figures.values;
  const missing: string[] = [];
  let figuresFound = 0;
  for (const key of inputKeysOf(catalog)) {
    if (!cells[key]) missing.push(key);
    else if (values[key] !== null && values[key] !== undefined) figuresFound++;
  }
  return {
    file: read.file,
    status: 'read',
    unit: read.unit ?? '',
    period: read.period,
    layout: read.layout,
    figuresFound,
    unplaced: read.notes
      .filter((n) => n.kind === 'unplaced' || n.kind === 'unreadable')
      .map(({ sheet, cell, message }) => ({ sheet, cell, message })),
    drift: {
      missing:
        read.layout === 'template'
          ? missing
          : read.notes.filter((n) => n.kind === 'missing').flatMap((n) => (n.key ? [n.key] : [])),
      extra: read.notes.filter((n) => n.kind === 'unplaced').length,
      renamed: read.notes.filter((n) => n.kind === 'renumbered').flatMap((n) => (n.key ? [n.key] : [])),
    },
    warnings: [],
    keep: true,
    read,
  };
}

export function refusedEntry(file: string, reason: string): ImportEntry {
  return {
    file,
    status: 'refused',
    reason,
    unit: '',
    period: null,
    figuresFound: 0,
    unplaced: [],
    drift: { missing: [], extra: 0, renamed: [] },
    warnings: [],
    keep: false,
  };
}

const periodKey = (p: Period | null) =>
  p ? `${p.kind}-${p.year}-${p.kind === 'C' ? `${p.from}-${p.to}` : p.to.slice(0, 7)}` : '';

/**
 * Marks what the preview must show before anything is written: units sent twice
 * (the first file is kept until the user picks), a period other than most files', a missing unit name.
 */
export function reviewEntries(entries: ImportEntry[]): ImportEntry[] {
  const out = entries.map((e) => ({ ...e, warnings: [] as string[] }));
  const ok = out.filter((e) => e.status === 'read');
  const counts = new Map<string, number>();
  for (const e of ok) if (e.period) counts.set(periodKey(e.period), (counts.get(periodKey(e.period)) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  for (const e of ok) {
    if (!e.unit.trim()) e.warnings.push('Chưa có tên đơn vị: nhập tên trước khi tổng hợp.');
    if (common && e.period && periodKey(e.period) !== common) {
      e.warnings.push(`Kỳ báo cáo khác các tệp còn lại: ${periodTitle(e.period)}.`);
    }
  }
  const seen = new Map<string, ImportEntry>();
  for (const e of ok) {
    const k = unitNameKey(e.unit);
    if (!k) continue;
    const first = seen.get(k);
    if (!first) {
      seen.set(k, e);
      continue;
    }
    const message = `Đơn vị "${e.unit}" có hai tệp: "${first.path ?? first.file}" và "${e.path ?? e.file}"; chỉ giữ một.`;
    first.warnings.push(message);
    e.warnings.push(message);
    if (first.keep && e.keep) e.keep = false;
  }
  return out;
}

export function submissionOf(entry: ImportEntry): UnitSubmission {
  const read = entry.read!;
  const provenance: UnitSubmission['provenance'] = {};
  for (const [key, at] of Object.entries(read.figures.cells ?? {})) {
    provenance[key] = { sheet: at.sheet, cell: at.address, typed: read.typed[key] ?? null };
  }
  return {
    unit: entry.unit.trim(),
    file: entry.file,
    figures: read.figures,
    period: entry.period ?? undefined,
    level: read.details?.level ?? undefined,
    provenance,
    notes: read.notes,
  };
}

/** The submissions to consolidate: read, kept, named, and one per unit. */
export function acceptedSubmissions(entries: ImportEntry[]): UnitSubmission[] {
  const kept = entries.filter((e) => e.status === 'read' && e.keep && e.unit.trim());
  const subs = kept.map(submissionOf);
  const dup = duplicateUnits(subs);
  if (dup.length) throw new Error(`Đơn vị "${dup[0].unit}" vẫn còn hai tệp được chọn: ${dup[0].files.join(', ')}.`);
  return subs;
}
