/**
 * Sentences that state the forms' figures in the narrative report.
 *
 * Data-driven over the catalog: the tree of codes gives the order, balance rules give
 * "…, trong đó: a; b; c", the rate definitions give "đạt x%", units and names give the
 * generic clause. The wording data (loi-van.tsv) rewords clauses whose generic form reads badly.
 */
import { applies } from '../applicability';
import { formLabel, keyOf } from '../catalog/load';
import type { Catalog, FormId, Indicator, RateDef, Rule } from '../catalog/types';
import { codeLabel } from '../display';
import { refsOf, type Expr } from '../expr';
import type { FigureSet, ReportContext } from '../figures';
import { formatCount, formatNumber } from '../format';
import { bindWording, fillSetting, wordingFor, type BoundWording, type OutlineSection, type Phrase } from './wording';
import { comparisonRuns, provinceParagraphs, withScopeWord, type ProvinceContext } from './province';
import { computeRate } from '../rates';

/** What a run shows, so the .docx can wrap it in a content control and refresh it later. */
export interface FigureTag {
  /** Indicator key ("1.1.2", "BM3/4.2"), `<key>#label` for a coded answer in words, `rate:<rate id>` for a rate. */
  key: string;
  /** Text shown, exactly as `figureTagValues` gives it. */
  value: string;
}

export interface Run {
  text: string;
  tag?: FigureTag;
  /** The figure has an open error finding: highlighted in the written report. */
  flagged?: boolean;
}

export interface NarrativeContext extends ReportContext, ProvinceContext {
  catalog: Catalog;
  figures: FigureSet;
  /** Keys with open error findings. */
  flagged?: ReadonlySet<string>;
  /** The report wording bound to the catalog (default: the product's for the catalog). */
  wording?: BoundWording;
}

// ---------------------------------------------------------------------------
// Formatting of figures (one text per key, whatever sentence or table shows it)

export const labelTagKey = (key: string) => `${key}#label`;
export const rateTagKey = (def: RateDef) => `rate:${def.id}`;

/** Where a figure is on the forms, as a reader finds it: "1.1.2" (Phụ lục I) or "Biểu mẫu 3, mục 4.2". */
export function figureWhere(catalog: Catalog, key: string): string {
  const ind = catalog.byKey.get(key);
  if (!ind) return key;
  return ind.form === 'PL1' ? ind.code : `${formLabel(ind.form)}, mục ${ind.code}`;
}

/** Printed instead of a figure with an open error: the report never asserts it. */
export function reviewPlaceholder(catalog: Catalog, key: string): string {
  return `[cần xem lại: ${figureWhere(catalog, key)}]`;
}

/** A coded answer's words inside a sentence: lower case ("kết hợp"), abbreviations kept. */
export function codeWords(ind: Indicator, value: number): string | null {
  const label = codeLabel(ind, value);
  return label === null ? null : lowerFirst(label);
}

/** A figure as printed: counts "03" / "16.183", money and percentages with decimal comma, codes as typed. */
export function formatFigure(
  ind: Indicator,
  value: number,
  figures?: FigureSet,
  noLeadingZero: ReadonlySet<string> = wordingFor().settings.noLeadingZeroUnits,
): string {
  const typed = figures?.decimals?.[ind.key];
  switch (ind.kind) {
    case 'percent':
      return formatNumber(value, Math.max(2, typed ?? 0));
    case 'money':
      return formatNumber(value, Math.min(4, Math.max(2, typed ?? 0)));
    case 'code':
      return String(value);
    default:
      return noLeadingZero.has(ind.unit.trim().toLowerCase()) ? formatNumber(value) : formatCount(value);
  }
}

/** Percent points without the sign; never shows 100 or 0 for a rate that is not exactly so. */
export function formatRatePoints(points: number): string {
  let text = formatNumber(points, 1);
  if ((text === '100' && points < 100) || (text === '0' && points > 0)) text = formatNumber(points, 2);
  return text;
}

function valueOf(ctx: NarrativeContext, key: string): number | null {
  const ind = ctx.catalog.byKey.get(key);
  if (!ind || !applies(ind, ctx)) return null;
  const v = ctx.figures.values[key];
  return v === undefined || v === null || Number.isNaN(v) ? null : v;
}

/** "16.181/16.183" for a ratio whose two parts are present. */
function ratioText(ctx: NarrativeContext, ind: Indicator): string | null {
  if (!ind.ratio) return null;
  const a = valueOf(ctx, ind.ratio.numerator);
  const b = valueOf(ctx, ind.ratio.denominator);
  if (a === null || b === null) return null;
  const fmt = (k: string, v: number) => formatFigure(ctx.catalog.byKey.get(k)!, v, ctx.figures, zeroRule(ctx));
  return `${fmt(ind.ratio.numerator, a)}/${fmt(ind.ratio.denominator, b)}`;
}

/**
 * The text of every content control the report can hold, by tag key. "Cập nhật số liệu"
 * passes this to the Word side; the narrative uses the same functions, so they agree.
 */
