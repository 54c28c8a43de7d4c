import { applies } from '../domain/applicability';
import { catalogIds, DEFAULT_CATALOG_ID, getCatalog } from '../domain/catalog';
import { formLabel } from '../domain/catalog/load';
import type { Catalog, FormId, Indicator, Severity } from '../domain/catalog/types';
import { LEVEL_CELL_LABELS, parseLevel, type DetailField } from '../domain/details';
import type { CellRef, FigureSet, ReportContext } from '../domain/figures';
import { formatDateShort, formatNumber, isoFromDate, parseVietnameseDate } from '../domain/format';
import type { Expr } from '../domain/expr';
import {
  COL,
  isInputIndicator,
  META_SHEET,
  nameForDetail,
  nameForKey,
  nameForText,
  planWorkbook,
  rateInputRules,
  ratioParts,
  type SheetPlan,
  type WorkbookPlan,
} from '../domain/layout';
import { countFindings, findingCountText } from '../domain/findingCount';
import { OUTLINE } from '../domain/outline';
import { makePeriod, parsePeriodKind, PERIOD_LABELS } from '../domain/period';
import { quickFixes, type QuickFix } from '../domain/quickFixes';
import { ratioDisplay } from '../domain/display';
import { computeRate } from '../domain/rates';
import { validate, type Finding } from '../domain/validate';
import { parseFigure } from '../io/figureText';
import { inBox, parseBox, parseCell } from '../office/a1';
import {
  isBlank,
  snapshotCell,
  snapshotFormula,
  type CellWrite,
  type ComputedResult,
  type EditEvent,
  type InjectionReport,
  type Mark,
  type RawValue,
  type StatusMark,
  type WorkbookPort,
  type WorkbookSnapshot,
} from '../office/port';

/**
 * What the pane does, against a workbook port: inject the forms, check everything, and
 * re-check on every edit. No React, no Office here, so both ports and the tests share it.
 */

// ---------------------------------------------------------------- sheet names

/** Excel's limit on a sheet name. */
const MAX_SHEET_NAME = 31;

function suffixed(base: string, n: number): string {
  const tag = n === 1 ? ' (CCHC)' : ` (CCHC ${n})`;
  return `${base.slice(0, MAX_SHEET_NAME - tag.length)}${tag}`;
}

function isMetaGrid(snapshot: WorkbookSnapshot, sheet: string): boolean {
  const a1 = snapshotCell(snapshot, sheet, 'A1');
  return a1?.value === 'cchc-layout';
}

/**
 * Where each planned sheet goes: the add-in's own sheet when the workbook has one (found by
 * its defined names, so a renamed or suffixed sheet is reused), else the canonical name, else
 * a suffixed name when the user's own sheet already has it.
 */
export function chooseSheetNames(plan: WorkbookPlan, snapshot: WorkbookSnapshot): Map<string, string> {
  const lower = (s: string) => s.toLowerCase();
  const taken = new Set(snapshot.sheets.map(lower));
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const sheet of plan.sheets) {
    let owner: string | undefined;
    if (sheet.role === 'meta') {
      owner = snapshot.sheets.find((s) => lower(s) === lower(sheet.name) && isMetaGrid(snapshot, s));
    } else {
      for (const input of plan.inputs) {
        if (input.sheet !== sheet.name) continue;
        const at = snapshot.names[input.name];
        if (at && snapshot.sheets.some((s) => s === at.sheet)) {
          owner = at.sheet;
          break;
        }
      }
    }
    let actual: string;
    if (owner && !used.has(lower(owner))) actual = owner;
    else {
      actual = sheet.name;
      for (let n = 1; taken.has(lower(actual)) || used.has(lower(actual)); n++) actual = suffixed(sheet.name, n);
    }
    used.add(lower(actual));
    out.set(sheet.name, actual);
  }
  return out;
}

/** The plan with its sheets renamed (formulas use defined names, so they do not change). */
export function renamePlanSheets(plan: WorkbookPlan, names: Map<string, string>): WorkbookPlan {
  const to = (s: string) => names.get(s) ?? s;
  return {
    ...plan,
    sheets: plan.sheets.map((s): SheetPlan => ({ ...s, name: to(s.name) })),
    inputs: plan.inputs.map((i) => ({ ...i, sheet: to(i.sheet) })),
    computed: plan.computed.map((c) => ({ ...c, sheet: to(c.sheet) })),
  };
}

