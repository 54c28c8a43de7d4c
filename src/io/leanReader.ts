import { colName } from '../office/a1';
import {
  openArchive,
  resolvePath,
  stringIndexReason,
  utf8Text,
  WorkbookRejected,
  type OpenLimits,
  type WorkbookArchive,
} from './openArchive';
import type { Catalog } from '../domain/catalog/types';
import type { UnitSubmission } from '../domain/consolidate';
import type { CellRef, FigureSet } from '../domain/figures';
import { readTemplateSource, type CellSource } from './templateReader';

/**
 * A lean .xlsx reader for consolidation: sheet names, defined names, shared strings and
 * cell values, nothing else (no styles beyond the number format, no drawings, no rich
 * text runs). exceljs builds a full object model and is many times slower on the same
 * file; reading a thousand colleagues' workbooks needs only this.
 *
 * Safety on hostile files: sizes are bounded (file, entries, each part decompressed,
 * cells, shared strings), parts with a DOCTYPE or ENTITY declaration are refused, and
 * the scanner only decodes the five XML entities and numeric character references; it
 * never expands entities and uses indexOf-based scanning (linear, no backtracking).
 */

export type LeanCellType = 's' | 'n' | 'str' | 'b' | 'e' | 'inlineStr';

export interface LeanCell {
  v: string | number | null;
  t: LeanCellType;
  /** Number format of the cell's style, when not General ("0.0%"). */
  numFmt?: string;
  /** The cell holds a formula; `v` is its cached result. */
  f?: boolean;
}

export interface LeanSheet {
  name: string;
  cells: Map<string, LeanCell>;
  /** Merged ranges ("A5:C5"), as the sheet lists them. */
  merges?: string[];
}

export interface LeanWorkbook {
  sheets: LeanSheet[];
  /** Workbook-scope names of a single cell or range: address without `$` ("D7", "D7:D9"). */
  definedNames: Map<string, { sheet: string; address: string }>;
}

export interface LeanLimits {
  /** The .xlsx file itself. */
  maxFileBytes: number;
  /** Entries in the zip. */
  maxEntries: number;
  /** One XML part, decompressed. */
  maxPartBytes: number;
  /** All parts read, decompressed. */
  maxTotalBytes: number;
  maxSheets: number;
  /** Cells with a value or formula, over all sheets read. */
  maxCells: number;
  maxSharedStrings: number;
}

export const DEFAULT_LEAN_LIMITS: LeanLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxEntries: 10_000,
  maxPartBytes: 100 * 1024 * 1024,
  maxTotalBytes: 300 * 1024 * 1024,
  maxSheets: 500,
  maxCells: 5_000_000,
  maxSharedStrings: 2_000_000,
};

export interface LeanReadOptions {
  limits?: Partial<LeanLimits>;
  /** Read only the sheets this accepts (others are left out of `sheets`); the defined names are known by then. */
  sheetFilter?: (name: string, definedNames: LeanWorkbook['definedNames']) => boolean;
  /** Name of the file, for messages. */
  file?: string;
  /** Bounds of the safe opening every reader goes through (openArchive). */
  open?: OpenLimits;
  /** Leave the merged ranges out: a reader by defined names needs none. */
  withoutMerges?: boolean;
}

export class LeanReaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeanReaderError';
  }
}

// ---------------------------------------------------------------- XML scanning

const NAMED: [string, string][] = [
  ['lt;', '<'],
  ['gt;', '>'],
  ['amp;', '&'],
  ['quot;', '"'],
  ['apos;', "'"],
];

/** Decodes the five XML entities and numeric references; anything else stays as written. */
export function decodeXml(s: string): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let from = 0;
  for (; amp >= 0; amp = s.indexOf('&', amp + 1)) {
    const decoded = entityAt(s, amp + 1);
    if (!decoded) continue;
    out += s.slice(from, amp) + decoded[0];
    from = amp + 1 + decoded[1];
    amp = from - 1;
  }
  return out + s.slice(from);
}

/** The entity after '&' at `at`: its text and how many characters it takes (past the ';'), or null. */
function entityAt(s: string, at: number): [string, number] | null {
  if (s.charCodeAt(at) !== 35 /* # */) {
    for (const [name, text] of NAMED) if (s.startsWith(name, at)) return [text, name.length];
    return null;
  }
  const hex = s.charCodeAt(at + 1) === 120 || s.charCodeAt(at + 1) === 88; /* x X */
  const start = at + (hex ? 2 : 1);
  let end = start;
  while (end < s.length && end - start <= (hex ? 8 : 9)) {
    const c = s.charCodeAt(end);
    const digit = (c >= 48 && c <= 57) || (hex && ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)));
    if (!digit) break;
    end++;
  }
  const digits = end - start;
  if (digits < 1 || digits > (hex ? 8 : 9) || s.charCodeAt(end) !== 59 /* ; */) return null;
  const cp = parseInt(s.slice(start, end), hex ? 16 : 10);
  const text = !(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(cp);
  return [text, end + 1 - at];
}

function isTagBoundary(c: number): boolean {
  // space, tab, LF, CR, '>', '/'
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 62 || c === 47;
}

/** Index of the '>' closing a start tag, skipping '>' inside quoted attribute values. */
function tagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let i = from; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
  }
  return -1;
}

class Part {
  constructor(
    readonly name: string,
    readonly xml: string,
    readonly file: string,
    /** The text is byte text (openArchive's isByteText): what is read out of it goes through `text`. */
    readonly bytes = false,
  ) {}
  /** A piece cut from the part's XML, as text. */
  text(piece: string): string {
    return this.bytes ? utf8Text(piece) : piece;
  }
  malformed(): LeanReaderError {
    return new LeanReaderError(
      `Tệp "${this.file}": phần "${this.name}" bị hỏng (thẻ XML không đóng), không đọc được. Mở tệp bằng Excel, lưu lại rồi gửi lại.`,
    );
  }
}

