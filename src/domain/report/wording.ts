/**
 * The report's wording as versioned data beside the catalog: a sentence per row (with its zero
 * and coded-answer wordings), the outline with the forms each section states, the letterhead and
 * the number rules. Loaded by catalog id; a province folder overrides any table. Rows are matched
 * to the catalog by their data (form and name), so a catalog that renumbers rows keeps them.
 */
import { codeOfKey, keyOf } from '../catalog/load';
import type { Catalog, FormId, Indicator } from '../catalog/types';
import { stripAccents } from '../text';
import { wording2024 } from './wording/v2024';

export type OutlinePart = 'open' | 'I' | 'II' | 'III' | 'IV' | 'V';

export interface OutlineSection {
  id: string;
  /** Heading as printed ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", "1. Cải cách thể chế"). */
  heading: string;
  /** Scopes whose figures this section states: "PL1:1.1" (a row and its sub-rows), "BM2" (a form). */
  forms?: string[];
  /** Top-level part (I–V) or opening. */
  part: OutlinePart;
}

/** A row's wording, as the tables give it (codes of `{=code}` are the wording's own rows). */
export interface Phrase {
  /** Clause; `{v}` the figure (or "a/b", or a code's words), `{=code}` another row of the form. */
  text?: string;
  /** Separator before the clause in a list: "; " unless ", ". */
  sep?: string;
  /** Rate wording after ", ": `{r}` the rate ("đạt {r} dự toán"). */
  rate?: string;
  /** Lead-in of a group's paragraph ("Lũy kế đến thời điểm báo cáo:"). */
  lead?: string;
  /** Clause when the figure is 0 ("không có …"); without it a zero is left out of the text. */
  zero?: string;
  /** Clause for each coded answer. */
  codes?: Record<number, string>;
  /** Key of the row on another form stating the same fact. */
  same?: string;
  /**
   * Key of a row on another form about the same subject (BM5 "Tuyển dụng" and PL1 5.2): where both
   * are stated in one section, this row's paragraph joins that row's, without its own lead-in.
   */
  join?: string;
  /**
   * Comparison with the same period of last year after ", " (`{±}` tăng/giảm, `{d}` the change,
   * `{p}` in percent, `{kỳ}` "cùng kỳ năm 2023"); only rows with it are compared.
   */
  compare?: string;
}

export interface ReportSettings {
  nation: string;
  motto: string;
  recipientsLabel: string;
  /** `{kỳ}`, `{kỳ tới}`, `{đơn vị}` are filled. */
  title: string;
  opening: string;
  closing: string;
  /** `{mục}`: the section's topic. */
  allZero: string;
  /** Units whose small counts take no leading zero (lower case). */
  noLeadingZeroUnits: Set<string>;
  /** A consolidating office's report (src/domain/report/province.ts): "tinh = Toàn tỉnh | …". */
  scopeWords: string;
  /** The same before a clause that is not a verb phrase: "tinh = Trên địa bàn toàn tỉnh, | …". */
  scopeBeforeClause: string;
  /** "; "-separated words that open a verb phrase ("đã; ban hành; …"): after them `scopeWords` is kept. */
  verbOpeners: string;
  /** Units of each level in a count: "so = sở, ban, ngành | huyen = UBND cấp huyện | …". */
  levelUnits: string;
  /** `{số}`, `{tổng}`, `{cấp}`: the units whose reports the totals gather. */
  sourceUnits: string;
  /** `{số}`, `{đơn vị}`: the units that did not report. */
  missingUnits: string;
  /** `{số}`, `{tổng}`, `{lời}`: one coded answer counted over the units. */
  codeUnits: string;
  /** `{số liệu}`: totals gathered from part of the units; each is `partialItem`. */
  partialUnits: string;
  /** `{tên}`, `{số}`, `{tổng}`. */
  partialItem: string;
  /** `{kỳ}`: a figure equal to last year's. */
  sameAsPrevious: string;
  /** `{năm}`: what "{kỳ}" of a comparison says. */
  previousYear: string;
}

