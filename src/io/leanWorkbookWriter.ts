import { FONT, safeText, type Look, type ModelRow, type SheetModel } from './consolidatedWorkbook';
import { colName } from '../office/a1';
import { entryText, readZipDirectory, ZipWriter, type ZipEntry } from './zip';

/**
 * Writes sheet models straight to SpreadsheetML and zips them with native zlib: no object
 * model, each sheet deflated while its rows are produced. Either a new workbook of those
 * sheets, or the consolidating office's own workbook with figures written into its forms
 * and the sheets added (or replacing sheets of the same names). Parts left alone are copied
 * still compressed. Node only.
 */

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_SHEET = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';
const CT_SHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const MAX_PART = 200 * 1024 * 1024;

export class LeanWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeanWriteError';
  }
}

// eslint-disable-next-line no-control-regex -- the characters XML 1.0 cannot carry, and those it must escape
const NEEDS_WORK = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function esc(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  return safeText(s).replace(/[&<>"]/g, (ch) =>
    ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;',
  );
}

/**
 * Cell text as written. Findings repeat the same few hundred messages (with quotes and signs to escape)
 * tens of thousands of times: each distinct text is escaped once per workbook.
 */
class TextCache {
  private readonly done = new Map<string, string>();

  get(s: string): string {
    if (s.length < 24) return esc(s);
    let out = this.done.get(s);
    if (out === undefined) {
      out = esc(s);
      if (this.done.size >= 20_000) this.done.clear();
      this.done.set(s, out);
    }
    return out;
  }
}

// ---------------------------------------------------------------- styles

const BUILTIN_NUMFMT: Record<string, number> = { General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4 };

/** Cell styles of the looks used, appended after the styles the workbook already has. */
class StyleSheet {
  private readonly fonts: string[] = [];
  private readonly fills: string[] = [];
  private readonly numFmts: string[] = [];
  private readonly xfs: string[] = [];
  private readonly byLook = new WeakMap<Look, { number: number; other: number }>();
  private readonly attrs = new WeakMap<Look, { number: string; other: string }>();
  private readonly byXml = new Map<string, number>();
  private borderUsed = false;

  constructor(
    private readonly base: { fonts: number; fills: number; borders: number; xfs: number; maxNumFmtId: number },
  ) {}

  private index<T>(list: T[], item: T, baseCount: number): number {
    let i = list.indexOf(item);
    if (i < 0) i = list.push(item) - 1;
    return baseCount + i;
  }

  private xfOf(look: Look, withNumFmt: boolean): number {
    const font = `<font>${look.bold ? '<b/>' : ''}${look.italic ? '<i/>' : ''}<sz val="${look.size ?? 11}"/>${
      look.color ? `<color rgb="${look.color}"/>` : ''
    }<name val="${FONT}"/></font>`;
    const fontId = this.index(this.fonts, font, this.base.fonts);
    const fillId = look.fill
      ? this.index(
          this.fills,
          `<fill><patternFill patternType="solid"><fgColor rgb="${look.fill}"/></patternFill></fill>`,
          this.base.fills,
        )
      : 0;
    let borderId = 0;
    if (look.border) {
      this.borderUsed = true;
      borderId = this.base.borders;
    }
    let numFmtId = 0;
    if (withNumFmt && look.numFmt) {
      numFmtId = BUILTIN_NUMFMT[look.numFmt] ?? this.index(this.numFmts, look.numFmt, this.base.maxNumFmtId + 1);
    }
    const align =
      look.horizontal || look.vertical || look.wrap
        ? `<alignment${look.horizontal ? ` horizontal="${look.horizontal}"` : ''}${
            look.vertical ? ` vertical="${look.vertical === 'middle' ? 'center' : look.vertical}"` : ''
          }${look.wrap ? ' wrapText="1"' : ''}/>`
        : '';
    const xf = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1"${
      align ? ' applyAlignment="1">' + align + '</xf>' : '/>'
    }`;
    let id = this.byXml.get(xf);
    if (id === undefined) {
      id = this.base.xfs + this.xfs.push(xf) - 1;
      this.byXml.set(xf, id);
    }
    return id;
  }

  /** The style index of a look, for a number cell or any other. */
  style(look: Look, isNumber: boolean): number {
    let entry = this.byLook.get(look);
    if (!entry) {
      entry = { number: this.xfOf(look, true), other: this.xfOf(look, false) };
      this.byLook.set(look, entry);
    }
    return isNumber ? entry.number : entry.other;
  }

  /** The ` s="…"` attribute of a cell of this look, made once per look. */
  attr(look: Look | undefined, isNumber: boolean): string {
    if (!look) return '';
    let entry = this.attrs.get(look);
    if (!entry) {
      entry = { number: ` s="${this.style(look, true)}"`, other: ` s="${this.style(look, false)}"` };
      this.attrs.set(look, entry);
    }
    return isNumber ? entry.number : entry.other;
  }

  /** The workbook's styles part with these styles appended (or a whole new one). */
  apply(styles: string | null): string {
    const border =
      '<border><left style="thin"><color rgb="FF808080"/></left><right style="thin"><color rgb="FF808080"/></right><top style="thin"><color rgb="FF808080"/></top><bottom style="thin"><color rgb="FF808080"/></bottom><diagonal/></border>';
    const numFmts = this.numFmts.map(
      (f, i) => `<numFmt numFmtId="${this.base.maxNumFmtId + 1 + i}" formatCode="${esc(f)}"/>`,
    );
    if (styles === null) {
      return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${NS_MAIN}">${
        numFmts.length ? `<numFmts count="${numFmts.length}">${numFmts.join('')}</numFmts>` : ''
      }<fonts count="${1 + this.fonts.length}"><font><sz val="11"/><name val="${FONT}"/></font>${this.fonts.join('')}</fonts><fills count="${2 + this.fills.length}"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>${this.fills.join('')}</fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>${border}</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${1 + this.xfs.length}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>${this.xfs.join('')}</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;
    }
    let out = styles;
    out = appendList(out, 'numFmts', numFmts, 'fonts');
    out = appendList(out, 'fonts', this.fonts);
    out = appendList(out, 'fills', this.fills);
    out = appendList(out, 'borders', this.borderUsed ? [border] : []);
    out = appendList(out, 'cellXfs', this.xfs);
    return out;
  }

  static baseOf(styles: string | null): StyleSheet {
    if (styles === null) return new StyleSheet({ fonts: 1, fills: 2, borders: 1, xfs: 1, maxNumFmtId: 163 });
    const count = (tag: string, item: string) => {
      const body = section(styles, tag);
      return body === null ? 0 : countElements(body, item);
    };
    let maxNumFmtId = 163;
    for (const m of styles.matchAll(/<numFmt\b[^>]*\bnumFmtId="(\d+)"/g))
      maxNumFmtId = Math.max(maxNumFmtId, Number(m[1]));
    return new StyleSheet({
      fonts: count('fonts', 'font'),
      fills: count('fills', 'fill'),
      borders: count('borders', 'border'),
      xfs: count('cellXfs', 'xf'),
      maxNumFmtId,
    });
  }
}

/** The inner text of the first `<tag …>…</tag>`, or null. */
function section(xml: string, tag: string): string | null {
  const open = new RegExp(`<${tag}\\b[^>]*?(/?)>`).exec(xml);
  if (!open) return null;
  if (open[1] === '/') return '';
  const end = xml.indexOf(`</${tag}>`, open.index);
  return end < 0 ? null : xml.slice(open.index + open[0].length, end);
}

/** Top-level `<item>` elements of a list body (nested elements of other names are skipped). */
function countElements(body: string, item: string): number {
  let n = 0;
  let depth = 0;
  const re = new RegExp(`<(/?)${item}\\b[^>]*?(/?)>`, 'g');
  for (const m of body.matchAll(re)) {
    if (m[1]) depth--;
    else {
      if (depth === 0) n++;
      if (!m[2]) depth++;
    }
  }
  return n;
}

/** Appends items to `<tag count="n">`, updating the count; creates the list (before `before`) when absent. */
function appendList(xml: string, tag: string, items: string[], before?: string): string {
  if (!items.length) return xml;
  const open = new RegExp(`<${tag}\\b([^>]*?)(/?)>`).exec(xml);
  if (!open) {
    const at = before ? xml.indexOf(`<${before}`) : -1;
    if (at < 0) throw new LeanWriteError(`Phần kiểu định dạng của sổ không có danh sách ${tag}.`);
    return `${xml.slice(0, at)}<${tag} count="${items.length}">${items.join('')}</${tag}>${xml.slice(at)}`;
  }
  const bodyStart = open.index + open[0].length;
  const body = open[2] === '/' ? '' : xml.slice(bodyStart, xml.indexOf(`</${tag}>`, bodyStart));
  const n = countElements(body, tag === 'cellXfs' ? 'xf' : tag === 'numFmts' ? 'numFmt' : tag.slice(0, -1));
  const attrs = open[1].replace(/\s*count="\d*"/, '');
  const head = `<${tag}${attrs} count="${n + items.length}">`;
  if (open[2] === '/') return `${xml.slice(0, open.index)}${head}${items.join('')}</${tag}>${xml.slice(bodyStart)}`;
  const close = xml.indexOf(`</${tag}>`, bodyStart);
  return `${xml.slice(0, open.index)}${head}${body}${items.join('')}${xml.slice(close)}`;
}

// ---------------------------------------------------------------- sheets

const letters: string[] = [];
function col(i: number): string {
  return (letters[i] ??= colName(i));
}

function* sheetXml(model: SheetModel, styles: StyleSheet): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">`;
  const f = model.frozen;
  if (f && (f.xSplit || f.ySplit)) {
    const pane = f.xSplit && f.ySplit ? 'bottomRight' : f.ySplit ? 'bottomLeft' : 'topRight';
    yield `<sheetViews><sheetView workbookViewId="0"><pane${f.xSplit ? ` xSplit="${f.xSplit}"` : ''}${
      f.ySplit ? ` ySplit="${f.ySplit}"` : ''
    } topLeftCell="${col(f.xSplit + 1)}${f.ySplit + 1}" activePane="${pane}" state="frozen"/></sheetView></sheetViews>`;
  } else yield '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
  yield '<sheetFormatPr defaultRowHeight="15"/>';
  if (model.widths.length)
    yield `<cols>${model.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`;
  yield '<sheetData>';
  const merges: string[] = [];
  let r = 0;
  const texts = new TextCache();
  for (const row of model.rows()) {
    r++;
    const cells = rowXml(row, r, styles, texts);
    if (row.mergeTo) merges.push(`A${r}:${col(row.mergeTo)}${r}`);
    if (!cells && !row.height) continue;
    yield `<row r="${r}"${row.height ? ` ht="${row.height}" customHeight="1"` : ''}>${cells}</row>`;
  }
  yield '</sheetData>';
  if (model.filterColumns && r > 0) yield `<autoFilter ref="A1:${col(model.filterColumns)}${r}"/>`;
  if (merges.length)
    yield `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`;
  yield '</worksheet>';
}

function rowXml(row: ModelRow, r: number, styles: StyleSheet, texts: TextCache): string {
  const at = String(r);
  const cells = row.cells;
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (!cell) continue;
    const v = cell.v;
    if (typeof v === 'number' && Number.isFinite(v))
      out += '<c r="' + col(i + 1) + at + '"' + styles.attr(cell.look, true) + '><v>' + v + '</v></c>';
    else if (typeof v === 'string' && v !== '')
      out +=
        '<c r="' +
        col(i + 1) +
        at +
        '"' +
        styles.attr(cell.look, false) +
        ' t="inlineStr"><is><t xml:space="preserve">' +
        texts.get(v) +
        '</t></is></c>';
    else if (cell.look) out += '<c r="' + col(i + 1) + at + '"' + styles.attr(cell.look, false) + '/>';
  }
  if (row.numbers) {
    const { values, look } = row.numbers;
    const number = styles.attr(look, true);
    const empty = styles.attr(look, false);
    for (let j = 0, c = cells.length + 1; j < values.length; j++, c++) {
      const v = values[j];
      if (Number.isFinite(v)) out += '<c r="' + col(c) + at + '"' + number + '><v>' + v + '</v></c>';
      else if (look) out += '<c r="' + col(c) + at + '"' + empty + '/>';
    }
  }
  return out;
}