/** Calls `fn` for each `<name …>` element in [from, to): attributes text and inner text (null when self-closing). */
function eachElement(
  part: Part,
  name: string,
  fn: (attrs: string, inner: string | null) => void,
  from = 0,
  to = part.xml.length,
): void {
  const xml = part.xml;
  const open = `<${name}`;
  const close = `</${name}>`;
  let pos = from;
  for (;;) {
    const lt = xml.indexOf(open, pos);
    if (lt < 0 || lt >= to) return;
    const afterName = lt + open.length;
    if (!isTagBoundary(xml.charCodeAt(afterName))) {
      pos = afterName;
      continue;
    }
    const gt = tagEnd(xml, afterName);
    if (gt < 0) throw part.malformed();
    if (xml.charCodeAt(gt - 1) === 47) {
      fn(xml.slice(afterName, gt - 1), null);
      pos = gt + 1;
      continue;
    }
    const end = xml.indexOf(close, gt);
    if (end < 0) throw part.malformed();
    fn(xml.slice(afterName, gt), xml.slice(gt + 1, end));
    pos = end + close.length;
  }
}

/** Attributes of a start tag, values decoded. Sequential, so a value never passes for a name. */
function parseAttrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  const n = s.length;
  let i = 0;
  while (i < n) {
    while (i < n && s.charCodeAt(i) <= 32) i++;
    if (i >= n) break;
    const eq = s.indexOf('=', i);
    if (eq < 0) break;
    const name = s.slice(i, eq).trim();
    let j = eq + 1;
    while (j < n && s.charCodeAt(j) <= 32) j++;
    const q = s[j];
    if (q !== '"' && q !== "'") break;
    const close = s.indexOf(q, j + 1);
    if (close < 0) break;
    out[name] = decodeXml(s.slice(j + 1, close));
    i = close + 1;
  }
  return out;
}

/**
 * The one-letter attributes of a row or cell tag (r, s, t) read in place, without
 * building an object per cell: the hot loop of a sheet.
 */
interface CellAttrs {
  r?: string;
  s?: string;
  t?: string;
}

function cellAttrs(xml: string, from: number, to: number, out: CellAttrs): CellAttrs {
  const at = cellAttrSpans(xml, from, to, attrScratch);
  out.r = at.rFrom < 0 ? undefined : decodeXml(xml.slice(at.rFrom, at.rTo));
  out.s = at.sFrom < 0 ? undefined : decodeXml(xml.slice(at.sFrom, at.sTo));
  out.t = at.tFrom < 0 ? undefined : decodeXml(xml.slice(at.tFrom, at.tTo));
  return out;
}

/** Text of a string item (`<si>` or `<is>`): its `<t>` runs, phonetic runs left out. */
function runsText(part: Part, inner: string): string {
  // The common item, one run (<t>…</t>, <t xml:space="preserve">…</t>), read without a scan.
  if (inner.charCodeAt(0) === 60 && inner.charCodeAt(1) === 116 && isTagBoundary(inner.charCodeAt(2))) {
    const gt = tagEnd(inner, 2);
    if (gt > 0 && inner.charCodeAt(gt - 1) !== 47) {
      const end = inner.indexOf('</t>', gt);
      if (end >= 0 && end + 4 === inner.length) return decodeXml(part.text(inner.slice(gt + 1, end)));
    }
  }
  let body = inner;
  if (body.indexOf('<rPh') >= 0) {
    // Cut every <rPh>…</rPh> (phonetic guide) out before collecting the <t> runs.
    let kept = '';
    let last = 0;
    for (;;) {
      const start = body.indexOf('<rPh', last);
      if (start < 0) break;
      kept += body.slice(last, start);
      const gt = tagEnd(body, start + 4);
      if (gt < 0) throw part.malformed();
      if (body.charCodeAt(gt - 1) === 47) last = gt + 1;
      else {
        const end = body.indexOf('</rPh>', gt);
        if (end < 0) throw part.malformed();
        last = end + 6;
      }
    }
    body = kept + body.slice(last);
  }
  let text = '';
  eachElement(new Part(part.name, body, part.file, part.bytes), 't', (_a, t) => {
    if (t !== null) text += decodeXml(part.text(t));
  });
  return text;
}

// ---------------------------------------------------------------- zip access

class Budget {
  total = 0;
  cells = 0;
  constructor(
    readonly limits: LeanLimits,
    readonly file: string,
  ) {}
  tooBig(what: string): LeanReaderError {
    return new LeanReaderError(
      `Tệp "${this.file}" có ${what} quá lớn, vượt giới hạn an toàn: không đọc. Kiểm tra lại tệp (có thể bị hỏng hoặc được tạo để gây hại).`,
    );
  }
}

/** An XML part of the checked archive (inflated once by openArchive, which refused DOCTYPE and ENTITY). */
function readPart(archive: WorkbookArchive, path: string, budget: Budget): Part | null {
  const xml = archive.xml(path);
  if (xml === undefined) return null;
  if (xml.length > budget.limits.maxPartBytes) throw budget.tooBig(`phần "${path}"`);
  budget.total += xml.length;
  if (budget.total > budget.limits.maxTotalBytes) throw budget.tooBig('tổng dung lượng giải nén');
  return new Part(path, xml, budget.file, archive.isByteText(path));
}

function relationships(part: Part | null, base: string): Map<string, { type: string; target: string }> {
  const out = new Map<string, { type: string; target: string }>();
  if (!part) return out;
  eachElement(part, 'Relationship', (attrs) => {
    const a = parseAttrs(attrs);
    if (a.Id && a.Target && a.TargetMode !== 'External')
      out.set(a.Id, { type: a.Type ?? '', target: resolvePath(base, a.Target) });
  });
  return out;
}

// ---------------------------------------------------------------- workbook parts