export function figureTagValues(
  catalog: Catalog,
  figures: FigureSet,
  ctx: ReportContext & { flagged?: ReadonlySet<string>; wording?: BoundWording } = {},
): Record<string, string> {
  const nctx: NarrativeContext = { ...ctx, catalog, figures };
  const out: Record<string, string> = {};
  for (const ind of catalog.indicators) {
    if (!applies(ind, ctx)) continue;
    if (ind.kind === 'ratio') {
      const r = ratioText(nctx, ind);
      if (r !== null) out[ind.key] = ratioFlagged(nctx, ind) ? reviewPlaceholder(catalog, ind.key) : r;
      continue;
    }
    const v = valueOf(nctx, ind.key);
    if (v === null || ind.kind === 'group' || ind.kind === 'title') continue;
    const held = ctx.flagged?.has(ind.key) ? reviewPlaceholder(catalog, ind.key) : null;
    out[ind.key] = held ?? formatFigure(ind, v, figures, zeroRule(nctx));
    if (ind.kind === 'code') {
      const words = codeWords(ind, v);
      if (words) out[labelTagKey(ind.key)] = held ?? words;
    }
  }
  for (const def of catalog.rates) {
    if (rateFlagged(nctx, def)) continue;
    const rate = computeRate(def, figures);
    if (rate.value !== null) out[rateTagKey(def)] = formatRatePoints(rate.value);
  }
  for (const ind of catalog.indicators) {
    const text = phraseOf(nctx, ind)?.text;
    if (!text?.includes('{tổng}') || !applies(ind, ctx)) continue;
    const sum = sumText(nctx, ind, text);
    if (sum !== null) out[sumTagKey(ind.key)] = sum;
  }
  return out;
}

function ratioFlagged(ctx: NarrativeContext, ind: Indicator): boolean {
  return [ind.key, ind.ratio?.numerator, ind.ratio?.denominator].some((k) => !!k && ctx.flagged?.has(k));
}

function rateFlagged(ctx: NarrativeContext, def: RateDef): boolean {
  return [...refsOf(def.numerator), ...refsOf(def.denominator)].some((k) => ctx.flagged?.has(k));
}

// ---------------------------------------------------------------------------
// Phrasings: the wording data (loi-van.tsv) bound to the catalog

function wordingOf(ctx: NarrativeContext): BoundWording {
  return ctx.wording ?? bindWording(ctx.catalog);
}

function zeroRule(ctx: NarrativeContext): ReadonlySet<string> {
  return wordingOf(ctx).settings.noLeadingZeroUnits;
}

function phraseOf(ctx: NarrativeContext, ind: Indicator): Phrase | undefined {
  return wordingOf(ctx).phraseOf(ind);
}

// ---------------------------------------------------------------------------
// Small text helpers

/** Lower-cases the first letter unless the word is an abbreviation ("UBND", "TTHC"). */
export function lowerFirst(text: string): string {
  if (text.length < 2) return text.toLowerCase();
  const [a, b] = [text[0], text[1]];
  if (b !== b.toLowerCase()) return text;
  return a.toLowerCase() + text.slice(1);
}

