// `npm run bench` (quick) / `npm run bench -- --full`: every figure end to end as the user meets it,
// repeated, median and spread, next to the floor and the alternatives measured in the same run.
// Each section stands alone: a failure prints its error and the bench goes on. See bench/README.md.
import * as os from 'os';
import { performance } from 'perf_hooks';
import { getCatalog } from '../src/domain/catalog';
import { checkSection } from './check';
import { consolidateSection } from './consolidate';
import { intoSection } from './into';
import { intervalSection, ownTextSection, refuseSection, syncsSection } from './others';
import { paneSection } from './pane';
import { paneImportSection } from './paneImport';
import { readSection } from './read';
import { reportSection } from './report';

/** CCHC_BENCH_ONLY=Report,Pane runs only the sections whose name starts with one of these. */
const only = process.env.CCHC_BENCH_ONLY?.split(',').map((s) => s.trim().toLowerCase());

async function section(name: string, fn: () => Promise<string>): Promise<void> {
  if (only && !only.some((o) => name.toLowerCase().startsWith(o))) return;
  const t0 = performance.now();
  try {
    console.log(await fn());
  } catch (e) {
    console.log(`\n== ${name}\nlỗi: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  console.log(`   (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

async function main(): Promise<void> {
  const full = process.argv.includes('--full');
  const runs = Math.max(5, Number(process.env.CCHC_BENCH_RUNS ?? 5));
  const sizes = process.env.CCHC_BENCH_UNITS
    ? process.env.CCHC_BENCH_UNITS.split(',').map(Number)
    : full
      ? [10, 100, 1000, 5000]
      : [10, 100, 1000];
  const catalog = getCatalog();
  const cpu = os.cpus()[0]?.model ?? '?';
  console.log(
    `cchc bench (${full ? 'full' : 'quick'}) — Node ${process.version}, ${os.cpus().length} × ${cpu}, load ${os.loadavg()[0].toFixed(1)}; ` +
      `catalog ${catalog.id}: ${catalog.indicators.length} indicators, ${catalog.rules.length} rules; ${runs} runs per figure`,
  );
  const t0 = performance.now();
  let form: Uint8Array | null = null;
  let floorMs: number | null = null;
  await section('Reading one hand-made sở form', async () => {
    const r = await readSection(runs);
    form = r.bytes;
    floorMs = r.floorMs;
    return r.text;
  });
  await section('Report', () => reportSection(runs));
  await section('Live check', () => checkSection(runs));
  await section('Consolidation', () => consolidateSection(sizes, runs));
  await section('Into own forms', () => intoSection([Math.min(1000, Math.max(...sizes))], runs));
  await section('Pane', () => paneSection(runs, form, floorMs));
  await section('Pane import', () => paneImportSection(full ? [100, 1000] : [100], runs));
  await section('context.sync()', () => syncsSection(full ? 1000 : 100));
  await section('Refusing hostile files', () => refuseSection(runs));
  await section('Own-text scan', () => ownTextSection(runs));
  await section('Interval check', () => intervalSection(runs));
  console.log(`\nbench done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
