import { applies } from './applicability';
import { formLabel } from './catalog/load';
import type { Catalog, Indicator, Level, RateDef } from './catalog/types';
import { codeLabels, ratioDisplay } from './display';
import { evaluate, printExpr, refsOf, type Expr } from './expr';
import type { FigureSet, ReportContext } from './figures';
import { formatDateShort, formatNumber, formatPercent } from './format';
import { isInputIndicator } from './layout';
import { periodPhrase, samePeriod, type Period } from './period';
import { ratePoints } from './rates';
import { stripAccents } from './text';
import { checkRuleOn, validate, type Finding } from './validate';
import { unreadableFindings, type CellNote } from './readFindings';

/**
 * Consolidation: the provincial office merges the forms of every unit into one.
 * Pure: the caller reads the files (src/io) and hands over one submission per unit.
 */

export interface UnitSubmission {
  unit: string;
  file: string;
  figures: FigureSet;
  period?: Period;
  level?: Level;
  /**
   * Where each figure was read, and what was typed there. A figure without an entry was typed as read, at
   * its place in `figures.cells`.
   */
  provenance: Record<string, { sheet: string; cell: string; typed: string | number | null }>;
  /** What the reader noted (figures it could not read become error findings of the unit). */
  notes?: readonly CellNote[];
  /** Its own findings (unitFindings of these figures, level and period) when its reader made them. */
  findings?: readonly Finding[];
}

/** A unit's own findings: the figures it could not read, then its forms' checks at its level and period. */
export function unitFindings(catalog: Catalog, u: UnitSubmission): Finding[] {
  return [...unreadableFindings(u.notes ?? []), ...validate(catalog, u.figures, { level: u.level, period: u.period })];
}

export interface ConsolidatedFigure {
  key: string;
  value: number | null;
  /** "so với năm 2015" rates weighted without 2015 baselines. */
  approximate?: boolean;
  /** Coded answers: number of units per code. */
  codeCounts?: Record<string, number>;
  /** As printed: "3/19 đơn vị", "16.181/16.183", "49,23%", "—". */
  display?: string;
  /** Units whose figures went into the value. */
  contributors: number;
  note?: string;
}

export interface ProvenanceRow {
  /** The consolidated figure. */
  key: string;
  unit: string;
  file: string;
  sheet: string;
  cell: string;
  /** As the unit typed it ("16.183", 12, "10%"). */
  typed: string | number | null;
  /** As read. */
  value: number | null;
  /** The figure read: `key` itself, or a weight or a part of a rate recomputed from its parts. */
  source: string;
  role: 'value' | 'weight' | 'part';
}

export type ConsolidationFinding = Finding & { unit?: string; file?: string };

export interface ConsolidationResult {
  totals: FigureSet;
  figures: Record<string, ConsolidatedFigure>;
  units: UnitSubmission[];
  /** Per-unit findings carry `unit` and `file`; findings on the totals carry neither. */
  findings: ConsolidationFinding[];
  warnings: string[];
  /** Every unit figure that went into a consolidated one (iterate it for the rows). */
  provenance: ProvenanceLinks;
  /** Expected units that sent nothing, as given in `expectedUnits`. */
  missingUnits: string[];
  /** Files the caller could not read or refused, as given in `refused`. */
  refused: RefusedFile[];
}

/** A file left out before consolidation (unreadable, hostile, a second file of a unit…). */
export interface RefusedFile {
  file: string;
  unit?: string;
  reason: string;
}

export interface ConsolidateOptions {
  /** Units that must report (names compared case- and accent-insensitively). */
  expectedUnits?: string[];
  /** Level and period of the consolidated report, for checking the totals. */
  level?: Level;
  period?: Period;
  /** Files the caller refused: reported in the warnings and the units' list, never silently dropped. */
  refused?: RefusedFile[];
}

export class DuplicateUnitError extends Error {
  constructor(
    readonly unit: string,
    readonly files: [string, string],
  ) {
    super(
      `Đơn vị "${unit}" có hai tệp: "${files[0]}" và "${files[1]}". Chọn một tệp cho đơn vị này (hoặc thay bằng tệp cập nhật) rồi tổng hợp lại.`,
    );
    this.name = 'DuplicateUnitError';
  }
}

/** Comparison form of a unit name: trimmed, one space, lower case, no accents ("Sở Nội vụ" = "so noi vu"). */
export function unitNameKey(name: string): string {
  return stripAccents(name).trim().replace(/\s+/g, ' ');
}

/** Units sent more than once, with their files: the caller asks which file to keep before consolidating. */
export function duplicateUnits(units: UnitSubmission[]): { unit: string; files: string[] }[] {
  const byKey = new Map<string, { unit: string; files: string[] }>();
  for (const u of units) {
    const k = unitNameKey(u.unit);
    const entry = byKey.get(k);
    if (entry) entry.files.push(u.file);
    else byKey.set(k, { unit: u.unit.trim(), files: [u.file] });
  }
  return [...byKey.values()].filter((e) => e.files.length > 1);
}