export function upperFirst(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/** A printed name as part of a sentence: no "Trong đó:" prefix, no final dot. */
function nameInSentence(ind: Indicator): string {
  return lowerFirst(ind.name.replace(/^\s*trong đó\s*:\s*/i, '').replace(/[.\s]+$/, ''));
}

function unitInSentence(ind: Indicator): string {
  const unit = ind.unit.trim();
  if (!unit || unit === '%' || unit.toLowerCase() === 'số lượng') return '';
  return lowerFirst(unit);
}

/** The plain text of a run list. */
export function runsText(runs: Run[]): string {
  return runs.map((r) => r.text).join('');
}

// ---------------------------------------------------------------------------
// Scopes: the part of a form a section writes out ("PL1:1.1", "BM1:4", "BM2")

export interface Scope {
  form: FormId;
  /** Root key, or null for the whole form. */
  root: string | null;
  /** Applicable indicators of the scope, in catalog order. */
  members: Indicator[];
  /** Every key of the scope, applicable or not (a rule's part may not apply to the unit's level). */
  subtree: Set<string>;
}

/**
 * The figures a scope spec names; `exclude` lists specs stated elsewhere ("PL1:1.1.3" under
 * "2. Văn bản chỉ đạo" leaves "PL1:1.1" of "1. Kế hoạch"), so each figure has one section.
 */
export function parseScope(catalog: Catalog, spec: string, ctx: ReportContext, exclude: string[] = []): Scope {
  const [form, code] = spec.split(':') as [FormId, string | undefined];
  const root = code ? keyOf(form, code) : null;
  const within = (c: string, under: string) => c === under || c.startsWith(`${under}.`);
  const excluded = exclude
    .map((e) => e.split(':') as [FormId, string | undefined])
    .filter(([f, c]) => f === form && !!c && c !== code && (!code || within(c, code)));
  const all = catalog.indicators.filter(
    (ind) => ind.form === form && (!code || within(ind.code, code)) && !excluded.some(([, c]) => within(ind.code, c!)),
  );
  const members = all.filter((ind) => applies(ind, ctx));
  return { form, root, members, subtree: new Set(all.map((i) => i.key)) };
}

function isPresent(ctx: NarrativeContext, ind: Indicator): boolean {
  if (ind.kind === 'group' || ind.kind === 'title') return false;
  if (ind.kind === 'ratio') return ratioText(ctx, ind) !== null;
  return valueOf(ctx, ind.key) !== null;
}

/**
 * Whether the text states the figure: a zero count or amount is said only where its phrase has a
 * zero wording ("không có …"); officials do not write "0 văn bản". A figure in error is always shown (held).
 */
function isStated(ctx: NarrativeContext, ind: Indicator): boolean {
  if (!isPresent(ctx, ind)) return false;
  if ((ind.kind !== 'count' && ind.kind !== 'money') || ctx.flagged?.has(ind.key)) return true;
  return valueOf(ctx, ind.key) !== 0 || !!phraseOf(ctx, ind)?.zero;
}

export function scopeHasFigures(ctx: NarrativeContext, scope: Scope): boolean {
  return scope.members.some((ind) => isPresent(ctx, ind));
}

const relationIndex = new WeakMap<Catalog, Map<string, Rule[]>>();

/** The catalog's relations by the key they can make a whole of (a lone ref on either side). */
function relationsOf(catalog: Catalog): Map<string, Rule[]> {
  let index = relationIndex.get(catalog);
  if (!index) {
    index = new Map();
    for (const rule of catalog.rules) {
      if (rule.source !== 'relation' || rule.op === 'range') continue;
      for (const side of [rule.left, rule.right]) {
        if (side.t !== 'ref') continue;
        const list = index.get(side.key) ?? [];
        if (!list.includes(rule)) list.push(rule);
        index.set(side.key, list);
      }
    }
    relationIndex.set(catalog, index);
  }
  return index;
}

/** Parts of a whole from the catalog's rules (`whole = a + b + c`, or `a + b <= whole`), within the scope. */
export function breakdownParts(catalog: Catalog, wholeKey: string, within: ReadonlySet<string>): string[] | null {
  const simpleRefs = (e: Expr): string[] | null => {
    if (e.t !== 'sum' || e.terms.length < 2) return null;
    if (e.terms.some((t) => t.sign !== 1 || t.expr.t !== 'ref')) return null;
    return e.terms.map((t) => (t.expr as { key: string }).key);
  };
  const candidates: string[][] = [];
  const single: string[][] = [];
  for (const rule of relationsOf(catalog).get(wholeKey) ?? []) {
    let parts: string[] | null = null;
    if (rule.op === '=' && rule.left.t === 'ref' && rule.left.key === wholeKey) parts = simpleRefs(rule.right);
    else if (rule.right.t === 'ref' && rule.right.key === wholeKey) parts = simpleRefs(rule.left);
    if (parts && parts.every((p) => within.has(p))) candidates.push(parts);
    // "có mặt <= được giao": one part of a whole of the same kind and unit, beside it or under it.
    if (rule.op === '<=' && rule.left.t === 'ref' && rule.right.t === 'ref' && rule.right.key === wholeKey) {
      const [part, whole] = [catalog.byKey.get(rule.left.key), catalog.byKey.get(wholeKey)];
      if (part && whole && within.has(part.key) && isPartOf(part, whole)) single.push([part.key]);
    }
  }
  // Prefer the rule listing the whole's own sub-rows (BM3 4.1 = 4.1.1 + 4.1.2 + 4.1.3 rather than = 4.2 + 4.3).
  const children = candidates.find((parts) => parts.every((p) => catalog.byKey.get(p)?.parent === wholeKey));
  return children ?? candidates[0] ?? (single.length === 1 ? single[0] : null);
}

function isPartOf(part: Indicator, whole: Indicator): boolean {
  const near = part.parent === whole.parent || part.parent === whole.key;
  return near && part.kind === 'count' && whole.kind === 'count' && part.unit.trim() === whole.unit.trim();
}

// ---------------------------------------------------------------------------
// Clauses

interface Plan {
  ctx: NarrativeContext;
  scope: Scope;
  inScope: Set<string>;
  /** Keys written inside another key's clause (breakdown part, ratio part, "{v}/{=x}"). */
  consumed: Set<string>;
  breakdowns: Map<string, string[]>;
  /** Rates to write after the figure that shows their subject. */
  ratesAt: Map<string, RateDef[]>;
  /** A figure written inside another row's clause (ratio part, `{=code}` of a phrase): that row. */
  shownBy: Map<string, string>;
}

function figureRun(plan: Plan, key: string): Run {
  const ind = plan.ctx.catalog.byKey.get(key)!;
  let text: string;
  let tagKey = key;
  const flagged = ind.kind === 'ratio' ? ratioFlagged(plan.ctx, ind) : (plan.ctx.flagged?.has(key) ?? false);
  if (ind.kind === 'ratio') {
    text = ratioText(plan.ctx, ind)!;
  } else {
    const v = valueOf(plan.ctx, key)!;
    const words = ind.kind === 'code' ? codeWords(ind, v) : null;
    if (words) {
      text = words;
      tagKey = labelTagKey(key);
    } else {
      text = formatFigure(ind, v, plan.ctx.figures, zeroRule(plan.ctx));
    }
  }
  // A figure with an open error is held back: the signer sees where to look, never a wrong figure.
  if (flagged) text = reviewPlaceholder(plan.ctx.catalog, key);
  return { text, tag: { key: tagKey, value: text }, ...(flagged ? { flagged: true } : {}) };
}

function rateRuns(plan: Plan, def: RateDef, subject: Indicator, asSentence: boolean): Run[] {
  // A rate computed from a figure in error is not stated (the figure shows its placeholder).
  if (rateFlagged(plan.ctx, def)) return [];
  const rate = computeRate(def, plan.ctx.figures);
  if (rate.value === null) return [];
  const text = formatRatePoints(rate.value);
  const valueRun: Run = { text, tag: { key: rateTagKey(def), value: text } };
  const short = def.numerator.t === 'ref' && def.numerator.key === def.subject && def.denominator.t === 'ref';
  const ownRate = phraseOf(plan.ctx, subject)?.rate;
  const template = asSentence
    ? `${upperFirst(def.label)} đạt {r}`
    : ownRate
      ? `, ${ownRate}`
      : short
        ? ', đạt {r}'
        : `, ${def.label} đạt {r}`;
  const [before, after = ''] = template.split('{r}');
  return [{ text: before }, valueRun, { text: `%${after}` }].filter((r) => r.text !== '');
}

/** Runs of one figure's clause, from its phrase or the generic form. */
function figureClause(plan: Plan, ind: Indicator, asPart: boolean): Run[] {
  const phrase = phraseOf(plan.ctx, ind);
  const value = valueOf(plan.ctx, ind.key);
  const held = plan.ctx.flagged?.has(ind.key) ?? false;
  if (!held && value === 0 && phrase?.zero) return [{ text: phrase.zero }];
  if (!held && value !== null && ind.kind === 'code' && phrase?.codes?.[value]) return [{ text: phrase.codes[value] }];
  let runs: Run[];
  // A count phrase ending on its bare figure ("toàn trình {v}") is a part's clause: it leans on its
  // whole for the unit, so a part stated without its whole takes the generic sentence with the unit.
  const partOnly = !asPart && ind.kind === 'count' && /\{v\}\s*$/.test(phrase?.text ?? '');
  if (phrase?.text && !partOnly && phraseUsable(plan.ctx, plan.inScope, ind, phrase.text)) {
    runs = [];
    const re = /\{(v|tổng|=[^}]+)\}/g;
    let last = 0;
    for (let m = re.exec(phrase.text); m; m = re.exec(phrase.text)) {
      if (m.index > last) runs.push({ text: phrase.text.slice(last, m.index) });
      if (m[1] === 'tổng') runs.push(sumRun(plan.ctx, ind, phrase.text));
      else runs.push(figureRun(plan, m[1] === 'v' ? ind.key : keyOf(ind.form, m[1].slice(1))));
      last = re.lastIndex;
    }
    if (last < phrase.text.length) runs.push({ text: phrase.text.slice(last) });
  } else {
    const name = nameInSentence(ind);
    const unit = unitInSentence(ind);
    const value = figureRun(plan, ind.key);
    if (ind.kind === 'percent') runs = [{ text: `${name} là ` }, value, { text: '%' }];
    else if (ind.kind === 'code') runs = [{ text: `${name}: ` }, value];
    else if (ind.kind === 'ratio') runs = [{ text: `${name}: ` }, value, ...(unit ? [{ text: ` ${unit}` }] : [])];
    else if (asPart) runs = [{ text: /^(tổng )?số /.test(name) ? `${name} là ` : `${name} ` }, value];
    else runs = [{ text: `${name} là ` }, value, ...(unit ? [{ text: ` ${unit}` }] : [])];
  }
  return runs;
}

