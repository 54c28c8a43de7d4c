import { readFileSync } from 'fs';
import * as path from 'path';
import { getCatalog } from '../../src/domain/catalog';
import type { Rule } from '../../src/domain/catalog/types';
import { evaluate, refsOf, type Expr } from '../../src/domain/expr';
import type { FigureSet } from '../../src/domain/figures';
import { validate } from '../../src/domain/validate';

const catalog = getCatalog('2024');

/** Assigns values so `expr` evaluates to `target`: the first positive term takes the remainder. */
function assign(expr: Expr, target: number, values: Record<string, number>, base: number): void {
  if (expr.t === 'ref') {
    values[expr.key] = target;
    return;
  }
  if (expr.t !== 'sum') return;
  let rest = target;
  const terms = expr.terms;
  terms.forEach((t, i) => {
    if (i === 0) return;
    const k = refsOf(t.expr)[0];
    values[k] = base;
    rest -= t.sign * base;
  });
  values[refsOf(terms[0].expr)[0]] = rest * terms[0].sign;
}

function figuresFor(rule: Rule, breach: boolean): FigureSet {
  const values: Record<string, number> = {};
  if (rule.op === 'range') {
    values[rule.subject] = breach ? rule.max! + 1 : (rule.min! + rule.max!) / 2;
    return { values };
  }
  // Right side first, then the left side equal to it (pass) or one above (breach).
  const rightRefs = refsOf(rule.right);
  rightRefs.forEach((k) => (values[k] = 50));
  const right = evaluate(rule.right, (k) => values[k])!;
  // Money and percentages compare within half a unit per figure: breach it by more than that.
  const margin = [...refsOf(rule.left), ...rightRefs].some((k) => catalog.byKey.get(k)!.kind !== 'count') ? 3 : 1;
  assign(rule.left, breach ? right + margin : right, values, 5);
  return { values };
}

describe('every relation of the catalog', () => {
  const relationRules = catalog.rules.filter((r) => r.source !== 'kind');
  it.each(relationRules.map((r) => [r.id, r.text, r] as const))(
    '%s (%s) holds on consistent figures and fails on a breach',
    (id, _text, rule) => {
      const pass = validate(catalog, figuresFor(rule, false));
      expect(pass.map((f) => f.rule)).not.toContain(id);
      const fail = validate(catalog, figuresFor(rule, true));
      const found = fail.find((f) => f.rule === id);
      expect(found).toBeDefined();
      expect(found!.severity).toBe(rule.severity);
      expect(found!.keys).toEqual(expect.arrayContaining(refsOf(rule.left)));
      expect(found!.message.length).toBeGreaterThan(20);
    },
  );

  it('covers every relation clause written in the reference tables', () => {
    const ref = path.join(__dirname, '..', 'fixtures', 'reference');
    const clauses = (file: string, col: number) =>
      readFileSync(path.join(ref, file), 'utf8')
        .split('\n')
        .slice(1)
        .map((l) => l.split('\t')[col]?.trim() ?? '')
        .filter((r) => r && r !== 'group' && r !== 'title')
        .flatMap((r) => r.split(';').map((c) => c.trim()));
    const expected = [...clauses('phu-luc-i.tsv', 4), ...clauses('bieu-mau.tsv', 5)];
    const parsed = catalog.rules.filter((r) => r.source === 'relation').map((r) => r.text);
    expect(parsed.sort()).toEqual(expected.sort());
  });
});