const BUILTIN_FORMATS: Record<number, string> = {
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** Number format per cell style index (undefined for General). */
function styleFormats(part: Part | null): (string | undefined)[] {
  if (!part) return [];
  const custom = new Map<number, string>();
  eachElement(part, 'numFmt', (attrs) => {
    const a = parseAttrs(attrs);
    if (a.numFmtId !== undefined && a.formatCode !== undefined) custom.set(Number(a.numFmtId), a.formatCode);
  });
  const out: (string | undefined)[] = [];
  const start = part.xml.indexOf('<cellXfs');
  if (start < 0) return out;
  const end = part.xml.indexOf('</cellXfs>', start);
  eachElement(
    part,
    'xf',
    (attrs) => {
      const id = Number(parseAttrs(attrs).numFmtId ?? 0);
      const fmt = custom.get(id) ?? BUILTIN_FORMATS[id];
      out.push(fmt === 'General' ? undefined : fmt);
    },
    start,
    end < 0 ? part.xml.length : end,
  );
  return out;
}

/**
 * The shared strings, located in one pass and each decoded when a cell first asks for it: a unit's
 * workbook holds hundreds of labels no reader looks at. An item that could fail to decode (several
 * runs, phonetic guides) is decoded at once, so a broken one is refused as before.
 */
class SharedStrings {
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly texts: (string | undefined)[] = [];
  constructor(private readonly part: Part | null) {}
  get length(): number {
    return this.from.length;
  }
  /** The item at `index` (0 ≤ index < length). */
  at(index: number): string {
    const text = this.texts[index];
    if (text !== undefined) return text;
    const part = this.part!;
    const decoded = decodeXml(part.text(part.xml.slice(this.from[index], this.to[index])));
    this.texts[index] = decoded;
    return decoded;
  }
  static locate(part: Part | null, budget: Budget): SharedStrings {
    const out = new SharedStrings(part);
    if (!part) return out;
    const xml = part.xml;
    for (let pos = 0; ;) {
      const lt = xml.indexOf('<si', pos);
      if (lt < 0) break;
      const afterName = lt + 3;
      if (!isTagBoundary(xml.charCodeAt(afterName))) {
        pos = afterName;
        continue;
      }
      const gt = tagEnd(xml, afterName);
      if (gt < 0) throw part.malformed();
      if (out.from.length >= budget.limits.maxSharedStrings) throw budget.tooBig('bảng chuỗi dùng chung');
      if (xml.charCodeAt(gt - 1) === 47) {
        out.push(0, 0, '');
        pos = gt + 1;
        continue;
      }
      const end = xml.indexOf('</si>', gt);
      if (end < 0) throw part.malformed();
      const run = singleRun(xml, gt + 1, end);
      if (run) out.push(run[0], run[1], undefined);
      else out.push(0, 0, runsText(part, xml.slice(gt + 1, end)));
      pos = end + 5;
    }
    return out;
  }
  private push(from: number, to: number, text: string | undefined): void {
    this.from.push(from);
    this.to.push(to);
    this.texts.push(text);
  }
}

/** Index of the '>' closing a start tag, at or after `from` and before `to`, else -1 (tagEnd within bounds). */
function tagEndBefore(xml: string, from: number, to: number): number {
  const gt = tagEnd(xml, from);
  return gt < to ? gt : -1;
}

/**
 * Where the text of an item [from, to) that is one run (`<t>…</t>`, `<t xml:space="preserve">…</t>`)
 * lies, or null: the common item, read the same as runsText's own shortcut.
 */
function singleRun(xml: string, from: number, to: number): [number, number] | null {
  if (xml.charCodeAt(from) !== 60 || xml.charCodeAt(from + 1) !== 116 || !isTagBoundary(xml.charCodeAt(from + 2)))
    return null;
  if (from + 2 >= to) return null;
  const gt = tagEndBefore(xml, from + 2, to);
  if (gt <= 0 || xml.charCodeAt(gt - 1) === 47) return null;
  const end = xml.indexOf('</t>', gt);
  return end >= 0 && end + 4 === to ? [gt + 1, end] : null;
}

const DEFINED_REF =
  /^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?$/;

function parseDefinedNames(part: Part): Map<string, { sheet: string; address: string }> {
  const out = new Map<string, { sheet: string; address: string }>();
  eachElement(part, 'definedName', (attrs, inner) => {
    const a = parseAttrs(attrs);
    if (!a.name || inner === null) return;
    const m = DEFINED_REF.exec(decodeXml(inner).trim());
    if (!m) return;
    const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
    const first = `${m[3].toUpperCase()}${m[4]}`;
    const address = m[5] ? `${first}:${m[5].toUpperCase()}${m[6]}` : first;
    // A workbook-scope name wins over a sheet-scope one of the same name.
    if (a.localSheetId === undefined || !out.has(a.name)) out.set(a.name, { sheet, address });
  });
  return out;
}

type DefinedNames = LeanWorkbook['definedNames'];

/** A workbook's defined names and what readers derive from them, made once per text of names. */
interface NamesEntry {
  /** Never handed out: each workbook read gets its own copy. */
  names: DefinedNames;
  /** The names of one cell, as the template reader asks for them. */
  cellNames: ReadonlyMap<string, CellRef>;
  /** Sheets some name points at. */
  namedSheets: ReadonlySet<string>;
}

function namesEntry(names: DefinedNames): NamesEntry {
  const cellNames = new Map<string, CellRef>();
  for (const [name, at] of names) if (!at.address.includes(':')) cellNames.set(name, at);
  return { names, cellNames, namedSheets: new Set([...names.values()].map((d) => d.sheet)) };
}

let lastNames: { xml: string; entry: NamesEntry } | null = null;

/**
 * The defined names, parsed once for a run of workbooks whose names are written alike: the files units
 * make from one template carry the same few hundred names.
 */
function definedNamesOf(workbook: Part): NamesEntry {
  const xml = workbook.xml;
  // Every <definedName> element lies between the first "<definedName" and the last "</definedName>" (none
  // opens after it): the names are those of this text alone.
  const start = xml.indexOf('<definedName');
  const end = xml.lastIndexOf('</definedName>');
  const whole = start >= 0 && end > start && xml.lastIndexOf('<definedName') < end;
  const section = whole ? xml.slice(start, end) : null;
  if (section !== null && lastNames?.xml === section) return lastNames.entry;
  const entry = namesEntry(parseDefinedNames(workbook));
  // The section is copied: a piece cut from the part would keep the whole part alive.
  lastNames = section === null ? null : { xml: detached(section), entry };
  return entry;
}

/** Column number of a cell reference "AB12" (1–3 capital letters, then 1–7 digits not starting with 0), else 0. */
function columnOfRef(ref: string): number {
  let i = 0;
  let col = 0;
  for (; i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (i === 0 || i > 3) return 0;
  const digits = ref.length - i;
  if (digits < 1 || digits > 7 || ref.charCodeAt(i) === 48) return 0;
  for (let j = i; j < ref.length; j++) {
    const c = ref.charCodeAt(j);
    if (c < 48 || c > 57) return 0;
  }
  return col;
}

/** The cells of one worksheet: scans <row> and <c> inside <sheetData>, skipping each cell's body at once. */
function scanSheet(
  sheet: string,
  part: Part,
  strings: SharedStrings,
  formats: (string | undefined)[],
  budget: Budget,
): Map<string, LeanCell> {
  const cells = new Map<string, LeanCell>();
  const xml = part.xml;
  const start = xml.indexOf('<sheetData');
  if (start < 0) return cells;
  const startEnd = tagEnd(xml, start);
  if (startEnd < 0) throw part.malformed();
  if (xml.charCodeAt(startEnd - 1) === 47) return cells;
  const end = xml.indexOf('</sheetData>', startEnd);
  if (end < 0) throw part.malformed();
  let pos = startEnd + 1;
  let row = 0;
  let col = 0;
  const scratch: CellAttrs = {};
  while (pos < end) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0 || lt >= end) break;
    const c1 = xml.charCodeAt(lt + 1);
    if (c1 === 114 /* r */ && xml.startsWith('row', lt + 1) && isTagBoundary(xml.charCodeAt(lt + 4))) {
      const gt = tagEnd(xml, lt + 4);
      if (gt < 0) throw part.malformed();
      const r = cellAttrs(xml, lt + 4, gt, scratch).r;
      row = r !== undefined && /^\d{1,7}$/.test(r) ? Number(r) : row + 1;
      col = 0;
      pos = gt + 1;
      continue;
    }
    if (c1 === 99 /* c */ && isTagBoundary(xml.charCodeAt(lt + 2))) {
      const gt = tagEnd(xml, lt + 2);
      if (gt < 0) throw part.malformed();
      const selfClosing = xml.charCodeAt(gt - 1) === 47;
      const attrs = cellAttrs(xml, lt + 2, selfClosing ? gt - 1 : gt, scratch);
      let inner = '';
      if (selfClosing) pos = gt + 1;
      else {
        const close = xml.indexOf('</c>', gt);
        if (close < 0 || close > end) throw part.malformed();
        inner = xml.slice(gt + 1, close);
        pos = close + 4;
      }
      const refCol = attrs.r ? columnOfRef(attrs.r) : 0;
      let address: string;
      if (refCol) {
        col = refCol;
        address = attrs.r!;
      } else {
        col++;
        address = `${colName(col)}${row}`;
      }
      const cell = readCell(sheet, part, attrs, inner, strings, formats);
      if (!cell) continue;
      if (++budget.cells > budget.limits.maxCells) throw budget.tooBig('số ô');
      cells.set(address, cell);
      continue;
    }
    pos = lt + 1;
  }
  return cells;
}

