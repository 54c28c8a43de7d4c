import type { Expr } from '../domain/expr';
import type { FigureSet } from '../domain/figures';
import { formatNumber } from '../domain/format';
import { COL, rateInputRules } from '../domain/layout';
import { ratioDisplay } from '../domain/display';
import { computeRate } from '../domain/rates';
import { parseCell } from '../office/a1';
import { snapshotCell, snapshotFormula, type ComputedResult, type WorkbookSnapshot } from '../office/port';
import { indexOf } from './formsReading';
import { locate, type LiveState } from './liveState';

/** The cells the layout computes (rates, "a/b", the check column): the engine's values, and the workbook's as read. */

/** Formula results for a host that does not calculate: rates, "a/b", and the Excel check column. */
export function computedResults(state: LiveState): ComputedResult[] {
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
      out.push({
        sheet: c.sheet,
        address,
        value: a === null || b === null ? null : ratioDisplay(a, b),
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
export function readComputed(state: LiveState, snapshot: WorkbookSnapshot): Record<string, string | number | null> {
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
