/**
 * Checks of the numbers in the unit's own words (the own-text sheet): the arithmetic a sentence
 * states about itself, and figures the text gives for an indicator of the forms. Real reports
 * carry such slips ("12 văn bản QPPL (05 Nghị quyết và 12 Quyết định)"); no form check sees them.
 */
import { applies } from '../applicability';
import type { Catalog, Indicator } from '../catalog/types';
import type { CellRef, FigureSet, ReportContext } from '../figures';
import { formatNumber } from '../format';
import { planWorkbook } from '../layout';
import { computeRate } from '../rates';
import { figureTagValues } from './narrative';
import { fillOwnText } from './ownPlaceholders';
import { stripAccents } from '../text';
import type { Finding } from '../validate';

export interface OwnTextOptions extends ReportContext {
  /** Where each section's own text was typed (sheet, cell); defaults to the injected layout. */
  cellOf?: (sectionId: string) => CellRef | null;
}

/** A number as Vietnamese text writes it: "2.340", "97,5", "16.183", "1.115,137". */
const NUMBER = String.raw`\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?`;

export function parseViNumber(text: string): number {
  return Number(text.replace(/\./g, '').replace(',', '.'));
}

function decimalsOf(text: string): number {
  const i = text.indexOf(',');
  return i < 0 ? 0 : text.length - i - 1;
}

/** Sentences of a paragraph: split after ".", "!" or "?" followed by a space and a capital or a dash. */
function sentencesOf(text: string): string[] {
  return (
    text
      .split(/\r\n|\r|\n/)
      // No lookbehind: EdgeHTML 18 and Safari 12 (Office 2019, older macOS) cannot parse it.
      .flatMap((line) => line.replace(/([.!?])\s+(?=[A-ZĐÀ-Ỹ\-–•+(])/gu, '$1\n').split('\n'))
      .map((s) => s.trim())
      .filter((s) => /\d/.test(s))
  );
}

/** Words before a number that make it an identifier, a date or a legal reference, not a figure. */
const NOT_A_FIGURE_BEFORE =
  /(?:số|ngày|năm|tháng|quý|nghị định|nghị quyết|quyết định|thông tư|chỉ thị|kế hoạch|luật|điều|khoản|mục|giai đoạn|iso|tcvn|đến|từ|lần|thứ|phụ lục|biểu mẫu|công văn)\s*$/i;

interface Figure {
  value: number;
  text: string;
  start: number;
  end: number;
}

/** Numbers of a sentence that stand for a quantity (not dates, codes or document numbers). */
function figuresOf(sentence: string): Figure[] {
  const out: Figure[] = [];
  const re = new RegExp(NUMBER, 'g');
  for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = sentence.slice(Math.max(0, start - 14), start);
    const prev = sentence[start - 1] ?? '';
    const next = sentence[end] ?? '';
    if (/[\p{L}/.-]/u.test(prev) || /[\p{L}/-]/u.test(next) || (next === '.' && /\d/.test(sentence[end + 1] ?? '')))
      continue;
    if (NOT_A_FIGURE_BEFORE.test(before)) continue;
    out.push({ value: parseViNumber(m[0]), text: m[0], start, end });
  }
  return out;
}

export interface OwnTextIssue {
  severity: 'error' | 'warning';
  shape: 'rate' | 'parts' | 'part-above-whole' | 'same-rate' | 'form';
  sectionId: string;
  sentence: string;
  message: string;
  keys: string[];
}

/** Percent points within the rounding of the decimals written ("97,5%": ±0,05). */
function rateAgrees(stated: number, decimals: number, actual: number): boolean {
  return Math.abs(stated - actual) <= 0.5 * Math.pow(10, -decimals) + 1e-9;
}

const pct = (v: number) => `${formatNumber(v, 2)}%`;