export const sumTagKey = (key: string) => `sum:${key}`;

/** The figures a phrase names: its own and each `{=code}`. */
function phraseRefs(ind: Indicator, text: string): string[] {
  return [ind.key, ...[...text.matchAll(/\{=([^}]+)\}/g)].map((m) => keyOf(ind.form, m[1]))];
}

/** `{tổng}` of a phrase: the sum of the figures it names ("tổng số biên chế là 55 người (40 …, 15 …)"). */
function sumText(ctx: NarrativeContext, ind: Indicator, text: string): string | null {
  const refs = phraseRefs(ind, text);
  if (refs.some((k) => ctx.flagged?.has(k))) return reviewPlaceholder(ctx.catalog, ind.key);
  const values = refs.map((k) => valueOf(ctx, k));
  if (values.some((v) => v === null)) return null;
  return formatFigure(
    ind,
    (values as number[]).reduce((a, b) => a + b, 0),
    ctx.figures,
    zeroRule(ctx),
  );
}

function sumRun(ctx: NarrativeContext, ind: Indicator, text: string): Run {
  const shown = sumText(ctx, ind, text) ?? '';
  const flagged = shown.startsWith('[');
  return { text: shown, tag: { key: sumTagKey(ind.key), value: shown }, ...(flagged ? { flagged: true } : {}) };
}

/** A phrase with `{=code}` needs that figure too. */
function phraseUsable(ctx: NarrativeContext, inScope: ReadonlySet<string>, ind: Indicator, text: string): boolean {
  const refs = [...text.matchAll(/\{=([^}]+)\}/g)].map((m) => keyOf(ind.form, m[1]));
  return refs.every((k) => inScope.has(k) && valueOf(ctx, k) !== null);
}

/** A figure with its breakdown and rates; after a top-level breakdown its rates follow as sentences. */
function itemRuns(plan: Plan, ind: Indicator, asPart: boolean): { runs: Run[]; hasBreakdown: boolean; after: Run[][] } {
  const runs = figureClause(plan, ind, asPart);
  runs.push(...comparisonRuns(plan.ctx, ind));
  const parts = plan.breakdowns.get(ind.key);
  const value = valueOf(plan.ctx, ind.key);
  let hasBreakdown = false;
  if (parts && value !== 0) {
    const shown = parts.filter((p) => isStated(plan.ctx, plan.ctx.catalog.byKey.get(p)!));
    if (shown.length === 1) {
      hasBreakdown = true;
      runs.push(...onePartRuns(plan, ind, plan.ctx.catalog.byKey.get(shown[0])!, asPart));
    } else if (shown.length > 0) {
      hasBreakdown = true;
      const partRuns = shown.map((p) => itemRuns(plan, plan.ctx.catalog.byKey.get(p)!, true).runs);
      if (asPart) runs.push({ text: ' (' }, ...joinRuns(partRuns, '; '), { text: ')' });
      else runs.push({ text: ', trong đó: ' }, ...joinRuns(partRuns, '; '));
    }
  }
  const after: Run[][] = [];
  for (const def of plan.ratesAt.get(ind.key) ?? []) {
    if (hasBreakdown && !asPart) {
      const sentence = rateRuns(plan, def, ind, true);
      if (sentence.length > 0) after.push(sentence);
    } else runs.push(...rateRuns(plan, def, ind, false));
  }
  return { runs, hasBreakdown, after };
}

