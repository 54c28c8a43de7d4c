import { applies } from './applicability';
import { formLabel } from './catalog/load';
import type { Catalog, Indicator, Rule, Severity } from './catalog/types';
import { evaluate, printExpr, refsOf, type Expr } from './expr';
import type { CellRef, FigureSet, ReportContext } from './figures';
import { formatNumber, formatPercent } from './format';
import { rateInputRules } from './layout';
import { computeRate } from './rates';

export interface Finding {
  severity: Severity;
  /** Rule id: `1.1.2#1` (relation), `1.1.2#kind`, `BM3:giai-quyet-dung-han~3.3.1` (rate cross-check), `…#formula`. */
  rule: string;
  keys: string[];
  cells: CellRef[];
  message: string;
  /** The figure most likely wrong. */
  blame?: string;
}

/** Half a unit of the stated precision: counts exact, money and percent within rounding. */
function tolerance(ind: Indicator | undefined, figures: FigureSet): number {
  if (!ind || ind.kind === 'count' || ind.kind === 'code') return 0;
  const decimals = figures.decimals?.[ind.key] ?? 0;
  return 0.5 * Math.pow(10, -decimals);
}

function exprTolerance(expr: Expr, catalog: Catalog, figures: FigureSet): number {
  return refsOf(expr).reduce((t, k) => t + tolerance(catalog.byKey.get(k), figures), 0);
}

/** `1.1.2 «Số nhiệm vụ đã hoàn thành»`, with the form when it differs from the rule's. */
export function describeKey(catalog: Catalog, key: string, homeForm?: string): string {
  const ind = catalog.byKey.get(key);
  if (!ind) return key;
  const prefix = homeForm && ind.form !== homeForm ? `${formLabel(ind.form)} ` : '';
  return `${prefix}${ind.code} «${ind.name}»`;
}

function show(catalog: Catalog, key: string, v: number): string {
  return catalog.byKey.get(key)?.kind === 'percent' ? formatPercent(v, 2) : formatNumber(v);
}

function terms(expr: Expr): { sign: 1 | -1; key: string | null; expr: Expr }[] {
  if (expr.t === 'sum')
    return expr.terms.map((t) => ({ sign: t.sign, key: t.expr.t === 'ref' ? t.expr.key : null, expr: t.expr }));
  return [{ sign: 1, key: expr.t === 'ref' ? expr.key : null, expr }];
}

/** "4.1.1 + 4.1.2 = 30 + 50 = 80" or "1.1.1 = 39"; a blank part bounded by its own parts says so. */
function spell(
  catalog: Catalog,
  expr: Expr,
  get: (k: string) => number | null,
  homeForm: string,
  bound?: Bounder,
): string {
  const ts = terms(expr);
  const codes = printExpr(expr, (k) => (catalog.byKey.get(k)?.form === homeForm ? catalog.byKey.get(k)!.code : k));
  if (ts.length === 1 && ts[0].key) {
    const v = get(ts[0].key);
    return `${describeKey(catalog, ts[0].key, homeForm)} = ${v === null ? '(trống)' : show(catalog, ts[0].key, v)}`;
  }
  const codeOf = (k: string) => (catalog.byKey.get(k)?.form === homeForm ? catalog.byKey.get(k)!.code : k);
  let bounded = false;
  const values = ts.map((t) => {
    const v = evaluate(t.expr, get);
    if (v !== null) return formatNumber(v);
    const b = bound && t.key ? bound(t.key) : NOTHING;
    if (b.lo <= 0) return '(trống)';
    bounded = true;
    return `(trống, ít nhất ${formatNumber(b.lo)} theo ${b.via.map(codeOf).join(' + ')})`;
  });
  const total = evaluate(expr, get);
  const sumText = values.reduce(
    (acc, v, i) => (i === 0 ? (ts[0].sign < 0 ? `-${v}` : v) : `${acc} ${ts[i].sign > 0 ? '+' : '-'} ${v}`),
    '',
  );
  const partial =
    total === null && values.some((v) => v !== '(trống)')
      ? bounded && bound
        ? lowerBound(expr, get, bound).value
        : presentLowerBound(expr, get).value
      : NaN;
  const result =
    total !== null
      ? ` = ${formatNumber(total)}`
      : Number.isNaN(partial)
        ? ''
        : bounded
          ? ` ≥ ${formatNumber(partial)}`
          : ` = ${formatNumber(partial)} (chưa tính ô trống)`;
  return `${codes} = ${sumText}${result}`;
}

