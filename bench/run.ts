import { performance } from 'perf_hooks';
import { getCatalog } from '../src/domain/catalog';
import { validate } from '../src/domain/validate';
import { readWorkbookBytes } from '../src/io/readWorkbook';
import { buildReportModel } from '../src/domain/report/model';
import { renderReportDocx } from '../src/io/docx/report';
import { filledDetails, filledFigures, filledTexts } from '../test/fixtures/filledFigures';
import { unzipAndScan } from './floor';
import { webChunks } from './chunks';
import { benchConsolidate } from './consolidate-floor';
import { measureEditSyncs } from '../test/fakes/editSyncs';
import { fixed, medianMs } from './measure';
import { sampleFigures, sampleWorkbook } from './sample';

async function main(): Promise<void> {
  const catalog = getCatalog();
  const lines: string[] = [];
  const print = (label: string, value: string) => {
    const line = `${label.padEnd(58)} ${value}`;
    lines.push(line);
    console.log(line);
  };
  console.log(
    `cchc bench — Node ${process.version}, catalog ${catalog.id} (${catalog.indicators.length} indicators, ${catalog.rules.length} rules, ${catalog.rates.length} rates)`,
  );

  // 1. A full validation pass over every form.
  const figures = sampleFigures(catalog);
  const passes = 2000;
  for (let i = 0; i < 200; i++) validate(catalog, figures);
  const t0 = performance.now();
  for (let i = 0; i < passes; i++) validate(catalog, figures);
  print('validation, full pass over all forms', `${fixed(((performance.now() - t0) / passes) * 1000, 1)} µs`);

  // 2. Reading one workbook, next to the floor of unzipping it and scanning its XML.
  const book = new Uint8Array(await sampleWorkbook(catalog));
  const readMs = await medianMs(() => readWorkbookBytes(book, 'sample.xlsx', catalog));
  const floorMs = await medianMs(() => unzipAndScan(book));
  print('read one workbook (exceljs + template reader)', `${fixed(readMs)} ms`);
  print(
    'floor: unzip + XML scan of the same workbook',
    `${fixed(floorMs)} ms  (read = ${fixed(readMs / floorMs, 1)}× floor, ${(book.length / 1024).toFixed(0)} KiB)`,
  );

  // 3. Office JS round trips of the add-in, on the recording fake of the Excel API.
  for (const api of ['1.14', '1.11']) {
    const s = await measureEditSyncs(catalog, api);
    print(`context.sync() calls, ExcelApi ${api}: inject + first check`, `${s.injectSyncs}`);
    print(`  one edit (typed, pasted, multi-cell): reads / writes`, `≤ ${s.editReadSyncs} / ≤ ${s.editWriteSyncs}`);
  }

  // 4. The narrative report of a fully filled workbook.
  const filled = filledFigures(catalog);
  const input = {
    catalog,
    figures: filled,
    details: filledDetails(),
    texts: filledTexts(),
    findings: validate(catalog, filled),
    level: 'so' as const,
  };
  let docxBytes = 0;
  const reportMs = await medianMs(
    async () => {
      docxBytes = (await renderReportDocx(buildReportModel(input))).length;
    },
    9,
    2,
  );
  print(
    'report: model + .docx for a fully filled workbook',
    `${fixed(reportMs)} ms  (${(docxBytes / 1024).toFixed(0)} KiB)`,
  );

  // 5. Consolidating colleague workbooks.
  const n = Number(process.env.CCHC_BENCH_UNITS ?? 1000);
  const c = await benchConsolidate(n);
  print(
    `consolidate ${n} workbooks (lean reader), per workbook`,
    `${fixed(c.perWorkbookMs)} ms  (floor ${fixed(c.floorMs)} ms, ${fixed(c.ratio, 1)}× floor)`,
  );
  print(
    '  same path with exceljs, per workbook',
    `${fixed(c.exceljsMs)} ms  (${fixed(c.exceljsRatio, 1)}× floor; load alone ${fixed(c.exceljsLoadRatio, 1)}×)`,
  );
  print('  peak memory (RSS)', `${c.peakRssMb.toFixed(0)} MB`);

  // 6. What the pane downloads: the first chunk, and what loads on demand.
  const chunks = webChunks();
  if (chunks) {
    print('pane first chunk (gzip)', `${(chunks.firstGzip / 1024).toFixed(1)} KiB  (${chunks.first.join(', ')})`);
    for (const c of chunks.onDemand) print(`  on-demand chunk ${c.name} (gzip)`, `${(c.gzip / 1024).toFixed(1)} KiB`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