/** Where the values of a cell tag's `r`, `s` and `t` attributes lie (-1 when absent): read in place. */
interface AttrSpans {
  rFrom: number;
  rTo: number;
  sFrom: number;
  sTo: number;
  tFrom: number;
  tTo: number;
}

const attrScratch: AttrSpans = { rFrom: -1, rTo: -1, sFrom: -1, sTo: -1, tFrom: -1, tTo: -1 };

function cellAttrSpans(xml: string, from: number, to: number, out: AttrSpans): AttrSpans {
  out.rFrom = out.rTo = out.sFrom = out.sTo = out.tFrom = out.tTo = -1;
  let i = from;
  while (i < to) {
    while (i < to && xml.charCodeAt(i) <= 32) i++;
    if (i >= to) break;
    const eq = xml.indexOf('=', i);
    if (eq < 0 || eq >= to) break;
    let nameEnd = eq;
    while (nameEnd > i && xml.charCodeAt(nameEnd - 1) <= 32) nameEnd--;
    let j = eq + 1;
    while (j < to && xml.charCodeAt(j) <= 32) j++;
    const q = xml.charCodeAt(j);
    if (q !== 34 && q !== 39) break;
    const close = xml.indexOf(q === 34 ? '"' : "'", j + 1);
    if (close < 0 || close >= to) break;
    if (nameEnd - i === 1) {
      const c = xml.charCodeAt(i);
      if (c === 114 /* r */) {
        out.rFrom = j + 1;
        out.rTo = close;
      } else if (c === 115 /* s */) {
        out.sFrom = j + 1;
        out.sTo = close;
      } else if (c === 116 /* t */) {
        out.tFrom = j + 1;
        out.tTo = close;
      }
    }
    i = close + 1;
  }
  return out;
}

/**
 * The '>' ending a start tag whose attributes are written plainly (` name="value"` each, then `>` or
 * `/>`), with the `r` and `t` values' places in `out`; -1 for any other tag (read by tagEnd and
 * cellAttrSpans). For such a tag both give the same '>' and the same values: one pass instead of two.
 */
function plainTag(xml: string, from: number, out: AttrSpans): number {
  out.rFrom = out.rTo = out.sFrom = out.sTo = out.tFrom = out.tTo = -1;
  let i = from;
  for (;;) {
    const c = xml.charCodeAt(i);
    if (c === 62 /* > */) return i;
    if (c === 47 /* / */) return xml.charCodeAt(i + 1) === 62 ? i + 1 : -1;
    if (c !== 32) return -1;
    const name = ++i;
    for (;;) {
      const n = xml.charCodeAt(i);
      // Not a name's character: white space, quotes, '<', '>', '/', '=' (and past the end).
      if (!(n > 32) || n === 34 || n === 39 || n === 60 || n === 62 || n === 47 || n === 61) break;
      i++;
    }
    if (i === name || xml.charCodeAt(i) !== 61 || xml.charCodeAt(i + 1) !== 34) return -1;
    const close = xml.indexOf('"', i + 2);
    if (close < 0) return -1;
    if (i - name === 1) {
      const n = xml.charCodeAt(name);
      if (n === 114 /* r */) {
        out.rFrom = i + 2;
        out.rTo = close;
      } else if (n === 116 /* t */) {
        out.tFrom = i + 2;
        out.tTo = close;
      }
    }
    i = close + 1;
  }
}