// ---------------------------------------------------------------- writing into an existing sheet

/** A figure written into a cell of the office's own forms; null clears the value, the style stays. */
export interface CellWrite {
  sheet: string;
  address: string;
  value: number | null;
}

function cellPos(address: string): { row: number; col: number } {
  const m = /^([A-Z]{1,3})(\d+)$/.exec(address)!;
  let c = 0;
  for (const ch of m[1]) c = c * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]), col: c };
}

function valueCell(address: string, styleAttr: string, value: number | null): string {
  return value === null || !Number.isFinite(value)
    ? `<c r="${address}"${styleAttr}/>`
    : `<c r="${address}"${styleAttr}><v>${value}</v></c>`;
}

/** Puts numbers into a worksheet's cells, keeping each cell's style; rows and cells are added where missing. */
export function patchSheet(xml: string, writes: CellWrite[], sheet: string): string {
  const byRow = new Map<number, Map<number, CellWrite>>();
  for (const w of writes) {
    const p = cellPos(w.address);
    let row = byRow.get(p.row);
    if (!row) byRow.set(p.row, (row = new Map()));
    row.set(p.col, w);
  }
  const pending = [...byRow.keys()].sort((a, b) => a - b);
  const start = xml.indexOf('<sheetData');
  if (start < 0) throw new LeanWriteError(`Trang "${sheet}" của sổ không có vùng dữ liệu.`);
  const startEnd = xml.indexOf('>', start);
  const selfClosing = xml[startEnd - 1] === '/';
  const end = selfClosing ? startEnd + 1 : xml.indexOf('</sheetData>', startEnd);
  const parts: string[] = [xml.slice(0, selfClosing ? startEnd - 1 : startEnd + 1)];
  if (selfClosing) parts.push('>');
  const newRow = (n: number) =>
    `<row r="${n}">${[...byRow.get(n)!.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, w]) => valueCell(w.address, '', w.value))
      .join('')}</row>`;
  let pos = selfClosing ? end : startEnd + 1;
  const rowRe = /<row\b([^>]*?)(\/?)>/g;
  rowRe.lastIndex = pos;
  for (;;) {
    const m = rowRe.exec(xml);
    if (!m || m.index >= end) break;
    const rAttr = /\br="(\d+)"/.exec(m[1]);
    if (!rAttr) throw new LeanWriteError(`Trang "${sheet}" có dòng không ghi số dòng: mở và lưu lại sổ bằng Excel.`);
    const n = Number(rAttr[1]);
    while (pending.length && pending[0] < n) {
      parts.push(xml.slice(pos, m.index), newRow(pending.shift()!));
      pos = m.index;
    }
    const rowEnd = m[2] === '/' ? m.index + m[0].length : xml.indexOf('</row>', m.index) + 6;
    if (pending[0] === n) {
      pending.shift();
      parts.push(xml.slice(pos, m.index));
      const inner = m[2] === '/' ? '' : xml.slice(m.index + m[0].length, rowEnd - 6);
      parts.push(`<row${m[1]}>${patchRow(inner, byRow.get(n)!, sheet)}</row>`);
      pos = rowEnd;
    }
    rowRe.lastIndex = rowEnd;
  }
  parts.push(xml.slice(pos, end));
  while (pending.length) parts.push(newRow(pending.shift()!));
  parts.push(selfClosing ? '</sheetData>' + xml.slice(end) : xml.slice(end));
  return parts.join('');
}

