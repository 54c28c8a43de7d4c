// Reading one hand-made sở form (the Sở Công Thương form of the reference, as typed): the product
// in-process and as `cchc read`, next to exceljs, SheetJS and the native floor in the same run.
import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'fs';
import JSZip from 'jszip';
import { tmpdir } from 'os';
import * as path from 'path';
import * as XLSX from 'xlsx';
import { getCatalog } from '../src/domain/catalog';
import { readLeanWorkbook } from '../src/io/leanReader';
import { readLegacyLean } from '../src/io/legacy';
import { readWorkbookBytes } from '../src/io/readWorkbook';
import { buildRealSoWorkbook } from '../test/fixtures/legacyForms';
import { CCHC, measureProcess } from './proc';
import { kib, measure, measureSideBySide, ms, table, times, type Sample } from './stats';
import { nativeReadFloor } from './zipFloor';

async function jszipFloor(buf: Uint8Array): Promise<void> {
  const zip = await JSZip.loadAsync(buf);
  for (const f of Object.values(zip.files)) if (!f.dir) await f.async('string');
}

export async function readSection(runs: number): Promise<{ text: string; floorMs: number; bytes: Uint8Array }> {
  const catalog = getCatalog();
  const bytes = new Uint8Array(await buildRealSoWorkbook());
  const file = 'so-cong-thuong.xlsx';
  const r = await readWorkbookBytes(bytes, file, catalog);
  const figures = Object.values(r.figures.values).filter((v) => v !== null).length;
  // The product next to the floor, apart from the libraries: rotating keeps each one's predecessor, and the
  // one measured right after SheetJS paid for collecting its garbage in every run. jszip is measured alone
  // for the same reason (in the libraries' rotation it would always come after one of them).
  // One reading takes under a millisecond: after 5 calls the compiler is still at work through the timed
  // ones (medians 2–3× the steady state, spreads of 15×). Each is timed once all have run 50 times, as
  // every file of a consolidation after the first few dozen is read.
  const own = await measureSideBySide(
    {
      floor: () => nativeReadFloor(bytes),
      product: () => readWorkbookBytes(bytes, file, catalog),
      lean: async () => readLegacyLean(await readLeanWorkbook(bytes, { file }), catalog, file),
    },
    Math.max(runs, 51),
    50,
  );
  const jszip = await measure(() => jszipFloor(bytes), Math.max(runs, 25), 5);
  const libraries = await measureSideBySide(
    {
      exceljs: () => new ExcelJS.Workbook().xlsx.load(bytes as unknown as ExcelJS.Buffer),
      sheetjs: () => XLSX.read(bytes, { type: 'array' }),
    },
    Math.max(runs, 25),
    5,
  );
  const s: Record<string, Sample> = { ...own, jszip, ...libraries };
  const dir = mkdtempSync(path.join(tmpdir(), 'cchc-bench-read-'));
  const onDisk = path.join(dir, file);
  writeFileSync(onDisk, bytes);
  const startup = await measureProcess('-e', ['0'], runs).catch(() => null);
  const version = await measureProcess(CCHC, ['--version'], runs).catch(() => null);
  const cli = await measureProcess(CCHC, ['read', onDisk, '--json'], runs);
  const floor = s.floor.median;
  const row = (what: string, x: Sample, extra = '') => [what, ms(x), times(x.median, floor), extra];
  const rows = [
    row('native floor (node:zlib inflateRaw + scan)', s.floor),
    row('jszip unzip (the old floor)', s.jszip),
    row('exceljs xlsx.load alone', s.exceljs),
    row('SheetJS XLSX.read', s.sheetjs),
    row('product readWorkbookBytes (in-process)', s.product, `${times(s.product.median, s.exceljs.median)} exceljs`),
    row('product legacy reader on the lean path', s.lean, `${times(s.lean.median, s.exceljs.median)} exceljs`),
    row('cchc read --json (process)', cli.time, `peak ${(cli.maxRssBytes / 1048576).toFixed(0)} MiB`),
  ];
  if (version) rows.push(row('  cchc --version (its start-up: modules loaded)', version.time));
  if (startup) rows.push(row('  bare node startup (process)', startup.time));
  return {
    text: table(
      `Reading one hand-made sở form (${kib(bytes.length)}, ${r.layout}, ${figures} figures, ${r.notes.length} notes) — target: product ≤ 5× floor`,
      ['what', 'median (min–max)', '× floor', ''],
      rows,
    ),
    floorMs: floor,
    bytes,
  };
}
