import { applies } from './applicability';
import type { Catalog, FormDef, FormId, Indicator, RateDef, Rule } from './catalog/types';
import { DETAIL_FIELDS, LEVEL_CELL_LABELS, type DetailField } from './details';
import { printExpr, refsOf, type Expr } from './expr';
import type { ReportContext } from './figures';
import { formatDateShort } from './format';
import { OUTLINE } from './outline';
import { PERIOD_KINDS, PERIOD_LABELS, periodKindText } from './period';

/**
 * The injected workbook, described once as plain data. The exceljs writer (CLI,
 * standalone pane) and the add-in writer both apply this plan, so the
 * template and the injected forms cannot drift apart.
 */
export const LAYOUT_VERSION = 1;
export const META_SHEET = '_cchc';
export const DETAILS_SHEET = 'Thông tin';
export const TEXT_SHEET = 'Nội dung';

/** Form sheet columns. */
export const COL = {
  code: 'A',
  name: 'B',
  unit: 'C',
  value: 'D',
  note: 'E',
  computed: 'F',
  check: 'G',
  status: 'H',
} as const;
export const FORM_HEADER_ROW = 5;
export const FORM_FIRST_ROW = 6;
export const FORM_HEADERS = [
  'STT',
  'Chỉ tiêu',
  'Đơn vị tính',
  'Số liệu',
  'Ghi chú',
  'Tính toán',
  'Kiểm tra (Excel)',
  'Kiểm tra (add-in)',
];
export const FORM_WIDTHS = [9, 62, 16, 14, 28, 14, 12, 14];

export type CellStyle =
  | 'title'
  | 'subtitle'
  | 'header'
  | 'group'
  | 'code'
  | 'label'
  | 'input'
  | 'inputNA'
  | 'computed'
  | 'check'
  | 'status'
  | 'hint'
  | 'textInput'
  | 'meta';

/** The input message shown while the cell is selected (Excel's data validation prompt). */
export interface InputPrompt {
  title: string;
  text: string;
}

export type Validation = (
  { type: 'list'; values: number[] | string[] } | { type: 'whole' | 'decimal'; min: number; max?: number }
) & { prompt?: InputPrompt };

export interface CellPlan {
  address: string;
  value?: string | number | null;
  formula?: string;
  style: CellStyle;
  /** Workbook-scope defined name. */
  name?: string;
  numFmt?: string;
  validation?: Validation;
  /** Input cells are unlocked; everything else is protected from accidental edits. */
  locked: boolean;
}

export type SheetRole = 'details' | 'form' | 'text' | 'meta';

/** A conditional format: `formula` is written for the top-left cell of `range` (relative rows). */
export interface Highlight {
  range: string;
  formula: string;
  fill: string;
}

/** Fill of a figure whose row fails a rule (light red). */
export const FAILING_FILL = 'F8CBAD';

export interface SheetPlan {
  /** Canonical name; the writer may suffix it when the user's own sheet has it. */
  name: string;
  role: SheetRole;
  form?: FormId;
  widths: number[];
  cells: CellPlan[];
  merges: string[];
  freezeRows?: number;
  /**
   * Highlights set once with the sheet: the figure cell turns red while its row's Excel check
   * (column G) shows ✗, so the sheet shows a failing rule live without the add-in writing anything.
   */
  highlights?: Highlight[];
  veryHidden?: boolean;
  protect: boolean;
}

/** An input cell the user fills: a figure, a detail or a section's text. */
export interface InputCell {
  id: string;
  sheet: string;
  address: string;
  name: string;
  kind: 'figure' | 'detail' | 'text';
}

/** A formula cell the engine can recompute (rate, sum, "a/b"). */
export interface ComputedPlan {
  id: string;
  sheet: string;
  address: string;
  /** Subject row key. */
  key: string;
  what: 'rate' | 'ratio' | 'sum';
}

export interface WorkbookPlan {
  catalogId: string;
  layoutVersion: number;
  sheets: SheetPlan[];
  inputs: InputCell[];
  computed: ComputedPlan[];
}

