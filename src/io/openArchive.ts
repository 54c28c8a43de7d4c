// The one opening path for a workbook someone sent, which may be anything: an old .xls, a password-protected
// file, a CSV renamed .xlsx, a truncated download, a zip bomb, a sheet of a million rows. Every check runs
// before any reader sees the bytes; every refusal is a WorkbookRejected with a Vietnamese reason naming the
// file (and the part or sheet); nothing from a library escapes raw. Each part is inflated once, as a stream
// that stops at the first bound it crosses, and the XML parts are kept for the readers.
import { inflateEntry, readZipDirectory, ZipError, type ZipEntry } from './zip';

export class WorkbookRejected extends Error {
  constructor(
    public readonly reason: string,
    public readonly file: string,
  ) {
    super(`Không mở được tệp "${file}": ${reason}`);
    this.name = 'WorkbookRejected';
  }
}

export interface OpenLimits {
  /** Largest file accepted, in bytes (default 50 MB). */
  maxBytes?: number;
  /** Largest total size once unzipped, in bytes (default 300 MB). */
  maxUncompressed?: number;
  /** Largest compression ratio of one entry above 1 MB (default 200:1). */
  maxRatio?: number;
  /** Entries in the zip (default 10.000). */
  maxEntries?: number;
  /** Rows of one worksheet (default 100.000; a report's largest table has a few hundred). */
  maxRows?: number;
  /** Cells of all worksheets together (default 2.000.000). */
  maxCells?: number;
  /** Characters of one cell's text (Excel's own limit, 32.767). */
  maxCellChars?: number;
  /**
   * The caller checks every shared-string index of the cells it reads against the table (the lean reader
   * does as it scans): the archive does not walk the sheets for them a second time.
   */
  readerChecksStringIndexes?: boolean;
  /**
   * Keep the worksheets and the shared strings as byte text where Node's Buffer is (see isByteText): for a
   * reader that takes a few hundred cells of them. One that reads every cell and most strings (a hand-made
   * form) reads decoded text faster.
   */
  byteText?: boolean;
}

const MB = 1024 * 1024;
export const OPEN_LIMITS: Required<OpenLimits> = {
  maxBytes: 50 * MB,
  maxUncompressed: 300 * MB,
  maxRatio: 200,
  maxEntries: 10_000,
  maxRows: 100_000,
  maxCells: 2_000_000,
  maxCellChars: 32_767,
  readerChecksStringIndexes: false,
  byteText: false,
};
/** Entries below this size may compress as well as they like (empty sheets compress 1000:1). */
const RATIO_FLOOR = 1 * MB;
let utf8: TextDecoder | undefined;
/** One decoder for the parts decoded in one call, made on first use (not at load, before a page sets up). */
const sharedDecoder = () => (utf8 ??= new TextDecoder('utf-8'));

/**
 * Node's Buffer where it exists (the CLI; the browser has none). There the worksheets and the shared
 * strings can be kept as byte text, one character per byte (latin1): ten times cheaper than decoding
 * UTF-8, and half the memory for Vietnamese text. XML's own syntax is ASCII, so tags, attributes and numbers
 * read the same; text cut out of such a part goes through utf8Text before it is used.
 */
const NodeBuffer: typeof Buffer | null =
  typeof Buffer === 'function' && typeof Buffer.from === 'function' ? Buffer : null;
const NON_ASCII = /[\u0080-\uffff]/;
const BOM = [0xef, 0xbb, 0xbf];

function byteText(bytes: Uint8Array, first: boolean): string {
  // A leading byte-order mark is dropped, as the UTF-8 decoder drops it.
  const from = first && startsWith(bytes, BOM) ? 3 : 0;
  return NodeBuffer!.from(bytes.buffer, bytes.byteOffset + from, bytes.length - from).toString('latin1');
}

/** The text of a piece of byte text (see isByteText): the UTF-8 its characters' codes spell. */
export function utf8Text(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return NodeBuffer!.from(text, 'latin1').toString('utf8');
}
/** Inflated bytes between two pauses that let a browser page repaint. */
const YIELD_BYTES = 8 * MB;

