// Matching a typed row name to the indicators of a form. Each form's names are prepared and indexed
// once per catalog: by code, and by token (an inverted index). A row is scored only against the
// indicators that share enough tokens to reach the acceptance threshold, never against every row.
import type { Catalog, FormDef, FormId, Indicator } from '../domain/catalog/types';
import { normaliseName } from './legacyText';

/** A clear name match needs this similarity… */
export const ACCEPT = 0.72;
/** …and this lead over the next candidate. */
export const MARGIN = 0.08;
/** A name this close to another row overrides a printed code that does not fit it. */
export const STRONG = 0.8;
export const OVERRIDE_GAP = 0.25;
/** Below this a code match is noted: the name looks like something else. */
export const WEAK_NAME = 0.35;

export interface PreparedName {
  text: string;
  /** Distinct tokens with their counts. */
  tokens: Map<string, number>;
  /** The same as two arrays, walked without an iterator (most reading runs unoptimised). */
  tokenList: string[];
  tokenCounts: number[];
  tokenCount: number;
  /** Character pairs (two UTF-16 units packed in one number), sorted, a pair repeated as often as it occurs. */
  bigrams: Float64Array;
  bigramCount: number;
}

const preparedNames = new Map<string, PreparedName>();

/** A name ready for comparing; each distinct name is prepared once (rows repeat from file to file). */
export function prepareName(name: string): PreparedName {
  let prepared = preparedNames.get(name);
  if (!prepared) {
    if (preparedNames.size >= 20_000) preparedNames.clear();
    preparedNames.set(name, (prepared = prepareUncached(name)));
  }
  return prepared;
}

function prepareUncached(name: string): PreparedName {
  const text = normaliseName(name);
  const words = text ? text.split(' ') : [];
  const tokens = new Map<string, number>();
  for (const t of words) tokens.set(t, (tokens.get(t) ?? 0) + 1);
  const bigrams = new Float64Array(Math.max(0, text.length - 1));
  for (let i = 0; i + 1 < text.length; i++) bigrams[i] = text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1);
  bigrams.sort();
  const tokenCount = words.length;
  const tokenList = [...tokens.keys()];
  const tokenCounts = [...tokens.values()];
  return { text, tokens, tokenList, tokenCounts, tokenCount, bigrams, bigramCount: bigrams.length };
}

function sharedTokens(a: PreparedName, b: PreparedName): number {
  let shared = 0;
  const { tokenList, tokenCounts } = a;
  for (let i = 0; i < tokenList.length; i++) shared += Math.min(tokenCounts[i], b.tokens.get(tokenList[i]) ?? 0);
  return shared;
}

/** Pairs in common, each counted as often as both hold it: one merge of the two sorted lists. */
function sharedBigrams(a: Float64Array, b: Float64Array): number {
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared;
}

/** Mean of the token and character-bigram Dice coefficients of two prepared names (0..1). */
export function similarity(a: PreparedName, b: PreparedName): number {
  if (!a.text || !b.text) return 0;
  if (a.text === b.text) return 1;
  const tokenDice = (2 * sharedTokens(a, b)) / (a.tokenCount + b.tokenCount);
  const bigramTotal = a.bigramCount + b.bigramCount;
  const bigramDice = bigramTotal === 0 ? 0 : (2 * sharedBigrams(a.bigrams, b.bigrams)) / bigramTotal;
  return (tokenDice + bigramDice) / 2;
}

export interface FormIndex {
  form: FormDef;
  inds: Indicator[];
  names: PreparedName[];
  byCode: Map<string, number>;
  /** Token → the indicators whose name holds it, with its count there. */
  byToken: Map<string, { idx: number; count: number }[]>;
  /** Shared-token counts per indicator, kept zeroed between rankings (one array per form, not per row). */
  shared: Int32Array;
  /** Normalised name → its first indicator: a row typed as the catalog names it is ranked once per form. */
  byText: Map<string, number>;
  /** Per indicator, the ranking of its own name, computed on first use. */
  ownRanking: (readonly Ranked[] | undefined)[];
}