/** `1.1.2` → `cchc_1_1_2`; `BM3/4.2.1` → `cchc_BM3_4_2_1`. */
const namesOfKeys = new Map<string, string>();
export function nameForKey(key: string): string {
  let name = namesOfKeys.get(key);
  if (name === undefined) {
    name = `cchc_${key.replace('/', '_').replace(/\./g, '_')}`;
    // Keys come from catalogs (a few hundred each); a bound keeps odd callers from growing it.
    if (namesOfKeys.size < 100_000) namesOfKeys.set(key, name);
  }
  return name;
}
export function nameForDetail(field: DetailField): string {
  return `cchc_info_${field}`;
}
export function nameForText(sectionId: string): string {
  return `cchc_text_${sectionId.replace(/[.-]/g, '_')}`;
}

/** Percent of the rate's parts: numbers in a status formula compare with a half-cent slack. */
const NON_COUNT_SLACK = 0.005;

function excel(expr: Expr): string {
  return printExpr(expr, nameForKey, false);
}

function guarded(refs: string[], whenPresent: string, whenMissing = '""'): string {
  return `IF(COUNT(${refs.map(nameForKey).join(',')})<${refs.length},${whenMissing},${whenPresent})`;
}

/** Excel condition that a rule holds (assuming its figures are present). */
export function ruleCondition(rule: Rule, slack: number): string {
  if (rule.op === 'range')
    return `AND(${nameForKey(rule.subject)}>=${rule.min},${nameForKey(rule.subject)}<=${rule.max})`;
  const l = excel(rule.left);
  const r = excel(rule.right);
  if (rule.op === '<=') return slack ? `(${l})<=(${r})+${slack}` : `(${l})<=(${r})`;
  return slack ? `ABS((${l})-(${r}))<=${slack}` : `(${l})=(${r})`;
}

function ruleRefs(rule: Rule): string[] {
  const refs = refsOf(rule.right, refsOf(rule.left));
  return refs.length ? refs : [rule.subject];
}

/** Excel condition that a rule fails on filled figures. */
function failCondition(catalog: Catalog, rule: Rule): string {
  const refs = ruleRefs(rule);
  const nonCount = refs.some((k) => catalog.byKey.get(k)?.kind !== 'count');
  const cond = ruleCondition(rule, nonCount ? NON_COUNT_SLACK : 0);
  return `AND(COUNT(${refs.map(nameForKey).join(',')})=${refs.length},NOT(${cond}))`;
}

/** The status formula of a row: ✗ when any of its rules fails on filled figures, ✓ when all hold. */
export function statusFormula(catalog: Catalog, rules: Rule[]): string {
  const fails = rules.map((rule) => failCondition(catalog, rule));
  const allRefs = [...new Set(rules.flatMap(ruleRefs))];
  return `IF(OR(${fails.join(',')}),"✗",IF(COUNT(${allRefs.map(nameForKey).join(',')})=${allRefs.length},"✓",""))`;
}

/**
 * The error rules written on the rows of a rate's figures: while one of them fails, the rate
 * has no value (a part above its whole gives no "640%"), on the sheet as in the engine.
 */
export function rateInputRules(catalog: Catalog, rate: Pick<RateDef, 'numerator' | 'denominator'>): Rule[] {
  const refs = new Set(refsOf(rate.denominator, refsOf(rate.numerator)));
  return catalog.rules.filter((r) => r.severity === 'error' && refs.has(r.subject));
}

/** Rate as a fraction (cell formatted as %); "—" for a zero denominator; blank while its inputs are in error. */
export function rateFormula(catalog: Catalog, rate: Pick<RateDef, 'numerator' | 'denominator'>): string {
  const { numerator, denominator } = rate;
  const refs = refsOf(denominator, refsOf(numerator));
  const value = `IF((${excel(denominator)})=0,"—",(${excel(numerator)})/(${excel(denominator)}))`;
  const fails = rateInputRules(catalog, rate).map((rule) => failCondition(catalog, rule));
  return guarded(refs, fails.length ? `IF(OR(${fails.join(',')}),"",${value})` : value);
}

/**
 * A whole number with "." between thousands, whatever the locale of Excel or LibreOffice
 * (FIXED and TEXT with "#,##0" follow the locale): 16181 → "16.181", as formatNumber writes it.
 */