/** Words that take no "là" after "đều" ("đều trực thuộc sở", but "đều là cấp tỉnh"). */
const VERB_START =
  /^(thuộc|trực thuộc|do|được|đã|đang|ở|tại|đúng|quá|còn|chưa|hoàn thành|giải quyết|thực hiện)(?=\s|,|$)/;

/** A part as named after its whole: its own phrase without the figure, or its name less what it shares with the whole. */
function partLabel(ctx: NarrativeContext, whole: Indicator, part: Indicator): string {
  const text = phraseOf(ctx, part)?.text;
  if (text && /^[^{}]+ \{v\}$/.test(text)) return text.slice(0, -' {v}'.length).trim();
  const words = (ind: Indicator) =>
    nameInSentence(ind)
      .replace(/^tổng số /, 'số ')
      .split(' ');
  const [w, p] = [words(whole), words(part)];
  let common = 0;
  while (common < w.length && common < p.length && w[common] === p[common]) common++;
  if (common >= 2 && common < p.length) return p.slice(common).join(' ');
  return (p[0] === 'số' && p.length > 1 ? p.slice(1) : p).join(' ');
}

/**
 * A whole with only one part stated, as an official writes it: "127 thủ tục, đều là cấp tỉnh" when
 * the part is the whole, "40 người, trong đó có mặt 39 người" otherwise; never "trong đó: cấp tỉnh 127".
 */
function onePartRuns(plan: Plan, whole: Indicator, part: Indicator, asPart: boolean): Run[] {
  const ctx = plan.ctx;
  const [w, v] = [valueOf(ctx, whole.key), valueOf(ctx, part.key)];
  const held = !!ctx.flagged?.has(whole.key) || !!ctx.flagged?.has(part.key);
  const wrap = (inner: Run[]): Run[] =>
    asPart ? [{ text: ' (' }, ...inner, { text: ')' }] : [{ text: ', ' }, ...inner];
  const zero = phraseOf(ctx, part)?.zero;
  if (!held && v === 0 && zero) return asPart ? [{ text: ` (${zero})` }] : [{ text: `; ${zero}` }];
  const label = partLabel(ctx, whole, part);
  if (!held && v === w && plan.breakdowns.get(part.key) === undefined) {
    const all = w === 1 ? '' : 'đều ';
    return wrap([{ text: `${all}${VERB_START.test(label) ? '' : 'là '}${label}` }]);
  }
  if (plan.breakdowns.has(part.key)) {
    return wrap([{ text: 'trong đó ' }, ...itemRuns(plan, part, true).runs]);
  }
  const unit = unitInSentence(part);
  const rates = (plan.ratesAt.get(part.key) ?? []).flatMap((def) => rateRuns(plan, def, part, false));
  return wrap([
    { text: `trong đó ${label} ` },
    figureRun(plan, part.key),
    ...(unit ? [{ text: ` ${unit}` }] : []),
    ...rates,
  ]);
}

function joinRuns(list: Run[][], sep: string): Run[] {
  const out: Run[] = [];
  list.forEach((runs, i) => {
    if (i > 0) out.push({ text: sep });
    out.push(...runs);
  });
  return out;
}

function makePlan(ctx: NarrativeContext, scope: Scope, skip: ReadonlySet<string> = new Set()): Plan {
  const catalog = ctx.catalog;
  const inScope = new Set(scope.members.map((i) => i.key));
  const consumed = new Set<string>(skip);
  const breakdowns = new Map<string, string[]>();
  const ratesAt = new Map<string, RateDef[]>();
  const shownBy = new Map<string, string>();

  for (const ind of scope.members) {
    if (!isStated(ctx, ind) || skip.has(ind.key)) continue;
    if (ind.kind === 'ratio' && ind.ratio) {
      for (const k of [ind.ratio.numerator, ind.ratio.denominator]) {
        consumed.add(k);
        shownBy.set(k, ind.key);
      }
    }
    const phrase = phraseOf(ctx, ind)?.text;
    if (phrase && phraseUsable(ctx, inScope, ind, phrase)) {
      for (const m of phrase.matchAll(/\{=([^}]+)\}/g)) {
        const k = keyOf(ind.form, m[1]);
        consumed.add(k);
        shownBy.set(k, ind.key);
      }
    }
    const rule = breakdownParts(catalog, ind.key, scope.subtree);
    const parts = rule?.filter((p) => inScope.has(p));
    // A one-part relation is folded only where the wording has no sentence of its own for the pair.
    const phrased =
      rule?.length === 1 &&
      [ind.key, rule[0]].some((k) => {
        const text = phraseOf(ctx, catalog.byKey.get(k)!)?.text;
        return !!text && phraseUsable(ctx, inScope, catalog.byKey.get(k)!, text);
      });
    // A figure written inside a ratio or another row's phrase has no breakdown of its own.
    if (parts && !phrased && !shownBy.has(ind.key) && parts.some((p) => isStated(ctx, catalog.byKey.get(p)!))) {
      breakdowns.set(ind.key, parts);
      parts.forEach((p) => consumed.add(p));
    }
  }
  for (const def of catalog.rates) {
    if (!inScope.has(def.subject)) continue;
    const owner = shownBy.get(def.subject) ?? def.subject;
    if (!isStated(ctx, catalog.byKey.get(def.subject)!)) continue;
    ratesAt.set(owner, [...(ratesAt.get(owner) ?? []), def]);
  }
  return { ctx, scope, inScope, consumed, breakdowns, ratesAt, shownBy };
}

// ---------------------------------------------------------------------------
// Blocks (one paragraph each) and sections

