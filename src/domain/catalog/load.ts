import { ExprSyntaxError, parseExpr, tokenize, type Expr } from '../expr';
import {
  MAIN_FORM,
  LEVELS,
  type Catalog,
  type ConsolidationRule,
  type FormDef,
  type FormId,
  type Indicator,
  type IndicatorKind,
  type Level,
  type RateDef,
  type Rule,
} from './types';

export interface CatalogSource {
  id: string;
  title: string;
  /** Phụ lục I as TSV: code, name, unit, kind, relation, note, [consolidate, levels, until, rate, cross, hint]. */
  phuLucI: string;
  /** Biểu mẫu as TSV: form, code, … as above. */
  bieuMau: string;
}

export class CatalogError extends Error {}

/** "Phụ lục I" for the main form, "Biểu mẫu 3" for `BM3`; a form of another name is printed as its id. */
export function formLabel(form: FormId): string {
  if (form === MAIN_FORM) return 'Phụ lục I';
  const m = /^BM(\d+)$/.exec(form);
  return m ? `Biểu mẫu ${Number(m[1])}` : form;
}

/** Excel's limit on a data validation's input message. */
export const MAX_HINT = 255;

/** A form id in the data: letters then digits ("BM8"), never the main form's. */
const FORM_ID = /^[A-Z]+\d+$/;

export function keyOf(form: FormId, code: string): string {
  return form === MAIN_FORM ? code : `${form}/${code}`;
}

/** The printed code of a key: `BM3/4.2.1` → `4.2.1`. */
export function codeOfKey(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? key : key.slice(slash + 1);
}

export function formOfKey(key: string): FormId {
  const slash = key.indexOf('/');
  return slash < 0 ? MAIN_FORM : key.slice(0, slash);
}

function parseTsv(text: string): Record<string, string>[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const header = lines[0].split('\t').map((h) => h.trim());
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    const row: Record<string, string> = {};
    header.forEach((h, i) => (row[h] = (cells[i] ?? '').trim()));
    return row;
  });
}

function parseKind(
  raw: string,
  where: string,
): Pick<Indicator, 'kind' | 'codes' | 'ratio'> & { ratioParts?: [string, string] } {
  if (raw === 'title' || raw === 'group' || raw === 'count' || raw === 'money' || raw === 'percent') {
    return { kind: raw as IndicatorKind };
  }
  let m = /^code:([\d,]+)$/.exec(raw);
  if (m) return { kind: 'code', codes: m[1].split(',').map(Number) };
  m = /^ratio:([\w.]+)\/([\w.]+)$/.exec(raw);
  if (m) return { kind: 'ratio', ratioParts: [m[1], m[2]] };
  throw new CatalogError(`${where}: loại chỉ tiêu "${raw}" không hợp lệ`);
}

function parseConsolidation(
  raw: string,
  kind: IndicatorKind,
  resolve: (c: string) => string,
  where: string,
): ConsolidationRule {
  if (!raw) {
    if (kind === 'code') return { kind: 'codes' };
    if (kind === 'ratio') return { kind: 'ratio' };
    if (kind === 'percent' || kind === 'group' || kind === 'title') return { kind: 'none' };
    return { kind: 'sum' };
  }
  if (raw === 'sum' || raw === 'stock' || raw === 'codes' || raw === 'ratio' || raw === 'none') return { kind: raw };
  const m = /^weighted(~?):([\w./]+)$/.exec(raw);
  if (m) return { kind: 'weighted', by: resolve(m[2]), approximate: m[1] === '~' };
  throw new CatalogError(`${where}: quy tắc tổng hợp "${raw}" không hợp lệ`);
}