function groupedInteger(ref: string): string {
  const n = `ROUND(${ref},0)`;
  const group = (div: number) => `TEXT(MOD(INT(${n}/${div}),1000),"000")`;
  return (
    `IF(${n}>=1000000000,INT(${n}/1000000000)&"."&${group(1000000)}&"."&${group(1000)}&"."&${group(1)},` +
    `IF(${n}>=1000000,INT(${n}/1000000)&"."&${group(1000)}&"."&${group(1)},` +
    `IF(${n}>=1000,INT(${n}/1000)&"."&${group(1)},${n}&"")))`
  );
}

/** A ratio's two figures as a rate's numerator and denominator (the rules on them are the same). */
export function ratioParts(numeratorKey: string, denominatorKey: string): Pick<RateDef, 'numerator' | 'denominator'> {
  return { numerator: { t: 'ref', key: numeratorKey }, denominator: { t: 'ref', key: denominatorKey } };
}

/** "16.181/16.183", as the engine's ratioDisplay writes it; blank while its figures are in error, like a rate. */
export function ratioFormula(catalog: Catalog, numeratorKey: string, denominatorKey: string): string {
  const shown = `${groupedInteger(nameForKey(numeratorKey))}&"/"&${groupedInteger(nameForKey(denominatorKey))}`;
  const fails = rateInputRules(catalog, ratioParts(numeratorKey, denominatorKey)).map((rule) =>
    failCondition(catalog, rule),
  );
  return guarded([numeratorKey, denominatorKey], fails.length ? `IF(OR(${fails.join(',')}),"",${shown})` : shown);
}

function numFmtFor(ind: Indicator): string {
  switch (ind.kind) {
    case 'count':
      return '#,##0';
    case 'money':
      return '#,##0.00';
    default:
      return 'General';
  }
}

/** The catalog's hint for the figure, as its cell's input message (titled by its code). */
export function inputPrompt(ind: Indicator): InputPrompt | undefined {
  return ind.hint ? { title: `Chỉ tiêu ${ind.code}`, text: ind.hint } : undefined;
}

function validationFor(ind: Indicator): Validation | undefined {
  const rule = validationRule(ind);
  const prompt = inputPrompt(ind);
  return rule && prompt ? { ...rule, prompt } : rule;
}

function validationRule(ind: Indicator): Validation | undefined {
  switch (ind.kind) {
    case 'code':
      return { type: 'list', values: ind.codes ?? [] };
    case 'count':
      return { type: 'whole', min: 0 };
    case 'money':
      return { type: 'decimal', min: 0 };
    case 'percent':
      return { type: 'decimal', min: 0, max: 100 };
    default:
      return undefined;
  }
}

export function isInputIndicator(ind: Indicator): boolean {
  return ind.kind !== 'group' && ind.kind !== 'title' && ind.kind !== 'ratio';
}

