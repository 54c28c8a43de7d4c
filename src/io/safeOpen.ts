// Opening a workbook a colleague sent, which may be anything: an old .xls, a password-protected file,
// a CSV renamed .xlsx, a truncated download, a zip bomb. Every refusal is a WorkbookRejected with a
// Vietnamese reason; nothing from jszip or exceljs escapes raw.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

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
}

const MB = 1024 * 1024;
const DEFAULTS = { maxBytes: 50 * MB, maxUncompressed: 300 * MB, maxRatio: 200 };
/** Entries below this size may compress as well as they like (empty sheets compress 1000:1). */
const RATIO_FLOOR = 1 * MB;
const MAX_ENTRIES = 10000;

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

interface ZipEntryInfo {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
}

/**
 * Reads the zip's central directory (the sizes it declares) without inflating anything.
 * Returns a Vietnamese reason when the directory is missing or inconsistent.
 */
function readCentralDirectory(data: Uint8Array): ZipEntryInfo[] | string {
  const damaged = 'tệp bị hỏng hoặc tải về chưa hết (cấu trúc nén zip không đầy đủ)';
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u16 = (p: number) => view.getUint16(p, true);
  const u32 = (p: number) => view.getUint32(p, true);
  const u64 = (p: number) => Number(view.getBigUint64(p, true));

  let eocd = -1;
  for (let p = data.length - 22; p >= Math.max(0, data.length - 22 - 0xffff); p--) {
    if (u32(p) === 0x06054b50) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) return `${damaged}: không tìm thấy mục lục của tệp nén`;

  let count = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || u32(locator) !== 0x07064b50) return `${damaged}: mục lục ZIP64 không hợp lệ`;
    const z64 = u64(locator + 8);
    if (z64 + 56 > data.length || u32(z64) !== 0x06064b50) return `${damaged}: mục lục ZIP64 không hợp lệ`;
    count = u64(z64 + 32);
    cdSize = u64(z64 + 40);
    cdOffset = u64(z64 + 48);
  }
  if (cdOffset + cdSize > data.length) return `${damaged}: mục lục trỏ ra ngoài tệp`;
  if (count > MAX_ENTRIES)
    return `tệp nén có ${count} thành phần, quá nhiều đối với một sổ tính (giới hạn ${MAX_ENTRIES})`;

  const entries: ZipEntryInfo[] = [];
  const decoder = new TextDecoder('utf-8');
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > data.length || u32(p) !== 0x02014b50) return `${damaged}: mục lục bị hỏng`;
    const flags = u16(p + 8);
    const method = u16(p + 10);
    let compressedSize = u32(p + 20);
    let uncompressedSize = u32(p + 24);
    const nameLen = u16(p + 28);
    const extraLen = u16(p + 30);
    const commentLen = u16(p + 32);
    let localOffset = u32(p + 42);
    if (p + 46 + nameLen + extraLen + commentLen > data.length) return `${damaged}: mục lục bị cắt`;
    const name = decoder.decode(data.subarray(p + 46, p + 46 + nameLen));
    // ZIP64 extra field: the 64-bit values replace those stored as 0xFFFFFFFF, in this order.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = u16(e);
      const size = u16(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const end = q + size;
        if (uncompressedSize === 0xffffffff && q + 8 <= end) {
          uncompressedSize = u64(q);
          q += 8;
        }
        if (compressedSize === 0xffffffff && q + 8 <= end) {
          compressedSize = u64(q);
          q += 8;
        }
        if (localOffset === 0xffffffff && q + 8 <= end) localOffset = u64(q);
      }
      e += 4 + size;
    }
    if (localOffset + 30 > cdOffset || u32(localOffset) !== 0x04034b50)
      return `${damaged}: thành phần "${name}" không đọc được`;
    const dataStart = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28);
    if (dataStart + compressedSize > cdOffset) return `${damaged}: thành phần "${name}" bị cắt`;
    entries.push({
      name: name.replace(/^\//, ''),
      method,
      encrypted: (flags & 1) === 1,
      compressedSize,
      uncompressedSize,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
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

interface StreamHelperLike {
  on(event: 'data', fn: (chunk: Uint8Array) => void): StreamHelperLike;
  on(event: 'error', fn: (err: unknown) => void): StreamHelperLike;
  on(event: 'end', fn: () => void): StreamHelperLike;
  resume(): StreamHelperLike;
  pause(): StreamHelperLike;
}

/**
 * Inflates one entry chunk by chunk, counting bytes and dropping them, and stops as soon as it
 * produces more than it declared: a zip whose central directory lies about sizes is caught here,
 * before exceljs inflates it whole.
 */
function measureEntry(
  file: JSZip.JSZipObject,
  limit: number,
): Promise<{ size: number } | { over: true } | { error: unknown }> {
  return new Promise((resolve) => {
    let size = 0;
    let done = false;
    const stream = (file as unknown as { internalStream(type: 'uint8array'): StreamHelperLike }).internalStream(
      'uint8array',
    );
    stream
      .on('data', (chunk) => {
        if (done) return;
        size += chunk.length;
        if (size > limit) {
          done = true;
          stream.pause();
          resolve({ over: true });
        }
      })
      .on('error', (error) => {
        if (done) return;
        done = true;
        resolve({ error });
      })
      .on('end', () => {
        if (done) return;
        done = true;
        resolve({ size });
      })
      .resume();
  });
}

function hasAnyValue(ws: ExcelJS.Worksheet): boolean {
  let found = false;
  ws.eachRow({ includeEmpty: false }, (row) => {
    if (found) return;
    row.eachCell({ includeEmpty: false }, (cell) => {
      const v = cell.value;
      if (v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '')) found = true;
    });
  });
  return found;
}

/**
 * Checks the bytes, then loads them with exceljs. Refuses, with a Vietnamese reason naming the file:
 * an empty or oversized file, an old .xls, a password-protected file, text or CSV renamed .xlsx, a
 * damaged or truncated zip, a zip that is not a workbook, a zip bomb, a workbook with no values.
 */
export async function openWorkbook(
  data: Uint8Array,
  fileName: string,
  limits: OpenLimits = {},
): Promise<ExcelJS.Workbook> {
  const maxBytes = limits.maxBytes ?? DEFAULTS.maxBytes;
  const maxUncompressed = limits.maxUncompressed ?? DEFAULTS.maxUncompressed;
  const maxRatio = limits.maxRatio ?? DEFAULTS.maxRatio;
  const reject = (reason: string): never => {
    throw new WorkbookRejected(reason, fileName);
  };

  if (!data || data.length === 0) reject('tệp rỗng (0 byte)');
  if (data.length > maxBytes) reject(`tệp quá lớn (${fmtMB(data.length)}, giới hạn ${fmtMB(maxBytes)})`);
  if (startsWith(data, OLE2)) reject(describeOle2(data));
  const isZip = startsWith(data, [0x50, 0x4b, 0x03, 0x04]) || startsWith(data, [0x50, 0x4b, 0x05, 0x06]);
  if (!isZip) reject(describeNonZip(data));

  const entries = readCentralDirectory(data);
  if (typeof entries === 'string') return reject(entries);

  // Sizes as declared, before anything is inflated.
  let declaredTotal = 0;
  for (const e of entries) {
    declaredTotal += e.uncompressedSize;
    if (e.encrypted) reject(`thành phần "${e.name}" được mã hóa bằng mật khẩu`);
    if (e.method !== 0 && e.method !== 8) reject(`thành phần "${e.name}" nén theo cách không hỗ trợ (mã ${e.method})`);
    if (e.uncompressedSize > RATIO_FLOOR) {
      const ratio = e.compressedSize === 0 ? Infinity : e.uncompressedSize / e.compressedSize;
      if (ratio > maxRatio) {
        reject(
          `thành phần "${e.name}" khai báo ${fmtMB(e.uncompressedSize)} khi giải nén từ ${fmtMB(e.compressedSize)} ` +
            `(tỷ lệ nén ${Math.round(ratio)}:1, giới hạn ${maxRatio}:1): nghi là "bom nén" (zip bomb), không mở`,
        );
      }
    }
  }
  if (declaredTotal > maxUncompressed) {
    reject(
      `dung lượng khi giải nén ${fmtMB(declaredTotal)} vượt giới hạn ${fmtMB(maxUncompressed)}: nghi là "bom nén" (zip bomb), không mở`,
    );
  }
  const nonWorkbook = describeNonWorkbook(new Set(entries.map((e) => e.name)));
  if (nonWorkbook) reject(nonWorkbook);

  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch (e) {
    return reject(`tệp bị hỏng, không giải nén được (${e instanceof Error ? e.message : String(e)})`);
  }

  // Sizes as they really are, entry by entry, stopping at the first that exceeds what it declared.
  const declared = new Map(entries.map((e) => [e.name, e.uncompressedSize]));
  let actualTotal = 0;
  for (const file of Object.values(zip.files)) {
    if (file.dir) continue;
    const name = file.name.replace(/^\//, '');
    // A name decoded differently from ours (Unicode path field) is held to the total budget only.
    const limit = Math.min(declared.get(name) ?? Infinity, maxUncompressed - actualTotal);
    const measured = await measureEntry(file, limit);
    if ('over' in measured) {
      reject(
        declared.has(name)
          ? `thành phần "${name}" giải nén ra nhiều hơn kích thước khai báo: tệp bị sửa đổi hoặc là "bom nén" (zip bomb), không mở`
          : `dung lượng khi giải nén vượt giới hạn ${fmtMB(maxUncompressed)}: nghi là "bom nén" (zip bomb), không mở`,
      );
    } else if ('error' in measured) {
      const err = measured.error;
      reject(
        `tệp bị hỏng: thành phần "${name}" không giải nén được (${err instanceof Error ? err.message : String(err)})`,
      );
    } else {
      actualTotal += measured.size;
    }
  }

  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch (e) {
    return reject(
      `Excel không đọc được nội dung sổ tính (${e instanceof Error ? e.message : String(e)}); tệp có thể bị hỏng`,
    );
  }
  if (wb.worksheets.length === 0) reject('sổ tính không có trang tính nào');
  if (!wb.worksheets.some(hasAnyValue)) reject('sổ tính trống: không trang tính nào có dữ liệu');
  return wb;
}
