/**
 * Edits a few parts of a zip package in one pass: the parts kept are copied as they are (still
 * compressed), only the parts replaced or added are deflated. Packing the report so costs about
 * what `docx` alone costs, instead of unzipping and zipping every part again.
 */
import { deflateSync, strFromU8, strToU8, unzipSync } from 'fflate';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

class ZipFormatError extends Error {}

interface Entry {
  name: string;
  /** The local header and compressed data, as found (kept parts). */
  raw?: Uint8Array;
  /** Central directory fields of a kept part. */
  central?: Uint8Array;
  /** New content (replaced or added parts). */
  data?: Uint8Array;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

function entriesOf(zip: Uint8Array): Entry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (u32(zip, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory');
  const count = u16(zip, eocd + 10);
  let at = u32(zip, eocd + 16);
  const out: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (u32(zip, at) !== 0x02014b50) throw new ZipFormatError('bad central directory');
    const nameLen = u16(zip, at + 28);
    const extraLen = u16(zip, at + 30);
    const commentLen = u16(zip, at + 32);
    const compressed = u32(zip, at + 20);
    const local = u32(zip, at + 42);
    const name = strFromU8(zip.subarray(at + 46, at + 46 + nameLen));
    if (u32(zip, local) !== 0x04034b50) throw new ZipFormatError(`bad local header of ${name}`);
    if (u16(zip, local + 6) & 0x0008) throw new ZipFormatError(`${name} has a data descriptor`);
    const localLen = 30 + u16(zip, local + 26) + u16(zip, local + 28);
    out.push({
      name,
      raw: zip.subarray(local, local + localLen + compressed),
      central: zip.subarray(at, at + 46 + nameLen + extraLen + commentLen),
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function localHeader(name: Uint8Array, crc: number, size: number, packed: number, method: number): Uint8Array {
  const h = new Uint8Array(30 + name.length);
  const v = new DataView(h.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(4, 20, true);
  v.setUint16(6, 0x0800, true); // UTF-8 names
  v.setUint16(8, method, true);
  v.setUint32(14, crc, true);
  v.setUint32(18, packed, true);
  v.setUint32(22, size, true);
  v.setUint16(26, name.length, true);
  h.set(name, 30);
  return h;
}

function centralHeader(local: Uint8Array, name: Uint8Array, offset: number): Uint8Array {
  const c = new Uint8Array(46 + name.length);
  const v = new DataView(c.buffer);
  v.setUint32(0, 0x02014b50, true);
  v.setUint16(4, 20, true);
  c.set(local.subarray(4, 30), 6); // version needed … name length, as in the local header
  v.setUint16(30, 0, true); // extra
  v.setUint32(42, offset, true);
  c.set(name, 46);
  return c;
}

/**
 * The package with `edit` applied: it gets the text of the parts it asks for (`read`), and
 * returns the parts to write. Every other part is copied byte for byte.
 */
export function editZip(
  zip: Uint8Array,
  read: string[],
  edit: (parts: Record<string, string>, names: string[]) => Record<string, string>,
): Uint8Array {
  const wanted = new Set(read);
  const names: string[] = [];
  const inflated = unzipSync(zip, {
    filter: (f) => {
      names.push(f.name);
      return wanted.has(f.name);
    },
  });
  const parts: Record<string, string> = {};
  for (const [name, data] of Object.entries(inflated)) parts[name] = strFromU8(data);
  const written = edit(parts, names);
  const entries = entriesOf(zip);
  for (const [name, text] of Object.entries(written)) {
    const e = entries.find((x) => x.name === name);
    if (e) Object.assign(e, { raw: undefined, central: undefined, data: strToU8(text) });
    else entries.push({ name, data: strToU8(text) });
  }
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    if (e.raw && e.central) {
      const c = e.central.slice();
      new DataView(c.buffer).setUint32(42, offset, true);
      chunks.push(e.raw);
      central.push(c);
      offset += e.raw.length;
      continue;
    }
    const name = strToU8(e.name);
    const packed = deflateSync(e.data!, { level: 6 });
    const local = localHeader(name, crc32(e.data!), e.data!.length, packed.length, 8);
    chunks.push(local, packed);
    central.push(centralHeader(local, name, offset));
    offset += local.length + packed.length;
  }
  const centralSize = central.reduce((t, c) => t + c.length, 0);
  const end = new Uint8Array(22);
  const v = new DataView(end.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, entries.length, true);
  v.setUint16(10, entries.length, true);
  v.setUint32(12, centralSize, true);
  v.setUint32(16, offset, true);
  const out = new Uint8Array(offset + centralSize + 22);
  let p = 0;
  for (const c of [...chunks, ...central, end]) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}
