import { performance } from 'perf_hooks';
import { getCatalog } from '../src/domain/catalog';
import { validate } from '../src/domain/validate';
import { readWorkbookBytes } from '../src/io/readWorkbook';
import { unzipAndScan } from './floor';
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
  console.log(`cchc bench — Node ${process.version}, catalog ${catalog.id} (${catalog.indicators.length} indicators, ${catalog.rules.length} rules, ${catalog.rates.length} rates)`);

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
  print('floor: unzip + XML scan of the same workbook', `${fixed(floorMs)} ms  (read = ${fixed(readMs / floorMs, 1)}× floor, ${(book.length / 1024).toFixed(0)} KiB)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