/** Splits "= A + B; <= C (warning)" into clauses, each with its own severity. */
function parseRelation(
  text: string,
  subject: Indicator,
  resolve: (code: string, q: boolean) => string,
  source: Rule['source'],
  startIndex: number,
): Rule[] {
  const rules: Rule[] = [];
  text
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean)
    .forEach((clause, i) => {
      let body = clause;
      let severity: Rule['severity'] = 'error';
      const w = /\(warning\)\s*$/.exec(body);
      if (w) {
        severity = 'warning';
        body = body.slice(0, w.index).trim();
      }
      const id = `${subject.key}#${startIndex + i + 1}`;
      const toks = tokenize(body);
      const range = toks.findIndex((t) => t.kind === 'range');
      if (range >= 0) {
        const min = Number(toks[range - 1]?.text);
        const max = Number(toks[range + 1]?.text);
        if (range !== 1 || toks.length !== 3 || Number.isNaN(min) || Number.isNaN(max)) {
          throw new ExprSyntaxError(`khoảng giá trị "${body}" không hợp lệ`);
        }
        const self: Expr = { t: 'ref', key: subject.key };
        rules.push({
          id,
          form: subject.form,
          subject: subject.key,
          op: 'range',
          left: self,
          right: self,
          min,
          max,
          severity,
          source,
          text: clause,
        });
        return;
      }
      const opIndex = toks.findIndex((t) => t.kind === 'op' && (t.text === '=' || t.text === '<='));
      if (opIndex < 0) throw new ExprSyntaxError(`quan hệ "${body}" thiếu dấu = hoặc <=`);
      const op = toks[opIndex].text as '=' | '<=';
      const left: Expr =
        opIndex === 0 ? { t: 'ref', key: subject.key } : parseExpr(toks.slice(0, opIndex), resolve).expr;
      const rightParsed = parseExpr(toks, resolve, opIndex + 1);
      if (rightParsed.next !== toks.length) throw new ExprSyntaxError(`thừa ký hiệu sau "${body}"`);
      rules.push({
        id,
        form: subject.form,
        subject: subject.key,
        op,
        left,
        right: rightParsed.expr,
        severity,
        source,
        text: clause,
      });
    });
  return rules;
}

function parseRate(text: string, subject: Indicator, resolve: (code: string, q: boolean) => string): RateDef {
  const [id, label, num, den, stated] = text.split('|').map((s) => s.trim());
  if (!id || !label || !num || !den) throw new ExprSyntaxError(`tỷ lệ "${text}" cần dạng id|nhãn|tử số|mẫu số`);
  const numerator = parseExpr(tokenize(num), resolve).expr;
  const denominator = parseExpr(tokenize(den), resolve).expr;
  const statedBy = stated ? resolveQualified(stated, subject.form, resolve) : undefined;
  return {
    id: `${subject.form}:${id}`,
    form: subject.form,
    subject: subject.key,
    label,
    numerator,
    denominator,
    statedBy,
  };
}

function resolveQualified(code: string, _form: FormId, resolve: (code: string, q: boolean) => string): string {
  return resolve(code, code.includes('/'));
}

function depthOf(code: string): number {
  return code ? code.split('.').length : 0;
}