/** Earlier units with the fresh ones merged in: a unit sent again replaces its earlier figures, in place. */
export function mergeUnits(earlier: UnitSubmission[], fresh: UnitSubmission[]): UnitSubmission[] {
  const byKey = new Map<string, UnitSubmission>();
  for (const u of earlier) if (!byKey.has(unitNameKey(u.unit))) byKey.set(unitNameKey(u.unit), u);
  for (const u of fresh) byKey.set(unitNameKey(u.unit), u);
  return [...byKey.values()];
}

const MAX_NAMES = 6;

function nameList(names: string[]): string {
  if (names.length <= MAX_NAMES) return names.join(', ');
  return `${names.slice(0, MAX_NAMES).join(', ')} và ${names.length - MAX_NAMES} đơn vị khác`;
}

/** Sums without binary noise (0.1 + 0.2), keeping integers exact. */
function tidy(x: number): number {
  return Number.isInteger(x) ? x : Number(x.toFixed(9));
}

function cutoffLabel(u: UnitSubmission): string | null {
  return u.period?.to ? formatDateShort(u.period.to) : null;
}

/** "Sở A, Sở B (14/06/2024); Sở C (07/06/2024)". */
function describeCutoffs(groups: Map<string, string[]>): string {
  return [...groups.entries()].map(([to, names]) => `${nameList(names)} (đến ${to})`).join('; ');
}

const ROLES: readonly ProvenanceRow['role'][] = ['value', 'weight', 'part'];

/**
 * The provenance rows, packed as numbers: thousands of units make a million rows, and each is made
 * back from its unit (where it was read, what was typed) only when it is listed.
 */
export class ProvenanceLinks implements Iterable<ProvenanceRow> {
  private readonly keys: string[] = [];
  private readonly keyIds = new Map<string, number>();
  private readonly unitIds: Map<UnitSubmission, number>;
  /** Per row: the unit's index. */
  private unitOf = new Int32Array(1024);
  /** Per row: key id × 2¹⁶ + source key id × 4 + role. */
  private what = new Uint32Array(1024);
  length = 0;

  constructor(private readonly units: readonly UnitSubmission[]) {
    this.unitIds = new Map(units.map((u, i) => [u, i]));
  }

  /** The last key asked for, and its id: a figure's rows are added one unit after another. */
  private lastKey: string | null = null;
  private lastKeyId = 0;

  private keyId(key: string): number {
    if (key === this.lastKey) return this.lastKeyId;
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.keys.length;
      // 14 bits per id in `what`: a catalog has a few hundred figures.
      if (id >= 1 << 14) throw new Error(`Danh mục có quá nhiều chỉ tiêu để tổng hợp (hơn ${1 << 14}).`);
      this.keys.push(key);
      this.keyIds.set(key, id);
    }
    this.lastKey = key;
    this.lastKeyId = id;
    return id;
  }

  add(key: string, u: UnitSubmission, source: string, role: ProvenanceRow['role']): void {
    const unit = this.unitIds.get(u);
    if (unit === undefined) throw new Error(`Đơn vị "${u.unit}" không thuộc lần tổng hợp này.`);
    this.addAt(key, unit, source, role);
  }

  /** A row of the unit at index `unit` of the units given. */
  addAt(key: string, unit: number, source: string, role: ProvenanceRow['role']): void {
    if (this.length === this.unitOf.length) {
      const units = new Int32Array(this.length * 2);
      units.set(this.unitOf);
      this.unitOf = units;
      const what = new Uint32Array(this.length * 2);
      what.set(this.what);
      this.what = what;
    }
    this.unitOf[this.length] = unit;
    this.what[this.length++] = this.keyId(key) * 65536 + this.keyId(source) * 4 + ROLES.indexOf(role);
  }

  /** The unit of row `i`, without making the row. */
  unitAt(i: number): UnitSubmission {
    return this.units[this.unitOf[i]];
  }

  /** The index of row `i`'s unit among the units given. */
  unitIndexAt(i: number): number {
    return this.unitOf[i];
  }

  /** The figure read for row `i`, without making the row. */
  sourceAt(i: number): string {
    return this.keys[this.sourceIdAt(i)];
  }

  /** The figure read for row `i` as a number from 0 to `keyCount` − 1, the same for the same figure. */
  sourceIdAt(i: number): number {
    return (this.what[i] >>> 2) & 0x3fff;
  }

  /** How many distinct figures and keys the rows name. */
  get keyCount(): number {
    return this.keys.length;
  }

  *[Symbol.iterator](): Iterator<ProvenanceRow> {
    for (let i = 0; i < this.length; i++) yield this.row(i);
  }

  /** Row `i` (0 to length − 1), made back from its unit. */
  row(i: number): ProvenanceRow {
    const u = this.units[this.unitOf[i]];
    const source = this.sourceAt(i);
    const p = u.provenance[source];
    const c = u.figures.cells?.[source];
    const value = raw(u, source);
    return {
      key: this.keys[this.what[i] >>> 16],
      unit: u.unit,
      file: u.file,
      sheet: p?.sheet ?? c?.sheet ?? '',
      cell: p?.cell ?? c?.address ?? '',
      typed: p ? p.typed : value,
      value,
      source,
      role: ROLES[this.what[i] & 3],
    };
  }
}

