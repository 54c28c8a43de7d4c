import { Deflate, Inflate, inflateSync } from 'fflate';
import * as zlib from 'zlib';

/**
 * The one zip reader and writer. Reading: the central directory (zip64 too) with the sizes it
 * declares, and each entry inflated under checks: never past its declared size (zip bombs,
 * lying sizes), its size and CRC as declared. Node's native zlib where it exists (the CLI), fflate
 * in the browser (webpack gives an empty `zlib` there). Writing: unchanged parts copied still
 * compressed, new parts deflated as their text is produced.
 */

export interface ZipEntry {
  /** As stored, a leading "/" included. */
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  encrypted: boolean;
  crc: number;
  compressedSize: number;
  /** Uncompressed size, as declared. */
  size: number;
  /** The entry's bytes as stored in the archive. */
  raw: Uint8Array;
}

/** What went wrong reading a zip or one of its entries; readers turn it into their own message. */
export class ZipError extends Error {
  constructor(
    message: string,
    /** `oversize`: inflates past its declared size; `corrupt`: not valid deflate data. */
    readonly kind: 'directory' | 'oversize' | 'corrupt' | 'size' | 'crc' = 'directory',
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DAMAGED = 'tệp bị hỏng hoặc tải về chưa hết (cấu trúc nén zip không đầy đủ)';

/** Node's zlib, or null in the browser. */
const native = typeof zlib.inflateRawSync === 'function' ? zlib : null;

/**
 * Reads the zip's central directory (the sizes it declares) without inflating anything.
 * Throws a ZipError with a Vietnamese reason when the directory is missing or inconsistent.
 */
export function readZipDirectory(data: Uint8Array, maxEntries = Infinity): ZipEntry[] {
  const bad = (why: string): never => {
    throw new ZipError(`${DAMAGED}: ${why}`);
  };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u16 = (p: number) => view.getUint16(p, true);
  const u32 = (p: number) => view.getUint32(p, true);
  const u64 = (p: number) => Number(view.getBigUint64(p, true));

  let eocd = -1;
  for (let p = data.length - 22; p >= Math.max(0, data.length - 22 - 0xffff); p--) {
    if (u32(p) === EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) bad('không tìm thấy mục lục của tệp nén');

  let count = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || u32(locator) !== 0x07064b50) bad('mục lục ZIP64 không hợp lệ');
    const z64 = u64(locator + 8);
    if (z64 + 56 > data.length || u32(z64) !== 0x06064b50) bad('mục lục ZIP64 không hợp lệ');
    count = u64(z64 + 32);
    cdSize = u64(z64 + 40);
    cdOffset = u64(z64 + 48);
  }
  if (cdOffset + cdSize > data.length) bad('mục lục trỏ ra ngoài tệp');
  if (count > maxEntries)
    throw new ZipError(
      `tệp nén có ${count.toLocaleString('vi-VN')} thành phần, quá nhiều đối với một sổ tính (giới hạn ${maxEntries.toLocaleString('vi-VN')})`,
    );

  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder('utf-8');
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > data.length || u32(p) !== CENTRAL) bad('mục lục bị hỏng');
    const flags = u16(p + 8);
    const method = u16(p + 10);
    const crc = u32(p + 16);
    let compressedSize = u32(p + 20);
    let size = u32(p + 24);
    const nameLen = u16(p + 28);
    const extraLen = u16(p + 30);
    const commentLen = u16(p + 32);
    let localOffset = u32(p + 42);
    if (p + 46 + nameLen + extraLen + commentLen > data.length) bad('mục lục bị cắt');
    const name = decoder.decode(data.subarray(p + 46, p + 46 + nameLen));
    // ZIP64 extra field: the 64-bit values replace those stored as 0xFFFFFFFF, in this order.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = u16(e);
      const fieldSize = u16(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const end = q + fieldSize;
        if (size === 0xffffffff && q + 8 <= end) {
          size = u64(q);
          q += 8;
        }
        if (compressedSize === 0xffffffff && q + 8 <= end) {
          compressedSize = u64(q);
          q += 8;
        }
        if (localOffset === 0xffffffff && q + 8 <= end) localOffset = u64(q);
      }
      e += 4 + fieldSize;
    }
    if (localOffset + 30 > cdOffset || u32(localOffset) !== LOCAL) bad(`thành phần "${name}" không đọc được`);
    const dataStart = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28);
    if (dataStart + compressedSize > cdOffset) bad(`thành phần "${name}" bị cắt`);
    entries.push({
      name,
      method,
      encrypted: (flags & 1) === 1,
      crc,
      compressedSize,
      size,
      raw: data.subarray(dataStart, dataStart + compressedSize),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 of `chunk` continuing `crc` (0 to start), as zip stores it. */
function crc32(chunk: Uint8Array, crc: number): number {
  if (native?.crc32) return native.crc32(chunk, crc);
  let c = crc ^ -1;
  for (let i = 0; i < chunk.length; i++) c = CRC_TABLE[(c ^ chunk[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/**
 * Entries this small (compressed) inflate in one call, into at most their declared size plus one byte:
 * more means the entry lies about its size. Larger entries stream, so a bomb stops at the first chunk
 * past its bound, and a caller counting rows can stop a sheet early.
 */
const ONE_CALL_BYTES = 256 * 1024;
const ONE_CALL_MAX_OUTPUT = 16 * 1024 * 1024;
/** Compressed bytes given to the streaming inflater at a time: one push of a bomb yields at most ~16 MB. */
const PUSH_BYTES = 16 * 1024;

/**
 * Inflates one call's worth, bounded by the declared size + 1 byte; null when fflate fails, which it
 * also does when its buffer is too small: the streaming path then tells a lie from damage.
 */
function inflateOnce(entry: ZipEntry): Uint8Array | null {
  if (native) {
    try {
      return native.inflateRawSync(entry.raw, { maxOutputLength: entry.size + 1 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new ZipError('giải nén ra nhiều hơn kích thước khai báo', 'oversize');
      throw new ZipError('dữ liệu nén không hợp lệ hoặc bị cắt', 'corrupt');
    }
  }
  try {
    return inflateSync(entry.raw, { out: new Uint8Array(entry.size + 1) });
  } catch {
    return null;
  }
}

/**
 * Inflates an entry under its checks, handing the bytes to `take` as they come (one chunk for a small
 * entry). Throws ZipError: `oversize` as soon as it passes its declared size, `corrupt`, or `size`/`crc`
 * at the end. An error `take` throws stops the inflation and passes through.
 */
export function inflateEntry(entry: ZipEntry, take: (chunk: Uint8Array) => void): void {
  let size = 0;
  let crc = 0;
  let stopped: unknown = undefined;
  const accept = (chunk: Uint8Array) => {
    size += chunk.length;
    if (size > entry.size) throw (stopped = new ZipError('giải nén ra nhiều hơn kích thước khai báo', 'oversize'));
    crc = crc32(chunk, crc);
    try {
      take(chunk);
    } catch (e) {
      throw (stopped = e);
    }
  };
  if (entry.method !== 0 && entry.method !== 8)
    throw new ZipError(`nén theo cách không hỗ trợ (mã ${entry.method})`, 'corrupt');
  const small = entry.raw.length <= ONE_CALL_BYTES && entry.size <= ONE_CALL_MAX_OUTPUT;
  const once = entry.method === 0 ? entry.raw : small ? inflateOnce(entry) : null;
  if (once) accept(once);
  else {
    const inflater = new Inflate((chunk) => accept(chunk));
    try {
      for (let at = 0; at < entry.raw.length; at += PUSH_BYTES) {
        const end = Math.min(entry.raw.length, at + PUSH_BYTES);
        inflater.push(entry.raw.subarray(at, end), end === entry.raw.length);
      }
      if (entry.raw.length === 0) inflater.push(new Uint8Array(0), true);
    } catch (err) {
      // The caller's own stop (or the size bound) passes through; anything else is the inflater's.
      if (err === stopped) throw err;
      throw new ZipError('dữ liệu nén không hợp lệ hoặc bị cắt', 'corrupt');
    }
  }
  if (size !== entry.size)
    throw new ZipError(
      `giải nén ra ${size.toLocaleString('vi-VN')} byte, khác ${entry.size.toLocaleString('vi-VN')} byte đã khai báo`,
      'size',
    );
  if (crc >>> 0 !== entry.crc >>> 0) throw new ZipError('sai mã kiểm tra CRC', 'crc');
}

/** An entry's text (UTF-8), inflated under its checks. */
export function entryText(entry: ZipEntry): string {
  const chunks: Uint8Array[] = [];
  inflateEntry(entry, (c) => chunks.push(c));
  const decoder = new TextDecoder('utf-8');
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  return chunks.map((c, i) => decoder.decode(c, { stream: i < chunks.length - 1 })).join('');
}

// ---------------------------------------------------------------- writing

interface Written {
  name: Uint8Array;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** Where the archive's bytes go as they are made. */
export type ZipSink = (chunk: Uint8Array) => void;

/**
 * Level 1: generated sheets (a thousand units' columns) deflate 2–3× faster than at level 3, for about
 * a tenth more bytes (7 times smaller than the XML still); the default 6 is slower again.
 */
const DEFLATE_LEVEL = 1;
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;
let encoder: TextEncoder | undefined;
/** UTF-8 bytes of a text; the encoder is made on first use (not at load, before a page sets up). */
const utf8 = (text: string) => (encoder ??= new TextEncoder()).encode(text);

/** A little-endian record of `size` bytes, filled by `fill`. */
function record(size: number, fill: (v: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  fill(new DataView(bytes.buffer));
  return bytes;
}

/**
 * Writes an archive entry by entry; each new part is deflated while its text is produced (native
 * zlib in Node, fflate in the browser: the pane writes the same workbooks as the CLI). No zip64.
 */
export class ZipWriter {
  private offset = 0;
  private readonly written: Written[] = [];

  constructor(private readonly sink: ZipSink) {}

  private emit(chunk: Uint8Array): void {
    this.offset += chunk.length;
    this.sink(chunk);
  }

  private localHeader(w: Omit<Written, 'offset'>): Uint8Array {
    return record(30, (h) => {
      h.setUint32(0, LOCAL, true);
      h.setUint16(4, 20, true);
      h.setUint16(6, 0x0800, true); // UTF-8 names
      h.setUint16(8, w.method, true);
      h.setUint16(10, 0, true);
      h.setUint16(12, DOS_DATE, true);
      h.setUint32(14, w.crc >>> 0, true);
      h.setUint32(18, w.compressedSize, true);
      h.setUint32(22, w.size, true);
      h.setUint16(26, w.name.length, true);
      h.setUint16(28, 0, true);
    });
  }

  private add(w: Omit<Written, 'offset'>, data: Uint8Array[]): void {
    const offset = this.offset;
    this.emit(this.localHeader(w));
    this.emit(w.name);
    for (const d of data) this.emit(d);
    this.written.push({ ...w, offset });
  }

  /** Copies an entry of another archive as it is, without inflating it. */
  copy(entry: ZipEntry, name = entry.name): void {
    this.add(
      {
        name: utf8(name),
        method: entry.method,
        crc: entry.crc,
        compressedSize: entry.compressedSize,
        size: entry.size,
      },
      [entry.raw],
    );
  }

  /** A new part from text produced piece by piece (kept in memory only compressed). */
  text(name: string, pieces: Iterable<string>): void {
    const deflater = new Deflater();
    let batch = '';
    for (const piece of pieces) {
      batch += piece;
      if (batch.length >= 256 * 1024) {
        deflater.push(utf8(batch));
        batch = '';
      }
    }
    deflater.push(utf8(batch));
    const { chunks, crc, size, compressedSize } = deflater.end();
    this.add({ name: utf8(name), method: 8, crc, compressedSize, size }, chunks);
  }

  /** The central directory and its end record. */
  finish(): void {
    const start = this.offset;
    for (const w of this.written) {
      this.emit(
        record(46, (h) => {
          h.setUint32(0, CENTRAL, true);
          h.setUint16(4, 20, true);
          h.setUint16(6, 20, true);
          h.setUint16(8, 0x0800, true);
          h.setUint16(10, w.method, true);
          h.setUint16(12, 0, true);
          h.setUint16(14, DOS_DATE, true);
          h.setUint32(16, w.crc >>> 0, true);
          h.setUint32(20, w.compressedSize, true);
          h.setUint32(24, w.size, true);
          h.setUint16(28, w.name.length, true);
          h.setUint32(42, w.offset, true);
        }),
      );
      this.emit(w.name);
    }
    this.emit(
      record(22, (end) => {
        end.setUint32(0, EOCD, true);
        end.setUint16(8, this.written.length, true);
        end.setUint16(10, this.written.length, true);
        end.setUint32(12, this.offset - start, true);
        end.setUint32(16, start, true);
      }),
    );
  }
}

/**
 * Incremental raw deflate. Node: each batch is compressed on its own and ends with a sync flush
 * (whole, non-final blocks), and an empty final block closes the part; the concatenation is one
 * valid deflate stream. The browser: fflate's streaming deflater. The part is never held
 * uncompressed whole.
 */
class Deflater {
  private readonly chunks: Uint8Array[] = [];
  private crc = 0;
  private size = 0;
  private compressedSize = 0;
  private readonly stream: Deflate | null = native
    ? null
    : new Deflate({ level: DEFLATE_LEVEL }, (chunk) => this.keep(chunk));

  push(data: Uint8Array): void {
    if (data.length === 0) return;
    this.crc = crc32(data, this.crc);
    this.size += data.length;
    if (this.stream) this.stream.push(data, false);
    else this.keep(native!.deflateRawSync(data, { level: DEFLATE_LEVEL, finishFlush: native!.constants.Z_SYNC_FLUSH }));
  }

  private keep(out: Uint8Array): void {
    if (out.length === 0) return;
    this.chunks.push(out);
    this.compressedSize += out.length;
  }

  end(): { chunks: Uint8Array[]; crc: number; size: number; compressedSize: number } {
    if (this.stream) this.stream.push(new Uint8Array(0), true);
    else this.keep(native!.deflateRawSync(new Uint8Array(0)));
    return { chunks: this.chunks, crc: this.crc, size: this.size, compressedSize: this.compressedSize };
  }
}
