/**
 * The consolidating office's sentences (Sở Nội vụ for a province, a huyện for its xã): the
 * totals said for the whole area ("Toàn tỉnh …"), coded answers counted over the units
 * ("07/20 cơ quan, đơn vị đã tổ chức đối thoại …"), the units whose reports the totals gather
 * and those that sent none, the totals gathered from part of the units, and the comparison
 * with the same period of last year where the wording asks for it. Every word comes from the
 * wording tables (bao-cao.tsv keys, loi-van.tsv `compare`); narrative.ts and model.ts call in here.
 */
import { applies } from '../applicability';
import type { Indicator, Level } from '../catalog/types';
import { LEVELS } from '../catalog/types';
import type { ConsolidationSummary } from '../consolidationSummary';
import { formatCount, formatNumber } from '../format';
import type { PreviousPeriodData } from '../previousPeriod';
import type { NarrativeContext, Run, Scope } from './narrative';
import { codeWords, figureWhere, formatFigure, lowerFirst, upperFirst } from './narrative';
import { bindWording, fillSetting, type ReportSettings } from './wording';

/** What a consolidating office's report knows beyond its own figures. */
export interface ProvinceContext {
  consolidation?: ConsolidationSummary;
  previous?: PreviousPeriodData;
}

type Ctx = NarrativeContext & ProvinceContext;

function settingsOf(ctx: NarrativeContext): ReportSettings {
  return (ctx.wording ?? bindWording(ctx.catalog)).settings;
}

/** "tinh = Toàn tỉnh | huyen = Toàn huyện" → by level. */
export function levelWords(text: string | undefined): Partial<Record<Level, string>> {
  const out: Partial<Record<Level, string>> = {};
  for (const part of (text ?? '').split('|')) {
    const m = /^\s*(\w+)\s*=\s*(.+?)\s*$/.exec(part);
    if (m && (LEVELS as readonly string[]).includes(m[1])) out[m[1] as Level] = m[2];
  }
  return out;
}

/** Counts of units as the report writes them: "20", "07". */
const count = (n: number) => formatCount(n);

/** Units the row applies to, by their levels ("1.2.2" is not a row of sở); every unit when levels are unknown. */
function unitsFor(ctx: Ctx, ind: Indicator): number {
  const c = ctx.consolidation!;
  const known = Object.values(c.levels).reduce((a, n) => a + (n ?? 0), 0);
  if (known < c.units.length) return c.units.length;
  let n = 0;
  for (const [level, k] of Object.entries(c.levels) as [Level, number][])
    if (applies(ind, { level, period: ctx.period })) n += k;
  return n;
}

// ---------------------------------------------------------------------------
// "Toàn tỉnh …"

/** Whether a clause opens with one of the wording's verb-phrase words ("đã …", "ban hành …"). */
export function opensWithVerb(clause: string, openers: string | undefined): boolean {
  const text = clause.trimStart().normalize('NFC').toLowerCase();
  return (openers ?? '')
    .split(';')
    .map((w) => w.trim().normalize('NFC').toLowerCase())
    .some((w) => !!w && text.startsWith(w) && !/[\p{L}\p{N}]/u.test(text.charAt(w.length)));
}

/**
 * The section's figures said for the whole area: the first paragraph that opens with a clause
 * (not a lead-in "Về …:") starts "Toàn tỉnh …" before a verb phrase ("Toàn tỉnh có 12 …" before
 * a figure, "Toàn tỉnh đã …") and "Trên địa bàn toàn tỉnh, …" before any other clause
 * ("… , kế hoạch đề ra …"), as the wording's `mo-dong-tu` and `toan-cap-truoc-cau` say.
 */
export function withScopeWord(ctx: Ctx, paragraphs: Run[][]): Run[][] {
  if (!ctx.consolidation || !ctx.level) return paragraphs;
  const settings = settingsOf(ctx);
  const word = levelWords(settings.scopeWords)[ctx.level];
  if (!word) return paragraphs;
  const at = paragraphs.findIndex((p) => p.length > 0 && (!!p[0].tag || !p[0].text.includes(':')));
  if (at < 0) return paragraphs;
  const first = paragraphs[at][0];
  const beforeClause = levelWords(settings.scopeBeforeClause)[ctx.level];
  const lead: Run[] = first.tag
    ? [{ text: `${upperFirst(word)} có ` }, first]
    : [
        {
          text:
            beforeClause && !opensWithVerb(first.text, settings.verbOpeners)
              ? `${upperFirst(beforeClause)} ${lowerFirst(first.text.trimStart())}`
              : `${upperFirst(word)} ${lowerFirst(first.text)}`,
        },
      ];
  return paragraphs.map((p, i) => (i === at ? [...lead, ...p.slice(1)] : p));
}

// ---------------------------------------------------------------------------
// Paragraphs after a section's figures: coded answers over the units, partial totals