/**
 * The units' figures as columns, one per key (NaN where a unit gave none), and each unit's level and
 * period as one of the few distinct contexts: every row reads its figure of a thousand units, and a
 * row applies or not to a level and cut-off, never to one unit alone.
 */
class UnitTable {
  private readonly values = new Map<string, Float64Array>();
  private readonly decimalColumns = new Map<string, Float64Array>();
  private readonly contexts: ReportContext[] = [];
  private readonly applying = new Map<Indicator, Uint8Array>();
  /** Per unit, the index of its context. */
  readonly context: Int32Array;

  constructor(readonly units: readonly UnitSubmission[]) {
    const ids = new Map<string, number>();
    this.context = new Int32Array(units.length);
    units.forEach((u, i) => {
      // What `applies` reads of a unit: its level, and its period's cut-off.
      const k = `${u.level ?? ''}|${u.period ? `p${u.period.to}` : ''}`;
      let id = ids.get(k);
      if (id === undefined) {
        id = this.contexts.push({ level: u.level, period: u.period }) - 1;
        ids.set(k, id);
      }
      this.context[i] = id;
    });
  }

  column(key: string): Float64Array {
    let col = this.values.get(key);
    if (!col) {
      col = new Float64Array(this.units.length);
      for (let i = 0; i < col.length; i++) {
        const v = this.units[i].figures.values[key];
        col[i] = v === undefined || v === null ? NaN : v;
      }
      this.values.set(key, col);
    }
    return col;
  }

  decimals(key: string): Float64Array {
    let col = this.decimalColumns.get(key);
    if (!col) {
      col = new Float64Array(this.units.length);
      for (let i = 0; i < col.length; i++) col[i] = this.units[i].figures.decimals?.[key] ?? 0;
      this.decimalColumns.set(key, col);
    }
    return col;
  }

  /** Columns needed only while consolidating go; the figures' stay for the sheets written next. */
  release(): void {
    this.decimalColumns.clear();
    this.applying.clear();
  }

  /** Per context, 1 when the row applies to it. */
  appliesIn(ind: Indicator): Uint8Array {
    let of = this.applying.get(ind);
    if (!of) {
      of = Uint8Array.from(this.contexts, (c) => (applies(ind, c) ? 1 : 0));
      this.applying.set(ind, of);
    }
    return of;
  }
}

/**
 * Thousands of units' findings repeat a few hundred messages, and the same keys and cells: the
 * consolidation's copy of each finding holds one shared instance of each (never changed in place).
 */
class SharedParts {
  private readonly texts = new Map<string, string>();
  private readonly lists = new Map<string, unknown[]>();

  text(s: string): string {
    const known = this.texts.get(s);
    if (known !== undefined) return known;
    this.texts.set(s, s);
    return s;
  }

  list<T>(items: T[], name: (item: T) => string): T[] {
    if (items.length === 0) return items;
    const k = items.map(name).join('\u0000');
    const known = this.lists.get(k) as T[] | undefined;
    if (known) return known;
    this.lists.set(k, items);
    return items;
  }
}

const tables = new WeakMap<readonly UnitSubmission[], UnitTable>();

/** Each consolidation reads its units anew (a caller may have changed their figures since the last). */
function freshTable(units: readonly UnitSubmission[]): UnitTable {
  const table = new UnitTable(units);
  tables.set(units, table);
  return table;
}

function tableOf(units: readonly UnitSubmission[]): UnitTable {
  let table = tables.get(units);
  if (!table) tables.set(units, (table = new UnitTable(units)));
  return table;
}

/**
 * One figure of every unit, in the units' order: NaN where a unit gave none. A consolidation's own
 * columns are shared with the sheets written from it (its units are not changed afterwards).
 */
export function figureColumn(units: readonly UnitSubmission[], key: string): Float64Array {
  return tableOf(units).column(key);
}

interface Ctx {
  catalog: Catalog;
  units: UnitSubmission[];
  table: UnitTable;
  provenance: ProvenanceLinks;
  /** Stock figures summed over different cut-offs: cut-off → units. */
  mixedCutoffs: Map<string, Set<string>>;
  /** Each unit's cut-off as printed, computed once. */
  cutoff: Map<UnitSubmission, string | null>;
  reference?: string;
}

