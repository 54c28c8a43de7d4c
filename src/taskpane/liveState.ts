import type { Catalog, Indicator } from '../domain/catalog/types';
import type { CellRef, FigureSet, ReportContext } from '../domain/figures';
import { nameForKey, nameForText, planWorkbook, type WorkbookPlan } from '../domain/layout';
import { OUTLINE } from '../domain/outline';
import type { Finding } from '../domain/validate';
import { parseFigure } from '../io/figureText';
import { parseCell } from '../office/a1';
import { snapshotCell, type Mark, type RawValue, type WorkbookPort, type WorkbookSnapshot } from '../office/port';
import { indexOf, readContext, unreadableFinding } from './formsReading';
import { chooseSheetNames, renamePlanSheets } from './sheetNames';

/** What the pane keeps per workbook between checks, and the queue that runs one job at a time on it. */

export interface LiveState {
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

export const live = new WeakMap<WorkbookPort, LiveState>();
/** Workbooks checked and found without forms: their edits are not ours to check. */
export const withoutForms = new WeakSet<WorkbookPort>();
const queues = new WeakMap<WorkbookPort, Promise<unknown>>();

/** One check at a time per workbook: edits arrive faster than a sync returns. */
export function serial<T>(port: WorkbookPort, job: () => Promise<T>): Promise<T> {
  const prev = queues.get(port) ?? Promise.resolve();
  const next = prev.then(job, job);
  queues.set(
    port,
    next.catch(() => undefined),
  );
  return next;
}

export function readFigure(
  state: LiveState,
  ind: Indicator,
  at: CellRef,
  value: RawValue,
  numFmt: string | undefined,
): void {
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
export function absorb(state: LiveState, snapshot: WorkbookSnapshot): void {
  state.names = snapshot.names;
  for (const ind of indexOf(state.catalog).inputs) {
    const at = snapshot.names[nameForKey(ind.key)];
    if (!at || !snapshot.grids[at.sheet]) continue;
    const cell = snapshotCell(snapshot, at.sheet, at.address);
    readFigure(state, ind, at, cell?.value ?? null, cell?.numFmt);
  }
}

/** Where a planned cell is now: shifted like the nearest named input of its sheet (rows may have moved). */
export function locate(state: LiveState, sheet: string, plannedAddress: string): string {
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

export function newState(catalog: Catalog, snapshot: WorkbookSnapshot): LiveState {
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
export function readTexts(state: LiveState, snapshot: WorkbookSnapshot): void {
  state.texts = {};
  for (const s of OUTLINE) {
    const at = snapshot.names[nameForText(s.id)];
    const v = at ? snapshotCell(snapshot, at.sheet, at.address)?.value : null;
    const t = v === null || v === undefined ? '' : String(v).trim();
    if (t) state.texts[s.id] = t;
  }
}

/** The own-text check, loaded with the report's code when first needed (not in the pane's first chunks). */
export async function checkOwnText(state: LiveState): Promise<void> {
  if (!Object.keys(state.texts).length) {
    state.ownText = [];
    return;
  }
  const { ownTextFindings } = await import(/* webpackChunkName: "own-text" */ '../domain/report/ownText');
  state.ownText = ownTextFindings(state.catalog, state.figures, state.texts, state.ctx);
}

/** Resolves when every job queued on the workbook so far has run. */
export function whenIdle(port: WorkbookPort): Promise<unknown> {
  return queues.get(port) ?? Promise.resolve();
}