/**
 * What is known of a blank figure: at least the sum of its own filled breakdown (`4.2 = 4.2.1 + 4.2.2`
 * with 4.2.1 = 18 → 4.2 ≥ 18), at least a figure it must not be below (`1.1.2 <= 1.1.1`), and never
 * below 0. `via` lists the filled figures the bound rests on.
 */
interface Bound {
  lo: number;
  tol: number;
  via: string[];
}

const NOTHING: Bound = { lo: 0, tol: 0, via: [] };

/** The rules of a catalog indexed once: breakdowns, lower bounds, and which rules read which figure. */
interface RuleIndex {
  breakdowns: Map<string, Expr[]>;
  atLeast: Map<string, string[]>;
  byKey: Map<string, Rule[]>;
  /** Keys whose bound a key feeds (its wholes, their wholes…), computed on demand. */
  feeds: Map<string, string[]>;
}

const indexes = new WeakMap<Catalog, RuleIndex>();

function ruleIndex(catalog: Catalog): RuleIndex {
  let index = indexes.get(catalog);
  if (index) return index;
  index = { breakdowns: new Map(), atLeast: new Map(), byKey: new Map(), feeds: new Map() };
  const push = <T>(map: Map<string, T[]>, key: string, item: T) => {
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  };
  for (const rule of catalog.rules) {
    for (const k of refsOf(rule.right, refsOf(rule.left))) push(index.byKey, k, rule);
    // Only binding relations bound a blank figure; a warning is "usually".
    if (rule.severity !== 'error' || rule.op === 'range') continue;
    const whole = single(rule.left);
    if (rule.op === '=' && whole && rule.right.t === 'sum' && rule.right.terms.every((t) => t.sign > 0))
      push(index.breakdowns, whole, rule.right);
    const upper = single(rule.right);
    const lower = single(rule.left);
    if (rule.op === '<=' && upper && lower) push(index.atLeast, upper, lower);
  }
  indexes.set(catalog, index);
  return index;
}

/** The keys whose bound may rest on `key`: rules reading them must be checked again when `key` changes. */
function fedBy(index: RuleIndex, key: string): string[] {
  let out = index.feeds.get(key);
  if (out) return out;
  out = [];
  index.feeds.set(key, out);
  for (const [whole, exprs] of index.breakdowns)
    if (exprs.some((e) => refsOf(e).includes(key))) out.push(whole, ...fedBy(index, whole));
  for (const [upper, lowers] of index.atLeast) if (lowers.includes(key)) out.push(upper, ...fedBy(index, upper));
  return out;
}

type Bounder = (key: string) => Bound;

function bounder(catalog: Catalog, figures: FigureSet, get: (k: string) => number | null): Bounder {
  const index = ruleIndex(catalog);
  const memo = new Map<string, Bound>();
  const bound = (key: string): Bound => {
    const known = memo.get(key);
    if (known) return known;
    const v = get(key);
    if (v !== null) {
      const b = { lo: v, tol: tolerance(catalog.byKey.get(key), figures), via: [key] };
      memo.set(key, b);
      return b;
    }
    memo.set(key, NOTHING); // a cycle of relations stops here
    let best = NOTHING;
    for (const expr of index.breakdowns.get(key) ?? []) {
      let lo = 0;
      let tol = 0;
      const via: string[] = [];
      for (const t of terms(expr)) {
        const b = t.key ? bound(t.key) : NOTHING;
        lo += b.lo;
        tol += b.tol;
        via.push(...b.via);
      }
      if (lo - tol > best.lo - best.tol) best = { lo, tol, via };
    }
    for (const lower of index.atLeast.get(key) ?? []) {
      const b = bound(lower);
      if (b.lo - b.tol > best.lo - best.tol) best = b;
    }
    memo.set(key, best);
    return best;
  };
  return bound;
}