function applicableUnits(ctx: Ctx, ind: Indicator): UnitSubmission[] {
  const { table } = ctx;
  const ok = table.appliesIn(ind);
  return ctx.units.filter((_u, i) => ok[table.context[i]] === 1);
}

function raw(u: UnitSubmission, key: string): number | null {
  const v = u.figures.values[key];
  return v === undefined || v === null || Number.isNaN(v) ? null : v;
}

function addRow(ctx: Ctx, key: string, u: UnitSubmission, source: string, role: ProvenanceRow['role']): void {
  ctx.provenance.add(key, u, source, role);
}

function joinNotes(...notes: (string | undefined | false)[]): string | undefined {
  const list = notes.filter((n): n is string => !!n);
  return list.length ? list.join(' ') : undefined;
}

/** Notes on units left out: the row does not apply to them, or they left it empty. */
function coverageNotes(
  ctx: Ctx,
  ind: Indicator,
  applicable: UnitSubmission[],
  used: UnitSubmission[],
  /** `used` are exactly the units of `applicable` that gave the figure. */
  usedAreTheGiven = false,
): string | undefined {
  const { table, units: all } = ctx;
  const ok = table.appliesIn(ind);
  const col = table.column(ind.key);
  const empty: UnitSubmission[] = [];
  if (used.length > 0 && used.length < applicable.length) {
    // Units used without the figure itself (a rate from its parts) did not leave it empty.
    const usedSet = usedAreTheGiven ? null : new Set(used);
    for (let i = 0; i < all.length; i++)
      if (ok[table.context[i]] === 1 && Number.isNaN(col[i]) && !usedSet?.has(all[i])) empty.push(all[i]);
  }
  const notApplicable: UnitSubmission[] = [];
  if (applicable.length < all.length) {
    for (let i = 0; i < all.length; i++)
      if (ok[table.context[i]] !== 1 && !Number.isNaN(col[i])) notApplicable.push(all[i]);
  }
  return joinNotes(
    used.length > 0 &&
      empty.length > 0 &&
      `Chưa có số liệu của ${empty.length} đơn vị: ${nameList(empty.map((u) => u.unit))}.`,
    notApplicable.length > 0 &&
      `Không cộng số của ${nameList(notApplicable.map((u) => u.unit))}: chỉ tiêu không áp dụng cho cấp hoặc kỳ báo cáo của đơn vị.`,
  );
}

function sumFigure(ctx: Ctx, ind: Indicator): ConsolidatedFigure {
  const { table, units } = ctx;
  const ok = table.appliesIn(ind);
  const col = table.column(ind.key);
  const applicable: UnitSubmission[] = [];
  const used: UnitSubmission[] = [];
  let sum = 0;
  for (let i = 0; i < units.length; i++) {
    if (ok[table.context[i]] !== 1) continue;
    applicable.push(units[i]);
    if (Number.isNaN(col[i])) continue;
    used.push(units[i]);
    sum += col[i];
    ctx.provenance.addAt(ind.key, i, ind.key, 'value');
  }
  const value = used.length ? tidy(sum) : null;
  let cutoffNote: string | undefined;
  if (ind.consolidation.kind === 'stock' && used.length > 0) {
    const groups = new Map<string, string[]>();
    for (const u of used) {
      const to = ctx.cutoff.get(u) ?? null;
      if (!to) continue;
      const names = groups.get(to);
      if (names) names.push(u.unit);
      else groups.set(to, [u.unit]);
    }
    const distinct = new Set(groups.keys());
    if (ctx.reference) distinct.add(ctx.reference);
    if (distinct.size > 1) {
      for (const [to, names] of groups) {
        const set = ctx.mixedCutoffs.get(to) ?? new Set<string>();
        names.forEach((n) => set.add(n));
        ctx.mixedCutoffs.set(to, set);
      }
      cutoffNote = `Số tồn cộng từ các đơn vị có ngày chốt khác nhau: ${describeCutoffs(groups)}.`;
    }
  }
  return {
    key: ind.key,
    value,
    display: value === null ? undefined : formatNumber(value),
    contributors: used.length,
    note: joinNotes(cutoffNote, coverageNotes(ctx, ind, applicable, used, true)),
  };
}

function describe(catalog: Catalog, key: string, home: Indicator): string {
  const ind = catalog.byKey.get(key);
  if (!ind) return key;
  return ind.form === home.form ? ind.code : `${formLabel(ind.form)} ${ind.code}`;
}