interface PhraseRow extends Phrase {
  form: FormId;
  code: string;
  name: string;
}

export interface WordingSource {
  id: string;
  /** `loi-van.tsv`: form, code, name, text, zero, codes, sep, rate, lead, same, compare, join. */
  loiVan?: string;
  /** `de-cuong.tsv`: id, part, heading, forms. */
  deCuong?: string;
  /** `bao-cao.tsv`: key, value. */
  baoCao?: string;
}

export interface Wording {
  id: string;
  rows: PhraseRow[];
  outline: OutlineSection[];
  settings: ReportSettings;
  /**
   * The province's tables this wording was loaded from, over the product's own (absent for the
   * product's): a report stores them, so that rebuilding it from the document says it the same way.
   */
  overrides?: WordingSource;
}

export class WordingError extends Error {}

function parseTsv(text: string, file: string, required: string[]): Record<string, string>[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim().toLowerCase());
  for (const col of required)
    if (!header.includes(col)) throw new WordingError(`Tệp ${file} thiếu cột "${col}" ở dòng đầu.`);
  return lines
    .slice(1)
    .map((line, i) => ({ line, n: i + 2 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, n }) => {
      const cells = line.split('\t');
      const row: Record<string, string> = { __line: String(n) };
      header.forEach((h, i) => (row[h] = (cells[i] ?? '').trim()));
      return row;
    });
}

function parseCodes(text: string, where: string): Record<number, string> | undefined {
  if (!text) return undefined;
  const out: Record<number, string> = {};
  for (const part of text.split('|')) {
    const m = /^\s*(\d+)\s*=\s*(.+?)\s*$/.exec(part);
    if (!m) throw new WordingError(`${where}: cột "codes" phải ghi "0 = … | 1 = …", không đọc được "${part.trim()}".`);
    out[Number(m[1])] = m[2];
  }
  return out;
}

function parsePhrases(text: string): PhraseRow[] {
  return parseTsv(text, 'loi-van.tsv', ['form', 'code', 'text']).map((r) => {
    const where = `Tệp loi-van.tsv, dòng ${r.__line}`;
    if (!r.form || !r.code) throw new WordingError(`${where}: thiếu biểu (form) hoặc mã (code).`);
    const opt = (v: string | undefined) => (v ? v : undefined);
    const same = r.same ? (r.same.includes('/') ? r.same : `${r.form}/${r.same}`) : undefined;
    const join = r.join ? (r.join.includes('/') ? r.join : `${r.form}/${r.join}`) : undefined;
    return {
      form: r.form.toUpperCase(),
      code: r.code,
      name: r.name ?? '',
      text: opt(r.text),
      zero: opt(r.zero),
      codes: parseCodes(r.codes ?? '', where),
      sep: r.sep === ',' ? ', ' : undefined,
      rate: opt(r.rate),
      lead: opt(r.lead),
      same,
      compare: opt(r.compare),
      join,
    };
  });
}

const PARTS: readonly OutlinePart[] = ['open', 'I', 'II', 'III', 'IV', 'V'];