/** "A/B …, đạt X%", "A trên tổng số B …, đạt X%", "X% (A/B)": the rate must be A/B. */
function rateIssues(
  sectionId: string,
  sentence: string,
  out: OwnTextIssue[],
  seen: Map<string, { x: string; where: string }>,
) {
  const n = NUMBER;
  const shapes = [
    new RegExp(
      `(${n})\\s*(?:/|trên tổng số|trên|trong tổng số)\\s*(${n})(?![\\d/])([^%;()]{0,60}?)\\(?\\s*(?:đạt|bằng|chiếm|là)\\s*\\s*(?:tỷ lệ\\s*)?(${n})\\s*%`,
      'giu',
    ),
    new RegExp(`(?:đạt|bằng|chiếm)\\s*(?:tỷ lệ\\s*)?(${n})\\s*%\\s*\\(\\s*(${n})\\s*/\\s*(${n})(?![\\d/])`, 'giu'),
  ];
  for (const [i, re] of shapes.entries()) {
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      const [a, b, x] = i === 0 ? [m[1], m[2], m[4]] : [m[2], m[3], m[1]];
      const before = sentence.slice(Math.max(0, m.index - 14), m.index);
      if (NOT_A_FIGURE_BEFORE.test(before)) continue;
      const [A, B, X] = [parseViNumber(a), parseViNumber(b), parseViNumber(x)];
      if (B === 0) continue;
      const actual = (100 * A) / B;
      if (!rateAgrees(X, decimalsOf(x), actual)) {
        out.push({
          severity: 'warning',
          shape: 'rate',
          sectionId,
          sentence,
          keys: [],
          message: `${a}/${b} là ${pct(actual)}, không phải ${x}%`,
        });
      }
      const pair = `${A}/${B}`;
      const earlier = seen.get(pair);
      if (earlier && earlier.x !== x && parseViNumber(earlier.x) !== X) {
        out.push({
          severity: 'warning',
          shape: 'same-rate',
          sectionId,
          sentence,
          keys: [],
          message: `cùng tỷ lệ ${a}/${b} nhưng ghi ${x}% ở đây và ${earlier.x}% ở ${earlier.where}`,
        });
      } else if (!earlier) seen.set(pair, { x, where: `mục ${sectionId}` });
    }
  }
}

/** "N … (a …, b …)", "N …, gồm a … và b …", "N …, trong đó a …": the parts against the whole. */
function partsIssues(sectionId: string, sentence: string, out: OwnTextIssue[]) {
  const figures = figuresOf(sentence);
  for (const [i, whole] of figures.entries()) {
    const after = sentence.slice(whole.end);
    // The whole is a number followed by its noun (up to 6 words), then the list opener.
    const opener =
      /^\s+[\p{L}\s,]{1,60}?(\s*\((?:trong đó|gồm|bao gồm)?:?\s*|,?\s*(?:trong đó|gồm|bao gồm)\s*:?\s*)/u.exec(after);
    if (!opener) continue;
    const noun = after.slice(0, opener.index + opener[0].length - opener[1].length).trim();
    if (noun.split(/\s+/).length > 6 || /[;:]/.test(noun)) continue;
    const listStart = whole.end + opener[0].length;
    const inParens = opener[1].includes('(');
    const listEnd = inParens ? sentence.indexOf(')', listStart) : nextStop(sentence, listStart);
    if (listEnd < 0) continue;
    const list = sentence.slice(listStart, listEnd);
    const isSubset = /trong đó/.test(opener[1]);
    // Parts: numbers in the list, each followed by a word (its noun), none a percent.
    const parts = figures
      .slice(i + 1)
      .filter((f) => f.start >= listStart && f.end <= listEnd)
      .filter((f) => /^\s+\p{L}/u.test(sentence.slice(f.end)) && !/^\s*%/.test(sentence.slice(f.end)));
    if (parts.length === 0) continue;
    if (!/^\s*(?:\p{L}+\s*){0,2}$/u.test(list.slice(0, parts[0].start - listStart))) continue;
    const sum = parts.reduce((t, p) => t + p.value, 0);
    const shown = parts.map((p) => p.text).join(' + ');
    if (parts.length === 1) {
      if (isSubset && parts[0].value > whole.value)
        out.push({
          severity: 'error',
          shape: 'part-above-whole',
          sectionId,
          sentence,
          keys: [],
          message: `phần (${parts[0].text}) lớn hơn tổng (${whole.text} ${noun})`,
        });
      continue;
    }
    if (isSubset ? sum > whole.value : sum !== whole.value)
      out.push({
        severity: 'error',
        shape: 'parts',
        sectionId,
        sentence,
        keys: [],
        message: `các phần cộng lại ${shown} = ${formatNumber(sum)}, không bằng ${whole.text} ${noun}${isSubset ? ' (vượt tổng)' : ''}`,
      });
  }
}

function nextStop(sentence: string, from: number): number {
  const m = /[;.](?!\d)|$/.exec(sentence.slice(from));
  return from + (m ? m.index : sentence.length - from);
}

// ---------------------------------------------------------------------------
// Figures that name an indicator of the forms

/** Words that name no row, folded: "số", "tổng", "các", "của", "được", "đã", "và", … */
const STOP = new Set([
  'so',
  'tong',
  'cac',
  'cua',
  'duoc',
  'da',
  'va',
  'trong',
  'do',
  'co',
  'la',
  'tai',
  'theo',
  'cho',
  'voi',
]);

function words(text: string): string[] {
  return stripAccents(text.toLowerCase())
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !STOP.has(w));
}