/** A rate recomputed from the summed parts, when every unit reporting it has the parts. */
function recomputedRate(
  ctx: Ctx,
  ind: Indicator,
  def: RateDef,
  applicable: UnitSubmission[],
): ConsolidatedFigure | null {
  const parts = refsOf(def.denominator, refsOf(def.numerator));
  const considered = applicable.filter((u) => raw(u, ind.key) !== null || parts.some((k) => raw(u, k) !== null));
  if (considered.length === 0) return null;
  const get = (u: UnitSubmission) => (k: string) => raw(u, k);
  const complete = considered.every(
    (u) => evaluate(def.numerator, get(u)) !== null && evaluate(def.denominator, get(u)) !== null,
  );
  if (!complete) return null;
  let num = 0;
  let den = 0;
  for (const u of considered) {
    num += evaluate(def.numerator, get(u))!;
    den += evaluate(def.denominator, get(u))!;
    for (const k of parts) addRow(ctx, ind.key, u, k, 'part');
  }
  const value = ratePoints(num, den);
  const partsText = ratioDisplay(tidy(num), tidy(den));
  return {
    key: ind.key,
    value,
    display: value === null ? '—' : formatPercent(value, 2),
    contributors: considered.length,
    note: joinNotes(
      value === null
        ? `Mẫu số bằng 0 (${partsText}): không có tỷ lệ.`
        : `Tính lại từ tổng các đơn vị: ${def.label} = ${partsText}.`,
      coverageNotes(ctx, ind, applicable, considered),
    ),
  };
}

function percentFigure(ctx: Ctx, ind: Indicator): ConsolidatedFigure {
  const applicable = applicableUnits(ctx, ind);
  const def = ctx.catalog.rates.find((r) => r.statedBy === ind.key);
  if (def) {
    const recomputed = recomputedRate(ctx, ind, def, applicable);
    if (recomputed) return recomputed;
  }
  const stated = applicable.filter((u) => raw(u, ind.key) !== null);
  const rule = ind.consolidation;
  if (rule.kind !== 'weighted') {
    return {
      key: ind.key,
      value: null,
      display: stated.length ? '—' : undefined,
      contributors: 0,
      note: stated.length
        ? `Không tổng hợp: danh mục không nêu mẫu số để gia quyền tỷ lệ của ${stated.length} đơn vị (không lấy bình quân cộng các tỷ lệ).`
        : undefined,
    };
  }
  const by = describe(ctx.catalog, rule.by, ind);
  const used = stated.filter((u) => raw(u, rule.by) !== null);
  const skipped = stated.filter((u) => raw(u, rule.by) === null);
  const skippedNote =
    skipped.length > 0 ? `Không tính ${nameList(skipped.map((u) => u.unit))}: thiếu trọng số ${by}.` : undefined;
  if (used.length === 0) {
    return {
      key: ind.key,
      value: null,
      display: stated.length ? '—' : undefined,
      contributors: 0,
      note: stated.length ? `Không có trọng số ${by} của đơn vị nào có tỷ lệ này: không tổng hợp được.` : undefined,
    };
  }
  let weighted = 0;
  let weights = 0;
  for (const u of used) {
    weighted += raw(u, ind.key)! * raw(u, rule.by)!;
    weights += raw(u, rule.by)!;
    addRow(ctx, ind.key, u, ind.key, 'value');
    addRow(ctx, ind.key, u, rule.by, 'weight');
  }
  if (weights === 0) {
    return {
      key: ind.key,
      value: null,
      display: '—',
      contributors: used.length,
      note: joinNotes(`Tổng trọng số ${by} bằng 0: không có tỷ lệ.`, skippedNote),
    };
  }
  const value = weighted / weights;
  return {
    key: ind.key,
    value,
    approximate: rule.approximate || undefined,
    display: formatPercent(value, 2),
    contributors: used.length,
    note: joinNotes(
      `Bình quân gia quyền theo ${by} (${formatNumber(tidy(weights))}).`,
      rule.approximate && 'Số ước tính: chưa có số liệu gốc năm 2015 của các đơn vị.',
      skippedNote,
      coverageNotes(ctx, ind, applicable, used),
    ),
  };
}

function codesFigure(ctx: Ctx, ind: Indicator): ConsolidatedFigure {
  const applicable = applicableUnits(ctx, ind);
  const used = applicable.filter((u) => raw(u, ind.key) !== null);
  const counts: Record<string, number> = {};
  for (const c of ind.codes ?? []) counts[String(c)] = 0;
  for (const u of used) {
    const c = String(raw(u, ind.key));
    counts[c] = (counts[c] ?? 0) + 1;
    addRow(ctx, ind.key, u, ind.key, 'value');
  }
  const total = used.length;
  let display: string | undefined;
  if (total > 0) {
    const codes = ind.codes ?? [];
    if (codes.length === 2 && codes.includes(0) && codes.includes(1)) {
      display = `${counts['1']}/${total} đơn vị`;
    } else {
      const labels = codeLabels(ind.unit);
      display = `${Object.entries(counts)
        .map(([c, n]) => `${labels.get(Number(c)) ?? c}: ${n}`)
        .join('; ')} (${total} đơn vị)`;
    }
  }
  const invalid = Object.keys(counts).filter((c) => !(ind.codes ?? []).includes(Number(c)));
  return {
    key: ind.key,
    value: null,
    codeCounts: counts,
    display,
    contributors: total,
    note: joinNotes(
      invalid.length > 0 && `Có mã trả lời không hợp lệ: ${invalid.join(', ')} (xem trang tính Kiểm tra).`,
      coverageNotes(ctx, ind, applicable, used),
    ),
  };
}