function childrenOf(plan: Plan, key: string): Indicator[] {
  return plan.scope.members.filter((i) => i.parent === key);
}

/** Figures of a subtree in printed order, skipping groups and figures written inside another clause. */
function subtreeItems(plan: Plan, node: Indicator, out: Indicator[] = []): Indicator[] {
  if (node.kind !== 'group' && !plan.consumed.has(node.key) && isStated(plan.ctx, node)) out.push(node);
  for (const child of childrenOf(plan, node.key)) subtreeItems(plan, child, out);
  return out;
}

/** One paragraph: a lead-in, then clauses; a clause with a breakdown stands as its own sentence. */
function blockParagraph(plan: Plan, items: Indicator[], lead: string | null): Run[] | null {
  if (items.length === 0) return null;
  const sentences: Run[][] = [];
  let current: Run[] = [];
  const flush = () => {
    if (current.length > 0) sentences.push(current);
    current = [];
  };
  for (const ind of items) {
    const { runs, hasBreakdown, after } = itemRuns(plan, ind, false);
    if (hasBreakdown) {
      flush();
      sentences.push(runs, ...after);
      continue;
    }
    if (current.length > 0) current.push({ text: phraseOf(plan.ctx, ind)?.sep ?? '; ' });
    current.push(...runs);
  }
  flush();
  const out: Run[] = [];
  sentences.forEach((sentence, i) => {
    const runs = i === 0 && lead ? [{ text: lead }, ...sentence] : [...sentence];
    if (!runs[0].tag) runs[0] = { ...runs[0], text: upperFirst(runs[0].text) };
    if (i > 0) out.push({ text: ' ' });
    out.push(...runs, { text: '.' });
  });
  return mergeRuns(out);
}

/** Joins adjacent untagged runs so the document has fewer, longer runs. */
function mergeRuns(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    const prev = out[out.length - 1];
    if (prev && !prev.tag && !r.tag && !prev.flagged && !r.flagged) out[out.length - 1] = { text: prev.text + r.text };
    else out.push(r);
  }
  return out;
}

function groupLead(ctx: NarrativeContext, ind: Indicator): string {
  const lead = phraseOf(ctx, ind)?.lead;
  return lead ? `${lead} ` : `Về ${nameInSentence(ind).replace(/^số liệu về /, '')}: `;
}

function leadOf(ctx: NarrativeContext, ind: Indicator): string | null {
  const lead = phraseOf(ctx, ind)?.lead;
  return lead ? `${lead} ` : null;
}

function hasChildren(plan: Plan, ind: Indicator): boolean {
  return plan.scope.members.some((i) => i.parent === ind.key);
}

/** Paragraphs stating the figures of one scope. */
export function scopeParagraphs(ctx: NarrativeContext, scope: Scope, skip?: ReadonlySet<string>): Run[][] {
  return scopeBlocks(ctx, scope, skip).map((b) => b.runs);
}

/** A paragraph of a scope, with the row it is about (a row with sub-rows, or a lone row) and its text without a lead-in. */
interface ScopeBlock {
  key: string | null;
  runs: Run[];
  body: () => Run[] | null;
}

function scopeBlocks(ctx: NarrativeContext, scope: Scope, skip?: ReadonlySet<string>): ScopeBlock[] {
  const plan = makePlan(ctx, scope, skip);
  const out: ScopeBlock[] = [];
  const push = (key: string | null, items: Indicator[], lead: string | null) => {
    const runs = blockParagraph(plan, items, lead);
    if (runs) out.push({ key, runs, body: () => (lead ? blockParagraph(plan, items, null) : runs) });
  };
  const blockOf = (node: Indicator, withLead: boolean) =>
    push(
      node.key,
      subtreeItems(plan, node),
      node.kind === 'group' && withLead ? groupLead(ctx, node) : leadOf(ctx, node),
    );
  /** One paragraph per row with sub-rows (a group gets its lead-in); consecutive single rows share one. */
  const blocksOf = (nodes: Indicator[]) => {
    let leaves: Indicator[] = [];
    const flushLeaves = () => {
      push(
        leaves.length === 1 ? leaves[0].key : null,
        leaves.flatMap((l) => subtreeItems(plan, l)),
        null,
      );
      leaves = [];
    };
    for (const node of nodes) {
      if (hasChildren(plan, node)) {
        flushLeaves();
        blockOf(node, true);
      } else leaves.push(node);
    }
    flushLeaves();
  };

  if (!scope.root) {
    blocksOf(scope.members.filter((i) => !i.parent || !plan.inScope.has(i.parent)));
    return out;
  }
  const root = ctx.catalog.byKey.get(scope.root);
  if (!root || !plan.inScope.has(root.key)) return out;
  const kids = childrenOf(plan, root.key);
  // A section-sized group ("3. Cải cách TTHC") splits; a small one ("1.2 Kiểm tra") is one paragraph under the heading.
  if (root.kind === 'group' && kids.some((k) => hasChildren(plan, k))) blocksOf(kids);
  else blockOf(root, false);
  return out;
}

/**
 * One paragraph per subject: a paragraph whose row's wording says `join` (the same subject on
 * another form) goes, without its lead-in, after the paragraph of that row when the section has it.
 */
