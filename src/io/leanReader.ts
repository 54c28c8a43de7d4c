import { colName } from '../office/a1';
import {
  openArchive,
  resolvePath,
  stringIndexReason,
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
  ) {}
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
  out.r = out.s = out.t = undefined;
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
      if (c === 114 /* r */ || c === 115 /* s */ || c === 116 /* t */) {
        const value = decodeXml(xml.slice(j + 1, close));
        if (c === 114) out.r = value;
        else if (c === 115) out.s = value;
        else out.t = value;
      }
    }
    i = close + 1;
  }
  return out;
}

/** Text of a string item (`<si>` or `<is>`): its `<t>` runs, phonetic runs left out. */
function runsText(part: Part, inner: string): string {
  // The common item, one run (<t>…</t>, <t xml:space="preserve">…</t>), read without a scan.
  if (inner.charCodeAt(0) === 60 && inner.charCodeAt(1) === 116 && isTagBoundary(inner.charCodeAt(2))) {
    const gt = tagEnd(inner, 2);
    if (gt > 0 && inner.charCodeAt(gt - 1) !== 47) {
      const end = inner.indexOf('</t>', gt);
      if (end >= 0 && end + 4 === inner.length) return decodeXml(inner.slice(gt + 1, end));
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
  eachElement(new Part(part.name, body, part.file), 't', (_a, t) => {
    if (t !== null) text += decodeXml(t);
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
  return new Part(path, xml, budget.file);
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

function sharedStrings(part: Part | null, budget: Budget): string[] {
  const out: string[] = [];
  if (!part) return out;
  eachElement(part, 'si', (_attrs, inner) => {
    if (out.length >= budget.limits.maxSharedStrings) throw budget.tooBig('bảng chuỗi dùng chung');
    out.push(inner === null ? '' : runsText(part, inner));
  });
  return out;
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

let lastNames: { xml: string; names: Map<string, { sheet: string; address: string }> } | null = null;

/**
 * The defined names, parsed once for a run of workbooks whose names are written alike: the files units
 * make from one template carry the same few hundred names.
 */
function definedNamesOf(workbook: Part): Map<string, { sheet: string; address: string }> {
  const xml = workbook.xml;
  // Every <definedName> element lies between the first "<definedName" and the last "</definedName>" (none
  // opens after it): the names are those of this text alone.
  const start = xml.indexOf('<definedName');
  const end = xml.lastIndexOf('</definedName>');
  const whole = start >= 0 && end > start && xml.lastIndexOf('<definedName') < end;
  const section = whole ? xml.slice(start, end) : null;
  if (section !== null && lastNames?.xml === section) return new Map(lastNames.names);
  const names = parseDefinedNames(workbook);
  // The section is copied: a piece cut from the part would keep the whole part alive.
  lastNames = section === null ? null : { xml: detached(section), names: new Map(names) };
  return names;
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
  strings: string[],
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
  strings: string[],
  formats: (string | undefined)[],
): LeanCell | null {
  const f = inner !== '' && hasFormula(inner);
  const t = attrs.t ?? 'n';
  let cell: LeanCell;
  if (t === 'inlineStr') {
    const isStart = inner.indexOf('<is');
    cell = { t: 'inlineStr', v: isStart < 0 ? '' : runsText(part, inner.slice(isStart)) };
  } else {
    const raw = inner === '' ? undefined : childText(inner, 'v');
    switch (t) {
      case 's': {
        const idx = raw === undefined ? NaN : Number(raw);
        // A table shorter than its cells' indexes has lost items: every later text would be another's.
        if (Number.isInteger(idx) && idx >= strings.length)
          throw new WorkbookRejected(stringIndexReason(sheet, idx, strings.length), part.file);
        cell = { t: 's', v: Number.isInteger(idx) && idx >= 0 ? strings[idx] : null };
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
    const fmt = formats[Number(attrs.s)];
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
      if (ref) out.push(ref);
    },
    start,
  );
  return out;
}

/** Reads what consolidation needs from an .xlsx: sheet names, defined names, cell values. */
export async function readLeanWorkbook(
  data: Buffer | Uint8Array,
  options: LeanReadOptions = {},
): Promise<LeanWorkbook> {
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
  const definedNames = definedNamesOf(workbook);

  const wanted = sheetRefs.filter((s) => !options.sheetFilter || options.sheetFilter(s.name, definedNames));
  const strings = sharedStrings(
    readPart(zip, relOfType('/sharedStrings') ?? `${base}sharedStrings.xml`, budget),
    budget,
  );
  const formats = styleFormats(readPart(zip, relOfType('/styles') ?? `${base}styles.xml`, budget));

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
  const sheets = new Map(wb.sheets.map((s) => [s.name, s]));
  const names = new Map<string, CellRef>();
  for (const [name, at] of wb.definedNames) if (!at.address.includes(':')) names.set(name, at);
  return {
    names,
    hasSheet: (sheet) => sheets.has(sheet),
    cell(sheet, address) {
      const ws = sheets.get(sheet);
      if (!ws) return null;
      const c = ws.cells.get(address);
      if (!c) return { value: null };
      return { value: c.t === 'e' ? { error: String(c.v) } : c.v, numFmt: c.numFmt, isFormula: !!c.f };
    },
  };
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

/** The figures' places, one object for every unit whose figures sit where the previous unit's did. */
function sharedCells(cells: Record<string, CellRef>): Record<string, CellRef> {
  const last = lastCells;
  if (last) {
    const keys = Object.keys(cells);
    if (keys.length === Object.keys(last).length && keys.every((k) => last[k] === cells[k])) return last;
  }
  return (lastCells = Object.freeze(cells));
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
  const read = readTemplateSource(leanSource(wb), catalog, file);
  const provenance: UnitSubmission['provenance'] = {};
  const cells: Record<string, CellRef> = {};
  for (const [key, at] of Object.entries(read.figures.cells ?? {})) {
    const ref = sharedCellRef(at);
    cells[key] = ref;
    const typed = read.typed[key] ?? null;
    provenance[key] = {
      sheet: ref.sheet,
      cell: ref.address,
      typed: typeof typed === 'string' ? detached(typed) : typed,
    };
  }
  const unit = detached(read.unit) || file.replace(/^.*[\\/]/, '').replace(/\.xlsx$/i, '');
  const figures: FigureSet = {
    values: read.figures.values,
    cells: sharedCells(cells),
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

/** Reads one colleague's workbook into a submission, reading only the sheets its defined names point to. */
export async function readUnitSubmission(
  catalog: Catalog,
  data: Buffer | Uint8Array,
  file: string,
  limits?: Partial<LeanLimits>,
): Promise<UnitSubmission> {
  let named: Set<string> | null = null;
  const wb = await readLeanWorkbook(data, {
    file,
    limits,
    withoutMerges: true,
    sheetFilter: (name, definedNames) => {
      named ??= new Set([...definedNames.values()].map((d) => d.sheet));
      return named.has(name);
    },
  });
  return submissionFromLean(catalog, wb, file);
}