function ratioFigure(ctx: Ctx, ind: Indicator): ConsolidatedFigure {
  const { numerator, denominator } = ind.ratio!;
  const applicable = applicableUnits(ctx, ind);
  const used = applicable.filter((u) => raw(u, numerator) !== null && raw(u, denominator) !== null);
  const partial = applicable.filter((u) => (raw(u, numerator) === null) !== (raw(u, denominator) === null));
  if (used.length === 0) {
    return { key: ind.key, value: null, contributors: 0 };
  }
  let a = 0;
  let b = 0;
  for (const u of used) {
    a += raw(u, numerator)!;
    b += raw(u, denominator)!;
    addRow(ctx, ind.key, u, numerator, 'part');
    addRow(ctx, ind.key, u, denominator, 'part');
  }
  return {
    key: ind.key,
    value: null,
    display: ratioDisplay(tidy(a), tidy(b)),
    contributors: used.length,
    note: joinNotes(
      b === 0 && 'Mẫu số bằng 0: không có tỷ lệ.',
      partial.length > 0 &&
        `Không tính ${nameList(partial.map((u) => u.unit))}: thiếu ${describe(ctx.catalog, numerator, ind)} hoặc ${describe(ctx.catalog, denominator, ind)}.`,
    ),
  };
}

function consolidateFigure(ctx: Ctx, ind: Indicator): ConsolidatedFigure | null {
  if (ind.kind === 'group' || ind.kind === 'title') return null;
  if (ind.kind === 'ratio' && ind.ratio) return ratioFigure(ctx, ind);
  if (ind.kind === 'code' || ind.consolidation.kind === 'codes') return codesFigure(ctx, ind);
  if (ind.kind === 'percent') return percentFigure(ctx, ind);
  if (ind.consolidation.kind === 'none') {
    return { key: ind.key, value: null, contributors: 0, note: 'Chỉ tiêu không tổng hợp từ các đơn vị.' };
  }
  return sumFigure(ctx, ind);
}

function checkNames(units: UnitSubmission[]): void {
  for (const u of units) {
    if (!u.unit || !u.unit.trim()) {
      throw new Error(
        `Tệp "${u.file}" chưa ghi tên cơ quan, đơn vị báo cáo: không tổng hợp được. Ghi tên đơn vị trong tệp rồi nhập lại.`,
      );
    }
  }
  const seen = new Map<string, UnitSubmission>();
  for (const u of units) {
    const k = unitNameKey(u.unit);
    const first = seen.get(k);
    if (first) throw new DuplicateUnitError(first.unit.trim(), [first.file, u.file]);
    seen.set(k, u);
  }
}

/** How much of a consolidated relation rests on units that gave all its figures. */
export interface RelationCoverage {
  rule: string;
  key: string;
  /** Units that gave every figure of the relation. */
  complete: number;
  /** Units that gave any of them. */
  considered: number;
  message: string;
}

/**
 * The totals' checks. Kinds, ranges and stated rates on the totals themselves; each relation over
 * the units that gave every figure it reads (a whole summed over more units than its parts is no
 * error), saying the coverage when some units gave only part of it, and naming the units whose own
 * figures break it.
 */