function indexForm(form: FormDef): FormIndex {
  const inds = form.indicators.filter((i) => i.kind !== 'title');
  const names = inds.map((i) => prepareName(i.name));
  const byToken = new Map<string, { idx: number; count: number }[]>();
  names.forEach((p, idx) => {
    for (const [token, count] of p.tokens) {
      let postings = byToken.get(token);
      if (!postings) byToken.set(token, (postings = []));
      postings.push({ idx, count });
    }
  });
  const byText = new Map<string, number>();
  names.forEach((p, idx) => {
    if (p.text && !byText.has(p.text)) byText.set(p.text, idx);
  });
  return {
    form,
    inds,
    names,
    byCode: new Map(inds.map((i, n) => [i.code, n])),
    byToken,
    shared: new Int32Array(names.length),
    byText,
    ownRanking: [],
  };
}

const indexesOf = new WeakMap<Catalog, Map<FormId, FormIndex>>();

/** The name indexes of a catalog's forms, built on first use and kept with the catalog. */
export function formIndexes(catalog: Catalog): Map<FormId, FormIndex> {
  let indexes = indexesOf.get(catalog);
  if (!indexes) {
    indexes = new Map(catalog.forms.map((f) => [f.id, indexForm(f)]));
    indexesOf.set(catalog, indexes);
  }
  return indexes;
}

export interface Ranked {
  idx: number;
  sim: number;
}

/**
 * The indicators whose name reaches ACCEPT, best first (ties by order in the form). A name typed as
 * an indicator's own (after normalising) ranks as that indicator's name does, kept with the form.
 */
export function rankByName(fi: FormIndex, name: PreparedName): readonly Ranked[] {
  if (!name.text) return [];
  const own = fi.byText.get(name.text);
  if (own === undefined) return rankUncached(fi, name);
  return (fi.ownRanking[own] ??= rankUncached(fi, fi.names[own]));
}

/**
 * The bigram Dice is at most 1, so a similarity of ACCEPT needs a token Dice of at least
 * 2·ACCEPT − 1: indicators sharing fewer tokens than that are skipped without scoring.
 */
function rankUncached(fi: FormIndex, name: PreparedName): Ranked[] {
  const { shared } = fi;
  const touched: number[] = [];
  const { tokenList, tokenCounts } = name;
  for (let i = 0; i < tokenList.length; i++) {
    const postings = fi.byToken.get(tokenList[i]);
    if (!postings) continue;
    const count = tokenCounts[i];
    for (let j = 0; j < postings.length; j++) {
      const p = postings[j];
      if (shared[p.idx] === 0) touched.push(p.idx);
      shared[p.idx] += Math.min(count, p.count);
    }
  }
  const minTokenDice = 2 * ACCEPT - 1;
  const out: Ranked[] = [];
  for (const idx of touched) {
    const other = fi.names[idx];
    const tokenShare = shared[idx];
    shared[idx] = 0;
    if ((2 * tokenShare) / (name.tokenCount + other.tokenCount) < minTokenDice) continue;
    const sim = similarity(name, other);
    if (sim >= ACCEPT) out.push({ idx, sim });
  }
  return out.sort((a, b) => b.sim - a.sim || a.idx - b.idx);
}

/** A clear best name match, using the order of rows to settle near-ties; null when unclear. */
export function pickByName(
  fi: FormIndex,
  ranked: readonly Ranked[],
  lastIdx: number,
  taken: Set<string>,
): Ranked | null {
  const top = ranked[0];
  if (!top || top.sim < ACCEPT) return null;
  let close = ranked.filter((x) => x.sim >= ACCEPT && top.sim - x.sim < MARGIN);
  if (close.length === 1) return top;
  const untaken = close.filter((x) => !taken.has(fi.inds[x.idx].key));
  if (untaken.length === 1) return untaken[0];
  if (untaken.length) close = untaken;
  const after = close.filter((x) => x.idx > lastIdx && x.idx - lastIdx <= 4).sort((a, b) => a.idx - b.idx);
  return after.length ? after[0] : null;
}

/** How well a table's rows fit a form: per row, its code's name match or its best name match. */
export function scoreForm(fi: FormIndex, rows: { code: string; name: PreparedName }[]): number {
  let score = 0;
  for (const { code, name } of rows) {
    const byCode = code ? fi.byCode.get(code) : undefined;
    const codeSim = byCode === undefined ? 0 : name.text ? similarity(name, fi.names[byCode]) : 0.3;
    // A name match counts 0.9 at most: a code match that good needs no ranking.
    const best = codeSim >= 0.9 ? 0 : (rankByName(fi, name)[0]?.sim ?? 0);
    score += Math.max(codeSim, best * 0.9);
  }
  return score;
}