/** A lower bound of a side with missing parts: present terms, blank ones at their own bound. NaN when unbounded. */
function lowerBound(expr: Expr, get: (k: string) => number | null, bound: Bounder): Bound & { value: number } {
  let value = 0;
  let tol = 0;
  const via: string[] = [];
  for (const t of terms(expr)) {
    const v = evaluate(t.expr, get);
    if (v !== null) {
      value += t.sign * v;
      via.push(...refsOf(t.expr));
      continue;
    }
    if (t.sign < 0) return { value: NaN, lo: NaN, tol, via };
    const b = t.key ? bound(t.key) : NOTHING;
    value += b.lo;
    tol += b.tol;
    via.push(...b.via);
  }
  return { value, lo: value, tol, via };
}

/** Sum of the present positive terms: a lower bound of a sum with missing parts. */
function presentLowerBound(expr: Expr, get: (k: string) => number | null): { value: number; missing: string[] } {
  let value = 0;
  const missing: string[] = [];
  for (const t of terms(expr)) {
    const v = evaluate(t.expr, get);
    if (v === null) {
      missing.push(...refsOf(t.expr).filter((k) => get(k) === null));
      if (t.sign < 0) return { value: NaN, missing };
    } else value += t.sign * v;
  }
  return { value, missing };
}

function cellsOf(figures: FigureSet, keys: string[]): CellRef[] {
  const out: CellRef[] = [];
  for (const k of keys) {
    const c = figures.cells?.[k];
    if (c) out.push(c);
  }
  return out;
}

function finding(
  rule: Rule | { id: string; severity: Severity },
  keys: string[],
  blame: string | undefined,
  message: string,
  figures: FigureSet,
): Finding {
  const ordered = blame ? [blame, ...keys.filter((k) => k !== blame)] : keys;
  return { severity: rule.severity, rule: rule.id, keys: ordered, cells: cellsOf(figures, ordered), message, blame };
}

function formPrefix(catalog: Catalog, key: string): string {
  return formLabel(catalog.byKey.get(key)?.form ?? 'PL1');
}

/** The single key of a side, when it is one figure. */
function single(expr: Expr): string | null {
  return expr.t === 'ref' ? expr.key : null;
}

/** Largest present term of a sum: the likeliest culprit when parts exceed their whole. */
function largestTerm(expr: Expr, get: (k: string) => number | null): string | null {
  let best: string | null = null;
  let bestValue = -Infinity;
  for (const t of terms(expr)) {
    if (!t.key || t.sign < 0) continue;
    const v = get(t.key);
    if (v !== null && v > bestValue) {
      best = t.key;
      bestValue = v;
    }
  }
  return best;
}