function checkTotals(
  catalog: Catalog,
  table: UnitTable,
  totals: FigureSet,
  unitFindings: ConsolidationFinding[],
  ctx: ReportContext,
): { findings: ConsolidationFinding[]; coverage: RelationCoverage[] } {
  const relations = new Set(catalog.rules.filter((r) => r.op !== 'range').map((r) => r.id));
  const findings: ConsolidationFinding[] = validate(catalog, totals, ctx).filter((f) => !relations.has(f.rule));
  const coverage: RelationCoverage[] = [];
  const units = table.units;
  let breakingOf: Map<string, string[]> | undefined;
  const breakingUnits = (rule: string) => {
    if (!breakingOf) {
      breakingOf = new Map();
      for (const x of unitFindings) {
        if (!x.unit) continue;
        const list = breakingOf.get(x.rule);
        if (list) list.push(x.unit);
        else breakingOf.set(x.rule, [x.unit]);
      }
    }
    return breakingOf.get(rule) ?? [];
  };
  for (const rule of catalog.rules) {
    if (rule.op === 'range') continue;
    const subject = catalog.byKey.get(rule.subject);
    if (!subject || !applies(subject, ctx)) continue;
    const refs = refsOf(rule.right, refsOf(rule.left));
    // A figure counts where its row applies to the unit.
    const columns = refs.map((k) => table.column(k));
    const applying = refs.map((k) => {
      const ind = catalog.byKey.get(k);
      return ind ? table.appliesIn(ind) : null;
    });
    const given = (i: number, j: number) => applying[j]?.[table.context[i]] === 1 && !Number.isNaN(columns[j][i]);
    const complete: number[] = [];
    const partial: UnitSubmission[] = [];
    for (let i = 0; i < units.length; i++) {
      let n = 0;
      for (let j = 0; j < refs.length; j++) if (given(i, j)) n++;
      if (n === refs.length) complete.push(i);
      else if (n > 0) partial.push(units[i]);
    }
    if (complete.length === 0) continue;
    const restricted: FigureSet = { values: {}, decimals: {} };
    refs.forEach((k, j) => {
      const col = columns[j];
      const decimalsOf = table.decimals(k);
      let sum = 0;
      let decimals = 0;
      for (const i of complete) {
        sum += col[i];
        decimals = Math.max(decimals, decimalsOf[i]);
      }
      restricted.values[k] = tidy(sum);
      if (decimals) restricted.decimals![k] = decimals;
    });
    const considered = complete.length + partial.length;
    const f = checkRuleOn(catalog, rule, restricted, ctx);
    if (f) {
      const breaking = breakingUnits(rule.id);
      const scope = complete.length < considered ? ` (trên ${complete.length}/${considered} đơn vị có đủ số liệu)` : '';
      findings.push({
        ...f,
        message: `Số tổng hợp${scope}: ${f.message}${breaking.length ? ` Đơn vị có sai lệch: ${nameList(breaking)}.` : ''}`,
      });
    }
    if (partial.length > 0) {
      const whole = single(rule.left);
      const parts = whole ? rule.right : rule.left;
      const label = `${formLabel(subject.form)} ${subject.code}`;
      const some = nameList(partial.map((u) => u.unit.trim()));
      const named = (k: string) => describe(catalog, k, subject);
      // The relation as the forms write it ("1.1.3 = Biểu mẫu 1 1.2"), not as the catalog's source does.
      const relation = `${printExpr(rule.left, named)} ${rule.op === '=' ? '=' : '≤'} ${printExpr(rule.right, named)}`;
      const message =
        rule.op === '=' && whole && parts.t === 'sum'
          ? `${label}: tổng các phần (${printExpr(parts, named)}) chỉ gồm ${complete.length}/${considered} đơn vị có số liệu chi tiết; quan hệ "${relation}" được kiểm tra trên các đơn vị này. Chỉ có một phần số liệu: ${some}.`
          : `${label}: quan hệ "${relation}" chỉ kiểm tra được trên ${complete.length}/${considered} đơn vị có đủ số liệu. Chỉ có một phần số liệu: ${some}.`;
      coverage.push({ rule: rule.id, key: rule.subject, complete: complete.length, considered, message });
    }
  }
  return { findings, coverage };
}

function single(expr: Expr): string | null {
  return expr.t === 'ref' ? expr.key : null;
}

/**
 * Merges the units' figures: counts and money summed, stocks summed per cut-off
 * (warned when cut-offs differ), rates recomputed from summed parts or weighted
 * by the denominator the catalog names (never a plain mean), coded answers
 * counted per code. Throws DuplicateUnitError when a unit is given twice.
 */