/** Builds a catalog from its data. Throws CatalogError naming the row at fault. */
export function loadCatalog(source: CatalogSource): Catalog {
  const raw: { form: FormId; row: Record<string, string>; where: string }[] = [];
  parseTsv(source.phuLucI).forEach((row, i) => raw.push({ form: MAIN_FORM, row, where: `Phụ lục I, dòng ${i + 2}` }));
  parseTsv(source.bieuMau).forEach((row, i) => {
    const form = (row.form ?? '').trim();
    if (!FORM_ID.test(form) || form === MAIN_FORM)
      throw new CatalogError(`Biểu mẫu, dòng ${i + 2}: biểu "${row.form}" không hợp lệ`);
    raw.push({ form, row, where: `Biểu mẫu, dòng ${i + 2}` });
  });

  const indicators: Indicator[] = [];
  const byKey = new Map<string, Indicator>();
  const titles = new Map<FormId, string>();
  const pending: { ind: Indicator; row: Record<string, string>; where: string; ratioParts?: [string, string] }[] = [];

  for (const { form, row, where } of raw) {
    const parsed = parseKind(row.kind, where);
    if (parsed.kind === 'title') {
      titles.set(form, row.name);
      continue;
    }
    const code = row.code;
    if (!code) throw new CatalogError(`${where}: thiếu mã chỉ tiêu`);
    const key = keyOf(form, code);
    if (byKey.has(key)) throw new CatalogError(`${where}: mã "${code}" bị trùng`);
    const levels = row.levels ? row.levels.split(',').map((s) => s.trim() as Level) : [];
    for (const l of levels) if (!LEVELS.includes(l)) throw new CatalogError(`${where}: cấp "${l}" không hợp lệ`);
    const hint = row.hint || undefined;
    if (hint && hint.length > MAX_HINT)
      throw new CatalogError(
        `${where}: lời nhắc (cột hint) dài ${hint.length} ký tự, Excel chỉ hiện tối đa ${MAX_HINT} ký tự`,
      );
    const ind: Indicator = {
      key,
      form,
      code,
      name: row.name,
      unit: row.unit,
      kind: parsed.kind,
      codes: parsed.codes,
      relation: row.relation ?? '',
      note: row.note ?? '',
      ...(hint ? { hint } : {}),
      consolidation: { kind: 'sum' },
      levels,
      until: row.until || undefined,
      depth: depthOf(code.replace(/\.[a-z]$/, '.x')),
    };
    indicators.push(ind);
    byKey.set(key, ind);
    pending.push({ ind, row, where, ratioParts: parsed.ratioParts });
  }

  const rules: Rule[] = [];
  const rates: RateDef[] = [];
  for (const { ind, row, where, ratioParts } of pending) {
    const resolve = (code: string, qualified: boolean): string => {
      const key = qualified ? (code.startsWith('PL1/') ? code.slice(4) : code) : keyOf(ind.form, code);
      if (!byKey.has(key)) throw new CatalogError(`${where}: quan hệ tham chiếu mã "${code}" không có trong danh mục`);
      return key;
    };
    try {
      if (ratioParts)
        ind.ratio = { numerator: resolve(ratioParts[0], false), denominator: resolve(ratioParts[1], false) };
      ind.consolidation = parseConsolidation(
        row.consolidate ?? '',
        ind.kind,
        (c) => resolve(c, c.includes('/')),
        where,
      );
      if (ind.relation) rules.push(...parseRelation(ind.relation, ind, resolve, 'relation', 0));
      if (row.cross)
        rules.push(
          ...parseRelation(row.cross, ind, resolve, 'cross', rules.filter((r) => r.subject === ind.key).length),
        );
      if (row.rate) rates.push(parseRate(row.rate, ind, resolve));
    } catch (e) {
      if (e instanceof ExprSyntaxError) throw new CatalogError(`${where}: ${e.message}`);
      throw e;
    }
    // Parent by longest code prefix within the form.
    const parts = ind.code.split('.');
    for (let n = parts.length - 1; n > 0; n--) {
      const parentKey = keyOf(ind.form, parts.slice(0, n).join('.'));
      if (byKey.has(parentKey)) {
        ind.parent = parentKey;
        break;
      }
    }
  }

  // Forms in the order the data first names them, the main form first.
  const formIds = [...new Set([MAIN_FORM, ...raw.map((r) => r.form)])];
  const forms: FormDef[] = formIds
    .map((id) => ({
      id,
      sheetName: formLabel(id),
      label: formLabel(id),
      title: id === MAIN_FORM ? 'KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH' : (titles.get(id) ?? formLabel(id)),
      indicators: indicators.filter((i) => i.form === id),
    }))
    .filter((f) => f.indicators.length > 0);

  return { id: source.id, title: source.title, forms, indicators, byKey, rules, rates };
}