function checkRule(
  catalog: Catalog,
  rule: Rule,
  figures: FigureSet,
  get: (k: string) => number | null,
  bound: Bounder,
): Finding | null {
  const home = rule.form;
  const keys = refsOf(rule.right, refsOf(rule.left));
  const where = formPrefix(catalog, rule.subject);

  if (rule.op === 'range') {
    const v = get(rule.subject);
    if (v === null) return null;
    if (v < rule.min! || v > rule.max!) {
      return finding(
        rule,
        [rule.subject],
        rule.subject,
        `${where}: ${describeKey(catalog, rule.subject)} = ${formatNumber(v)} nằm ngoài khoảng ${rule.min}–${rule.max}. Số cần xem lại: ${catalog.byKey.get(rule.subject)!.code}.`,
        figures,
      );
    }
    return null;
  }

  const right = evaluate(rule.right, get);
  const tol = exprTolerance(rule.left, catalog, figures) + exprTolerance(rule.right, catalog, figures);
  const left = evaluate(rule.left, get);
  const codeOf = (k: string) => (catalog.byKey.get(k)?.form === home ? catalog.byKey.get(k)!.code : k);

  if (rule.op === '<=') {
    if (right === null) return null;
    const partial = left === null ? lowerBound(rule.left, get, bound) : null;
    const lower = left ?? partial!.value;
    if (Number.isNaN(lower) || lower <= right + tol + (partial?.tol ?? 0)) return null;
    // Nothing filled on the left: nothing to say.
    if (partial && partial.via.length === 0) return null;
    const part = single(rule.left);
    // A part above its whole: the part is the likeliest slip (a blank part: the figure it rests on).
    const blame =
      part && left === null && partial!.via.length === 1 ? partial!.via[0] : (part ?? largestTerm(rule.left, get));
    const over = formatNumber(lower - right);
    const partText =
      part && left === null
        ? `${describeKey(catalog, part, home)} (trống, ít nhất ${show(catalog, part, lower)} theo ${partial!.via.map(codeOf).join(' + ')})`
        : part
          ? `${describeKey(catalog, part, home)} = ${show(catalog, part, lower)}`
          : null;
    const text = partText
      ? `${partText} lớn hơn ${spell(catalog, rule.right, get, home)}, vượt ${over}.`
      : `Tổng ${spell(catalog, rule.left, get, home, bound)} lớn hơn ${spell(catalog, rule.right, get, home)}, vượt ${over}.`;
    const hint =
      rule.severity === 'warning'
        ? ' Thường phần này không vượt tổng; nếu số liệu đúng, ghi rõ lý do ở cột Ghi chú.'
        : '';
    return finding(
      rule,
      withVia(keys, partial?.via),
      blame ?? undefined,
      `${where}: ${text} Số cần xem lại: ${blame ? codeOf(blame) : refsOf(rule.left).map(codeOf).join(', ')}.${hint}`,
      figures,
    );
  }

  // Balance '='.
  const leftSingle = single(rule.left);
  const rightSingle = single(rule.right);
  const wholeExpr = leftSingle ? rule.left : rule.right;
  const partsExpr = leftSingle ? rule.right : rule.left;
  const whole = leftSingle ?? rightSingle;
  const wholeValue = whole ? get(whole) : null;
  if (wholeValue === null) return null;
  const partsValue = evaluate(partsExpr, get);
  const partial = partsValue === null ? lowerBound(partsExpr, get, bound) : null;
  if (partial) {
    // Parts partly missing: only a sure excess is reported; a blank part counts at least its own filled parts.
    if (partial.via.length === 0 || Number.isNaN(partial.value) || partial.value <= wholeValue + tol + partial.tol)
      return null;
  } else if (Math.abs(partsValue! - wholeValue) <= tol) {
    return null;
  }
  const partsShown = partsValue ?? partial!.value;
  const diff = partsShown - wholeValue;
  let blame: string;
  if (partial) {
    // One figure alone above the whole is the likeliest slip; several, or none alone: the whole.
    const above = partial.via.filter((k) => (get(k) ?? 0) > wholeValue + tol);
    blame = above.length === 1 ? above[0] : whole!;
  } else {
    const big = largestTerm(partsExpr, get);
    blame = big && (get(big) ?? 0) > wholeValue + tol ? big : whole!;
  }
  const crossForm = refsOf(partsExpr).some((k) => catalog.byKey.get(k)?.form !== catalog.byKey.get(whole!)?.form);
  const relationWord = crossForm ? 'không khớp với' : diff > 0 ? 'nhỏ hơn tổng các phần' : 'lớn hơn tổng các phần';
  const text = `${spell(catalog, wholeExpr, get, home)} ${relationWord} ${spell(catalog, partsExpr, get, home, bound)}, ${partial ? 'lệch ít nhất' : 'lệch'} ${formatNumber(Math.abs(diff))}.`;
  return finding(
    rule,
    withVia(keys, partial?.via),
    blame,
    `${where}: ${text} Số cần xem lại: ${codeOf(blame)}.`,
    figures,
  );
}