export function consolidate(
  catalog: Catalog,
  units: UnitSubmission[],
  options: ConsolidateOptions = {},
): ConsolidationResult {
  checkNames(units);
  const warnings: string[] = [];

  let missingUnits: string[] = [];
  if (options.expectedUnits) {
    const expected = options.expectedUnits.filter((n) => n.trim());
    const present = new Set(units.map((u) => unitNameKey(u.unit)));
    const expectedKeys = new Set(expected.map(unitNameKey));
    const listed = new Set<string>();
    missingUnits = expected.filter((n) => {
      const k = unitNameKey(n);
      if (present.has(k) || listed.has(k)) return false;
      listed.add(k);
      return true;
    });
    if (missingUnits.length > 0) {
      warnings.push(
        `Chưa có số liệu của ${missingUnits.length}/${expectedKeys.size} đơn vị phải báo cáo: ${missingUnits.join(', ')}. Số tổng hợp chưa gồm các đơn vị này.`,
      );
    }
    const unexpected = units.filter((u) => !expectedKeys.has(unitNameKey(u.unit)));
    if (unexpected.length > 0) {
      warnings.push(
        `Đơn vị không có trong danh sách phải báo cáo (kiểm tra tên đơn vị): ${unexpected.map((u) => `${u.unit.trim()} (tệp ${u.file})`).join(', ')}. Số liệu vẫn được cộng.`,
      );
    }
  }
  if (options.period) {
    const other = new Map<string, string[]>();
    for (const u of units) {
      if (!u.period || samePeriod(u.period, options.period)) continue;
      const phrase = periodPhrase(u.period);
      const names = other.get(phrase);
      if (names) names.push(u.unit.trim());
      else other.set(phrase, [u.unit.trim()]);
    }
    if (other.size > 0) {
      warnings.push(
        `Có tệp báo cáo kỳ khác kỳ tổng hợp (${periodPhrase(options.period)}): ${[...other.entries()]
          .map(([phrase, names]) => `${nameList(names)} (${phrase})`)
          .join('; ')}. Số liệu của các tệp này vẫn được cộng: kiểm tra lại tệp trước khi dùng số tổng hợp.`,
      );
    }
  }
  const refused = options.refused ?? [];
  if (refused.length > 0) {
    warnings.push(
      `Không tổng hợp ${refused.length} tệp: ${refused.map((r) => `${r.file}${r.unit ? ` (${r.unit})` : ''}: ${r.reason}`).join('; ')}.`,
    );
  }
  for (const u of units) {
    if (!Object.values(u.figures.values).some((v) => v !== null && v !== undefined)) {
      warnings.push(`Tệp "${u.file}" của ${u.unit.trim()} không có số liệu nào trong các biểu.`);
    }
  }

  const ctx: Ctx = {
    catalog,
    units,
    table: freshTable(units),
    provenance: new ProvenanceLinks(units),
    mixedCutoffs: new Map(),
    cutoff: new Map(units.map((u) => [u, cutoffLabel(u)])),
    reference: options.period?.to ? formatDateShort(options.period.to) : undefined,
  };
  const figures: Record<string, ConsolidatedFigure> = {};
  const totals: FigureSet = { values: {}, decimals: {} };
  for (const ind of catalog.indicators) {
    const fig = consolidateFigure(ctx, ind);
    if (!fig) continue;
    figures[ind.key] = fig;
    if (ind.kind !== 'code' && ind.kind !== 'ratio' && fig.value !== null) {
      totals.values[ind.key] = fig.value;
      if (ind.kind === 'percent') totals.decimals![ind.key] = 2;
    }
  }

  if (ctx.mixedCutoffs.size > 0) {
    const groups = new Map([...ctx.mixedCutoffs.entries()].map(([to, names]) => [to, [...names]]));
    const ref = ctx.reference ? `; kỳ tổng hợp chốt đến ${ctx.reference}` : '';
    warnings.push(
      `Số liệu tồn (biên chế, số đơn vị, số TTHC… tại ngày chốt) được cộng từ các đơn vị có ngày chốt khác nhau: ${describeCutoffs(groups)}${ref}. Thống nhất ngày chốt trước khi dùng các số này.`,
    );
  }

  const findings: ConsolidationFinding[] = [];
  const shared = new SharedParts();
  for (const u of units) {
    for (const f of u.findings ?? unitFindings(catalog, u))
      findings.push({
        ...f,
        keys: shared.list(f.keys, (k) => k),
        cells: shared.list(f.cells, (c) => `${c.sheet}!${c.address}`),
        message: shared.text(f.message),
        unit: u.unit,
        file: u.file,
      });
  }
  const totalsCtx = { level: options.level, period: options.period };
  const checked = checkTotals(catalog, ctx.table, totals, findings, totalsCtx);
  findings.push(...checked.findings);
  for (const c of checked.coverage) {
    warnings.push(c.message);
    const fig = figures[c.key];
    if (fig) fig.note = joinNotes(fig.note, c.message);
  }

  ctx.table.release();
  return { totals, figures, units, findings, warnings, provenance: ctx.provenance, missingUnits, refused };
}

/**
 * The totals that go into the consolidating office's own forms, at its level and period: every
 * figure some unit gave (rates as recomputed or weighted, to 2 decimals). Coded answers (the
 * office answers for itself; the counts go to the report) and rows no unit gave (figures the
 * office keeps itself) are left as the office typed them.
 */
export function totalsForOwnForms(
  catalog: Catalog,
  result: Pick<ConsolidationResult, 'figures'>,
  ctx: ReportContext,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const ind of catalog.indicators) {
    if (!isInputIndicator(ind) || ind.kind === 'code' || !applies(ind, ctx)) continue;
    const fig = result.figures[ind.key];
    if (!fig || fig.contributors === 0 || fig.value === null || !Number.isFinite(fig.value)) continue;
    out[ind.key] = ind.kind === 'percent' ? Math.round(fig.value * 100) / 100 : fig.value;
  }
  return out;
}

/** Whose totals a consolidation at this level gives: "cả tỉnh", "cả huyện"… */
export function consolidationScope(level: Level | undefined): string {
  switch (level) {
    case 'huyen':
      return 'cả huyện';
    case 'xa':
      return 'cả xã';
    case 'so':
      return 'cả ngành';
    default:
      return 'cả tỉnh';
  }
}
