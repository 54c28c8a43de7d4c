import * as zlib from 'zlib';

/**
 * A small zip reader and writer over Node's native zlib, for rewriting an .xlsx without an
 * object model: unchanged parts are copied as they are (still compressed), changed and new
 * parts are deflated as they are produced. Node only (the pane keeps exceljs/JSZip).
 * No zip64: an .xlsx this product writes stays far below 4 GiB.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** The entry's bytes as stored in the archive. */
  raw: Uint8Array;
}

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of a zip, by name, read from its central directory. */
export function readZip(data: Uint8Array, file: string): Map<string, ZipEntry> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const bad = (why: string) => new ZipError(`Tệp "${file}" không phải tệp .xlsx hợp lệ: ${why}.`);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('không tìm thấy mục lục của tệp nén');
  const count = buf.readUInt16LE(eocd + 10);
  let pos = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (pos + 46 > buf.length || buf.readUInt32LE(pos) !== CENTRAL) throw bad('mục lục tệp nén bị hỏng');
    const method = buf.readUInt16LE(pos + 10);
    const crc = buf.readUInt32LE(pos + 16);
    const compressedSize = buf.readUInt32LE(pos + 20);
    const size = buf.readUInt32LE(pos + 24);
    const nameLen = buf.readUInt16LE(pos + 28);
    const extraLen = buf.readUInt16LE(pos + 30);
    const commentLen = buf.readUInt16LE(pos + 32);
    const local = buf.readUInt32LE(pos + 42);
    const name = buf.toString('utf8', pos + 46, pos + 46 + nameLen);
    pos += 46 + nameLen + extraLen + commentLen;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw bad(`phần "${name}" bị hỏng`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressedSize > buf.length) throw bad(`phần "${name}" bị cắt cụt`);
    if (method !== 0 && method !== 8) throw bad(`phần "${name}" nén theo cách không hỗ trợ`);
    out.set(name, { name, method, crc, compressedSize, size, raw: buf.subarray(start, start + compressedSize) });
  }
  return out;
}

/** The entry's content, bounded: a part that inflates past `maxBytes` is refused. */
export function inflateEntry(entry: ZipEntry, maxBytes: number, file: string): Buffer {
  if (entry.size > maxBytes) throw new ZipError(`Tệp "${file}": phần "${entry.name}" quá lớn, vượt giới hạn an toàn.`);
  if (entry.method === 0) return Buffer.from(entry.raw);
  try {
    return zlib.inflateRawSync(entry.raw, { maxOutputLength: maxBytes });
  } catch (e) {
    throw new ZipError(`Tệp "${file}": không giải nén được phần "${entry.name}" (${(e as Error).message}).`);
  }
}

interface Written {
  name: Buffer;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** Where the archive's bytes go as they are made. */
export type ZipSink = (chunk: Uint8Array) => void;

const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;

/** Writes an archive entry by entry; each new part is deflated while its text is produced. */
export class ZipWriter {
  private offset = 0;
  private readonly written: Written[] = [];

  constructor(private readonly sink: ZipSink) {}

  private emit(chunk: Uint8Array): void {
    this.offset += chunk.length;
    this.sink(chunk);
  }

  private localHeader(w: Omit<Written, 'offset'>): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(LOCAL, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0800, 6); // UTF-8 names
    h.writeUInt16LE(w.method, 8);
    h.writeUInt16LE(0, 10);
    h.writeUInt16LE(DOS_DATE, 12);
    h.writeUInt32LE(w.crc >>> 0, 14);
    h.writeUInt32LE(w.compressedSize, 18);
    h.writeUInt32LE(w.size, 22);
    h.writeUInt16LE(w.name.length, 26);
    h.writeUInt16LE(0, 28);
    return h;
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
        name: Buffer.from(name, 'utf8'),
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
        deflater.push(Buffer.from(batch, 'utf8'));
        batch = '';
      }
    }
    deflater.push(Buffer.from(batch, 'utf8'));
    const { chunks, crc, size, compressedSize } = deflater.end();
    this.add({ name: Buffer.from(name, 'utf8'), method: 8, crc, compressedSize, size }, chunks);
  }

  /** The central directory and its end record. */
  finish(): void {
    const start = this.offset;
    for (const w of this.written) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(CENTRAL, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0800, 8);
      h.writeUInt16LE(w.method, 10);
      h.writeUInt16LE(0, 12);
      h.writeUInt16LE(DOS_DATE, 14);
      h.writeUInt32LE(w.crc >>> 0, 16);
      h.writeUInt32LE(w.compressedSize, 20);
      h.writeUInt32LE(w.size, 24);
      h.writeUInt16LE(w.name.length, 28);
      h.writeUInt32LE(w.offset, 42);
      this.emit(h);
      this.emit(w.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(EOCD, 0);
    end.writeUInt16LE(this.written.length, 8);
    end.writeUInt16LE(this.written.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.emit(end);
  }
}

/**
 * Incremental raw deflate: each batch is compressed on its own and ends with a sync flush
 * (whole, non-final blocks), and an empty final block closes the part. The concatenation is
 * one valid deflate stream, and the part is never held uncompressed whole.
 */
class Deflater {
  private readonly chunks: Buffer[] = [];
  private crc = 0;
  private size = 0;
  private compressedSize = 0;

  push(data: Buffer): void {
    if (data.length === 0) return;
    this.crc = zlib.crc32(data, this.crc);
    this.size += data.length;
    this.keep(zlib.deflateRawSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH }));
  }

  private keep(out: Buffer): void {
    this.chunks.push(out);
    this.compressedSize += out.length;
  }

  end(): { chunks: Buffer[]; crc: number; size: number; compressedSize: number } {
    this.keep(zlib.deflateRawSync(Buffer.alloc(0)));
    return { chunks: this.chunks, crc: this.crc, size: this.size, compressedSize: this.compressedSize };
  }
}