// ---------------------------------------------------------------- reading back

const CONTEXT_FIELDS: DetailField[] = ['level', 'periodKind', 'year', 'from', 'to'];

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

function catalogOf(snapshot: WorkbookSnapshot): Catalog {
  const meta = snapshot.sheets.find((s) => s === META_SHEET);
  const id = meta ? rawText(snapshotCell(snapshot, meta, 'B2')?.value ?? null) : '';
  return getCatalog(catalogIds().includes(id) ? id : DEFAULT_CATALOG_ID);
}

interface CatalogIndex {
  nameToKey: Map<string, string>;
  inputs: Indicator[];
  total: Map<FormId, number>;
}

const indexCache = new WeakMap<Catalog, CatalogIndex>();

function indexOf(catalog: Catalog): CatalogIndex {
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

function unreadableFinding(ind: Indicator, at: CellRef, text: string): Finding {
  return {
    severity: 'error',
    rule: `${ind.key}#text`,
    keys: [ind.key],
    cells: [at],
    blame: ind.key,
    message: `${formLabel(ind.form)}: ô ${at.sheet}!${at.address} (chỉ tiêu ${ind.code}) ghi "${text}", không đọc được thành số. Hãy nhập một số; lời giải thích ghi ở cột Ghi chú.`,
  };
}

// ---------------------------------------------------------------- live state

interface LiveState {
  catalog: Catalog;
  ctx: ReportContext;
  /** Canonical plan sheet → actual sheet. */
  sheetMap: Map<string, string>;
  plan: WorkbookPlan;
  names: Record<string, CellRef>;
  figures: FigureSet;
  numFmts: Record<string, string | undefined>;
  unreadable: Map<string, Finding>;
  /** The unit's own words by outline section, and what their check found (as `cchc report` checks them). */
  texts: Record<string, string>;
  ownText: Finding[];
  findings: Finding[];
  marks: Map<string, Mark>;
}

const live = new WeakMap<WorkbookPort, LiveState>();
/** Workbooks checked and found without forms: their edits are not ours to check. */
const withoutForms = new WeakSet<WorkbookPort>();
const queues = new WeakMap<WorkbookPort, Promise<unknown>>();

/** One check at a time per workbook: edits arrive faster than a sync returns. */
function serial<T>(port: WorkbookPort, job: () => Promise<T>): Promise<T> {
  const prev = queues.get(port) ?? Promise.resolve();
  const next = prev.then(job, job);
  queues.set(
    port,
    next.catch(() => undefined),
  );
  return next;
}

function readFigure(state: LiveState, ind: Indicator, at: CellRef, value: RawValue, numFmt: string | undefined): void {
  const parsed = parseFigure(value, ind.kind, { numFmt, codeLabels: ind.unit });
  state.figures.values[ind.key] = parsed.value;
  state.figures.cells![ind.key] = at;
  if (parsed.value !== null && parsed.decimals) state.figures.decimals![ind.key] = parsed.decimals;
  else delete state.figures.decimals![ind.key];
  state.numFmts[ind.key] = numFmt;
  if (parsed.value === null && parsed.note) state.unreadable.set(ind.key, unreadableFinding(ind, at, parsed.note));
  else state.unreadable.delete(ind.key);
}

/** Reads every figure whose sheet is in the snapshot. */
function absorb(state: LiveState, snapshot: WorkbookSnapshot): void {
  state.names = snapshot.names;
  for (const ind of indexOf(state.catalog).inputs) {
    const at = snapshot.names[nameForKey(ind.key)];
    if (!at || !snapshot.grids[at.sheet]) continue;
    const cell = snapshotCell(snapshot, at.sheet, at.address);
    readFigure(state, ind, at, cell?.value ?? null, cell?.numFmt);
  }
}

/** Where a planned cell is now: shifted like the nearest named input of its sheet (rows may have moved). */
function locate(state: LiveState, sheet: string, plannedAddress: string): string {
  const p = parseCell(plannedAddress)!;
  let best: { dist: number; delta: number } | null = null;
  for (const input of state.plan.inputs) {
    if (input.sheet !== sheet) continue;
    const now = state.names[input.name];
    if (!now || now.sheet !== sheet) continue;
    const planned = parseCell(input.address)!.row;
    const dist = Math.abs(planned - p.row);
    if (!best || dist < best.dist) best = { dist, delta: parseCell(now.address)!.row - planned };
    if (dist === 0) break;
  }
  return `${plannedAddress.replace(/\d+$/, '')}${p.row + (best?.delta ?? 0)}`;
}

function newState(catalog: Catalog, snapshot: WorkbookSnapshot): LiveState {
  const ctx = readContext(snapshot);
  const canonical = planWorkbook(catalog, ctx);
  const sheetMap = chooseSheetNames(canonical, snapshot);
  return {
    catalog,
    ctx,
    sheetMap,
    plan: renamePlanSheets(canonical, sheetMap),
    names: snapshot.names,
    figures: { values: {}, cells: {}, decimals: {}, computed: {} },
    numFmts: {},
    unreadable: new Map(),
    texts: {},
    ownText: [],
    findings: [],
    marks: new Map(),
  };
}

/** The own-text cells as read: the same sections the template reader reads. */
function readTexts(state: LiveState, snapshot: WorkbookSnapshot): void {
  state.texts = {};
  for (const s of OUTLINE) {
    const at = snapshot.names[nameForText(s.id)];
    const v = at ? snapshotCell(snapshot, at.sheet, at.address)?.value : null;
    const t = v === null || v === undefined ? '' : String(v).trim();
    if (t) state.texts[s.id] = t;
  }
}

/** The own-text check, loaded with the report's code when first needed (not in the pane's first chunks). */
async function checkOwnText(state: LiveState): Promise<void> {
  if (!Object.keys(state.texts).length) {
    state.ownText = [];
    return;
  }
  const { ownTextFindings } = await import(/* webpackChunkName: "own-text" */ '../domain/report/ownText');
  state.ownText = ownTextFindings(state.catalog, state.figures, state.texts, state.ctx);
}

function touchesForms(catalog: Catalog, f: Finding, forms: Set<string>): boolean {
  return f.keys.some((k) => {
    const form = catalog.byKey.get(k)?.form;
    return !!form && forms.has(form);
  });
}

const severityOrder = (s: Severity) => (s === 'error' ? 0 : 1);

function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityOrder(a.severity) - severityOrder(b.severity));
}