/** Whether xml[from, to) is 1–7 digits, as a row's number is read. */
function isRowNumber(xml: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 7) return false;
  for (let i = from; i < to; i++) {
    const c = xml.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function digitsAt(xml: string, spans: AttrSpans): number {
  let n = 0;
  for (let i = spans.rFrom; i < spans.rTo; i++) n = n * 10 + (xml.charCodeAt(i) - 48);
  return n;
}

/**
 * Places of cells as small integers, row × PLACE_COLUMNS + column − 1, for rows below PLACE_ROWS and
 * columns up to PLACE_COLUMNS (any sheet Excel writes within the bound on rows); others go by address.
 */
const PLACE_COLUMNS = 16_384;
const PLACE_ROWS = 131_072;

function placeAt(row: number, col: number): number {
  return col >= 1 && col <= PLACE_COLUMNS && row < PLACE_ROWS ? row * PLACE_COLUMNS + col - 1 : -1;
}

/**
 * The place of the cell reference in xml[from, to) when it is one as columnOfRef takes it (1–3 capital
 * letters, then 1–7 digits not starting with 0) and numbered, -1 when it is not one, -2 when numbered
 * places cannot hold it.
 */
function refPlaceAt(xml: string, from: number, to: number): number {
  let i = from;
  let col = 0;
  for (; i < to && i - from < 4; i++) {
    const c = xml.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (i === from || i - from > 3) return -1;
  const digits = to - i;
  if (digits < 1 || digits > 7 || xml.charCodeAt(i) === 48) return -1;
  let row = 0;
  for (let j = i; j < to; j++) {
    const c = xml.charCodeAt(j);
    if (c < 48 || c > 57) return -1;
    row = row * 10 + (c - 48);
  }
  const place = placeAt(row, col);
  return place < 0 ? -2 : place;
}

/** The numbered place of an address as scanSheet writes them (letters, then String(row)), else -1. */
function placeOf(address: string): number {
  let i = 0;
  let col = 0;
  for (; i < address.length && i < 4; i++) {
    const c = address.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  const digits = address.length - i;
  if (i === 0 || i > 3 || digits < 1 || digits > 7) return -1;
  if (address.charCodeAt(i) === 48 && digits > 1) return -1;
  let row = 0;
  for (let j = i; j < address.length; j++) {
    const c = address.charCodeAt(j);
    if (c < 48 || c > 57) return -1;
    row = row * 10 + (c - 48);
  }
  return placeAt(row, col);
}

/** Raised while locating cells that could pass the bound on cells: the sheets are then read whole. */
const COULD_PASS_CELL_BOUND = Symbol('could pass the bound on cells');

/**
 * One worksheet's cells located in a single pass and each read when asked: the template reader asks
 * for a few hundred of a unit's 1,400 cells. It answers exactly what scanSheet's map would: the same
 * place for every cell (with or without its `r`), the last cell of a place that holds something, and
 * the same refusals (tags not closed, shared-string indexes past the table, broken inline strings).
 */
class LocatedSheet {
  /** Offset of each cell's `<c`, by place; several when a place is written more than once. */
  private readonly offsets = new Map<number, number | number[]>();
  /** Places no number here holds (see placeAt), by address. */
  private readonly oddOffsets = new Map<string, number | number[]>();
  private readonly scratch: CellAttrs = {};

  private constructor(
    private readonly sheet: string,
    private readonly part: Part | null,
    private readonly strings: SharedStrings,
    private readonly formats: (string | undefined)[],
  ) {}

  /** The cell at `address` ("D7"), as scanSheet's map would hold it. */
  get(address: string): LeanCell | undefined {
    const place = placeOf(address);
    const at = place >= 0 ? this.offsets.get(place) : this.oddOffsets.get(address);
    if (at === undefined) return undefined;
    if (typeof at === 'number') return this.cellAt(at) ?? undefined;
    for (let i = at.length - 1; i >= 0; i--) {
      const cell = this.cellAt(at[i]);
      if (cell) return cell;
    }
    return undefined;
  }

  private cellAt(lt: number): LeanCell | null {
    const part = this.part!;
    const xml = part.xml;
    const gt = tagEnd(xml, lt + 2);
    const selfClosing = xml.charCodeAt(gt - 1) === 47;
    const attrs = cellAttrs(xml, lt + 2, selfClosing ? gt - 1 : gt, this.scratch);
    const inner = selfClosing ? '' : xml.slice(gt + 1, xml.indexOf('</c>', gt));
    return readCell(this.sheet, part, attrs, inner, this.strings, this.formats);
  }

  private add(place: number, address: string | null, lt: number): void {
    if (address !== null) {
      const had = this.oddOffsets.get(address);
      this.oddOffsets.set(address, had === undefined ? lt : typeof had === 'number' ? [had, lt] : [...had, lt]);
      return;
    }
    const had = this.offsets.get(place);
    this.offsets.set(place, had === undefined ? lt : typeof had === 'number' ? [had, lt] : [...had, lt]);
  }

  /** Locates the cells of `part`; throws COULD_PASS_CELL_BOUND once they could pass the bound on cells. */
  static locate(
    sheet: string,
    part: Part | null,
    strings: SharedStrings,
    formats: (string | undefined)[],
    budget: Budget,
  ): LocatedSheet {
    const out = new LocatedSheet(sheet, part, strings, formats);
    if (!part) return out;
    const xml = part.xml;
    const start = xml.indexOf('<sheetData');
    if (start < 0) return out;
    const startEnd = tagEnd(xml, start);
    if (startEnd < 0) throw part.malformed();
    if (xml.charCodeAt(startEnd - 1) === 47) return out;
    const end = xml.indexOf('</sheetData>', startEnd);
    if (end < 0) throw part.malformed();
    let pos = startEnd + 1;
    let row = 0;
    let col = 0;
    const rowAttrs: CellAttrs = {};
    const spans: AttrSpans = { rFrom: -1, rTo: -1, sFrom: -1, sTo: -1, tFrom: -1, tTo: -1 };
    while (pos < end) {
      const lt = xml.indexOf('<', pos);
      if (lt < 0 || lt >= end) break;
      const c1 = xml.charCodeAt(lt + 1);
      if (c1 === 114 /* r */ && xml.startsWith('row', lt + 1) && isTagBoundary(xml.charCodeAt(lt + 4))) {
        let gt = plainTag(xml, lt + 4, spans);
        if (gt >= 0 && spans.rFrom >= 0 && isRowNumber(xml, spans.rFrom, spans.rTo)) row = digitsAt(xml, spans);
        else if (gt >= 0 && spans.rFrom < 0) row++;
        else {
          gt = tagEnd(xml, lt + 4);
          if (gt < 0) throw part.malformed();
          const r = cellAttrs(xml, lt + 4, gt, rowAttrs).r;
          row = r !== undefined && /^\d{1,7}$/.test(r) ? Number(r) : row + 1;
        }
        col = 0;
        pos = gt + 1;
        continue;
      }
      if (c1 === 99 /* c */ && isTagBoundary(xml.charCodeAt(lt + 2))) {
        let gt = plainTag(xml, lt + 2, spans);
        if (gt < 0) {
          gt = tagEnd(xml, lt + 2);
          if (gt < 0) throw part.malformed();
          cellAttrSpans(xml, lt + 2, xml.charCodeAt(gt - 1) === 47 ? gt - 1 : gt, spans);
        }
        const selfClosing = xml.charCodeAt(gt - 1) === 47;
        let bodyEnd = gt + 1;
        if (selfClosing) pos = gt + 1;
        else {
          const close = xml.indexOf('</c>', gt);
          if (close < 0 || close > end) throw part.malformed();
          bodyEnd = close;
          pos = close + 4;
        }
        // The place, as scanSheet gives it: the cell's own reference when it is one, else the next column.
        let place = -1;
        let address: string | null = null;
        // A reference of letters and digits only reads the same decoded: it is read in place.
        if (spans.rFrom >= 0) place = refPlaceAt(xml, spans.rFrom, spans.rTo);
        if (place >= 0) col = (place % PLACE_COLUMNS) + 1;
        else {
          const ref = spanText(xml, spans.rFrom, spans.rTo);
          const refCol = ref ? columnOfRef(ref) : 0;
          col = refCol || col + 1;
          address = refCol ? ref! : `${colName(col)}${row}`;
          place = placeOf(address);
          if (place >= 0) address = null;
        }
        out.add(place, address, lt);
        // What reading the cell could refuse is checked now, as scanSheet does for every cell.
        const t = spans.tFrom < 0 ? 'n' : spanText(xml, spans.tFrom, spans.tTo);
        if (t === 's') checkStringIndex(sheet, part, xml, gt + 1, bodyEnd, selfClosing, strings);
        else if (t === 'inlineStr') out.cellAt(lt);
        if (++budget.cells > budget.limits.maxCells) throw COULD_PASS_CELL_BOUND;
        continue;
      }
      pos = lt + 1;
    }
    return out;
  }
}

/** An attribute's value as cellAttrs decodes it; the common one-letter value without a copy of the text. */
function spanText(xml: string, from: number, to: number): string | undefined {
  if (from < 0) return undefined;
  if (to - from === 1) {
    const c = xml.charCodeAt(from);
    if (c === 115) return 's';
    if (c === 110) return 'n';
  }
  return decodeXml(xml.slice(from, to));
}

/** readCell's refusal of a shared-string cell whose index is past the table, without reading the cell. */
function checkStringIndex(
  sheet: string,
  part: Part,
  xml: string,
  from: number,
  to: number,
  selfClosing: boolean,
  strings: SharedStrings,
): void {
  if (selfClosing || from >= to) return;
  // The common body, "<v>digits</v>", read in place; anything else as readCell reads it.
  let idx: number;
  if (xml.charCodeAt(from) === 60 && xml.charCodeAt(from + 1) === 118 && xml.charCodeAt(from + 2) === 62) {
    let i = from + 3;
    let n = 0;
    while (i < to && i - from < 12) {
      const c = xml.charCodeAt(i);
      if (c < 48 || c > 57) break;
      n = n * 10 + (c - 48);
      i++;
    }
    if (i > from + 3 && xml.startsWith('</v>', i) && i + 4 <= to) idx = n;
    else idx = stringIndexOf(part, xml.slice(from, to));
  } else idx = stringIndexOf(part, xml.slice(from, to));
  if (Number.isInteger(idx) && idx >= strings.length)
    throw new WorkbookRejected(stringIndexReason(sheet, idx, strings.length), part.file);
}

/** The index readCell takes from a shared-string cell's body. */
function stringIndexOf(part: Part, inner: string): number {
  const raw = childText(inner, 'v');
  return raw === undefined ? NaN : Number(part.text(raw));
}

/** Text of the first child element `name` of a cell's body, undefined when absent. */
function childText(inner: string, name: 'v'): string | undefined {
  const open = inner.indexOf(`<${name}`);
  if (open < 0 || !isTagBoundary(inner.charCodeAt(open + name.length + 1))) return undefined;
  const gt = tagEnd(inner, open + name.length + 1);
  if (gt < 0) return undefined;
  if (inner.charCodeAt(gt - 1) === 47) return '';
  const close = inner.indexOf(`</${name}>`, gt);
  return close < 0 ? undefined : inner.slice(gt + 1, close);
}

function hasFormula(inner: string): boolean {
  const i = inner.indexOf('<f');
  return i >= 0 && isTagBoundary(inner.charCodeAt(i + 2));
}

function readCell(
  sheet: string,
  part: Part,
  attrs: CellAttrs,
  inner: string,
  strings: SharedStrings,
  formats: (string | undefined)[],
): LeanCell | null {
  const f = inner !== '' && hasFormula(inner);
  const t = attrs.t ?? 'n';
  let cell: LeanCell;
  if (t === 'inlineStr') {
    const isStart = inner.indexOf('<is');
    cell = { t: 'inlineStr', v: isStart < 0 ? '' : runsText(part, inner.slice(isStart)) };
  } else {
    const v = inner === '' ? undefined : childText(inner, 'v');
    const raw = v === undefined ? undefined : part.text(v);
    switch (t) {
      case 's': {
        const idx = raw === undefined ? NaN : Number(raw);
        // A table shorter than its cells' indexes has lost items: every later text would be another's.
        if (Number.isInteger(idx) && idx >= strings.length)
          throw new WorkbookRejected(stringIndexReason(sheet, idx, strings.length), part.file);
        cell = { t: 's', v: Number.isInteger(idx) && idx >= 0 ? strings.at(idx) : null };
        break;
      }
      case 'str':
      case 'd':
        cell = { t: 'str', v: raw === undefined ? null : decodeXml(raw) };
        break;
      case 'b':
        cell = { t: 'b', v: raw === undefined ? null : raw.trim() === '1' || raw.trim() === 'true' ? 1 : 0 };
        break;
      case 'e':
        cell = { t: 'e', v: raw === undefined ? null : decodeXml(raw) };
        break;
      default: {
        const trimmed = raw?.trim();
        const n = trimmed ? Number(trimmed) : NaN;
        // A number cell whose value is not a number ("NaN", "1e999") is kept as written: never a silent blank.
        cell = { t: 'n', v: Number.isFinite(n) ? n : trimmed ? decodeXml(trimmed) : null };
      }
    }
  }
  if (cell.v === null && !f) return null;
  if (f) cell.f = true;
  if (attrs.s !== undefined) {
    const fmt = formats[Number(part.text(attrs.s))];
    if (fmt) cell.numFmt = fmt;
  }
  return cell;
}

/** The sheet's merged ranges (<mergeCell ref="A5:C5"/>): a hand-made form's headers are merged. */
function mergedRanges(part: Part): string[] {
  const out: string[] = [];
  const start = part.xml.indexOf('<mergeCells');
  if (start < 0) return out;
  eachElement(
    part,
    'mergeCell',
    (attrs) => {
      const ref = parseAttrs(attrs).ref;
      if (ref) out.push(part.text(ref));
    },
    start,
  );
  return out;
}

/** A workbook opened for reading: its sheets known, shared strings located, nothing of the sheets read yet. */
interface OpenedWorkbook {
  zip: WorkbookArchive;
  budget: Budget;
  sheetRefs: { name: string; path: string }[];
  names: NamesEntry;
  strings: SharedStrings;
  formats: (string | undefined)[];
}

async function openWorkbook(data: Buffer | Uint8Array, options: LeanReadOptions): Promise<OpenedWorkbook> {
  const limits = { ...DEFAULT_LEAN_LIMITS, ...options.limits };
  const budget = new Budget(limits, options.file ?? 'tệp Excel');
  if (data.length > limits.maxFileBytes) throw budget.tooBig('kích thước');
  // The safe opening first (sizes, bombs, CRC, DOCTYPE, whole sheets and shared strings); it throws WorkbookRejected.
  const zip = await openArchive(data, budget.file, {
    maxEntries: limits.maxEntries,
    readerChecksStringIndexes: true,
    ...options.open,
  });

  const rootRels = relationships(readPart(zip, '_rels/.rels', budget), '');
  const officeDoc = [...rootRels.values()].find((r) => r.type.endsWith('/officeDocument'));
  const workbookPath = officeDoc?.target ?? 'xl/workbook.xml';
  const workbook = readPart(zip, workbookPath, budget);
  if (!workbook) throw new LeanReaderError(`Tệp "${budget.file}" không có phần workbook: không phải tệp Excel .xlsx.`);
  const base = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
  const relsPath = `${base}_rels/${workbookPath.slice(base.length)}.rels`;
  const rels = relationships(readPart(zip, relsPath, budget), base);
  const relOfType = (suffix: string) => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target;

  const sheetRefs: { name: string; path: string }[] = [];
  eachElement(workbook, 'sheet', (attrs) => {
    const a = parseAttrs(attrs);
    const rid = Object.keys(a).find((k) => k === 'id' || k.endsWith(':id'));
    const target = rid ? rels.get(a[rid])?.target : undefined;
    if (a.name && target) sheetRefs.push({ name: a.name, path: target });
  });
  if (sheetRefs.length > limits.maxSheets) throw budget.tooBig('số trang tính');
  const names = definedNamesOf(workbook);
  const strings = SharedStrings.locate(
    readPart(zip, relOfType('/sharedStrings') ?? `${base}sharedStrings.xml`, budget),
    budget,
  );
  const formats = styleFormats(readPart(zip, relOfType('/styles') ?? `${base}styles.xml`, budget));
  return { zip, budget, sheetRefs, names, strings, formats };
}

/** Reads what consolidation needs from an .xlsx: sheet names, defined names, cell values. */
export async function readLeanWorkbook(
  data: Buffer | Uint8Array,
  options: LeanReadOptions = {},
): Promise<LeanWorkbook> {
  const { zip, budget, sheetRefs, names, strings, formats } = await openWorkbook(data, options);
  const definedNames = new Map(names.names);
  const wanted = sheetRefs.filter((s) => !options.sheetFilter || options.sheetFilter(s.name, definedNames));
  const sheets: LeanSheet[] = [];
  for (const ref of wanted) {
    const part = readPart(zip, ref.path, budget);
    sheets.push({
      name: ref.name,
      cells: part ? scanSheet(ref.name, part, strings, formats, budget) : new Map(),
      merges: part && !options.withoutMerges ? mergedRanges(part) : [],
    });
  }
  return { sheets, definedNames };
}

// ---------------------------------------------------------------- to a unit's submission

/** Reverse of nameForKey: `cchc_1_1_2` → `1.1.2`, `cchc_BM3_4_2_1` → `BM3/4.2.1`, `cchc_3_3_a` → `3.3.a`; null for other names. */
export function keyForName(name: string): string | null {
  const m = /^cchc_(?:(BM\d+)_)?(\d+(?:_\d+)*(?:_[a-z])?)$/.exec(name);
  if (!m) return null;
  const code = m[2].replace(/_/g, '.');
  return m[1] ? `${m[1]}/${code}` : code;
}

/** The lean workbook as a cell source for the one template reader (defined names of one cell only). */
export function leanSource(wb: LeanWorkbook): CellSource {
  const names = new Map<string, CellRef>();
  for (const [name, at] of wb.definedNames) if (!at.address.includes(':')) names.set(name, at);
  return cellSource(new Map(wb.sheets.map((s) => [s.name, s.cells])), names);
}

/**
 * A copy of text cut from a part's XML. The engine keeps a long piece cut from a string as a view of the
 * whole (a unit's name would hold its 50 KB shared-strings part): what a submission keeps is copied.
 */
function detached(text: string): string;
function detached(text: string | null): string | null;
function detached(text: string | null): string | null {
  return text === null || text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/**
 * One CellRef per place, shared by every unit read: units made from the template have their figures at
 * the same cells, and thousands of them are held at once while consolidating. Bounded: cleared when full.
 */
const cellRefs = new Map<string, Map<string, CellRef>>();
const MAX_SHARED_REFS = 50_000;
let sharedRefs = 0;

function sharedCellRef(at: CellRef): CellRef {
  // By sheet, then address: no key is made per figure.
  let ofSheet = cellRefs.get(at.sheet);
  if (!ofSheet) cellRefs.set(at.sheet, (ofSheet = new Map()));
  let ref = ofSheet.get(at.address);
  if (!ref) {
    if (sharedRefs >= MAX_SHARED_REFS) {
      cellRefs.clear();
      cellRefs.set(at.sheet, (ofSheet = new Map()));
      sharedRefs = 0;
    }
    ref = Object.freeze({ sheet: at.sheet, address: at.address });
    ofSheet.set(at.address, ref);
    sharedRefs++;
  }
  return ref;
}

let lastCells: Readonly<Record<string, CellRef>> | null = null;
let lastCellCount = 0;

/** The figures' places, one object for every unit whose figures sit where the previous unit's did. */
function sharedCells(cells: Record<string, CellRef>): Record<string, CellRef> {
  const last = lastCells;
  const keys = Object.keys(cells);
  if (last && keys.length === lastCellCount && keys.every((k) => last[k] === cells[k])) return last;
  lastCellCount = keys.length;
  return (lastCells = Object.freeze(cells));
}

function placesOf(keys: readonly string[], places: Readonly<Record<string, CellRef>>): Record<string, CellRef> {
  const out: Record<string, CellRef> = {};
  for (const key of keys) out[key] = sharedCellRef(places[key]);
  return out;
}

/** A submission copied from another thread: its places shared again, as those of a unit read here. */
export function withSharedCells(sub: UnitSubmission): UnitSubmission {
  const cells = sub.figures.cells;
  if (!cells) return sub;
  const shared: Record<string, CellRef> = {};
  for (const [key, at] of Object.entries(cells)) shared[key] = sharedCellRef(at);
  return { ...sub, figures: { ...sub.figures, cells: sharedCells(shared) } };
}

/**
 * A unit's submission from a workbook made with the template, read by the one template reader:
 * figures by the `cchc_*` defined names, unit, level and period from the details sheet.
 */
export function submissionFromLean(catalog: Catalog, wb: LeanWorkbook, file: string): UnitSubmission {
  return submissionFromSource(catalog, leanSource(wb), file);
}

function submissionFromSource(catalog: Catalog, src: CellSource, file: string): UnitSubmission {
  const read = readTemplateSource(src, catalog, file);
  const provenance: UnitSubmission['provenance'] = {};
  const places = read.figures.cells ?? {};
  const keys = Object.keys(places);
  // The previous unit's places, while each figure sits where it did: no record is made for this unit.
  const last = lastCells;
  let cells: Record<string, CellRef> | null = null;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const ref = sharedCellRef(places[key]);
    if (!cells && last?.[key] !== ref) {
      cells = {};
      for (let j = 0; j < i; j++) cells[keys[j]] = last![keys[j]];
    }
    if (cells) cells[key] = ref;
    // A figure typed as read is traced by its cell and value alone (consolidate and the data sheet fall
    // back to them): thousands of units are held at once, and most of their figures are typed as read.
    const typed = read.typed[key] ?? null;
    if (typed !== (read.figures.values[key] ?? null))
      provenance[key] = {
        sheet: ref.sheet,
        cell: ref.address,
        typed: typeof typed === 'string' ? detached(typed) : typed,
      };
  }
  const unit = detached(read.unit) || file.replace(/^.*[\\/]/, '').replace(/\.xlsx$/i, '');
  const figures: FigureSet = {
    values: read.figures.values,
    cells: !cells && last && keys.length === lastCellCount ? last : sharedCells(cells ?? placesOf(keys, places)),
    decimals: read.figures.decimals,
  };
  return {
    unit,
    file,
    figures,
    period: read.period ?? undefined,
    level: read.details.level ?? undefined,
    provenance,
    notes: read.notes.filter((n) => n.kind === 'unreadable').map((n) => ({ ...n, message: detached(n.message) })),
  };
}

/** The cells of a lean workbook's sheets, each sheet's by address. */
type SheetCells = ReadonlyMap<string, { get(address: string): LeanCell | undefined }>;

/** A cell source over sheets' cells and the names of one cell. */
function cellSource(sheets: SheetCells, names: ReadonlyMap<string, CellRef>): CellSource {
  return {
    names,
    hasSheet: (sheet) => sheets.has(sheet),
    cell(sheet, address) {
      const ws = sheets.get(sheet);
      if (!ws) return null;
      const c = ws.get(address);
      if (!c) return { value: null };
      return { value: c.t === 'e' ? { error: String(c.v) } : c.v, numFmt: c.numFmt, isFormula: !!c.f };
    },
  };
}

/**
 * The named sheets of a workbook as a cell source, each cell read when the template reader asks for it.
 * Refuses what readLeanWorkbook would refuse reading them; sheets that could pass the bound on cells
 * are read whole, as readLeanWorkbook reads them.
 */
async function namedSheetsSource(data: Buffer | Uint8Array, options: LeanReadOptions): Promise<CellSource> {
  // A few hundred cells of each part are read: byte text spares decoding the rest.
  const { zip, budget, sheetRefs, names, strings, formats } = await openWorkbook(data, {
    ...options,
    open: { byteText: true, ...options.open },
  });
  const sheets = new Map<string, { get(address: string): LeanCell | undefined }>();
  const read: { name: string; part: Part | null }[] = [];
  let located = true;
  for (const ref of sheetRefs) {
    if (!names.namedSheets.has(ref.name)) continue;
    const part = readPart(zip, ref.path, budget);
    read.push({ name: ref.name, part });
    if (located) {
      try {
        sheets.set(ref.name, LocatedSheet.locate(ref.name, part, strings, formats, budget));
        continue;
      } catch (e) {
        if (e !== COULD_PASS_CELL_BOUND) throw e;
        // Read whole from the first sheet on, with the bound counted as readLeanWorkbook counts it.
        located = false;
        budget.cells = 0;
        sheets.clear();
        for (const r of read.slice(0, -1))
          sheets.set(r.name, r.part ? scanSheet(r.name, r.part, strings, formats, budget) : new Map());
      }
    }
    sheets.set(ref.name, part ? scanSheet(ref.name, part, strings, formats, budget) : new Map());
  }
  return cellSource(sheets, names.cellNames);
}

/** Reads one colleague's workbook into a submission, reading only the sheets its defined names point to. */
export async function readUnitSubmission(
  catalog: Catalog,
  data: Buffer | Uint8Array,
  file: string,
  limits?: Partial<LeanLimits>,
): Promise<UnitSubmission> {
  return submissionFromSource(catalog, await namedSheetsSource(data, { file, limits }), file);
}
