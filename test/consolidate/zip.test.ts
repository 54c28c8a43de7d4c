import JSZip from 'jszip';
import { inflateEntry, readZip, ZipWriter } from '../../src/io/zip';

function* rows(n: number): Generator<string> {
  for (let i = 0; i < n; i++) yield `<row r="${i}">Tổng hợp ${i}</row>`;
}

describe('the native zip writer and reader', () => {
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
    const entries = readZip(bytes, 'x.zip');
    expect(inflateEntry(entries.get('xl/big.xml')!, 1e8, 'x.zip').toString('utf8')).toBe(expected);
  });

  it('copies an entry of another archive without inflating it', async () => {
    const src = new JSZip();
    src.file('a.txt', 'một hai ba'.repeat(100));
    const srcBytes = await src.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const chunks: Uint8Array[] = [];
    const w = new ZipWriter((c) => chunks.push(c));
    w.copy(readZip(srcBytes, 'src.zip').get('a.txt')!);
    w.finish();
    const zip = await JSZip.loadAsync(Buffer.concat(chunks));
    expect(await zip.file('a.txt')!.async('string')).toBe('một hai ba'.repeat(100));
  });

  it('refuses what is not a zip, and a part inflating past its bound, naming the file', () => {
    expect(() => readZip(Buffer.from('day khong phai tep excel'), 'hong.xlsx')).toThrow(/hong\.xlsx/);
    const chunks: Uint8Array[] = [];
    const w = new ZipWriter((c) => chunks.push(c));
    w.text('x.xml', ['a'.repeat(10_000)]);
    w.finish();
    const entry = readZip(Buffer.concat(chunks), 'bom.xlsx').get('x.xml')!;
    expect(() => inflateEntry(entry, 1000, 'bom.xlsx')).toThrow(/bom\.xlsx.*quá lớn/);
  });
});