/** "07/20 cơ quan, đơn vị đã tổ chức đối thoại …; 13/20 cơ quan, đơn vị chưa tổ chức …" for each coded answer of the scopes. */
function codeCountParagraphs(ctx: Ctx, members: Indicator[]): Run[][] {
  const c = ctx.consolidation!;
  const settings = settingsOf(ctx);
  const wording = ctx.wording ?? bindWording(ctx.catalog);
  const out: Run[][] = [];
  for (const ind of members) {
    if (ind.kind !== 'code') continue;
    const counts = c.codeCounts[ind.key];
    if (!counts) continue;
    // Never fewer units than answered (a unit may answer a row its level does not have).
    const answered = Object.values(counts).reduce((t, n) => t + n, 0);
    const total = Math.max(unitsFor(ctx, ind), answered);
    const phrase = wording.phraseOf(ind);
    // "Đã …" before "chưa …": the higher code first.
    const clauses = Object.entries(counts)
      .map(([code, n]) => ({ code: Number(code), n }))
      .filter((e) => e.n > 0)
      .sort((a, b) => b.code - a.code)
      .flatMap(({ code, n }) => {
        const words =
          phrase?.codes?.[code] ?? (codeWords(ind, code) ? `${lowerNameOf(ind)}: ${codeWords(ind, code)}` : null);
        return words ? [fillSetting(settings.codeUnits, { số: count(n), tổng: count(total), lời: words })] : [];
      });
    if (clauses.length) out.push([{ text: `${upperFirst(clauses.join('; '))}.` }]);
  }
  return out;
}

function lowerNameOf(ind: Indicator): string {
  return lowerFirst(ind.name.replace(/^\s*trong đó\s*:\s*/i, '').replace(/[.\s]+$/, ''));
}

/** Totals some applicable units left blank: "Một số số liệu chưa đủ …: số nhiệm vụ đã hoàn thành mới gồm 15/20 …". */
function partialParagraph(ctx: Ctx, members: Indicator[]): Run[] | null {
  const c = ctx.consolidation!;
  const settings = settingsOf(ctx);
  const items: string[] = [];
  for (const ind of members) {
    if (ind.kind === 'group' || ind.kind === 'title' || ind.kind === 'code' || ind.kind === 'ratio') continue;
    const v = ctx.figures.values[ind.key];
    const contributors = c.contributors[ind.key] ?? 0;
    // A row no unit gave is the office's own figure; a blank total is not stated at all.
    if (v === null || v === undefined || contributors === 0) continue;
    const total = unitsFor(ctx, ind);
    if (contributors >= total) continue;
    items.push(
      fillSetting(settings.partialItem, {
        tên: `${lowerNameOf(ind)} (${figureWhere(ctx.catalog, ind.key)})`,
        số: count(contributors),
        tổng: count(total),
      }),
    );
  }
  if (!items.length) return null;
  return [{ text: fillSetting(settings.partialUnits, { 'số liệu': items.join('; ') }) }];
}

/** What a consolidating office adds after a section's figures. */
export function provinceParagraphs(ctx: Ctx, scopes: Scope[]): Run[][] {
  if (!ctx.consolidation?.units.length) return [];
  const members = scopes.flatMap((s) => s.members);
  const partial = partialParagraph(ctx, members);
  return [...codeCountParagraphs(ctx, members), ...(partial ? [partial] : [])];
}

// ---------------------------------------------------------------------------
// The opening: whose reports the totals gather, who sent none

/** Lines after the opening: "Số liệu … tổng hợp từ báo cáo của 20/22 cơ quan, đơn vị (12 sở, ban, ngành; 08 UBND cấp huyện)." */
export function provinceOpeningLines(summary: ConsolidationSummary | undefined, settings: ReportSettings): string[] {
  if (!summary?.units.length) return [];
  const names = levelWords(settings.levelUnits);
  const byLevel = (Object.entries(summary.levels) as [Level, number][])
    .filter(([, n]) => n > 0)
    .map(([level, n]) => `${count(n)} ${names[level] ?? level}`);
  const reported = summary.units.length;
  const expected = reported + summary.missingUnits.length;
  const lines = [
    fillSetting(settings.sourceUnits, { số: count(reported), tổng: count(expected), cấp: byLevel.join('; ') }).replace(
      /\s*\(\)/,
      '',
    ),
  ];
  if (summary.missingUnits.length)
    lines.push(
      fillSetting(settings.missingUnits, {
        số: count(summary.missingUnits.length),
        'đơn vị': summary.missingUnits.join(', '),
      }),
    );
  return lines;
}

// ---------------------------------------------------------------------------
// "tăng … so với cùng kỳ"

/**
 * ", tăng 05 văn bản (12,5%) so với cùng kỳ năm 2023" after a figure whose wording has a
 * comparison, when the previous report is of the same period last year and the figure is sound.
 */
export function comparisonRuns(ctx: Ctx, ind: Indicator): Run[] {
  const prev = ctx.previous;
  if (!prev || prev.relation !== 'same-period-last-year' || ctx.flagged?.has(ind.key)) return [];
  const template = (ctx.wording ?? bindWording(ctx.catalog)).phraseOf(ind)?.compare;
  const was = prev.figures[ind.key]?.previous;
  const now = ctx.figures.values[ind.key];
  if (!template || was === undefined || now === null || now === undefined) return [];
  const settings = settingsOf(ctx);
  const period = fillSetting(settings.previousYear, { năm: String(prev.period.year) });
  const change = Number((now - was).toFixed(9));
  if (change === 0) return [{ text: `, ${fillSetting(settings.sameAsPrevious, { kỳ: period })}` }];
  const percent = was === 0 ? null : (Math.abs(change) / was) * 100;
  const text = (percent === null ? template.replace(/\s*\([^()]*\{p\}[^()]*\)/, '') : template)
    .replace('{±}', change > 0 ? 'tăng' : 'giảm')
    .replace('{d}', formatFigure(ind, Math.abs(change), ctx.figures, settings.noLeadingZeroUnits))
    .replace('{p}', percent === null ? '' : formatNumber(percent, 1))
    .replace('{kỳ}', period);
  return [{ text: `, ${text}` }];
}