function patchRow(inner: string, writes: Map<number, CellWrite>, sheet: string): string {
  const todo = [...writes.keys()].sort((a, b) => a - b);
  const out: string[] = [];
  const cellRe = /<c\b([^>]*?)(\/?)>/g;
  let pos = 0;
  for (;;) {
    const m = cellRe.exec(inner);
    if (!m) break;
    const ref = /\br="([A-Z]{1,3}\d+)"/.exec(m[1]);
    if (!ref) throw new LeanWriteError(`Trang "${sheet}" có ô không ghi địa chỉ: mở và lưu lại sổ bằng Excel.`);
    const c = cellPos(ref[1]).col;
    const cellEnd = m[2] === '/' ? m.index + m[0].length : inner.indexOf('</c>', m.index) + 4;
    while (todo.length && todo[0] < c) {
      const w = writes.get(todo.shift()!)!;
      out.push(inner.slice(pos, m.index), valueCell(w.address, '', w.value));
      pos = m.index;
    }
    if (todo[0] === c) {
      todo.shift();
      const style = /\bs="\d+"/.exec(m[1]);
      out.push(inner.slice(pos, m.index), valueCell(ref[1], style ? ` ${style[0]}` : '', writes.get(c)!.value));
      pos = cellEnd;
    }
    cellRe.lastIndex = cellEnd;
  }
  out.push(inner.slice(pos));
  for (const c of todo) out.push(valueCell(writes.get(c)!.address, '', writes.get(c)!.value));
  return out.join('');
}

