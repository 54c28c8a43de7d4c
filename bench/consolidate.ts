// Consolidation end to end as the user runs it (`cchc consolidate` as a process, files on disk, the
// output written), per file, with peak memory, next to the floor (read-sum-write with node:zlib, also
// a process) and the alternatives' readers (exceljs, SheetJS) on the same files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { getCatalog } from '../src/domain/catalog';
import { benchWorkbooks } from './consolidate-floor';
import { CCHC, measureProcess, runNode, runTask } from './proc';
import { mib, num, summarise, table, times } from './stats';

const CHILD = path.join(__dirname, 'child.js');

export async function consolidateSection(sizes: number[], runs: number): Promise<string> {
  const catalog = getCatalog();
  const root = mkdtempSync(path.join(tmpdir(), 'cchc-bench-cons-'));
  const rows: string[][] = [];
  try {
    const largest = Math.max(...sizes);
    const buffers = await benchWorkbooks(catalog, largest);
    const bytes = buffers.reduce((t, b) => t + b.length, 0) / buffers.length;
    const all: string[] = [];
    const dir = path.join(root, 'in');
    mkdirSync(dir);
    buffers.forEach((b, i) => {
      const f = path.join(dir, `don-vi-${String(i + 1).padStart(5, '0')}.xlsx`);
      writeFileSync(f, b);
      all.push(f);
    });
    for (const n of sizes) {
      const files = all.slice(0, n);
      const out = path.join(root, `tong-hop-${n}.xlsx`);
      const list = path.join(root, `danh-sach-${n}.txt`);
      writeFileSync(list, files.join('\n'));
      const sampleList = path.join(root, `mau-${n}.txt`);
      const sample = files.slice(0, Math.min(n, 100));
      writeFileSync(sampleList, sample.join('\n'));
      // The floor, as a process of its own (startup counted alike).
      const floorRuns = [];
      for (let i = 0; i < runs; i++)
        floorRuns.push(await runNode(CHILD, ['consolidate-floor', JSON.stringify({ list, out: `${out}.floor` })]));
      const floor = summarise(floorRuns.map((r) => r.ms));
      const floorRss = Math.max(...floorRuns.map((r) => r.maxRssBytes));
      const cli = await measureProcess(
        CCHC,
        ['consolidate', ...files, '-o', out, '--json', '--force'],
        runs,
        [0, 1],
        60_000,
      );
      const product = cli.time;
      const rss = cli.maxRssBytes;
      const exceljs = await runTask<{ ms: number }>('exceljs-read', { list: sampleList }).catch(() => null);
      const sheetjs = await runTask<{ ms: number }>('sheetjs-read', { list: sampleList }).catch(() => null);
      const per = (v: number) => num(v / n);
      rows.push([
        String(n),
        `${per(product.median)} (${per(product.min)}–${per(product.max)}) n=${product.runs}`,
        mib(rss),
        `${per(floor.median)} (${per(floor.min)}–${per(floor.max)})`,
        mib(floorRss),
        times(product.median, floor.median),
        exceljs ? num(exceljs.ms / sample.length) : 'n/a',
        sheetjs ? num(sheetjs.ms / sample.length) : 'n/a',
      ]);
    }
    return table(
      `Consolidation, ms per file end to end (${(bytes / 1024).toFixed(1)} KiB per workbook; alternatives: read alone, first ≤ 100 files; cchc reads on one thread per core, the floor on one) — target: ≤ 3× floor, flat from 100 to 5,000, ≤ 400 MiB at 5,000`,
      ['units', 'cchc consolidate', 'peak', 'floor (node:zlib)', 'peak', '× floor', 'exceljs read', 'SheetJS read'],
      rows,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