function formSheet(
  catalog: Catalog,
  form: FormDef,
  ctx: ReportContext,
  inputs: InputCell[],
  computed: ComputedPlan[],
): SheetPlan {
  const cells: CellPlan[] = [];
  const sheet = form.sheetName;
  cells.push({ address: 'A1', value: form.label, style: 'subtitle', locked: true });
  cells.push({ address: 'A2', value: form.title.toUpperCase(), style: 'title', locked: true });
  cells.push({
    address: 'A3',
    formula: `"(Kèm theo báo cáo của "&IF(${nameForDetail('unit')}="","…",${nameForDetail('unit')})&")"`,
    style: 'hint',
    locked: true,
  });
  FORM_HEADERS.forEach((h, i) =>
    cells.push({
      address: `${String.fromCharCode(65 + i)}${FORM_HEADER_ROW}`,
      value: h,
      style: 'header',
      locked: true,
    }),
  );

  const rulesBySubject = new Map<string, Rule[]>();
  for (const rule of catalog.rules) {
    if (rule.form !== form.id) continue;
    const list = rulesBySubject.get(rule.subject) ?? [];
    list.push(rule);
    rulesBySubject.set(rule.subject, list);
  }

  form.indicators.forEach((ind, i) => {
    const row = FORM_FIRST_ROW + i;
    const applicable = applies(ind, ctx);
    const isGroup = ind.kind === 'group';
    cells.push({ address: `${COL.code}${row}`, value: ind.code, style: isGroup ? 'group' : 'code', locked: true });
    cells.push({ address: `${COL.name}${row}`, value: ind.name, style: isGroup ? 'group' : 'label', locked: true });
    cells.push({ address: `${COL.unit}${row}`, value: ind.unit, style: isGroup ? 'group' : 'label', locked: true });
    const valueAddress = `${COL.value}${row}`;
    if (ind.kind === 'ratio' && ind.ratio) {
      cells.push({
        address: valueAddress,
        formula: ratioFormula(catalog, ind.ratio.numerator, ind.ratio.denominator),
        style: 'computed',
        locked: true,
      });
      computed.push({ id: ind.key, sheet, address: valueAddress, key: ind.key, what: 'ratio' });
    } else if (isInputIndicator(ind)) {
      const name = nameForKey(ind.key);
      cells.push({
        address: valueAddress,
        style: applicable ? 'input' : 'inputNA',
        name,
        numFmt: numFmtFor(ind),
        validation: validationFor(ind),
        locked: !applicable,
      });
      inputs.push({ id: ind.key, sheet, address: valueAddress, name, kind: 'figure' });
    } else {
      cells.push({ address: valueAddress, style: 'group', locked: true });
    }
    cells.push({
      address: `${COL.note}${row}`,
      value: applicable ? null : 'Không áp dụng cho cấp hoặc kỳ báo cáo này',
      style: applicable ? 'input' : 'hint',
      locked: !applicable,
    });
    const rate = catalog.rates.find((r) => r.subject === ind.key);
    if (rate) {
      const address = `${COL.computed}${row}`;
      cells.push({
        address,
        formula: rateFormula(catalog, rate),
        style: 'computed',
        numFmt: '0.0%',
        locked: true,
      });
      computed.push({ id: rate.id, sheet, address, key: ind.key, what: 'rate' });
    }
    const rules = rulesBySubject.get(ind.key);
    if (rules && applicable) {
      cells.push({
        address: `${COL.check}${row}`,
        formula: statusFormula(catalog, rules),
        style: 'check',
        locked: true,
      });
    }
    cells.push({ address: `${COL.status}${row}`, style: 'status', locked: true });
  });

  return {
    name: sheet,
    role: 'form',
    form: form.id,
    widths: FORM_WIDTHS,
    cells,
    merges: ['A1:H1', 'A2:H2', 'A3:H3'],
    freezeRows: FORM_HEADER_ROW,
    highlights: cells
      .filter((c) => c.style === 'check' && c.formula)
      .map((c) => {
        const row = c.address.slice(COL.check.length);
        return { range: `${COL.value}${row}`, formula: `=$${COL.check}$${row}="✗"`, fill: FAILING_FILL };
      }),
    protect: true,
  };
}

/** Other periods provinces ask for, offered in the drop-down beside the five (any "N tháng đầu năm" reads). */
const OTHER_PERIOD_TEXTS = ['8 tháng đầu năm', '10 tháng đầu năm', PERIOD_LABELS.C];

/** What the level and period chosen for a new workbook put in its details sheet, as a user would type it. */
function detailValue(field: DetailField, ctx: ReportContext): string | number | undefined {
  const p = ctx.period;
  switch (field) {
    case 'level':
      return ctx.level ? LEVEL_CELL_LABELS[ctx.level] : undefined;
    case 'periodKind':
      return p ? periodKindText(p) : undefined;
    case 'year':
      return p?.year;
    case 'from':
      return p?.from ? formatDateShort(p.from) : undefined;
    case 'to':
      return p?.to ? formatDateShort(p.to) : undefined;
    default:
      return undefined;
  }
}