interface Mention {
  ind: Indicator;
  unit: string[];
  keys: string[];
}

/** Count rows whose noun and key words a sentence can name ("18 nhiệm vụ … đúng hạn"). */
function mentionsOf(catalog: Catalog, ctx: ReportContext): Mention[] {
  const out: Mention[] = [];
  for (const ind of catalog.indicators) {
    if (ind.kind !== 'count' || !applies(ind, ctx)) continue;
    const unit = words(ind.unit);
    if (unit.length === 0) continue;
    const keys = words(ind.name.replace(/^\s*trong đó\s*:?/i, '')).filter((w) => !unit.includes(w));
    if (keys.length < 2) continue;
    out.push({ ind, unit, keys });
  }
  return out;
}

function formIssues(
  catalog: Catalog,
  figures: FigureSet,
  mentions: Mention[],
  sectionId: string,
  sentence: string,
  out: OwnTextIssue[],
) {
  const rateWords = catalog.rates.map((def) => ({
    def,
    keys: words(def.label).filter((w) => w !== 'ty' && w !== 'le'),
  }));
  const boundary = (from: number, dir: -1 | 1, stops: RegExp) => {
    let i = from;
    while (i >= 0 && i < sentence.length && !stops.test(sentence[i])) i += dir;
    return i;
  };
  const all = figuresOf(sentence);
  for (const [n, f] of all.entries()) {
    // The words that can name this figure: not across another figure, a ";" or a parenthesis.
    const prevEnd = n > 0 ? all[n - 1].end : 0;
    const nextStart = n + 1 < all.length ? all[n + 1].start : sentence.length;
    if (/^\s*%/.test(sentence.slice(f.end))) {
      // "tỷ lệ … đúng hạn, trước hạn đạt 95,7%": the form's rate named by those words.
      const leadFrom = Math.max(prevEnd, boundary(f.start - 1, -1, /[;(]/) + 1);
      const lead = ` ${words(sentence.slice(leadFrom, f.start)).slice(-12).join(' ')} `;
      const values = rateWords
        .filter((r) => r.keys.length >= 2 && r.keys.every((k) => lead.includes(` ${k} `)))
        .map((r) => ({ def: r.def, v: computeRate(r.def, figures).value }))
        .filter((h): h is { def: (typeof rateWords)[number]['def']; v: number } => h.v !== null);
      if (values.length > 0 && values.every((h) => !rateAgrees(f.value, decimalsOf(f.text), h.v)))
        out.push({
          severity: 'warning',
          shape: 'form',
          sectionId,
          sentence,
          keys: values.map((h) => h.def.subject),
          message: `ghi ${f.text}% nhưng theo biểu, ${values[0].def.label} là ${pct(values[0].v)}`,
        });
      continue;
    }
    // "03 nhiệm vụ hoàn thành đúng hạn", "hoàn thành đúng hạn 03 nhiệm vụ": the clause around the figure.
    const after = words(sentence.slice(f.end)).slice(0, 3).join(' ');
    const from = Math.max(prevEnd, boundary(f.start - 1, -1, /[,;()]/) + 1);
    const to = Math.min(nextStart, boundary(f.end, 1, /[,;()]/));
    const before = words(sentence.slice(from, f.start)).slice(-6);
    const clause = ` ${[...before, ...words(sentence.slice(f.end, to)).slice(0, 12)].join(' ')} `;
    const hits = mentions.filter(
      (m) => after.startsWith(m.unit.join(' ')) && m.keys.every((k) => clause.includes(` ${k} `)),
    );
    const known = hits.filter((m) => typeof figures.values[m.ind.key] === 'number');
    if (known.length === 0) continue;
    // The most specific rows the words name; a figure matching any of them is no finding.
    const most = Math.max(...known.map((m) => m.keys.length));
    const best = known.filter((m) => m.keys.length === most);
    if (best.some((m) => figures.values[m.ind.key] === f.value)) continue;
    const ind = best[0].ind;
    out.push({
      severity: 'warning',
      shape: 'form',
      sectionId,
      sentence,
      keys: best.map((m) => m.ind.key),
      message: `ghi ${f.text} ${ind.unit.toLowerCase()} nhưng biểu ghi ${formatNumber(figures.values[ind.key]!)} (${ind.form === 'PL1' ? 'Phụ lục I' : ind.form} ${ind.code} «${ind.name}»)`,
    });
  }
}

/** Every issue of the own text, section by section, in the order typed. */
export function scanOwnText(
  catalog: Catalog,
  figures: FigureSet,
  texts: Record<string, string>,
  ctx: ReportContext = {},
): OwnTextIssue[] {
  const out: OwnTextIssue[] = [];
  const seen = new Map<string, { x: string; where: string }>();
  const mentions = mentionsOf(catalog, ctx);
  // "{1.1.2}" is checked as the figure it shows.
  const values = figureTagValues(catalog, figures, ctx);
  for (const [sectionId, text] of Object.entries(texts)) {
    for (const sentence of sentencesOf(fillOwnText(catalog, text ?? '', values))) {
      rateIssues(sectionId, sentence, out, seen);
      partsIssues(sectionId, sentence, out);
      formIssues(catalog, figures, mentions, sectionId, sentence, out);
    }
  }
  return out;
}

/** Rule ids of own-text findings start with it. */
export const OWN_TEXT_RULE = 'own-text:';

/** The issues as findings (the pane, `cchc validate --json` and the report's warnings show them). */
export function ownTextFindings(
  catalog: Catalog,
  figures: FigureSet,
  texts: Record<string, string>,
  options: OwnTextOptions = {},
): Finding[] {
  const layout = new Map(
    planWorkbook(catalog)
      .inputs.filter((i) => i.kind === 'text')
      .map((i) => [i.id, { sheet: i.sheet, address: i.address }]),
  );
  const cellOf = options.cellOf ?? ((id: string) => layout.get(id) ?? null);
  return scanOwnText(catalog, figures, texts, options).map((issue, n) => {
    const cell = cellOf(issue.sectionId);
    const quoted = issue.sentence.length > 160 ? `${issue.sentence.slice(0, 157)}…` : issue.sentence;
    return {
      severity: issue.severity,
      rule: `${OWN_TEXT_RULE}${issue.sectionId}#${issue.shape}:${n + 1}`,
      keys: issue.keys,
      cells: cell ? [cell] : [],
      message: `Lời văn mục ${issue.sectionId}${cell ? ` (trang tính ${cell.sheet}, ô ${cell.address})` : ''}: «${quoted}»: ${issue.message}.`,
    };
  });
}