function joinSubjects(ctx: NarrativeContext, blocks: ScopeBlock[]): Run[][] {
  // A paragraph is about its row and the rows above it ("4.1 Tổng số nhiệm vụ" is about "4. Nhiệm vụ").
  const subjects = (key: string | null) => {
    const out: Indicator[] = [];
    for (let ind = key ? ctx.catalog.byKey.get(key) : undefined; ind;) {
      out.push(ind);
      ind = ind.parent ? ctx.catalog.byKey.get(ind.parent) : undefined;
    }
    return out;
  };
  const out = blocks.map((b) => ({ ...b, about: subjects(b.key) }));
  const gone = new Set<number>();
  out.forEach((b, i) => {
    const join = b.about.map((ind) => phraseOf(ctx, ind)?.join).find(Boolean);
    const into = join
      ? out.findIndex((a, j) => j !== i && !gone.has(j) && a.about.some((ind) => ind.key === join))
      : -1;
    const body = into >= 0 ? b.body() : null;
    if (!body) return;
    out[into] = { ...out[into], runs: mergeRuns([...out[into].runs, { text: ' ' }, ...body]) };
    gone.add(i);
  });
  return out.filter((_, i) => !gone.has(i)).map((b) => b.runs);
}

/** "Phụ lục I, mục 1.4" / "Biểu mẫu 2". */
function scopeWhere(scope: Scope, catalog: Catalog): string {
  return scope.root
    ? `${formLabel(scope.form)}, mục ${catalog.byKey.get(scope.root)?.code ?? scope.root}`
    : formLabel(scope.form);
}

function sectionTopic(section: OutlineSection): string {
  const title = section.heading.replace(/^[IVX]+\.\s*|^\d+\.\s*/, '');
  return title === title.toUpperCase() ? title.toLowerCase() : lowerFirst(title);
}

export interface SectionFigures {
  paragraphs: Run[][];
  /** Scopes with no figure, as "Phụ lục I, mục 1.4": listed in the warnings, never in the text. */
  empty: string[];
}

const twinIndex = new WeakMap<Catalog, WeakMap<BoundWording, Map<string, string[]>>>();

/**
 * Pairs of rows stating one fact on two forms: the catalog's cross "=" relations and the
 * phrases' `same`. Both ways round.
 */

function twinsOf(ctx: NarrativeContext): Map<string, string[]> {
  const catalog = ctx.catalog;
  const wording = wordingOf(ctx);
  let perCatalog = twinIndex.get(catalog);
  if (!perCatalog) twinIndex.set(catalog, (perCatalog = new WeakMap()));
  const hit = perCatalog.get(wording);
  if (hit) return hit;
  const out = new Map<string, string[]>();
  perCatalog.set(wording, out);
  const add = (a: string, b: string) => {
    out.set(a, [...(out.get(a) ?? []), b]);
    out.set(b, [...(out.get(b) ?? []), a]);
  };
  for (const rule of catalog.rules) {
    if (rule.source !== 'cross' || rule.op !== '=' || rule.left.t !== 'ref' || rule.right.t !== 'ref') continue;
    add(rule.left.key, rule.right.key);
  }
  for (const ind of catalog.indicators) {
    const same = phraseOf(ctx, ind)?.same;
    if (same && catalog.byKey.has(same)) add(ind.key, same);
  }
  return out;
}

/**
 * A scope's statements: each figure said at the top of a sentence, with every figure written
 * inside its clause (breakdown parts, ratio parts, a phrase's other rows), by that top figure.
 */
function statementsOf(plan: Plan): Map<string, string[]> {
  const owner = new Map<string, string>(plan.shownBy);
  for (const [whole, parts] of plan.breakdowns) for (const p of parts) if (!owner.has(p)) owner.set(p, whole);
  const top = (key: string) => {
    const seen = new Set<string>();
    let at = key;
    while (owner.has(at) && !seen.has(at)) {
      seen.add(at);
      at = owner.get(at)!;
    }
    return at;
  };
  const out = new Map<string, string[]>();
  for (const key of plan.inScope) {
    if (!isStated(plan.ctx, plan.ctx.catalog.byKey.get(key)!)) continue;
    const root = top(key);
    out.set(root, [...(out.get(root) ?? []), key]);
  }
  return out;
}

/**
 * Pairs of twins (one fact on two forms) whose typed figures differ, neither in error: the report
 * cannot tell which is right, so it states neither (held, "[cần xem lại: …]") and says why in the warnings.
 */
export function twinConflicts(ctx: NarrativeContext): [string, string][] {
  const out: [string, string][] = [];
  for (const [a, others] of twinsOf(ctx)) {
    for (const b of others) {
      if (a > b || ctx.flagged?.has(a) || ctx.flagged?.has(b)) continue;
      const [ia, ib] = [ctx.catalog.byKey.get(a), ctx.catalog.byKey.get(b)];
      if (!ia || !ib || !isPresent(ctx, ia) || !isPresent(ctx, ib)) continue;
      if (valueOf(ctx, a) !== valueOf(ctx, b)) out.push([a, b]);
    }
  }
  return out;
}

/** The keys the report holds back: those in error and both sides of twins that disagree. */
export function heldKeys(ctx: NarrativeContext): Set<string> {
  const out = new Set(ctx.flagged ?? []);
  for (const pair of twinConflicts(ctx)) pair.forEach((k) => out.add(k));
  return out;
}

/**
 * The generated paragraphs of an outline section: each scope's figures, a fact stated once when
 * two forms of the section give it (the statement that says more is kept: within a breakdown,
 * with its rate). Scopes the unit left empty are returned in `empty` for the warnings: the
 * signed text never says "không có số liệu".
 */
