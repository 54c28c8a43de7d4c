import { applies } from './applicability';
import type { Catalog, Rule } from './catalog/types';
import { evaluate, type Expr } from './expr';
import type { CellRef, FigureSet, ReportContext } from './figures';
import { formatNumber } from './format';
import { validate, type Finding } from './validate';

/**
 * A fix the pane may offer where the answer is certain, like Excel's error-check options: a total
 * whose parts are all filled is their sum. Offered only as the user's explicit action.
 */
export interface QuickFix {
  /** The relation the fix satisfies. */
  rule: string;
  /** The whole, and where it is. */
  key: string;
  cell: CellRef;
  value: number;
  /** "Điền tổng = 10 từ các phần". */
  label: string;
  /** The finding the fix resolves; none when the whole is blank. */
  finding?: Finding;
}

/** The parts of `whole = a + b + …` (every term added, each a figure), or null for any other shape. */
function addedParts(expr: Expr): string[] | null {
  if (expr.t === 'ref') return [expr.key];
  if (expr.t !== 'sum') return null;
  const out: string[] = [];
  for (const term of expr.terms) {
    if (term.sign !== 1 || term.expr.t !== 'ref') return null;
    out.push(term.expr.key);
  }
  return out;
}

function sumRelation(rule: Rule): { whole: string; parts: string[] } | null {
  // A warning-level relation holds only usually: never certain enough to fill.
  if (rule.op !== '=' || rule.severity !== 'error' || rule.left.t !== 'ref') return null;
  const parts = addedParts(rule.right);
  if (!parts || parts.length < 2 || parts.includes(rule.left.key)) return null;
  return { whole: rule.left.key, parts };
}

/**
 * Totals to fill from their parts. Certain means: a relation "whole = sum of parts", every part
 * filled and none of them in error, the whole blank or blamed by its finding, and with the sum
 * written no error remains on the whole (a total that is itself a part of a larger one must fit
 * there too). The figures are the workbook's as read, the findings those of the same read.
 */
export function quickFixes(
  catalog: Catalog,
  figures: FigureSet,
  findings: readonly Finding[],
  ctx: ReportContext = {},
): QuickFix[] {
  const value = (k: string) => figures.values[k] ?? null;
  const inError = new Set(
    findings.filter((f) => f.severity === 'error').flatMap((f) => (f.blame ? [f.blame] : f.keys)),
  );
  const out: QuickFix[] = [];
  const offered = new Set<string>();
  for (const rule of catalog.rules) {
    const relation = sumRelation(rule);
    if (!relation || offered.has(relation.whole)) continue;
    const { whole, parts } = relation;
    const wholeInd = catalog.byKey.get(whole);
    const cell = figures.cells?.[whole];
    if (!wholeInd || !cell || !applies(wholeInd, ctx)) continue;
    if (parts.some((k) => !catalog.byKey.has(k) || !applies(catalog.byKey.get(k)!, ctx) || value(k) === null)) continue;
    if (parts.some((k) => inError.has(k))) continue;
    const decimals = Math.max(0, ...parts.map((k) => figures.decimals?.[k] ?? 0));
    const sum = Number(evaluate(rule.right, value)!.toFixed(decimals));
    const current = value(whole);
    const finding = findings.find((f) => f.rule === rule.id);
    if (current === sum) continue;
    if (current !== null && finding?.blame !== whole) continue;
    // With the sum written, nothing touching the whole may be in error.
    const after: FigureSet = {
      ...figures,
      values: { ...figures.values, [whole]: sum },
      decimals: { ...figures.decimals, [whole]: decimals },
    };
    const still = validate(catalog, after, { ...ctx, keys: [whole] }).filter(
      (f) => f.severity === 'error' && f.keys.includes(whole),
    );
    if (still.length) continue;
    offered.add(whole);
    out.push({
      rule: rule.id,
      key: whole,
      cell,
      value: sum,
      label: `Điền tổng = ${formatNumber(sum, decimals)} từ các phần`,
      ...(finding ? { finding } : {}),
    });
  }
  return out;
}