/** The rule's figures and the filled figures a bound rested on. */
function withVia(keys: string[], via: string[] | undefined): string[] {
  if (!via?.length) return keys;
  const out = [...keys];
  for (const k of via) if (!out.includes(k)) out.push(k);
  return out;
}

function checkKind(catalog: Catalog, ind: Indicator, v: number, figures: FigureSet): Finding | null {
  const rule = { id: `${ind.key}#kind`, severity: 'error' as Severity };
  const label = `${formLabel(ind.form)}: ${describeKey(catalog, ind.key)}`;
  if (ind.kind === 'count' && (!Number.isInteger(v) || v < 0)) {
    return finding(rule, [ind.key], ind.key, `${label} = ${formatNumber(v)}: phải là số nguyên không âm.`, figures);
  }
  if (ind.kind === 'money' && v < 0) {
    return finding(rule, [ind.key], ind.key, `${label} = ${formatNumber(v)}: số tiền không được âm.`, figures);
  }
  if (ind.kind === 'code' && ind.codes && !ind.codes.includes(v)) {
    return finding(
      rule,
      [ind.key],
      ind.key,
      `${label} = ${formatNumber(v)}: chỉ nhận ${ind.codes.join(' hoặc ')} (${ind.unit}).`,
      figures,
    );
  }
  if (ind.kind === 'percent' && !ind.relation && (v < 0 || v > 100)) {
    return finding(rule, [ind.key], ind.key, `${label} = ${formatNumber(v)}: tỷ lệ phải trong khoảng 0–100.`, figures);
  }
  return null;
}

/** A stated percentage must agree with the rate recomputed from its parts. */
function checkStatedRates(
  catalog: Catalog,
  figures: FigureSet,
  get: (k: string) => number | null,
  ctx: ReportContext,
  bound: Bounder,
): Finding[] {
  const out: Finding[] = [];
  for (const def of catalog.rates) {
    if (!def.statedBy) continue;
    const statedInd = catalog.byKey.get(def.statedBy);
    if (!statedInd || !applies(statedInd, ctx)) continue;
    const stated = get(def.statedBy);
    const rate = computeRate(def, figures);
    if (stated === null || rate.value === null) continue;
    // A rate from figures in error is no rate ("640%" from a part above its whole): their own findings say so.
    const inputsInError = rateInputRules(catalog, def).some(
      (rule) => applies(catalog.byKey.get(rule.subject)!, ctx) && checkRule(catalog, rule, figures, get, bound),
    );
    if (inputsInError) continue;
    const tol = tolerance(statedInd, figures);
    if (Math.abs(rate.value - stated) <= tol) continue;
    const keys = [def.statedBy, ...refsOf(def.numerator), ...refsOf(def.denominator)].filter(
      (k, i, a) => a.indexOf(k) === i,
    );
    const severity: Severity = statedInd.form === def.form ? 'error' : 'warning';
    out.push(
      finding(
        { id: `${def.id}~${def.statedBy}`, severity },
        keys,
        def.statedBy,
        `${formLabel(statedInd.form)}: ${describeKey(catalog, def.statedBy)} ghi ${formatPercent(stated, 2)} nhưng ${def.label} tính từ ${formLabel(def.form)} là ${formatPercent(rate.value, 2)} (${formatNumber(rate.numerator!)}/${formatNumber(rate.denominator!)}). Số cần xem lại: ${statedInd.code}.`,
        figures,
      ),
    );
  }
  return out;
}

/** Computed cells whose formula was overwritten by hand, or whose value drifted from the engine's. */
function checkComputed(figures: FigureSet, expected: Record<string, number | string | null>): Finding[] {
  const out: Finding[] = [];
  for (const [id, cell] of Object.entries(figures.computed ?? {})) {
    if (cell.isFormula) continue;
    const want = expected[id];
    out.push({
      severity: 'warning',
      rule: `${id}#formula`,
      keys: [id],
      cells: [cell.cell],
      message: `Ô ${cell.cell.sheet}!${cell.cell.address} là ô tính sẵn nhưng công thức đã bị ghi đè bằng giá trị "${cell.value ?? ''}"${want !== undefined && want !== null ? ` (giá trị đúng: ${typeof want === 'number' ? formatNumber(want) : want})` : ''}. Chèn lại biểu mẫu để khôi phục công thức.`,
    });
  }
  return out;
}