export function sectionFigureParagraphs(
  given: NarrativeContext,
  section: OutlineSection,
  outline: readonly OutlineSection[] = [section],
): SectionFigures {
  const ctx: NarrativeContext = { ...given, flagged: heldKeys(given) };
  const elsewhere = outline.filter((s) => s.id !== section.id).flatMap((s) => s.forms ?? []);
  const scopes = (section.forms ?? [])
    .map((spec) => parseScope(ctx.catalog, spec, ctx, elsewhere))
    .filter((s) => s.members.length > 0);
  const withFigures = scopes.filter((s) => scopeHasFigures(ctx, s));
  const plans = withFigures.map((s) => makePlan(ctx, s));
  const skips = withFigures.map(() => new Set<string>());
  const twins = twinsOf(ctx);
  const statedIn = (i: number, key: string) => plans[i].inScope.has(key) && isStated(ctx, ctx.catalog.byKey.get(key)!);
  // Twins are equal here, or held both (an error, or two forms that disagree): one statement either way.
  const twinIn = (i: number, key: string) => (twins.get(key) ?? []).filter((t) => statedIn(i, t));
  const statements = plans.map(statementsOf);
  /** Whether every figure of a statement is stated on the other scope too (ratios count by their parts). */
  const covered = (keys: string[], other: number) =>
    keys.every((k) => ctx.catalog.byKey.get(k)!.kind === 'ratio' || twinIn(other, k).length > 0);
  const drop = (at: number, keys: string[]) => keys.forEach((k) => skips[at].add(k));
  for (let a = 0; a < plans.length; a++) {
    for (let b = a + 1; b < plans.length; b++) {
      // Statements of the two scopes linked by twins, in connected groups: a group is said once, by
      // the side that says more (the first scope when equal), when either side is wholly said by the other.
      const nodes = [
        ...[...statements[a].values()].map((keys) => ({ side: a, other: b, keys })),
        ...[...statements[b].values()].map((keys) => ({ side: b, other: a, keys })),
      ].filter((n) => n.keys.some((k) => twinIn(n.other, k).length > 0));
      const group = nodes.map((_, i) => i);
      const find = (i: number): number => (group[i] === i ? i : (group[i] = find(group[i])));
      nodes.forEach((n, i) =>
        nodes.forEach((m, j) => {
          if (n.side === a && m.side === b && n.keys.some((k) => twinIn(b, k).some((t) => m.keys.includes(t))))
            group[find(i)] = find(j);
        }),
      );
      for (const g of new Set(nodes.map((_, i) => find(i)))) {
        const members = nodes.filter((_, i) => find(i) === g);
        const [mine, theirs] = [members.filter((n) => n.side === a), members.filter((n) => n.side === b)];
        const allMine = mine.every((n) => covered(n.keys, b));
        const allTheirs = theirs.every((n) => covered(n.keys, a));
        const size = (ns: typeof members) => ns.reduce((t, n) => t + n.keys.length, 0);
        const loser =
          allMine && allTheirs
            ? size(mine) >= size(theirs)
              ? theirs
              : mine
            : allMine
              ? mine
              : allTheirs
                ? theirs
                : [];
        for (const n of loser) drop(n.side, n.keys);
      }
    }
  }
  // A rate the forms compute, stated in the section, replaces the percent row typed for it.
  for (const def of ctx.catalog.rates) {
    if (!def.statedBy || rateFlagged(ctx, def) || computeRate(def, ctx.figures).value === null) continue;
    const at = plans.findIndex((_, i) => statedIn(i, def.subject) && !skips[i].has(def.subject));
    const typed = plans.findIndex((_, i) => i !== at && statedIn(i, def.statedBy!));
    if (at >= 0 && typed >= 0) skips[typed].add(def.statedBy);
  }
  const paragraphs = withScopeWord(
    ctx,
    joinSubjects(
      ctx,
      withFigures.flatMap((scope, i) => scopeBlocks(ctx, scope, skips[i])),
    ),
  );
  const empty = scopes.filter((s) => !withFigures.includes(s)).map((s) => scopeWhere(s, ctx.catalog));
  if (paragraphs.length === 0 && withFigures.length > 0) {
    // Every figure typed is zero: one true sentence instead of a row of "0".
    paragraphs.push([{ text: fillSetting(wordingOf(ctx).settings.allZero, { mục: sectionTopic(section) }) }]);
  }
  paragraphs.push(...provinceParagraphs(ctx, scopes));
  return { paragraphs, empty };
}

/** A figure as shown in the annex table ("Số liệu" column): codes as numbers, ratios "a/b", errors held. */
export function tableCell(ctx: NarrativeContext, ind: Indicator): Run | null {
  if (ind.kind === 'group' || ind.kind === 'title' || !applies(ind, ctx)) return null;
  let text: string | null;
  let flagged = ctx.flagged?.has(ind.key) ?? false;
  if (ind.kind === 'ratio') {
    text = ratioText(ctx, ind);
    flagged = flagged || [ind.ratio?.numerator, ind.ratio?.denominator].some((k) => !!k && ctx.flagged?.has(k));
  } else {
    const v = valueOf(ctx, ind.key);
    text = v === null ? null : formatFigure(ind, v, ctx.figures, zeroRule(ctx));
  }
  if (text === null) return null;
  // Held in the table as in the text: the signed annex never carries a figure in error.
  if (flagged) text = reviewPlaceholder(ctx.catalog, ind.key);
  return { text, tag: { key: ind.key, value: text }, ...(flagged ? { flagged: true } : {}) };
}

/** Whether a ratio row of the form can be shown, so its two supplementary part rows are not. */
export function shownAsRatioPart(ctx: NarrativeContext, ind: Indicator): boolean {
  return ctx.catalog.indicators.some(
    (r) =>
      r.form === ind.form &&
      r.kind === 'ratio' &&
      !!r.ratio &&
      (r.ratio.numerator === ind.key || r.ratio.denominator === ind.key) &&
      applies(r, ctx) &&
      ratioText(ctx, r) !== null,
  );
}