// ---------------------------------------------------------------- the package

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return m?.[1];
}

function unescapeAttr(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `xl/${target}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** The workbook's sheets: name → part path, from workbook.xml and its relationships. */
function sheetParts(workbook: string, rels: string): Map<string, { path: string; rid: string }> {
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) targets.set(id, resolveTarget(unescapeAttr(target)));
  }
  const out = new Map<string, { path: string; rid: string }>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name');
    const rid = /\br:id="([^"]*)"|\b[a-zA-Z0-9]+:id="([^"]*)"/.exec(m[0]);
    const id = rid?.[1] ?? rid?.[2];
    if (name && id && targets.has(id)) out.set(unescapeAttr(name), { path: targets.get(id)!, rid: id });
  }
  return out;
}

export interface LeanWriteInput {
  /** Sheets to add, or to replace when the workbook already has a sheet of that name. */
  sheets: SheetModel[];
  /** The workbook to write into (its bytes and name, for messages); a new workbook without it. */
  base?: { bytes: Uint8Array; file: string };
  /** Figures written into the base workbook's cells. */
  writes?: CellWrite[];
}

function zipEntries(bytes: Uint8Array, file: string): Map<string, ZipEntry> {
  try {
    return new Map(readZipDirectory(bytes).map((e) => [e.name, e]));
  } catch (e) {
    throw new LeanWriteError(`Tệp "${file}" không phải tệp .xlsx hợp lệ: ${(e as Error).message}.`);
  }
}

function text(entries: Map<string, ZipEntry>, name: string, file: string): string | null {
  const e = entries.get(name);
  if (!e) return null;
  if (e.size > MAX_PART) throw new LeanWriteError(`Tệp "${file}": phần "${name}" quá lớn, vượt giới hạn an toàn.`);
  try {
    return entryText(e);
  } catch (err) {
    throw new LeanWriteError(`Tệp "${file}": phần "${name}" không giải nén được (${(err as Error).message}).`);
  }
}

/** The workbook, as zip bytes handed to `sink` as they are made. */
export function writeLeanWorkbook(input: LeanWriteInput, sink: (chunk: Uint8Array) => void): void {
  const zip = new ZipWriter(sink);
  if (!input.base) {
    writeNew(zip, input.sheets);
    zip.finish();
    return;
  }
  const { bytes, file } = input.base;
  const entries = zipEntries(bytes, file);
  const need = (name: string) => {
    const t = text(entries, name, file);
    if (t === null) throw new LeanWriteError(`Tệp "${file}" thiếu phần ${name}: không phải sổ Excel .xlsx hợp lệ.`);
    return t;
  };
  let workbook = need('xl/workbook.xml');
  let rels = need('xl/_rels/workbook.xml.rels');
  let types = need('[Content_Types].xml');
  const stylesXml = text(entries, 'xl/styles.xml', file);
  const styles = StyleSheet.baseOf(stylesXml);
  const parts = sheetParts(workbook, rels);
  const replaced = new Map<string, string>();

  // Figures into the forms.
  const writesBySheet = new Map<string, CellWrite[]>();
  for (const w of input.writes ?? []) {
    const list = writesBySheet.get(w.sheet) ?? [];
    list.push(w);
    writesBySheet.set(w.sheet, list);
  }
  for (const [sheet, writes] of writesBySheet) {
    const part = parts.get(sheet);
    if (!part) throw new LeanWriteError(`Tệp "${file}" không có trang "${sheet}" để ghi số tổng hợp.`);
    replaced.set(part.path, patchSheet(need(part.path), writes, sheet));
  }

  // New or replaced sheets.
  let nextSheetId =
    Math.max(0, ...[...workbook.matchAll(/<sheet\b[^>]*\bsheetId="(\d+)"/g)].map((m) => Number(m[1]))) + 1;
  let nextPart = 1;
  const added: { model: SheetModel; path: string }[] = [];
  for (const model of input.sheets) {
    const existing = parts.get(model.name);
    if (existing) {
      added.push({ model, path: existing.path });
      workbook = setSheetState(workbook, existing.rid, model.veryHidden);
      continue;
    }
    while (entries.has(`xl/worksheets/sheet${nextPart}.xml`)) nextPart++;
    const path = `xl/worksheets/sheet${nextPart++}.xml`;
    const rid = `rIdCchc${nextSheetId}`;
    rels = rels.replace(
      '</Relationships>',
      `<Relationship Id="${rid}" Type="${REL_SHEET}" Target="/${path}"/></Relationships>`,
    );
    types = types.replace('</Types>', `<Override PartName="/${path}" ContentType="${CT_SHEET}"/></Types>`);
    const state = model.veryHidden ? ' state="veryHidden"' : '';
    workbook = workbook.replace(
      '</sheets>',
      `<sheet name="${esc(model.name)}" sheetId="${nextSheetId++}"${state} r:id="${rid}"/></sheets>`,
    );
    added.push({ model, path });
  }
  if (!/xmlns:r="/.test(workbook.slice(0, workbook.indexOf('>', workbook.indexOf('<workbook')))))
    workbook = workbook.replace(/<workbook\b/, `<workbook xmlns:r="${NS_REL}"`);
  workbook = recalcOnLoad(workbook);

  const addedPaths = new Set(added.map((a) => a.path));
  const rewritten = new Set(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', '[Content_Types].xml', 'xl/styles.xml']);
  for (const [name, entry] of entries) {
    if (rewritten.has(name) || addedPaths.has(name) || name.endsWith('/')) continue;
    // The cached chain of formulas lists cells by sheet; Excel rebuilds it when it is absent.
    if (name === 'xl/calcChain.xml') continue;
    const patched = replaced.get(name);
    if (patched !== undefined) zip.text(name, [patched]);
    else zip.copy(entry);
  }
  for (const a of added) zip.text(a.path, sheetXml(a.model, styles));
  zip.text('xl/styles.xml', [styles.apply(stylesXml)]);
  if (entries.has('xl/calcChain.xml')) {
    rels = rels.replace(/<Relationship\b[^>]*calcChain[^>]*\/>/g, '');
    types = types.replace(/<Override\b[^>]*calcChain[^>]*\/>/g, '');
  }
  zip.text('xl/workbook.xml', [workbook]);
  zip.text('xl/_rels/workbook.xml.rels', [rels]);
  zip.text('[Content_Types].xml', [types]);
  zip.finish();
}

function setSheetState(workbook: string, rid: string, veryHidden: boolean | undefined): string {
  return workbook.replace(new RegExp(`<sheet\\b[^>]*"${rid}"[^>]*/>`), (tag) => {
    const clean = tag.replace(/\s*state="[^"]*"/, '');
    return veryHidden ? clean.replace(/^<sheet\b/, '<sheet state="veryHidden"') : clean;
  });
}

/** Figures changed under formulas: Excel recalculates them all when the file opens. */
function recalcOnLoad(workbook: string): string {
  const calc = /<calcPr\b[^>]*?\/?>/.exec(workbook);
  if (calc) {
    const tag = calc[0].replace(/\s*fullCalcOnLoad="[^"]*"/, '').replace(/^<calcPr\b/, '<calcPr fullCalcOnLoad="1"');
    return workbook.slice(0, calc.index) + tag + workbook.slice(calc.index + calc[0].length);
  }
  const after = workbook.includes('</definedNames>') ? '</definedNames>' : '</sheets>';
  return workbook.replace(after, `${after}<calcPr calcId="0" fullCalcOnLoad="1"/>`);
}

function writeNew(zip: ZipWriter, sheets: SheetModel[]): void {
  const styles = StyleSheet.baseOf(null);
  sheets.forEach((model, i) => zip.text(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(model, styles)));
  zip.text('xl/styles.xml', [styles.apply(null)]);
  zip.text('xl/workbook.xml', [
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews><sheets>${sheets
      .map(
        (s, i) =>
          `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.veryHidden ? ' state="veryHidden"' : ''} r:id="rId${i + 1}"/>`,
      )
      .join('')}</sheets></workbook>`,
  ]);
  zip.text('xl/_rels/workbook.xml.rels', [
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
      .map((_s, i) => `<Relationship Id="rId${i + 1}" Type="${REL_SHEET}" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join(
        '',
      )}<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
  ]);
  zip.text('_rels/.rels', [
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ]);
  zip.text('[Content_Types].xml', [
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheets
      .map((_s, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT_SHEET}"/>`)
      .join('')}</Types>`,
  ]);
}
