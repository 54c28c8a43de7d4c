import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import JSZip from 'jszip';
import { crc32, editZip } from '../../src/io/docx/zipEdit';

describe('editZip: a few parts changed, the others copied as they are', () => {
  const source = zipSync({
    'a.xml': strToU8('<a>một</a>'),
    'thu-muc/b.bin': new Uint8Array([1, 2, 3, 250]),
    'c.xml': strToU8('<c/>'.repeat(500)),
  });

  test('reads the parts asked for, writes replaced and added ones, keeps the rest byte for byte', async () => {
    let seen: string[] = [];
    const out = editZip(source, ['a.xml'], (parts, names) => {
      seen = names;
      expect(parts).toEqual({ 'a.xml': '<a>một</a>' });
      return { 'a.xml': '<a>hai</a>', 'moi/d.xml': '<d>bốn</d>' };
    });
    expect(seen).toEqual(['a.xml', 'thu-muc/b.bin', 'c.xml']);
    const files = unzipSync(out);
    expect(Object.keys(files)).toEqual(['a.xml', 'thu-muc/b.bin', 'c.xml', 'moi/d.xml']);
    expect(strFromU8(files['a.xml'])).toBe('<a>hai</a>');
    expect(strFromU8(files['moi/d.xml'])).toBe('<d>bốn</d>');
    expect([...files['thu-muc/b.bin']]).toEqual([1, 2, 3, 250]);
    expect(strFromU8(files['c.xml'])).toBe('<c/>'.repeat(500));
    // JSZip checks every CRC and size: the package is a valid zip for other readers too.
    const zip = await JSZip.loadAsync(out, { checkCRC32: true });
    expect(await zip.file('moi/d.xml')!.async('string')).toBe('<d>bốn</d>');
    // The kept part's compressed bytes are the source's own, not deflated again.
    const stored = (z: Uint8Array, name: string) => {
      const b = Buffer.from(z);
      const at = b.indexOf(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1')]));
      for (let p = at; p >= 0; p = b.indexOf(Buffer.from('PK\x03\x04', 'latin1'), p + 4)) {
        const nameLen = b.readUInt16LE(p + 26);
        if (b.subarray(p + 30, p + 30 + nameLen).toString() !== name) continue;
        const start = p + 30 + nameLen + b.readUInt16LE(p + 28);
        return b.subarray(start, start + b.readUInt32LE(p + 18));
      }
      throw new Error(`no ${name}`);
    };
    expect(stored(out, 'c.xml').equals(stored(source, 'c.xml'))).toBe(true);
    expect(stored(out, 'c.xml').length).toBeLessThan(2000); // still compressed
  });

  test('crc32 of known strings', () => {
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });
});