function detailsSheet(inputs: InputCell[], ctx: ReportContext): SheetPlan {
  const cells: CellPlan[] = [
    { address: 'A1', value: 'THÔNG TIN BÁO CÁO CẢI CÁCH HÀNH CHÍNH', style: 'title', locked: true },
    {
      address: 'A2',
      value: 'Điền các ô màu vàng; các biểu mẫu và báo cáo Word dùng thông tin này.',
      style: 'hint',
      locked: true,
    },
    { address: 'A3', value: 'Mục', style: 'header', locked: true },
    { address: 'B3', value: 'Nội dung', style: 'header', locked: true },
    { address: 'C3', value: 'Hướng dẫn', style: 'header', locked: true },
  ];
  DETAIL_FIELDS.forEach((f, i) => {
    const row = 4 + i;
    const name = nameForDetail(f.field);
    const validation: Validation | undefined =
      f.field === 'level'
        ? { type: 'list', values: Object.values(LEVEL_CELL_LABELS) }
        : f.field === 'periodKind'
          ? { type: 'list', values: [...PERIOD_KINDS.map((k) => PERIOD_LABELS[k]), ...OTHER_PERIOD_TEXTS] }
          : f.field === 'year'
            ? { type: 'whole', min: 2015, max: 2100 }
            : undefined;
    cells.push({ address: `A${row}`, value: f.label, style: 'label', locked: true });
    cells.push({
      address: `B${row}`,
      value: detailValue(f.field, ctx),
      style: f.field === 'recipients' ? 'textInput' : 'input',
      name,
      validation,
      numFmt: '@',
      locked: false,
    });
    cells.push({ address: `C${row}`, value: f.hint, style: 'hint', locked: true });
    inputs.push({ id: f.field, sheet: DETAILS_SHEET, address: `B${row}`, name, kind: 'detail' });
  });
  return {
    name: DETAILS_SHEET,
    role: 'details',
    widths: [28, 48, 52],
    cells,
    merges: ['A1:C1', 'A2:C2'],
    protect: true,
  };
}

function textSheet(inputs: InputCell[]): SheetPlan {
  const cells: CellPlan[] = [
    { address: 'A1', value: 'NỘI DUNG BÁO CÁO DO ĐƠN VỊ VIẾT', style: 'title', locked: true },
    {
      address: 'A2',
      value: 'Mỗi mục một ô; xuống dòng bằng Alt+Enter. Số liệu các biểu được viết tự động, không cần gõ lại.',
      style: 'hint',
      locked: true,
    },
    { address: 'A3', value: 'Mục', style: 'header', locked: true },
    { address: 'B3', value: 'Tiêu đề', style: 'header', locked: true },
    { address: 'C3', value: 'Nội dung', style: 'header', locked: true },
  ];
  OUTLINE.forEach((s, i) => {
    const row = 4 + i;
    const name = nameForText(s.id);
    cells.push({ address: `A${row}`, value: s.id, style: 'code', locked: true });
    cells.push({ address: `B${row}`, value: s.heading, style: 'label', locked: true });
    cells.push({ address: `C${row}`, style: 'textInput', name, numFmt: '@', locked: false });
    inputs.push({ id: s.id, sheet: TEXT_SHEET, address: `C${row}`, name, kind: 'text' });
  });
  return { name: TEXT_SHEET, role: 'text', widths: [8, 46, 100], cells, merges: ['A1:C1', 'A2:C2'], protect: true };
}

function metaSheet(catalog: Catalog): SheetPlan {
  return {
    name: META_SHEET,
    role: 'meta',
    widths: [16, 16],
    veryHidden: true,
    protect: true,
    merges: [],
    cells: [
      { address: 'A1', value: 'cchc-layout', style: 'meta', locked: true },
      { address: 'B1', value: LAYOUT_VERSION, style: 'meta', locked: true },
      { address: 'A2', value: 'catalog', style: 'meta', locked: true },
      { address: 'B2', value: catalog.id, style: 'meta', locked: true },
    ],
  };
}

/** The whole injected layout for a catalog, level and period. */
export function planWorkbook(catalog: Catalog, ctx: ReportContext = {}): WorkbookPlan {
  const inputs: InputCell[] = [];
  const computed: ComputedPlan[] = [];
  const sheets: SheetPlan[] = [detailsSheet(inputs, ctx)];
  for (const form of catalog.forms) sheets.push(formSheet(catalog, form, ctx, inputs, computed));
  sheets.push(textSheet(inputs), metaSheet(catalog));
  return { catalogId: catalog.id, layoutVersion: LAYOUT_VERSION, sheets, inputs, computed };
}

const computedCache = new WeakMap<Catalog, ComputedPlan[]>();

/** The formula cells of the layout; they sit where they sit whatever the level or period. */
export function computedCells(catalog: Catalog): ComputedPlan[] {
  let cells = computedCache.get(catalog);
  if (!cells) {
    cells = planWorkbook(catalog).computed;
    computedCache.set(catalog, cells);
  }
  return cells;
}
