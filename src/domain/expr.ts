/**
 * The one small expression language of the catalog: sums and differences of
 * indicator references and numbers. The same tree is evaluated by the engine,
 * printed as an Excel formula and read out in the narrative.
 */
export type Expr =
  { t: 'ref'; key: string } | { t: 'num'; value: number } | { t: 'sum'; terms: { sign: 1 | -1; expr: Expr }[] };

export class ExprSyntaxError extends Error {}

const TOKEN = /\s*(?:(\d+(?:\.\d+)*(?:\.[a-z])?)|([A-Z]+\d*\/[\w.]+)|(\.\.)|(<=|=|\+|-|−|\(|\)))/y;

type Tok = { kind: 'code' | 'qref' | 'range' | 'op'; text: string };

export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw new ExprSyntaxError(`không hiểu biểu thức "${src}" tại vị trí ${pos + 1}`);
    if (m[1] !== undefined) out.push({ kind: 'code', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'qref', text: m[2] });
    else if (m[3] !== undefined) out.push({ kind: 'range', text: '..' });
    else out.push({ kind: 'op', text: m[4] === '−' ? '-' : m[4] });
    pos = TOKEN.lastIndex;
  }
  return out;
}

/** Resolves a code written in a relation to a key: same form unless qualified (`PL1/3.3.b`). */
export type Resolver = (code: string, qualified: boolean) => string;

export function parseExpr(tokens: Tok[], resolve: Resolver, start = 0): { expr: Expr; next: number } {
  const terms: { sign: 1 | -1; expr: Expr }[] = [];
  let i = start;
  let sign: 1 | -1 = 1;
  for (;;) {
    const tok = tokens[i];
    if (!tok) throw new ExprSyntaxError('biểu thức kết thúc đột ngột');
    let expr: Expr;
    if (tok.kind === 'code' || tok.kind === 'qref') {
      expr = { t: 'ref', key: resolve(tok.text, tok.kind === 'qref') };
      i++;
    } else if (tok.kind === 'op' && tok.text === '(') {
      const inner = parseExpr(tokens, resolve, i + 1);
      if (tokens[inner.next]?.text !== ')') throw new ExprSyntaxError('thiếu dấu ")"');
      expr = inner.expr;
      i = inner.next + 1;
    } else {
      throw new ExprSyntaxError(`không chờ "${tok.text}"`);
    }
    terms.push({ sign, expr });
    const op = tokens[i];
    if (op && op.kind === 'op' && (op.text === '+' || op.text === '-')) {
      sign = op.text === '+' ? 1 : -1;
      i++;
      continue;
    }
    break;
  }
  const expr = terms.length === 1 && terms[0].sign === 1 ? terms[0].expr : { t: 'sum' as const, terms };
  return { expr, next: i };
}

export function refsOf(expr: Expr, out: string[] = []): string[] {
  if (expr.t === 'ref') {
    if (!out.includes(expr.key)) out.push(expr.key);
  } else if (expr.t === 'sum') {
    for (const term of expr.terms) refsOf(term.expr, out);
  }
  return out;
}

/** Evaluates; null when any referenced figure is missing. */
export function evaluate(expr: Expr, value: (key: string) => number | null | undefined): number | null {
  if (expr.t === 'num') return expr.value;
  if (expr.t === 'ref') {
    const v = value(expr.key);
    return v === undefined || v === null ? null : v;
  }
  let total = 0;
  for (const term of expr.terms) {
    const v = evaluate(term.expr, value);
    if (v === null) return null;
    total += term.sign * v;
  }
  return total;
}

/** Prints with a caller-chosen rendering of references (codes, Excel names, cell addresses). */
export function printExpr(expr: Expr, ref: (key: string) => string, nested = false): string {
  if (expr.t === 'num') return String(expr.value);
  if (expr.t === 'ref') return ref(expr.key);
  const body = expr.terms
    .map((term, i) => {
      const s = printExpr(term.expr, ref, true);
      if (i === 0) return term.sign === 1 ? s : `-${s}`;
      return `${term.sign === 1 ? ' + ' : ' - '}${s}`;
    })
    .join('');
  return nested ? `(${body})` : body;
}
