import { existsSync, linkSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { printable } from '../../src/cli/cchc';
import { JsonItems, removeStaleTemps, writeJson } from '../../src/cli/output';
import { unitWorkbookBytes } from '../fixtures/unitWorkbook';
import { cchc, tempDir } from './run';

const dir = tempDir('cchc-out-');
const at = (name: string) => path.join(dir, name);

/** A colleague's filled workbook on disk; returns its path. */
async function filled(name: string): Promise<string> {
  writeFileSync(at(name), await unitWorkbookBytes('Sở Tư pháp', { '1.1.1': 20, '1.1.2': 10 }));
  return at(name);
}

const bytes = (file: string) => readFileSync(file);
const temps = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('outputs never destroy', () => {
  it('report onto its own workbook is refused and the workbook is untouched', async () => {
    const c = await filled('c.xlsx');
    const before = bytes(c);
    const r = await cchc(['report', c, '-o', c, '--force']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('phải có đuôi .docx');
    expect(bytes(c).equals(before)).toBe(true);
  });

  it('consolidate onto one of its inputs is refused, even with --force', async () => {
    const a = await filled('a.xlsx');
    const b = await filled('b.xlsx');
    const before = bytes(a);
    const r = await cchc(['consolidate', a, b, '-o', a, '--force']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('trùng với tệp đầu vào');
    expect(bytes(a).equals(before)).toBe(true);
  });

  it('an output that is an input under another name (a hard link) is refused', async () => {
    const a = await filled('goc.xlsx');
    linkSync(a, at('lien-ket.xlsx'));
    const r = await cchc(['consolidate', a, '-o', at('lien-ket.xlsx'), '--force']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('trùng với tệp đầu vào');
  });

  it('template over a filled workbook: refused without --force, asks at a terminal, replaces with consent', async () => {
    const f = await filled('da-dien.xlsx');
    const before = bytes(f);
    const refused = await cchc(['template', '-o', f]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('đã có: không ghi đè. Thêm --force để ghi đè');
    expect(bytes(f).equals(before)).toBe(true);

    const declined = await cchc(['template', '-o', f], [false]);
    expect(declined.code).toBe(2);
    expect(declined.err).toContain('Ghi đè lên tệp này? (c/k)');
    expect(bytes(f).equals(before)).toBe(true);

    const agreed = await cchc(['template', '-o', f], [true]);
    expect(agreed.code).toBe(0);
    expect(bytes(f).equals(before)).toBe(false);

    writeFileSync(f, before);
    expect((await cchc(['template', '-o', f, '--force'])).code).toBe(0);
    expect(bytes(f).equals(before)).toBe(false);
  });

  it('report next to an edited report: refused without --force, replaced with it', async () => {
    const r = await filled('r.xlsx');
    const docx = at('r.docx');
    expect((await cchc(['report', r])).code).toBe(0);
    const first = bytes(docx);
    const again = await cchc(['report', r]);
    expect(again.code).toBe(2);
    expect(again.err).toContain(`Tệp "${docx}" đã có`);
    expect(bytes(docx).equals(first)).toBe(true);
    expect((await cchc(['report', r, '--force'])).code).toBe(0);
  });

  it('never writes a file of another kind over a workbook, whatever its name, even with --force', async () => {
    const src = await filled('nguon.xlsx');
    // A workbook saved under a .docx name: the report must not replace it.
    const disguised = at('bao-cao.docx');
    writeFileSync(disguised, bytes(src));
    const r = await cchc(['report', src, '-o', disguised, '--force']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('là sổ tính Excel (.xlsx): không ghi văn bản Word (.docx) đè lên');
    expect(bytes(disguised).equals(bytes(src))).toBe(true);
    // And a report under an .xlsx name is not replaced by a workbook.
    expect((await cchc(['report', src, '-o', at('that.docx')])).code).toBe(0);
    writeFileSync(at('that.xlsx'), bytes(at('that.docx')));
    const t = await cchc(['template', '-o', at('that.xlsx'), '--force']);
    expect(t.code).toBe(2);
    expect(t.err).toContain('là văn bản Word (.docx)');
  });

  it('a failed write leaves neither a partial output nor a temporary file', async () => {
    const out = at(path.join('khong-co-thu-muc', 'x.xlsx'));
    const r = await cchc(['template', '-o', out]);
    expect(r.code).toBe(3);
    expect(r.err).toContain('thư mục không tồn tại');
    expect(existsSync(out)).toBe(false);
    expect(temps()).toEqual([]);
  });

  it('temporary files left by a killed run are cleaned, those of a running one are kept', async () => {
    const out = at('sach.xlsx');
    const dead = at('.sach.xlsx.cchc-999999999-1.tmp');
    const live = at('.sach.xlsx.cchc-1-1.tmp');
    writeFileSync(dead, 'nửa chừng');
    writeFileSync(live, 'đang ghi');
    expect(await removeStaleTemps(out)).toEqual(['.sach.xlsx.cchc-999999999-1.tmp']);
    writeFileSync(dead, 'nửa chừng');
    expect((await cchc(['template', '-o', out])).code).toBe(0);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(statSync(out).size).toBeGreaterThan(1000);
  });
});

describe('text from a workbook on the terminal', () => {
  it('cannot carry escape sequences', () => {
    expect(printable('Sở\u001b[2J Tư pháp\u0007')).toBe('Sở\uFFFD[2J Tư pháp\uFFFD');
    expect(printable('dòng 1\n\tdòng 2')).toBe('dòng 1\n\tdòng 2');
  });
});

describe('writeJson', () => {
  const cases: unknown[] = [
    { units: [], totals: {}, findings: [] },
    {
      units: [{ file: 'a.xlsx', unit: 'Sở A', status: 'ok', warnings: ['hai\ndòng'] }],
      totals: { '1.1.1': 3, '1.2': null },
      findings: Array.from({ length: 3000 }, (_, i) => ({
        severity: i % 2 ? 'error' : 'warning',
        keys: ['1.1.1', `BM3/${i}`],
        cells: [{ sheet: 'Phụ lục I', address: `D${i}` }],
        message: `Lỗi số ${i}: "trích dẫn" \\ và ký tự \u0001`,
        skipped: undefined,
      })),
      nested: [[1, [2, { a: [] }]], [], {}],
      output: 'tong-hop.xlsx',
    },
    [1, 'a', null, undefined, { b: undefined }],
    'chuỗi',
    42,
  ];
  it.each(cases.map((c, i) => [i, c]))(
    'prints case %i exactly as JSON.stringify(value, null, 2)',
    async (_i, value) => {
      const lines: string[] = [];
      await writeJson((t) => void lines.push(t), value);
      expect(lines.join('\n')).toBe(JSON.stringify(value, null, 2));
    },
  );

  it('writes a long list in several pieces, each a whole number of lines', async () => {
    const pieces: string[] = [];
    const value = { findings: Array.from({ length: 5000 }, (_, i) => ({ message: `Phát hiện ${i}` })) };
    await writeJson((t) => void pieces.push(t), value);
    expect(pieces.length).toBeGreaterThan(2);
    expect(JSON.parse(pieces.join('\n'))).toEqual(value);
  });

  it('waits for the stream to drain before the next batch when it is full', async () => {
    const pieces: string[] = [];
    let drains = 0;
    let waiting = false;
    const value = { findings: Array.from({ length: 20000 }, (_, i) => ({ message: `Phát hiện ${i}` })) };
    await writeJson(
      (t) => {
        expect(waiting).toBe(false);
        pieces.push(t);
        return false;
      },
      value,
      async () => {
        waiting = true;
        drains++;
        await new Promise((r) => setTimeout(r, 1));
        waiting = false;
      },
    );
    expect(drains).toBe(pieces.length);
    expect(JSON.parse(pieces.join('\n'))).toEqual(value);
  });

  it('prints a JsonItems list as the array of its items, each made only when its turn comes', async () => {
    const made: number[] = [];
    const item = (i: number) => ({ message: `Phát hiện ${i}`, cells: [{ sheet: 'Phụ lục I', address: `D${i}` }] });
    const items = new JsonItems(3000, (i) => {
      made.push(i);
      return i === 7 ? undefined : item(i);
    });
    const expected = {
      findings: Array.from({ length: 3000 }, (_, i) => (i === 7 ? null : item(i))),
      deep: { list: [null, 'x'] },
      none: [],
    };
    const lines: string[] = [];
    let madeAtFirstBatch = -1;
    await writeJson(
      (t) => {
        if (madeAtFirstBatch < 0) madeAtFirstBatch = made.length;
        lines.push(t);
      },
      { findings: items, deep: { list: new JsonItems(2, (i) => (i ? 'x' : undefined)) }, none: new JsonItems(0, item) },
    );
    expect(lines.join('\n')).toBe(JSON.stringify(expected, null, 2));
    expect(madeAtFirstBatch).toBeGreaterThan(0);
    expect(madeAtFirstBatch).toBeLessThan(3000);
    expect(made).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });
});