function markOf(state: LiveState, ind: Indicator, errors: Set<string>, warnings: Set<string>): Mark {
  if (!applies(ind, state.ctx)) return '';
  if (errors.has(ind.key)) return '✗';
  if (warnings.has(ind.key)) return '⚠';
  return state.figures.values[ind.key] !== null && state.figures.values[ind.key] !== undefined ? '✓' : '';
}

/** Column H of every indicator row that is in the workbook. */
function allMarks(state: LiveState): StatusMark[] {
  const errors = new Set<string>();
  const warnings = new Set<string>();
  for (const f of state.findings) for (const k of f.keys) (f.severity === 'error' ? errors : warnings).add(k);
  const out: StatusMark[] = [];
  for (const ind of indexOf(state.catalog).inputs) {
    const at = state.names[nameForKey(ind.key)];
    const p = at && parseCell(at.address);
    if (!at || !p) continue;
    out.push({ sheet: at.sheet, address: `${COL.status}${p.row}`, mark: markOf(state, ind, errors, warnings) });
  }
  return out;
}

const markKey = (m: CellRef) => `${m.sheet}!${m.address}`;

/** Formula results for a host that does not calculate: rates, "a/b", and the Excel check column. */
function computedResults(state: LiveState): ComputedResult[] {
  const { catalog, figures } = state;
  const get = (k: string) => figures.values[k] ?? null;
  const out: ComputedResult[] = [];
  const present = new Set(Object.values(state.names).map((c) => c.sheet));
  const failingRules = new Set(state.findings.filter((f) => f.severity === 'error').map((f) => f.rule));
  for (const c of state.plan.computed) {
    if (!present.has(c.sheet)) continue;
    const address = locate(state, c.sheet, c.address);
    if (c.what === 'rate') {
      const def = catalog.rates.find((r) => r.id === c.id);
      if (!def) continue;
      const rate = computeRate(def, figures);
      const inError = rateInputRules(catalog, def).some((r) => failingRules.has(r.id));
      out.push({
        sheet: c.sheet,
        address,
        value:
          rate.numerator === null || rate.denominator === null || inError
            ? null
            : rate.value === null
              ? '—'
              : rate.value / 100,
      });
    } else if (c.what === 'ratio') {
      const ratio = catalog.byKey.get(c.key)?.ratio;
      if (!ratio) continue;
      const a = get(ratio.numerator);
      const b = get(ratio.denominator);
      const inError = rateInputRules(catalog, ratioParts(ratio.numerator, ratio.denominator)).some((r) =>
        failingRules.has(r.id),
      );
      out.push({
        sheet: c.sheet,
        address,
        value: a === null || b === null || inError ? null : ratioDisplay(a, b),
      });
    }
  }
  const failing = new Set(state.findings.filter((f) => /#\d+$/.test(f.rule)).map((f) => f.rule.replace(/#\d+$/, '')));
  for (const sheet of state.plan.sheets) {
    if (sheet.role !== 'form' || !present.has(sheet.name)) continue;
    for (const cell of sheet.cells) {
      if (cell.style !== 'check' || !cell.formula) continue;
      const row = parseCell(cell.address)!.row;
      const valueCell = sheet.cells.find((x) => x.address === `${COL.value}${row}` && x.name);
      const key = valueCell ? indexOf(catalog).nameToKey.get(valueCell.name!) : undefined;
      if (!key) continue;
      const refs = catalog.rules.filter((r) => r.subject === key);
      const all = refs.every((r) => [r.left, r.right].every((e) => exprFilled(e, get)));
      out.push({
        sheet: sheet.name,
        address: locate(state, sheet.name, cell.address),
        value: failing.has(key) ? '✗' : all ? '✓' : '',
      });
    }
  }
  return out;
}

function exprFilled(e: Expr, get: (k: string) => number | null): boolean {
  if (e.t === 'num') return true;
  if (e.t === 'ref') return get(e.key) !== null;
  return e.terms.every((t) => exprFilled(t.expr, get));
}

/** Computed cells as read (formula kept or typed over), with the engine's value for the message. */
function readComputed(state: LiveState, snapshot: WorkbookSnapshot): Record<string, string | number | null> {
  const expected: Record<string, string | number | null> = {};
  const computed: NonNullable<FigureSet['computed']> = {};
  for (const c of state.plan.computed) {
    if (!snapshot.grids[c.sheet]?.formulas) continue;
    const address = locate(state, c.sheet, c.address);
    const formula = snapshotFormula(snapshot, c.sheet, address);
    const cell = snapshotCell(snapshot, c.sheet, address);
    const value = cell?.value ?? null;
    computed[c.id] = {
      cell: { sheet: c.sheet, address },
      isFormula: !!formula || value === null,
      value: typeof value === 'boolean' ? String(value) : value,
    };
  }
  state.figures.computed = computed;
  for (const r of computedResults(state)) {
    const c = state.plan.computed.find((x) => x.sheet === r.sheet && locate(state, x.sheet, x.address) === r.address);
    if (c) expected[c.id] = typeof r.value === 'number' ? `${formatNumber(r.value * 100, 1)}%` : r.value;
  }
  return expected;
}

// ---------------------------------------------------------------- checks

export interface CheckResult {
  /** False when the workbook has no forms yet. */
  injected: boolean;
  catalogId: string;
  ctx: ReportContext;
  findings: Finding[];
  /** Figures filled / figure cells in the workbook. */
  filled: number;
  total: number;
  summary: string;
  /**
   * The mark of every indicator row (✓ ⚠ ✗ or blank), by its column H cell. The pane shows them;
   * only a port that owns its workbook (standalone) also writes them into the sheet.
   */
  marks?: StatusMark[];
  /** Totals the pane may fill from their parts on the user's click (certain answers only). */
  fixes?: QuickFix[];
}

function summaryOf(findings: Finding[], filled: number, total: number): string {
  const head = findingCountText(countFindings(findings));
  return `${head[0].toUpperCase()}${head.slice(1)}; đã nhập ${filled}/${total} số liệu.`;
}

function resultOf(state: LiveState): CheckResult {
  let filled = 0;
  let total = 0;
  for (const ind of indexOf(state.catalog).inputs) {
    if (!state.names[nameForKey(ind.key)] || !applies(ind, state.ctx)) continue;
    total++;
    if (state.figures.values[ind.key] !== null && state.figures.values[ind.key] !== undefined) filled++;
  }
  return {
    injected: true,
    catalogId: state.catalog.id,
    ctx: state.ctx,
    findings: state.findings,
    filled,
    total,
    summary: summaryOf(state.findings, filled, total),
    fixes: quickFixes(state.catalog, state.figures, state.findings, state.ctx),
    marks: [...state.marks].map(([k, mark]) => {
      const at = k.lastIndexOf('!');
      return { sheet: k.slice(0, at), address: k.slice(at + 1), mark };
    }),
  };
}

export interface CheckOptions {
  catalog?: Catalog;
}

async function writeMarks(
  port: WorkbookPort,
  state: LiveState,
  current: (m: StatusMark) => Mark | undefined,
): Promise<void> {
  const marks = allMarks(state);
  const changed = marks.filter((m) => (current(m) ?? '') !== m.mark);
  const computed = port.writeComputed ? computedResults(state) : [];
  if (changed.length && port.writeStatus) await port.writeStatus(changed);
  if (computed.length && port.writeComputed) await port.writeComputed(computed);
  state.marks = new Map(marks.map((m) => [markKey(m), m.mark]));
}

async function checkAllNow(port: WorkbookPort, options: CheckOptions): Promise<CheckResult> {
  const snapshot = await port.readFormValues(undefined, { formulas: true });
  const catalog = options.catalog ?? catalogOf(snapshot);
  if (!Object.keys(snapshot.names).some((n) => indexOf(catalog).nameToKey.has(n))) {
    live.delete(port);
    withoutForms.add(port);
    return {
      injected: false,
      catalogId: catalog.id,
      ctx: {},
      findings: [],
      filled: 0,
      total: 0,
      summary: 'Sổ tính chưa có biểu mẫu CCHC: hãy chèn biểu mẫu ở thẻ "Biểu mẫu".',
      marks: [],
    };
  }
  withoutForms.delete(port);
  const state = newState(catalog, snapshot);
  absorb(state, snapshot);
  const expectedComputed = readComputed(state, snapshot);
  const found = validate(catalog, state.figures, { ...state.ctx, expectedComputed });
  readTexts(state, snapshot);
  await checkOwnText(state);
  state.findings = sortFindings([...found, ...state.unreadable.values(), ...state.ownText]);
  await writeMarks(port, state, (m) => {
    const v = snapshotCell(snapshot, m.sheet, m.address)?.value;
    return v === null || v === undefined ? '' : (String(v) as Mark);
  });
  live.set(port, state);
  return resultOf(state);
}

/** Reads every form, checks every rule; column H is written only by a port that keeps marks in the sheet. */
export function checkAll(port: WorkbookPort, options: CheckOptions = {}): Promise<CheckResult> {
  return serial(port, () => checkAllNow(port, options));
}

async function onEditNow(port: WorkbookPort, event: EditEvent, options: CheckOptions): Promise<CheckResult | null> {
  const state = live.get(port);
  if (!state && withoutForms.has(port)) return null;
  if (!state || !event.sheet || (options.catalog && options.catalog !== state.catalog))
    return checkAllNow(port, options);
  const ours = [...state.sheetMap.values()].includes(event.sheet);
  if (!ours) return null;
  if (event.structural) return checkAllNow(port, { catalog: state.catalog });
  const box = parseBox(event.address);
  if (!box) return null;
  const touched = Object.entries(state.names).filter(([, at]) => {
    const p = at.sheet === event.sheet ? parseCell(at.address) : null;
    return !!p && inBox(box, p.row, p.col);
  });
  const contextNames = new Set(CONTEXT_FIELDS.map(nameForDetail));
  const textNames = new Set(OUTLINE.map((s) => nameForText(s.id)));
  if (touched.some(([n]) => contextNames.has(n) || textNames.has(n)))
    return checkAllNow(port, { catalog: state.catalog });
  const { nameToKey } = indexOf(state.catalog);
  const keys = touched.map(([n]) => nameToKey.get(n)).filter((k): k is string => !!k);
  if (!keys.length) {
    // A computed cell typed over: the full check reports it.
    const hitsComputed = state.plan.computed.some((c) => {
      if (c.sheet !== event.sheet) return false;
      const p = parseCell(locate(state, c.sheet, c.address))!;
      return inBox(box, p.row, p.col);
    });
    return hitsComputed ? checkAllNow(port, { catalog: state.catalog }) : null;
  }
  const catalog = state.catalog;
  const covered =
    event.values &&
    event.values.length === box.bottom - box.top + 1 &&
    event.values.every((r) => r.length === box.right - box.left + 1);
  if (covered) {
    for (const key of keys) {
      const ind = catalog.byKey.get(key)!;
      const at = state.names[nameForKey(key)];
      const p = parseCell(at.address)!;
      readFigure(state, ind, at, event.values![p.row - box.top][p.col - box.left] ?? null, state.numFmts[key]);
    }
  } else {
    // No values in the event (paste, fill, undo on an older host): read the edited sheet again.
    const snapshot = await port.readFormValues([event.sheet]);
    absorb(state, snapshot);
  }
  const forms = new Set<string>(keys.map((k) => catalog.byKey.get(k)!.form));
  const fresh = validate(catalog, { ...state.figures, computed: undefined }, { ...state.ctx, forms: [...forms] });
  const unreadable = [...state.unreadable.values()].filter((f) => touchesForms(catalog, f, forms));
  // The unit's words quote figures of any form: checked again against the figures now.
  const before = new Set(state.ownText);
  await checkOwnText(state);
  state.findings = sortFindings([
    ...state.findings.filter((f) => !before.has(f) && !touchesForms(catalog, f, forms)),
    ...fresh,
    ...unreadable,
    ...state.ownText,
  ]);
  await writeMarks(port, state, (m) => state.marks.get(markKey(m)));
  return resultOf(state);
}

/**
 * Live validation of one edit: re-checks the edited forms and every rule reaching into them
 * (rules may cross forms); a port that keeps marks in the sheet writes those that changed (the
 * Office port writes nothing while the user edits). Null when the edit changes no figure.
 */
export function onEdit(port: WorkbookPort, event: EditEvent, options: CheckOptions = {}): Promise<CheckResult | null> {
  return serial(port, () => onEditNow(port, event, options));
}

export interface LiveValidation {
  detach(): void;
  /** Resolves when every edit received so far has been checked. */
  idle(): Promise<void>;
}

/** Subscribes to the port's edits; each checked edit goes to `listener`. */
export async function attachLiveValidation(
  port: WorkbookPort,
  listener: (result: CheckResult) => void,
  onError: (err: unknown) => void = () => undefined,
  options: CheckOptions = {},
): Promise<LiveValidation> {
  let pending: Promise<unknown> = Promise.resolve();
  const detach = await port.onEdit((event) => {
    pending = onEdit(port, event, options).then((r) => {
      if (r) listener(r);
    }, onError);
  });
  return {
    detach,
    idle: async () => {
      await pending;
      await (queues.get(port) ?? Promise.resolve());
    },
  };
}

// ---------------------------------------------------------------- injection

export interface InjectResult {
  plan: WorkbookPlan;
  report: InjectionReport;
  sheets: { canonical: string; actual: string; created: boolean }[];
  kept: { figures: number; notes: number; texts: number; details: number };
  /** Values under names the new plan no longer has (a row dropped from a newer catalog). */
  dropped: { name: string; cell: CellRef; value: RawValue }[];
  /** The user's own content inside the forms' block (a row they inserted) that the new layout overwrites. */
  cleared: { cell: CellRef; value: RawValue; formula?: string }[];
  messages: string[];
}

/** What an injection will do, worked out before anything is written (the pane shows it first). */
export type InjectionPreview = Omit<InjectResult, 'report'>;

const NOT_APPLICABLE = /^Không áp dụng/;
/** A planned cell whose content, whatever it is, is the add-in's. */
const ANY = '\u0000any';

interface PreparedInjection extends InjectionPreview {
  writes: CellWrite[];
  snapshot: WorkbookSnapshot;
}

function shown(v: RawValue, formula?: string): string {
  return formula ?? (v === null ? '' : String(v));
}

/** The writes of an injection and what it keeps, drops and overwrites, from the workbook as read. */
function prepareInjection(catalog: Catalog, ctx: ReportContext, snapshot: WorkbookSnapshot): PreparedInjection {
  const canonical = planWorkbook(catalog, ctx);
  const sheetMap = chooseSheetNames(canonical, snapshot);
  const plan = renamePlanSheets(canonical, sheetMap);
  const writes = new Map<string, CellWrite>();
  const put = (w: CellWrite) => writes.set(`${w.sheet}!${w.address}`, w);
  const kept = { figures: 0, notes: 0, texts: 0, details: 0 };
  /** Old cells whose content goes to the new layout (by their old address). */
  const carried = new Set<string>();
  for (const input of plan.inputs) {
    const at = snapshot.names[input.name];
    if (!at) continue;
    const old = snapshotCell(snapshot, at.sheet, at.address);
    const formula = snapshotFormula(snapshot, at.sheet, at.address) || undefined;
    if (old && (!isBlank(old.value) || formula)) {
      // Exactly as typed: the user's number format (a percent stays a percent) and formula.
      const numFmt = old.numFmt && old.numFmt !== 'General' ? old.numFmt : undefined;
      put({ sheet: input.sheet, address: input.address, value: old.value, numFmt, formula });
      carried.add(`${at.sheet}!${at.address}`);
      if (input.kind === 'figure') kept.figures++;
      else if (input.kind === 'text') kept.texts++;
      else kept.details++;
    }
    if (input.kind === 'figure') {
      const noteAt = `${COL.note}${parseCell(at.address)!.row}`;
      const note = snapshotCell(snapshot, at.sheet, noteAt);
      if (note && !isBlank(note.value) && !NOT_APPLICABLE.test(String(note.value))) {
        put({ sheet: input.sheet, address: `${COL.note}${parseCell(input.address)!.row}`, value: note.value });
        carried.add(`${at.sheet}!${noteAt}`);
        kept.notes++;
      }
    }
  }
  // The level and period chosen in the pane go to the details sheet.
  const detail = (field: DetailField, value: string) => {
    const input = plan.inputs.find((i) => i.name === nameForDetail(field));
    if (input) put({ sheet: input.sheet, address: input.address, value });
  };
  if (ctx.level) detail('level', LEVEL_CELL_LABELS[ctx.level]);
  if (ctx.period) {
    detail('periodKind', PERIOD_LABELS[ctx.period.kind]);
    detail('year', String(ctx.period.year));
    detail('from', formatDateShort(ctx.period.from));
    detail('to', formatDateShort(ctx.period.to));
  }
  const planned = new Set(plan.inputs.map((i) => i.name));
  const dropped: InjectResult['dropped'] = [];
  for (const [name, at] of Object.entries(snapshot.names)) {
    if (planned.has(name)) continue;
    const v = snapshotCell(snapshot, at.sheet, at.address)?.value ?? null;
    if (!isBlank(v)) dropped.push({ name, cell: at, value: v });
    carried.add(`${at.sheet}!${at.address}`);
  }
  // Content of the old block that is neither the add-in's own text or formulas nor carried over.
  // A row is the add-in's when its column A holds what a planned row's column A holds (a code,
  // a label, a header); its cells are then compared with that planned row, column by column.
  const cleared: InjectResult['cleared'] = [];
  const content = (value: RawValue | undefined, formula?: string | null) =>
    formula ? formula : value === null || value === undefined ? '' : String(value).trim();
  for (const sheet of plan.sheets) {
    const grid = snapshot.grids[sheet.name];
    if (!grid || sheet.role === 'meta') continue;
    const plannedRows = new Map<number, Map<number, string>>();
    for (const c of sheet.cells) {
      const p = parseCell(c.address)!;
      const row = plannedRows.get(p.row) ?? new Map<number, string>();
      // Column H holds marks a port may have written: whatever is there is the add-in's.
      row.set(p.col, c.style === 'status' ? ANY : c.formula ? `=${c.formula}` : content(c.value ?? null));
      plannedRows.set(p.row, row);
    }
    // Cells covered by a merge show (in some readers) the merge's value: they are the add-in's too.
    for (const m of sheet.merges) {
      const box = parseBox(m);
      if (!box) continue;
      for (let r = box.top; r <= box.bottom; r++)
        for (let c = box.left; c <= box.right; c++) {
          if (r === box.top && c === box.left) continue;
          const row = plannedRows.get(r) ?? new Map<number, string>();
          row.set(c, ANY);
          plannedRows.set(r, row);
        }
    }
    const byKey = new Map<string, Map<number, string>>();
    for (const [, row] of [...plannedRows].sort((a, b) => a[0] - b[0])) {
      const key = row.get(1);
      if (key && !byKey.has(key)) byKey.set(key, row);
    }
    const cols = Math.max(sheet.widths.length, ...sheet.cells.map((c) => parseCell(c.address)!.col));
    grid.values.forEach((row, r) => {
      const keyAt = 1 - grid.left;
      const rowKey = keyAt >= 0 ? content(row[keyAt], grid.formulas?.[r]?.[keyAt]) : '';
      const ours = rowKey ? byKey.get(rowKey) : undefined;
      row.forEach((v, c) => {
        const col = grid.left + c;
        if (col > cols) return;
        const address = `${colLetter(col)}${grid.top + r}`;
        const formula = grid.formulas?.[r]?.[c] ?? undefined;
        const text = content(v, formula);
        if (!text || carried.has(`${sheet.name}!${address}`)) return;
        if (ours && (ours.get(col) === text || ours.get(col) === ANY)) return;
        // The add-in's own formulas (they name its cells) and "not applicable" notes, from another level or period.
        if ((formula && /\bcchc_/.test(formula)) || NOT_APPLICABLE.test(text)) return;
        cleared.push({ cell: { sheet: sheet.name, address }, value: v, formula });
      });
    });
  }

  const sheets = canonical.sheets.map((s) => ({
    canonical: s.name,
    actual: sheetMap.get(s.name)!,
    created: !snapshot.sheets.some((x) => x.toLowerCase() === sheetMap.get(s.name)!.toLowerCase()),
  }));
  const visible = sheets.filter((s) => s.canonical !== META_SHEET);
  const messages = [
    `Chèn ${visible.length} trang (${visible.filter((s) => s.created).length} trang mới, ${visible.filter((s) => !s.created).length} trang cập nhật) theo danh mục ${catalog.id}.`,
  ];
  for (const s of sheets) {
    if (s.actual !== s.canonical)
      messages.push(
        `Trang "${s.canonical}" là trang riêng của bạn nên được giữ nguyên; biểu mẫu được chèn vào trang "${s.actual}".`,
      );
  }
  if (kept.figures + kept.notes + kept.texts + kept.details) {
    messages.push(
      `Giữ nguyên ${kept.figures} số liệu, ${kept.notes} ghi chú, ${kept.texts} mục nội dung và ${kept.details} mục thông tin đã nhập (cả định dạng và công thức).`,
    );
  }
  for (const d of dropped) {
    messages.push(
      `Ô ${d.cell.sheet}!${d.cell.address} (${d.name}) có giá trị "${String(d.value)}" nhưng chỉ tiêu này không còn trong danh mục ${catalog.id}: giá trị không được chép sang, hãy ghi lại nếu cần.`,
    );
  }
  for (const c of cleared) {
    messages.push(
      `Ô ${c.cell.sheet}!${c.cell.address} có "${shown(c.value, c.formula)}" do bạn tự nhập ngoài các ô của biểu mẫu: bố cục mới ghi đè ô này, hãy chép sang chỗ khác trước nếu cần.`,
    );
  }
  return { plan, sheets, kept, dropped, cleared, messages, writes: [...writes.values()], snapshot };
}

function colLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * What injecting would change, without writing anything: sheets created or updated, what is
 * kept, figures under rows the catalog no longer has, and the user's own cells the layout overwrites.
 */
export function previewInjection(port: WorkbookPort, catalog: Catalog, ctx: ReportContext): Promise<InjectionPreview> {
  return serial(port, async () => {
    const {
      writes: _writes,
      snapshot: _snapshot,
      ...preview
    } = prepareInjection(catalog, ctx, await port.readInputs({ formulas: true }));
    return preview;
  });
}

/**
 * Writes the forms into the workbook. Idempotent: figures, notes, texts and details typed
 * before are read by defined name first and written back into the new layout, with their
 * number formats and formulas; a user's own sheet with a planned name is left alone and the
 * form goes to a suffixed sheet.
 */
export function injectForms(port: WorkbookPort, catalog: Catalog, ctx: ReportContext): Promise<InjectResult> {
  return serial(port, async () => {
    const prepared = prepareInjection(catalog, ctx, await port.readInputs({ formulas: true }));
    const { writes, snapshot, ...preview } = prepared;
    const report = await port.applyPlan(prepared.plan, { values: writes, existing: snapshot });
    live.delete(port);
    withoutForms.delete(port);
    const created = new Map(report.sheets.map((s) => [s.name, s.created]));
    const sheets = preview.sheets.map((s) => ({ ...s, created: created.get(s.actual) ?? s.created }));
    const messages = [...preview.messages];
    const visible = sheets.filter((s) => s.canonical !== META_SHEET);
    messages[0] = `Đã chèn ${visible.length} trang (${visible.filter((s) => s.created).length} trang mới, ${visible.filter((s) => !s.created).length} trang cập nhật) theo danh mục ${catalog.id}.`;
    return { ...preview, sheets, messages, report };
  });
}