export function parseOutline(text: string): OutlineSection[] {
  return parseTsv(text, 'de-cuong.tsv', ['id', 'part', 'heading']).map((r) => {
    const part = r.part as OutlinePart;
    if (!PARTS.includes(part))
      throw new WordingError(
        `Tệp de-cuong.tsv, dòng ${r.__line}: phần "${r.part}" phải là open, I, II, III, IV hoặc V.`,
      );
    const forms = (r.forms ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    return { id: r.id, part, heading: r.heading, ...(forms.length ? { forms } : {}) };
  });
}

const SETTING_KEYS: Record<string, keyof ReportSettings> = {
  'quoc-hieu': 'nation',
  'tieu-ngu': 'motto',
  'noi-nhan': 'recipientsLabel',
  'tieu-de': 'title',
  'mo-dau': 'opening',
  'ket-luan': 'closing',
  'toan-so-0': 'allZero',
  'khong-so-0-dau': 'noLeadingZeroUnits',
  'toan-cap': 'scopeWords',
  'toan-cap-truoc-cau': 'scopeBeforeClause',
  'mo-dong-tu': 'verbOpeners',
  'cap-don-vi': 'levelUnits',
  'tong-hop-nguon': 'sourceUnits',
  'tong-hop-chua-nop': 'missingUnits',
  'ma-don-vi': 'codeUnits',
  'tong-hop-mot-phan': 'partialUnits',
  'mot-phan-muc': 'partialItem',
  'so-sanh-bang': 'sameAsPrevious',
  'cung-ky': 'previousYear',
};

function parseSettings(text: string, base?: ReportSettings): ReportSettings {
  const out = { ...(base ?? ({} as ReportSettings)) };
  for (const r of parseTsv(text, 'bao-cao.tsv', ['key', 'value'])) {
    const field = SETTING_KEYS[r.key];
    if (!field)
      throw new WordingError(
        `Tệp bao-cao.tsv, dòng ${r.__line}: khóa "${r.key}" không có (có: ${Object.keys(SETTING_KEYS).join(', ')}).`,
      );
    if (field === 'noLeadingZeroUnits')
      out.noLeadingZeroUnits = new Set(
        r.value
          .split(';')
          .map((u) => u.trim().toLowerCase())
          .filter(Boolean),
      );
    else out[field] = r.value;
  }
  return out;
}

/**
 * A wording from its tables; tables left out come from `base`. Rows of a province's
 * `loi-van.tsv` replace the base's rows of the same form and code (or the same name) and add others.
 */
export function loadWording(
  source: WordingSource,
  base: Wording | undefined = source === wording2024 ? undefined : builtInWording(),
): Wording {
  let rows = base?.rows ?? [];
  if (source.loiVan !== undefined) {
    const own = parsePhrases(source.loiVan);
    const replaced = (r: PhraseRow) =>
      own.some((o) => o.form === r.form && (o.code === r.code || (!!o.name && sameName(o.name, r.name))));
    rows = [...rows.filter((r) => !replaced(r)), ...own];
  }
  const outline = source.deCuong !== undefined ? parseOutline(source.deCuong) : (base?.outline ?? []);
  const settings =
    source.baoCao !== undefined ? parseSettings(source.baoCao, base?.settings) : { ...(base?.settings ?? {}) };
  const overrides = source === wording2024 ? undefined : { ...(base?.overrides ?? {}), ...source };
  return { id: source.id, rows, outline, settings: settings as ReportSettings, ...(overrides ? { overrides } : {}) };
}

/**
 * The wording a report stored (its province's tables over the product's own for the catalog);
 * a damaged table is a clear error naming it.
 */
export function wordingOfStored(catalogId: string, overrides: WordingSource | undefined): Wording {
  const base = wordingFor(catalogId);
  return overrides ? loadWording(overrides, base) : base;
}

/** The wording files a province folder may hold, by the source field each fills. */
export const WORDING_FILES: readonly [field: keyof Omit<WordingSource, 'id'>, name: string][] = [
  ['loiVan', 'loi-van.tsv'],
  ['deCuong', 'de-cuong.tsv'],
  ['baoCao', 'bao-cao.tsv'],
];

/**
 * A province's wording from the files of its folder, as picked in the pane: files are matched by
 * name (any folder, any case), others are ignored; none of the three is a clear error.
 */
export function wordingFromFiles(
  files: readonly { name: string; text: string }[],
  id: string,
  base?: Wording,
): { wording: Wording; used: string[] } {
  const source: WordingSource = { id };
  const used: string[] = [];
  for (const [field, name] of WORDING_FILES) {
    const file = files.find((f) => (f.name.split(/[\\/]/).pop() ?? '').toLowerCase() === name);
    if (!file) continue;
    source[field] = file.text;
    used.push(name);
  }
  if (used.length === 0)
    throw new WordingError(
      `Không thấy tệp lời văn nào (${WORDING_FILES.map(([, n]) => n).join(', ')}) trong ${files.length} tệp đã chọn.`,
    );
  return { wording: loadWording(source, base ?? builtInWording()), used };
}

const normalName = (name: string) =>
  stripAccents(name)
    .replace(/^\s*trong do\s*:?\s*/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const sameName = (a: string, b: string) => normalName(a) === normalName(b);

// ---------------------------------------------------------------------------
// Versions and binding to a catalog

const builtIn = new Map<string, Wording>();
function builtInWording(): Wording {
  let w = builtIn.get(wording2024.id);
  if (!w) {
    w = loadWording(wording2024);
    builtIn.set(w.id, w);
  }
  return w;
}

/** The product's wording for a catalog id; catalogs without their own use 2024's (matched by row names). */
export function wordingFor(catalogId?: string): Wording {
  void catalogId; // one shipped version; a new one is a data file like wording/v2024.ts
  return builtInWording();
}

/** The wording bound to one catalog: each indicator's phrase, with its `{=code}` and `same` resolved. */
export interface BoundWording {
  wording: Wording;
  phraseOf(ind: Indicator): Phrase | undefined;
  outline: OutlineSection[];
  settings: ReportSettings;
}

const bound = new WeakMap<Catalog, WeakMap<Wording, BoundWording>>();

/**
 * Matches the wording's rows to the catalog: same form and name first (a renumbered row keeps
 * its sentence), else same form and code with the same name; a code reused for another row
 * gets the generic clause.
 */
export function bindWording(catalog: Catalog, wording: Wording = wordingFor(catalog.id)): BoundWording {
  let perCatalog = bound.get(catalog);
  if (!perCatalog) bound.set(catalog, (perCatalog = new WeakMap()));
  const hit = perCatalog.get(wording);
  if (hit) return hit;

  const byName = new Map<string, Indicator[]>();
  for (const ind of catalog.indicators) {
    const k = `${ind.form}|${normalName(ind.name)}`;
    byName.set(k, [...(byName.get(k) ?? []), ind]);
  }
  const rowKey = new Map<string, string>(); // wording "form/code" → catalog key
  const matched = new Map<string, PhraseRow>(); // catalog key → row
  for (const row of wording.rows) {
    // Two rows of one form with one name: the one with the row's code.
    const named = row.name ? (byName.get(`${row.form}|${normalName(row.name)}`) ?? []) : [];
    const ind = row.name
      ? (named.find((i) => i.code === row.code) ?? named[0])
      : catalog.byKey.get(keyOf(row.form, row.code));
    if (!ind) continue;
    rowKey.set(`${row.form}/${row.code}`, ind.key);
    matched.set(ind.key, row);
  }
  const resolve = (form: FormId, code: string) => {
    const key = rowKey.get(`${form}/${code}`);
    return key ? codeOfKey(key) : code;
  };
  const phrases = new Map<string, Phrase>();
  for (const [key, row] of matched) {
    const text = row.text?.replace(/\{=([^}]+)\}/g, (_, code: string) => `{=${resolve(row.form, code)}}`);
    const target = (ref: string | undefined) => {
      if (!ref) return undefined;
      const [form, code] = ref.split('/');
      const key = rowKey.get(`${form}/${code}`) ?? keyOf(form as FormId, code);
      return catalog.byKey.has(key) ? key : undefined;
    };
    const same = target(row.same);
    const join = target(row.join);
    phrases.set(key, {
      text,
      zero: row.zero,
      codes: row.codes,
      sep: row.sep,
      rate: row.rate,
      lead: row.lead,
      same,
      compare: row.compare,
      ...(join ? { join } : {}),
    });
  }
  const out: BoundWording = {
    wording,
    phraseOf: (ind) => phrases.get(ind.key),
    outline: wording.outline,
    settings: wording.settings,
  };
  perCatalog.set(wording, out);
  return out;
}

/** Fills `{kỳ}`, `{kỳ tới}`, `{đơn vị}`, `{mục}` of a settings text. */
export function fillSetting(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (m, name: string) => values[name.trim()] ?? m);
}
