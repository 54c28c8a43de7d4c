import JSZip from 'jszip';
import type * as ZipModule from '../../src/io/zip';
import { entryText, inflateEntry, readZipDirectory, ZipError, ZipWriter, type ZipEntry } from '../../src/io/zip';

function* rows(n: number): Generator<string> {
  for (let i = 0; i < n; i++) yield `<row r="${i}">Tổng hợp ${i}</row>`;
}

const entryOf = (bytes: Uint8Array, name: string): ZipEntry => readZipDirectory(bytes).find((e) => e.name === name)!;

function written(parts: Record<string, string>): Buffer {
  const chunks: Uint8Array[] = [];
  const w = new ZipWriter((c) => chunks.push(c));
  for (const [name, text] of Object.entries(parts)) w.text(name, [text]);
  w.finish();
  return Buffer.concat(chunks);
}

describe('the one zip reader and writer', () => {
  it('writes parts that another zip library reads back exactly, large parts in several deflate batches', async () => {
    const chunks: Uint8Array[] = [];
    const w = new ZipWriter((c) => chunks.push(c));
    w.text('xl/big.xml', rows(60_000));
    w.text('xl/empty.xml', []);
    w.finish();
    const bytes = Buffer.concat(chunks);
    const expected = [...rows(60_000)].join('');
    const zip = await JSZip.loadAsync(bytes);
    expect(await zip.file('xl/big.xml')!.async('string')).toBe(expected);
    expect(await zip.file('xl/empty.xml')!.async('string')).toBe('');
    expect(entryText(entryOf(bytes, 'xl/big.xml'))).toBe(expected);
    expect(entryText(entryOf(bytes, 'xl/empty.xml'))).toBe('');
  });

  it('reads what another library wrote, stored and deflated, small and streamed', async () => {
    const src = new JSZip();
    const big = Array.from({ length: 40_000 }, (_, i) => `${i * 7919} `).join('');
    src.file('a.txt', 'một hai ba'.repeat(100));
    src.file('b.txt', 'không nén', { compression: 'STORE' });
    src.file('c.txt', big);
    const bytes = await src.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(entryText(entryOf(bytes, 'a.txt'))).toBe('một hai ba'.repeat(100));
    expect(entryText(entryOf(bytes, 'b.txt'))).toBe('không nén');
    expect(entryText(entryOf(bytes, 'c.txt'))).toBe(big);
  });

  it('copies an entry of another archive without inflating it', async () => {
    const src = new JSZip();
    src.file('a.txt', 'một hai ba'.repeat(100));
    const srcBytes = await src.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const chunks: Uint8Array[] = [];
    const w = new ZipWriter((c) => chunks.push(c));
    w.copy(entryOf(srcBytes, 'a.txt'));
    w.finish();
    const zip = await JSZip.loadAsync(Buffer.concat(chunks));
    expect(await zip.file('a.txt')!.async('string')).toBe('một hai ba'.repeat(100));
  });

  it('refuses what is not a zip, and an entry that lies about its size or its CRC', () => {
    expect(() => readZipDirectory(Buffer.from('day khong phai tep excel'))).toThrow(/mục lục/);
    const bytes = written({ 'x.xml': 'a'.repeat(10_000) });
    const entry = entryOf(bytes, 'x.xml');
    const kind = (e: ZipEntry) => {
      try {
        entryText(e);
      } catch (err) {
        return err instanceof ZipError ? err.kind : String(err);
      }
      return 'read';
    };
    expect(kind(entry)).toBe('read');
    expect(kind({ ...entry, size: 1000 })).toBe('oversize');
    expect(kind({ ...entry, size: 20_000 })).toBe('size');
    expect(kind({ ...entry, crc: (entry.crc + 1) >>> 0 })).toBe('crc');
    expect(kind({ ...entry, raw: entry.raw.subarray(0, 5) })).toBe('corrupt');
  });

  it('stops a streamed entry at the first chunk past its declared size, and passes the caller’s stop through', () => {
    const big = Array.from({ length: 300_000 }, (_, i) => `<c r="A${i}"><v>${(i * 2654435761) % 1e9}</v></c>`).join('');
    const entry = entryOf(written({ 'big.xml': big }), 'big.xml');
    expect(entry.raw.length).toBeGreaterThan(256 * 1024);
    let seen = 0;
    expect(() => inflateEntry({ ...entry, size: 100_000 }, (c) => (seen += c.length))).toThrow(
      expect.objectContaining({ kind: 'oversize' }),
    );
    expect(seen).toBeLessThanOrEqual(100_000);
    const stop = new Error('đủ rồi');
    expect(() =>
      inflateEntry(entry, () => {
        throw stop;
      }),
    ).toThrow(stop);
  });

  it('reads and checks alike without Node’s zlib (the browser: fflate and its own CRC)', async () => {
    let browser: typeof ZipModule | undefined;
    jest.isolateModules(() => {
      jest.doMock('zlib', () => ({}));
      browser = jest.requireActual<typeof ZipModule>('../../src/io/zip');
    });
    jest.dontMock('zlib');
    const big = Array.from({ length: 300_000 }, (_, i) => `<c r="A${i}"><v>${(i * 2654435761) % 1e9}</v></c>`).join('');
    const bytes = written({ 'small.xml': 'Tổng hợp '.repeat(500), 'big.xml': big });
    const { entryText: text, readZipDirectory: directory, ZipError: BrowserZipError } = browser!;
    const entry = (name: string) => directory(bytes).find((e) => e.name === name)!;
    expect(text(entry('small.xml'))).toBe('Tổng hợp '.repeat(500));
    expect(text(entry('big.xml'))).toBe(big);
    const small = entry('small.xml');
    for (const [lie, kind] of [
      [{ size: 100 }, 'oversize'],
      [{ crc: (small.crc + 1) >>> 0 }, 'crc'],
    ] as const) {
      try {
        text({ ...small, ...lie });
        throw new Error('read');
      } catch (err) {
        expect(err).toBeInstanceOf(BrowserZipError);
        expect((err as ZipError).kind).toBe(kind);
      }
    }
  });
});