export interface ValidateOptions extends ReportContext {
  /** Engine values of computed cells, to quote in the overwritten-formula message. */
  expectedComputed?: Record<string, number | string | null>;
  /** Only check rules touching these forms (live validation of the edited form). */
  forms?: string[];
  /**
   * Only the checks that read these figures, or a figure whose bound rests on them: the check of
   * one edit costs the rules touching the edited cells, not the whole catalog.
   */
  keys?: string[];
}

/** The rules to run for an edit of `keys`, through the catalog's index of figure → rules. */
function rulesTouching(catalog: Catalog, keys: string[]): Rule[] {
  const index = ruleIndex(catalog);
  const out = new Set<Rule>();
  const seen = new Set<string>();
  for (const key of keys) {
    for (const k of [key, ...fedBy(index, key)]) {
      if (seen.has(k)) continue;
      seen.add(k);
      for (const rule of index.byKey.get(k) ?? []) out.add(rule);
    }
  }
  return catalog.rules.filter((r) => out.has(r));
}

/** Checks every relation, kind and stated rate. Rows that do not apply to the level and period are skipped. */
export function validate(catalog: Catalog, figures: FigureSet, options: ValidateOptions = {}): Finding[] {
  const applicable = (k: string) => {
    const ind = catalog.byKey.get(k);
    return !!ind && applies(ind, options);
  };
  const get = (k: string): number | null => (applicable(k) ? (figures.values[k] ?? null) : null);
  const inScope = (form: string) => !options.forms || options.forms.includes(form);
  const edited = options.keys ? new Set(options.keys) : null;
  const bound = bounder(catalog, figures, get);
  const out: Finding[] = [];
  const indicators = edited
    ? [...edited].flatMap((k) => (catalog.byKey.has(k) ? [catalog.byKey.get(k)!] : []))
    : catalog.indicators;
  for (const ind of indicators) {
    if (!inScope(ind.form) || !applicable(ind.key)) continue;
    const v = figures.values[ind.key];
    if (v === null || v === undefined) continue;
    if (ind.kind === 'group') continue;
    const f = checkKind(catalog, ind, v, figures);
    if (f) out.push(f);
  }
  for (const rule of edited ? rulesTouching(catalog, [...edited]) : catalog.rules) {
    if (!applicable(rule.subject)) continue;
    if (
      options.forms &&
      ![rule.left, rule.right].some((e) => refsOf(e).some((k) => inScope(catalog.byKey.get(k)!.form)))
    )
      continue;
    const f = checkRule(catalog, rule, figures, get, bound);
    if (f) out.push(f);
  }
  out.push(
    ...checkStatedRates(catalog, figures, get, options, bound).filter(
      (f) => f.keys.some((k) => inScope(catalog.byKey.get(k)!.form)) && (!edited || f.keys.some((k) => edited.has(k))),
    ),
  );
  out.push(...checkComputed(figures, options.expectedComputed ?? {}));
  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** One relation checked on a set of figures (the consolidation checks its totals rule by rule). */
export function checkRuleOn(catalog: Catalog, rule: Rule, figures: FigureSet, ctx: ReportContext = {}): Finding | null {
  const applicable = (k: string) => {
    const ind = catalog.byKey.get(k);
    return !!ind && applies(ind, ctx);
  };
  if (!applicable(rule.subject)) return null;
  const get = (k: string): number | null => (applicable(k) ? (figures.values[k] ?? null) : null);
  return checkRule(catalog, rule, figures, get, bounder(catalog, figures, get));
}

export function hasErrors(findings: Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
