// Bench tasks run in a process of their own (bench/proc.ts runTask), so each has its own peak memory.
// Usage: node child.js TASK 'JSON args'. Prints one JSON line.
import type { Buffer as ExcelBuffer } from 'exceljs';
import { readFileSync, writeFileSync } from 'fs';
import { performance } from 'perf_hooks';
import { minimalWorkbook, nativeUnzip, nativeZip } from './zipFloor';

const CELL = /<c r="([A-Z]+\d+)"([^>]*)>(?:<f[^<]*<\/f>|<f[^>]*\/>)?<v>([^<]*)<\/v>/g;

/**
 * The floor of consolidation: read each file from disk, inflate with node:zlib, add up every numeric
 * cell of every sheet, write one workbook of the sums. No names, no checks: the least any tool must do.
 */
function consolidateFloor(files: string[], out: string): void {
  const sums = new Map<string, Map<string, number>>();
  for (const file of files) {
    for (const [name, data] of nativeUnzip(readFileSync(file))) {
      if (!name.startsWith('xl/worksheets/')) continue;
      let sheet = sums.get(name);
      if (!sheet) sums.set(name, (sheet = new Map()));
      for (const m of data.toString('utf8').matchAll(CELL)) {
        if (m[2].includes(' t="')) continue;
        const v = Number(m[3]);
        if (Number.isFinite(v)) sheet.set(m[1], (sheet.get(m[1]) ?? 0) + v);
      }
    }
  }
  const sheets = [...sums.entries()];
  const rowOf = (a: string) => Number(/\d+$/.exec(a)![0]);
  const sheetXml = (cells: Map<string, number>) => {
    const rows = new Map<number, string[]>();
    for (const [a, v] of cells) {
      const r = rowOf(a);
      if (!rows.has(r)) rows.set(r, []);
      rows.get(r)!.push(`<c r="${a}"><v>${v}</v></c>`);
    }
    const body = [...rows.entries()]
      .sort((x, y) => x[0] - y[0])
      .map(([r, cs]) => `<row r="${r}">${cs.join('')}</row>`)
      .join('');
    return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;
  };
  writeFileSync(out, nativeZip(minimalWorkbook(sheets.map(([, cells]) => sheetXml(cells)))));
}

async function main(): Promise<void> {
  const [task, json] = process.argv.slice(2);
  const args = JSON.parse(json ?? '{}') as { files: string[]; out?: string };
  const t0 = performance.now();
  if (task === 'consolidate-floor') consolidateFloor(args.files, args.out!);
  else if (task === 'exceljs-read') {
    // Loaded here only: the floor's process must not pay for the alternatives' modules.
    const { default: ExcelJS } = await import('exceljs');
    for (const f of args.files) await new ExcelJS.Workbook().xlsx.load(readFileSync(f) as unknown as ExcelBuffer);
  } else if (task === 'sheetjs-read') {
    const XLSX = await import('xlsx');
    for (const f of args.files) XLSX.read(readFileSync(f), { type: 'buffer' });
  } else throw new Error(`unknown task ${task}`);
  console.log(JSON.stringify({ ms: performance.now() - t0 }));
}

if (require.main === module)
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
