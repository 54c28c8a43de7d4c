// Consolidation into the office's own forms as the province runs it: `cchc consolidate FILES…
// --into OWN.xlsx -o OUT.xlsx` as a process over 1,000 units' files on disk, per unit, with peak
// memory, next to the floor (read-sum-write with node:zlib, also a process) on the same files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { getCatalog } from '../src/domain/catalog';
import { nameForDetail } from '../src/domain/layout';
import { makePeriod } from '../src/domain/period';
import { definedCells } from '../src/io/readWorkbook';
import { buildTemplateWorkbook } from '../src/io/xlsxTemplate';
import { benchWorkbooks } from './consolidate-floor';
import { CCHC, measureProcess, runNode } from './proc';
import { mib, num, summarise, table, times } from './stats';

const CHILD = path.join(__dirname, 'child.js');

/** The province's own workbook: its forms at level tỉnh, its details filled. */
async function ownWorkbook(): Promise<Buffer> {
  const catalog = getCatalog();
  const { workbook } = buildTemplateWorkbook(catalog, { level: 'tinh', period: makePeriod('H1', 2024) });
  const names = definedCells(workbook);
  const at = names.get(nameForDetail('unit'))!;
  workbook.getWorksheet(at.sheet)!.getCell(at.address).value = 'UBND tỉnh Hà Nam';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function intoSection(sizes: number[], runs: number): Promise<string> {
  const catalog = getCatalog();
  const root = mkdtempSync(path.join(tmpdir(), 'cchc-bench-into-'));
  const rows: string[][] = [];
  try {
    const buffers = await benchWorkbooks(catalog, Math.max(...sizes));
    const dir = path.join(root, 'in');
    mkdirSync(dir);
    const all = buffers.map((b, i) => {
      const f = path.join(dir, `don-vi-${String(i + 1).padStart(5, '0')}.xlsx`);
      writeFileSync(f, b);
      return f;
    });
    const own = path.join(root, 'tinh.xlsx');
    writeFileSync(own, await ownWorkbook());
    for (const n of sizes) {
      const files = all.slice(0, n);
      const list = path.join(root, `danh-sach-${n}.txt`);
      writeFileSync(list, files.join('\n'));
      const out = path.join(root, `tinh-tong-hop-${n}.xlsx`);
      const floorRuns = [];
      for (let i = 0; i < runs; i++)
        floorRuns.push(await runNode(CHILD, ['consolidate-floor', JSON.stringify({ list, out: `${out}.floor` })]));
      const floor = summarise(floorRuns.map((r) => r.ms));
      const cli = await measureProcess(
        CCHC,
        ['consolidate', ...files, '--into', own, '-o', out, '--json', '--force'],
        runs,
        [0, 1],
        60_000,
      );
      const written = (JSON.parse(cli.last.stdout) as { into?: { written?: number } }).into?.written ?? 0;
      const per = (v: number) => num(v / n);
      rows.push([
        String(n),
        `${per(cli.time.median)} (${per(cli.time.min)}–${per(cli.time.max)}) n=${cli.time.runs}`,
        mib(cli.maxRssBytes),
        `${per(floor.median)} (${per(floor.min)}–${per(floor.max)})`,
        mib(Math.max(...floorRuns.map((r) => r.maxRssBytes))),
        times(cli.time.median, floor.median),
        String(written),
      ]);
    }
    return table(
      'Consolidation into the office’s own forms (cchc consolidate --into), ms per unit end to end — target: ≤ 3× floor, ≤ 400 MiB',
      ['units', 'cchc consolidate --into', 'peak', 'floor (node:zlib)', 'peak', '× floor', 'figures written'],
      rows,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