export interface WorkbookArchive {
  file: string;
  /** Every entry's name, without a leading "/". */
  names: ReadonlySet<string>;
  /** Text of an XML part (.xml, .rels), checked and inflated once; undefined when absent. */
  xml(name: string): string | undefined;
  /** Whether the part's text is byte text: a piece of it becomes text through utf8Text. */
  isByteText(name: string): boolean;
  /** The workbook part ("xl/workbook.xml") and its worksheets in order, with their parts. */
  workbookPath: string;
  sheets: { name: string; path: string }[];
}

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(data: Uint8Array, sig: number[]): boolean {
  if (data.length < sig.length) return false;
  return sig.every((b, i) => data[i] === b);
}

function utf16le(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out.push(c & 0xff, c >> 8);
  }
  return out;
}

function contains(data: Uint8Array, needle: number[]): boolean {
  const first = needle[0];
  const last = data.length - needle.length;
  outer: for (let i = data.indexOf(first); i >= 0 && i <= last; i = data.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (data[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

const fmtMB = (bytes: number) => `${(bytes / MB).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
const fmtInt = (n: number) => n.toLocaleString('vi-VN');

/** What an OLE2 compound file (D0 CF 11 E0) holds, by its stream names. */
function describeOle2(data: Uint8Array): string {
  if (contains(data, utf16le('EncryptionInfo')) || contains(data, utf16le('EncryptedPackage'))) {
    return 'tệp được đặt mật khẩu (mã hóa), không đọc được nội dung; hãy gỡ mật khẩu trong Excel (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi gửi lại';
  }
  if (contains(data, utf16le('WordDocument'))) {
    return 'đây là tệp Word 97–2003 (.doc), không phải sổ tính Excel';
  }
  return 'đây là tệp Excel 97–2003 (.xls) định dạng cũ; hãy mở bằng Excel và lưu lại dạng "Sổ làm việc Excel (.xlsx)"';
}

/** Why bytes that are not a zip cannot be a workbook. */
function describeNonZip(data: Uint8Array): string {
  const head = data.subarray(0, Math.min(data.length, 4096));
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return 'đây là tệp PDF, không phải sổ tính Excel';
  const utf16 = startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]);
  let controls = 0;
  for (const b of head) if ((b < 0x09 || (b > 0x0d && b < 0x20)) && !(utf16 && b === 0)) controls++;
  if (utf16 || controls <= head.length / 100) {
    const text = new TextDecoder(utf16 && head[0] === 0xff ? 'utf-16le' : 'utf-8')
      .decode(head)
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (/^<(\?xml|!doctype|html|table)/i.test(text)) {
      return 'đây là tệp HTML hoặc XML (thường do phần mềm khác xuất ra) được đặt đuôi .xlsx; hãy mở bằng Excel và lưu lại dạng .xlsx';
    }
    if (/[,;\t]/.test(text)) {
      return 'đây là tệp văn bản/CSV được đổi tên thành .xlsx; hãy mở bằng Excel và lưu lại dạng "Sổ làm việc Excel (.xlsx)"';
    }
    return 'đây là tệp văn bản được đổi tên thành .xlsx, không phải sổ tính Excel';
  }
  return 'tệp không phải định dạng Excel .xlsx (không phải tệp nén zip của Office)';
}

/** Why a zip whose entries are known is not a workbook we can read, or null when it is one. */
function describeNonWorkbook(names: Set<string>): string | null {
  if (names.has('xl/workbook.xml')) return null;
  if (names.has('xl/workbook.bin')) return 'đây là sổ tính nhị phân .xlsb; hãy mở bằng Excel và lưu lại dạng .xlsx';
  if (names.has('word/document.xml')) return 'đây là tệp Word (.docx), không phải sổ tính Excel';
  if (names.has('ppt/presentation.xml')) return 'đây là tệp PowerPoint (.pptx), không phải sổ tính Excel';
  if (names.has('content.xml') && names.has('mimetype')) {
    return 'đây là tệp OpenDocument (.ods/.odt); hãy mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx';
  }
  return 'tệp nén zip này không phải sổ tính Excel (thiếu xl/workbook.xml)';
}

const isXmlPart = (name: string) => /\.(xml|rels|vml)$/i.test(name);

const BANG = [0x3c, 0x21]; /* <! */
const DECLARATIONS = ['DOCTYPE', 'ENTITY'].map((w) => [...w].map((c) => c.charCodeAt(0)));
/**
 * `/<!DOCTYPE|<!ENTITY/i` on the bytes of a part, so a part no reader asked for is not decoded to check it.
 * Led by the rare "!" (found by the engine's own search), not by every "<".
 */
function declaresDoctype(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(BANG[1], 1); i >= 0; i = bytes.indexOf(BANG[1], i + 1)) {
    if (bytes[i - 1] !== BANG[0]) continue;
    for (const word of DECLARATIONS) {
      let j = 0;
      while (j < word.length && (bytes[i + 1 + j] & 0xdf) === word[j]) j++;
      if (j === word.length) return true;
    }
  }
  return false;
}
const ROW_TAG = /<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g;
const CELL_TAG = /<(?:[A-Za-z_][\w.-]*:)?c[\s>/]/g;
const countOf = (re: RegExp, text: string) => {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
};

/** Counts rows and cells of a worksheet as it streams, so a sheet of a million rows is stopped early. */
class SheetCounter {
  rows = 0;
  private carry = '';
  constructor(private readonly onCells: (n: number) => void) {}
  add(text: string): void {
    // A tag cut between two chunks is whole in carry + text; a tag wholly in carry was counted already.
    const joined = this.carry + text;
    const from = this.carry.length;
    this.rows += countAfter(ROW_TAG, joined, from);
    this.onCells(countAfter(CELL_TAG, joined, from));
    this.carry = joined.slice(-12);
  }
}

/** Tags whose match ends past `from` (those ending inside the carried tail were counted with it). */
function countAfter(re: RegExp, text: string, from: number): number {
  re.lastIndex = 0;
  let n = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) if (m.index + m[0].length > from) n++;
  return n;
}

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A reason when the text of any one cell (a `<t>` run or a `<v>` value) is longer than Excel allows.
 * Byte text is at least as long as its text: only runs longer than the bound are decoded.
 */
function overlongText(xml: string, maxChars: number, bytes: boolean): string | null {
  if (xml.length <= maxChars) return null;
  // Entities and surrogate pairs count one character each: only runs longer in bytes than the bound are decoded.
  const long = new RegExp(`<(?:[\\w.-]+:)?[tv](?:\\s[^>]*)?>([^<]{${maxChars + 1},})<`, 'g');
  for (const m of xml.matchAll(long)) {
    const text = (bytes ? utf8Text(m[1]) : m[1])
      .replace(/&(?:#x[0-9a-f]+|#\d+|[a-z]+);/gi, '_')
      .replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '_');
    if (text.length > maxChars) return `${fmtInt(text.length)} ký tự`;
  }
  return null;
}

/** Patterns built from a name, compiled once and found by the name (a few names, used for every file). */
function patternCache(source: (name: string) => string): (name: string) => RegExp {
  const patterns = new Map<string, RegExp>();
  return (name) => {
    let re = patterns.get(name);
    if (!re) patterns.set(name, (re = new RegExp(source(name))));
    return re;
  };
}

const attrPattern = patternCache((name) => `(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);

function attr(tag: string, name: string): string | undefined {
  const m = attrPattern(name).exec(tag);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** `worksheets/sheet1.xml` against `xl/` → `xl/worksheets/sheet1.xml`; `/xl/…` is absolute. */
export function resolvePath(base: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : base + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function relationships(xml: string | undefined, base: string): { id: string; type: string; target: string }[] {
  const out: { id: string; type: string; target: string }[] = [];
  if (!xml) return out;
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const id = attr(m[1], 'Id');
    const target = attr(m[1], 'Target');
    if (id && target && attr(m[1], 'TargetMode') !== 'External')
      out.push({ id, type: attr(m[1], 'Type') ?? '', target: resolvePath(base, decodeBasic(target)) });
  }
  return out;
}

function decodeBasic(s: string): string {
  return s.replace(
    /&(lt|gt|amp|quot|apos);/g,
    (_m, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]!,
  );
}

const rootClosing = patternCache((root) => `(?:</(?:[\\w.-]+:)?${root}>|<(?:[\\w.-]+:)?${root}\\b[^<]*/>)$`);

/** A workbook part is whole when its root element closes: a truncated or emptied part does not. */
function closesRoot(xml: string, root: string): boolean {
  const tail = xml.slice(-256).trimEnd();
  return rootClosing(root).test(tail);
}

/**
 * Opens the bytes of an .xlsx after every check: file size, kind (old .xls, encrypted, PDF, CSV, HTML…),
 * the zip's directory, declared and real sizes and ratios (zip bombs), CRC of every part, DOCTYPE and
 * entity declarations, the workbook's structure (every sheet present and whole, shared strings whole and
 * consistent), rows per sheet, cells and text length. Throws WorkbookRejected with the reason.
 */
export async function openArchive(
  data: Uint8Array,
  fileName: string,
  limits: OpenLimits = {},
): Promise<WorkbookArchive> {
  const lim = { ...OPEN_LIMITS, ...dropUndefined(limits) };
  const reject = (reason: string): never => {
    throw new WorkbookRejected(reason, fileName);
  };

  if (!data || data.length === 0) reject('tệp rỗng (0 byte)');
  if (data.length > lim.maxBytes) reject(`tệp quá lớn (${fmtMB(data.length)}, giới hạn ${fmtMB(lim.maxBytes)})`);
  if (startsWith(data, OLE2)) reject(describeOle2(data));
  const isZip = startsWith(data, [0x50, 0x4b, 0x03, 0x04]) || startsWith(data, [0x50, 0x4b, 0x05, 0x06]);
  if (!isZip) reject(describeNonZip(data));

  let listed: ZipEntry[];
  try {
    listed = readZipDirectory(data, lim.maxEntries);
  } catch (e) {
    return reject((e as Error).message);
  }
  const entries = listed.map((e) => ({ ...e, name: e.name.replace(/^\//, '') }));

  // Sizes as declared, before anything is inflated.
  let declaredTotal = 0;
  const seen = new Set<string>();
  for (const e of entries) {
    declaredTotal += e.size;
    if (e.encrypted) reject(`thành phần "${e.name}" được mã hóa bằng mật khẩu`);
    if (e.method !== 0 && e.method !== 8) reject(`thành phần "${e.name}" nén theo cách không hỗ trợ (mã ${e.method})`);
    if (seen.has(e.name.toLowerCase())) reject(`tệp nén có hai thành phần cùng tên "${e.name}": tệp bị sửa đổi`);
    seen.add(e.name.toLowerCase());
    if (e.size > RATIO_FLOOR) {
      const ratio = e.compressedSize === 0 ? Infinity : e.size / e.compressedSize;
      if (ratio > lim.maxRatio) {
        reject(
          `thành phần "${e.name}" khai báo ${fmtMB(e.size)} khi giải nén từ ${fmtMB(e.compressedSize)} ` +
            `(tỷ lệ nén ${fmtInt(Math.round(ratio))}:1, giới hạn ${lim.maxRatio}:1): nghi là "bom nén" (zip bomb), không mở`,
        );
      }
    }
  }
  if (declaredTotal > lim.maxUncompressed) {
    reject(
      `dung lượng khi giải nén ${fmtMB(declaredTotal)} vượt giới hạn ${fmtMB(lim.maxUncompressed)}: nghi là "bom nén" (zip bomb), không mở`,
    );
  }
  const names = new Set(entries.map((e) => e.name));
  const nonWorkbook = describeNonWorkbook(names);
  if (nonWorkbook) reject(nonWorkbook);

  // Worksheets are known from [Content_Types] and the workbook's relationships, read first (both are small).
  const ranks = new Map(entries.map((e) => [e, rank(e.name)]));
  const order = [...entries].sort((a, b) => ranks.get(a)! - ranks.get(b)!);
  const texts = new Map<string, string>();
  /** Parts no check needs as text (theme, styles, properties…): kept inflated, decoded when a reader asks. */
  const undecoded = new Map<string, Uint8Array>();
  const byteParts = new Set<string>();
  let cells = 0;
  const uncounted: string[] = [];
  let uncountedChars = 0;
  let inflated = 0;
  let sinceYield = 0;
  let sheetParts: Set<string> | null = null;
  // Known once the relationships and the workbook part are read (they come first).
  let known: Structure | null = null;
  const sheetNameOf = new Map<string, string>();
  const tooManyCells = () =>
    reject(
      `các trang tính có hơn ${fmtInt(lim.maxCells)} ô dữ liệu (giới hạn an toàn): báo cáo CCHC không lớn như vậy, tệp có thể bị hỏng hoặc được tạo để gây hại`,
    );

  for (const e of order) {
    if (sheetParts === null && ranks.get(e)! >= 2) {
      sheetParts = new Set();
      known = workbookStructure(texts, reject);
      for (const s of known.sheets) {
        sheetParts.add(s.path);
        sheetNameOf.set(s.path, s.name);
      }
    }
    const keep = isXmlPart(e.name);
    const isSheet = !!sheetParts?.has(e.name);
    const label = isSheet ? `trang tính "${sheetNameOf.get(e.name)}"` : `thành phần "${e.name}"`;
    const tooManyRows = () =>
      reject(
        `${label} có hơn ${fmtInt(lim.maxRows)} dòng dữ liệu (giới hạn an toàn): báo cáo CCHC không lớn như vậy, tệp có thể bị hỏng hoặc được tạo để gây hại`,
      );
    const counter = isSheet
      ? new SheetCounter((n) => {
          cells += n;
          if (cells > lim.maxCells) tooManyCells();
        })
      : null;
    // A part inflated in one piece is decoded in one call by the shared decoder; a streamed one gets its own.
    let decoder: TextDecoder | null = null;
    // Sheets, shared strings and the workbook's own parts are checked as text; the rest only for DOCTYPE.
    const lazy = keep && !isSheet && sheetParts !== null && e.name !== known?.sharedStrings;
    const asBytes =
      lim.byteText &&
      keep &&
      NodeBuffer !== null &&
      (isSheet || (sheetParts !== null && e.name === known?.sharedStrings));
    if (asBytes) byteParts.add(e.name);
    let whole: Uint8Array | null = null;
    /** The bytes of a part decoded in one piece, looked at for declarations faster than its text. */
    let single: Uint8Array | null = null;
    const pieces: string[] = [];
    let size = 0;
    let chunks = 0;
    const take = (chunk: Uint8Array) => {
      size += chunk.length;
      if (inflated + size > lim.maxUncompressed)
        reject(
          `dung lượng khi giải nén vượt giới hạn ${fmtMB(lim.maxUncompressed)}: nghi là "bom nén" (zip bomb), không mở`,
        );
      if (!keep) return;
      // A whole small part is decoded at once and counted below only when its length could pass a bound.
      const first = chunks++ === 0;
      if (first && size === e.size) {
        if (lazy) {
          whole = chunk;
          return;
        }
        single = chunk;
        pieces.push(asBytes ? byteText(chunk, true) : sharedDecoder().decode(chunk));
        return;
      }
      let text: string;
      if (asBytes) text = byteText(chunk, first);
      else {
        decoder ??= new TextDecoder('utf-8');
        text = decoder.decode(chunk, { stream: true });
      }
      pieces.push(text);
      if (counter) {
        counter.add(text);
        if (counter.rows > lim.maxRows) tooManyRows();
      }
    };
    try {
      inflateEntry(e, take);
    } catch (err) {
      if (!(err instanceof ZipError)) throw err;
      if (err.kind === 'oversize')
        reject(
          `${label} giải nén ra nhiều hơn kích thước khai báo: tệp bị sửa đổi hoặc là "bom nén" (zip bomb), không mở`,
        );
      if (err.kind === 'crc')
        reject(`tệp bị hỏng: ${label} sai mã kiểm tra CRC (dữ liệu bị thay đổi khi sao chép hoặc tải về)`);
      if (err.kind === 'size') reject(`tệp bị hỏng: ${label} ${err.message}`);
      reject(`tệp bị hỏng: ${label} không giải nén được (dữ liệu nén không hợp lệ hoặc bị cắt)`);
    }
    inflated += size;
    if (whole) {
      if (declaresDoctype(whole))
        reject(
          `${label} có khai báo DOCTYPE/ENTITY, điều tệp Excel bình thường không có: từ chối đọc (có thể là tệp độc hại)`,
        );
      undecoded.set(e.name, whole);
    } else if (keep) {
      const streamed = decoder as TextDecoder | null;
      if (streamed) pieces.push(streamed.decode());
      const text = pieces.length === 1 ? pieces[0] : pieces.join('');
      // "<!" opens only comments, CDATA, DOCTYPE and ENTITY: the pattern runs only where one is. The bytes
      // of a part in one piece are searched instead (the same words in ASCII, found by the engine's own search).
      const bytes = single as Uint8Array | null;
      const declares = bytes ? declaresDoctype(bytes) : text.includes('<!') && /<!DOCTYPE|<!ENTITY/i.test(text);
      if (declares)
        reject(
          `${label} có khai báo DOCTYPE/ENTITY, điều tệp Excel bình thường không có: từ chối đọc (có thể là tệp độc hại)`,
        );
      if (counter && chunks === 1) {
        // A row tag ("<row>") takes at least 5 characters and a cell tag ("<c>") 3: text too short to pass a
        // bound is counted only once the sheets together could pass it.
        if (text.length > lim.maxRows * 5) {
          counter.add(text);
          if (counter.rows > lim.maxRows) tooManyRows();
        } else {
          uncounted.push(text);
          uncountedChars += text.length;
          if (cells + uncountedChars / 3 > lim.maxCells) {
            for (const t of uncounted) cells += countOf(CELL_TAG, t);
            uncounted.length = 0;
            uncountedChars = 0;
            if (cells > lim.maxCells) tooManyCells();
          }
        }
      }
      texts.set(e.name, text);
    }
    sinceYield += size;
    if (sinceYield > YIELD_BYTES) {
      sinceYield = 0;
      await pause();
    }
  }

  const structure = known ?? workbookStructure(texts, reject);
  for (const s of structure.sheets) {
    const label = `trang tính "${s.name}"`;
    if (!names.has(s.path)) reject(`${label} không có trong tệp (thiếu "${s.path}"): tệp bị hỏng`);
    const xml = texts.get(s.path) ?? '';
    if (xml.trim() === '') reject(`${label} rỗng (0 byte): tệp bị hỏng, không đọc được số liệu của trang này`);
    if (!closesRoot(xml, 'worksheet')) reject(`${label} bị cắt hoặc hỏng (nội dung XML không đầy đủ)`);
  }
  const stringCount = checkSharedStrings(structure.sharedStrings, texts, reject);
  for (const s of structure.sheets) {
    const xml = texts.get(s.path)!;
    const label = `trang tính "${s.name}"`;
    const overlong = overlongText(xml, lim.maxCellChars, byteParts.has(s.path));
    if (overlong)
      reject(`${label} có ô dài ${overlong}, vượt giới hạn ${fmtInt(lim.maxCellChars)} ký tự của Excel: tệp bị hỏng`);
    if (lim.readerChecksStringIndexes) continue;
    const index = largestStringIndex(xml);
    if (index >= 0 && index >= stringCount) reject(stringIndexReason(s.name, index, stringCount));
  }
  if (structure.sharedStrings) {
    const overlong = overlongText(
      texts.get(structure.sharedStrings) ?? '',
      lim.maxCellChars,
      byteParts.has(structure.sharedStrings),
    );
    if (overlong)
      reject(
        `bảng chuỗi dùng chung có chuỗi dài ${overlong}, vượt giới hạn ${fmtInt(lim.maxCellChars)} ký tự của Excel`,
      );
  }

  return {
    file: fileName,
    names,
    xml: (name) => {
      const path = name.replace(/^\//, '');
      const bytes = undecoded.get(path);
      if (bytes) {
        texts.set(path, sharedDecoder().decode(bytes));
        undecoded.delete(path);
      }
      return texts.get(path);
    },
    isByteText: (name) => byteParts.has(name.replace(/^\//, '')),
    workbookPath: structure.workbookPath,
    sheets: structure.sheets,
  };
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Why a sheet whose cell uses shared string `index` (from 0) is refused when the table has `count`. */
export function stringIndexReason(sheet: string, index: number, count: number): string {
  return (
    `trang tính "${sheet}" dùng chuỗi số ${fmtInt(index + 1)} nhưng bảng chuỗi dùng chung chỉ có ${fmtInt(count)}: ` +
    'tệp bị hỏng, chữ trong các ô sẽ bị lệch nên không đọc'
  );
}

/** Inflation order: package relationships and the workbook first, then everything else. */
function rank(name: string): number {
  if (name === '_rels/.rels' || name === '[Content_Types].xml') return 0;
  if (/^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels)$/.test(name)) return 1;
  if (/\.rels$/.test(name) || !/^xl\/[^/]+\.xml$/.test(name)) return 3;
  return 2;
}

interface Structure {
  workbookPath: string;
  sheets: { name: string; path: string }[];
  sharedStrings: string | null;
}

function workbookStructure(texts: Map<string, string>, reject: (reason: string) => never): Structure {
  const root = relationships(texts.get('_rels/.rels'), '');
  const workbookPath = root.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbook = texts.get(workbookPath);
  if (!workbook || workbook.trim() === '') return reject(`phần "${workbookPath}" rỗng hoặc không có: tệp bị hỏng`);
  if (!closesRoot(workbook, 'workbook')) reject(`phần "${workbookPath}" bị cắt hoặc hỏng (nội dung XML không đầy đủ)`);
  const base = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
  const rels = relationships(texts.get(`${base}_rels/${workbookPath.slice(base.length)}.rels`), base);
  const sheets: { name: string; path: string }[] = [];
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const name = attr(m[1], 'name');
    const rid = /(?:^|\s)(?:[\w.-]+:)?id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(m[1]);
    const rel = rid ? rels.find((r) => r.id === (rid[1] ?? rid[2])) : undefined;
    if (name && rel && rel.type.endsWith('/worksheet')) sheets.push({ name: decodeBasic(name), path: rel.target });
  }
  const shared = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target ?? null;
  return { workbookPath, sheets, sharedStrings: shared };
}

/** Number of shared strings; refuses a table that is empty, cut or counts other than it holds. */
function checkSharedStrings(
  path: string | null,
  texts: Map<string, string>,
  reject: (reason: string) => never,
): number {
  if (!path || !texts.has(path)) return 0;
  const xml = texts.get(path)!;
  const label = 'bảng chuỗi dùng chung (sharedStrings.xml)';
  if (xml.trim() === '') reject(`${label} rỗng (0 byte): tệp bị hỏng, chữ trong các ô không đọc được`);
  if (!closesRoot(xml, 'sst')) reject(`${label} bị cắt hoặc hỏng (nội dung XML không đầy đủ)`);
  const { opened, selfClosed, closed } = stringItemTags(xml);
  if (opened - selfClosed !== closed)
    reject(`${label} bị hỏng (thẻ chuỗi không đóng): chữ trong các ô sẽ bị lệch nên không đọc`);
  const items = opened;
  const sst = /<(?:\w+:)?sst\b([^>]*)>/.exec(xml);
  const unique = sst ? attr(sst[1], 'uniqueCount') : undefined;
  if (unique !== undefined && /^\d+$/.test(unique) && Number(unique) !== items)
    reject(
      `${label} khai báo ${fmtInt(Number(unique))} chuỗi nhưng có ${fmtInt(items)}: tệp bị hỏng, chữ trong các ô sẽ bị lệch nên không đọc`,
    );
  return items;
}

const isWordChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; /* [A-Za-z0-9_] */
const isNameChar = (c: number) => isWordChar(c) || c === 45 || c === 46; /* [\w.-] */
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;

/** After `<` at `i`: where the local name starts, past an optional `prefix:` whose characters `ok` accepts. */
function localNameAt(xml: string, i: number, ok: (c: number) => boolean): number {
  let k = i;
  while (k < xml.length && ok(xml.charCodeAt(k))) k++;
  return k > i && xml.charCodeAt(k) === 58 /* : */ ? k + 1 : i;
}

/**
 * The `<si>` tags of a shared-strings part: opened (`<si>`, `<si …>`), self-closed (`<si/>`, `<si />`) and
 * closed (`</si>`), an optional `prefix:` allowed; a tag whose name goes on (`<sic>`) counts nothing. What
 * `/<(\/?)(?:[A-Za-z0-9_]+:)?si([ \t\n\r\f\v]*)(\/>|>)?/g` finds, led by the engine's own search for
 * "si" (a table's runs hold many "<" and few "si"), each checked to be a tag's name.
 */
export function stringItemTags(xml: string): { opened: number; selfClosed: number; closed: number } {
  let opened = 0;
  let selfClosed = 0;
  let closed = 0;
  for (let at = xml.indexOf('si'); at >= 0; at = xml.indexOf('si', at + 2)) {
    // Back to the "<" or "</", past a prefix and its colon.
    let before = at - 1;
    if (xml.charCodeAt(before) === 58 /* : */) {
      let k = before - 1;
      while (k >= 0 && isWordChar(xml.charCodeAt(k))) k--;
      if (k === before - 1) continue;
      before = k;
    }
    let slash = false;
    if (xml.charCodeAt(before) === 47 /* / */) {
      slash = true;
      before--;
    }
    if (before < 0 || xml.charCodeAt(before) !== 60 /* < */) continue;
    let k = at + 2;
    while (isSpace(xml.charCodeAt(k))) k++;
    const space = k > at + 2;
    const end = xml.charCodeAt(k) === 62 ? '>' : xml.startsWith('/>', k) ? '/>' : '';
    if (slash) {
      if (!space && end === '>') closed++;
      continue;
    }
    // "<si", then a space, ">" or "/>": a string item ("<sig…" is another element); "<si/>" is an empty one.
    if (space || end) opened++;
    if (end === '/>') selfClosed++;
  }
  return { opened, selfClosed, closed };
}

/**
 * Largest shared-string index a sheet's cells use (-1 when none): each `<c … t="s">` whose value (after
 * an optional formula) is digits. Only the `t="s"` attributes are visited (found by the engine's own
 * search), each checked to sit in a cell's start tag; each such cell's body is looked at once.
 */
function largestStringIndex(xml: string): number {
  let max = -1;
  const skipSpace = (k: number) => {
    while (isSpace(xml.charCodeAt(k))) k++;
    return k;
  };
  /** Past `<prefix:name` at `k` followed by `boundary`, or -1. */
  const tagAt = (k: number, name: string, boundary: (c: number) => boolean) => {
    if (xml.charCodeAt(k) !== 60 /* < */) return -1;
    const at = localNameAt(xml, k + 1, isNameChar);
    return xml.startsWith(name, at) && boundary(xml.charCodeAt(at + name.length)) ? at + name.length : -1;
  };
  let lastTag = -1;
  SHARED_TYPE.lastIndex = 0;
  for (let m = SHARED_TYPE.exec(xml); m; m = SHARED_TYPE.exec(xml)) {
    const t = m.index + m[1].length;
    const lt = xml.lastIndexOf('<', t);
    // One cell's tag is looked at once, whatever its attributes repeat.
    if (lt < 0 || lt === lastTag) continue;
    const name = localNameAt(xml, lt + 1, isNameChar);
    if (xml.charCodeAt(name) !== 99 /* c */ || !isSpace(xml.charCodeAt(name + 1))) continue;
    const gt = xml.indexOf('>', name + 1);
    if (gt < 0) break;
    if (t + 5 > gt) continue;
    lastTag = lt;
    let k = skipSpace(gt + 1);
    const f = tagAt(k, 'f', (c) => !isWordChar(c));
    if (f >= 0) {
      const fEnd = xml.indexOf('>', f);
      if (fEnd < 0) continue;
      if (xml.charCodeAt(fEnd - 1) === 47 /* / */) k = fEnd + 1;
      else {
        const close = xml.indexOf('<', fEnd + 1);
        if (close < 0 || xml.charCodeAt(close + 1) !== 47 /* / */) continue;
        const fClose = localNameAt(xml, close + 2, isNameChar);
        if (!xml.startsWith('f>', fClose)) continue;
        k = fClose + 2;
      }
      k = skipSpace(k);
    }
    const v = tagAt(k, 'v', (c) => c === 62);
    if (v < 0) continue;
    let d = skipSpace(v + 1);
    const digits = d;
    while (xml.charCodeAt(d) >= 48 && xml.charCodeAt(d) <= 57) d++;
    if (d === digits || xml.charCodeAt(skipSpace(d)) !== 60) continue;
    max = Math.max(max, Number(xml.slice(digits, d)));
  }
  return max;
}

/** `t="s"` or `t='s'` as a whole attribute name. */
// No lookbehind (Safari 12 has none): the character before, if any, is matched and skipped.
const SHARED_TYPE = /(^|[^A-Za-z0-9_])t=(["'])s\2/g;
