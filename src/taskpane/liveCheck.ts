import { applies } from '../domain/applicability';
import type { Catalog, Indicator, Severity } from '../domain/catalog/types';
import type { CellRef, ReportContext } from '../domain/figures';
import { COL, nameForDetail, nameForKey, nameForText } from '../domain/layout';
import { countFindings, findingCountText } from '../domain/findingCount';
import { OUTLINE } from '../domain/outline';
import { validate, type Finding } from '../domain/validate';
import { inBox, parseBox, parseCell } from '../office/a1';
import { snapshotCell, type EditEvent, type Mark, type StatusMark, type WorkbookPort } from '../office/port';
import { computedResults, readComputed } from './computedCells';
import { catalogOf, CONTEXT_FIELDS, indexOf } from './formsReading';
import {
  absorb,
  checkOwnText,
  live,
  locate,
  newState,
  readFigure,
  readTexts,
  serial,
  whenIdle,
  withoutForms,
  type LiveState,
} from './liveState';

/** Checking the forms: everything at once, then again on every edit (only the rules the edit reaches). */

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
      await whenIdle(port);
    },
  };
}
