// The pane's import as the consolidating office runs it: the standalone pane in Chromium, N unit files
// chosen at once, until every file is read and shown for review, then "Tổng hợp vào sổ làm việc" until the
// consolidation is in the workbook. Peak memory is the browser's (every Chromium process, PSS). Next to it,
// in the same run: `cchc consolidate` of the same files and the consolidation floor, both processes.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'fs';
import type { Server } from 'http';
import { tmpdir } from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { Page } from 'playwright-core';
import { getCatalog } from '../src/domain/catalog';
import { benchWorkbooks } from './consolidate-floor';
import { CCHC, measureProcess, ROOT, runNode } from './proc';
import { mib, ms, summarise, table, times } from './stats';

const WEB = path.join(ROOT, 'dist', 'web');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHILD = path.join(__dirname, 'child.js');

type StartServer = (o: { port: number; dir: string }) => Promise<{ server: Server; url: string }>;

/** Processes under `root` (itself included), from /proc; empty where there is no /proc. */
function processTree(root: number): number[] {
  if (!existsSync('/proc')) return [];
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(d));
      children.set(ppid, list);
    } catch {
      // The process ended meanwhile.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** Proportional memory of the browser's processes (shared pages counted once over all of them). */
function browserPss(): number {
  let kb = 0;
  for (const pid of processTree(process.pid)) {
    if (pid === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chrom')) continue;
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      // Ended meanwhile.
    }
  }
  return kb * 1024;
}

interface ImportRun {
  readMs: number;
  commitMs: number;
  peakBytes: number;
  baseBytes: number;
}

async function importOnce(page: Page, url: string, files: string[]): Promise<ImportRun> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Chèn biểu mẫu' }).waitFor({ timeout: 120_000 });
  await page.getByRole('tab', { name: 'Tổng hợp' }).click();
  const input = page.locator('input[aria-label="Tệp .xlsx của các đơn vị"]');
  await input.waitFor({ state: 'attached' });
  const baseBytes = browserPss();
  let peakBytes = baseBytes;
  const sampler = setInterval(() => (peakBytes = Math.max(peakBytes, browserPss())), 100);
  try {
    const t0 = performance.now();
    await input.setInputFiles(files);
    // Waited on with a plain query: a role query walks the whole page and would bill its work to the pane.
    await page.waitForFunction(
      (n) =>
        document.querySelector('[data-testid="import-progress"]')?.textContent?.startsWith(`Đã đọc ${n} tệp`) ?? false,
      files.length,
      { timeout: 600_000, polling: 100 },
    );
    const readMs = performance.now() - t0;
    const t1 = performance.now();
    await page.locator('button', { hasText: 'Tổng hợp vào sổ làm việc' }).click({ timeout: 60_000 });
    await page.waitForFunction(
      () => document.querySelector('[data-intent="success"]')?.textContent?.startsWith('Đã tổng hợp') ?? false,
      undefined,
      { timeout: 600_000, polling: 100 },
    );
    const commitMs = performance.now() - t1;
    peakBytes = Math.max(peakBytes, browserPss());
    return { readMs, commitMs, peakBytes, baseBytes };
  } finally {
    clearInterval(sampler);
  }
}

export async function paneImportSection(sizes: number[], runs: number): Promise<string> {
  if (!existsSync(path.join(WEB, 'taskpane.html')))
    return '\n== Pane import\nchưa có (dist/web chưa được build: npm run build:web)';
  if (!existsSync(CHROMIUM)) return `\n== Pane import\nchưa có (không có Chromium tại ${CHROMIUM})`;
  const { chromium } = await import('playwright-core');
  const { startServer } = (await import(path.join(ROOT, 'scripts', 'serve.js'))) as { startServer: StartServer };
  const root = mkdtempSync(path.join(tmpdir(), 'cchc-bench-import-'));
  const pane = await startServer({ port: 0, dir: WEB });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const rows: string[][] = [];
  try {
    const largest = Math.max(...sizes);
    const dir = path.join(root, 'in');
    mkdirSync(dir);
    const all = (await benchWorkbooks(getCatalog(), largest)).map((b, i) => {
      const f = path.join(dir, `don-vi-${String(i + 1).padStart(5, '0')}.xlsx`);
      writeFileSync(f, b);
      return f;
    });
    for (const n of sizes) {
      const files = all.slice(0, n);
      const list = path.join(root, `danh-sach-${n}.txt`);
      writeFileSync(list, files.join('\n'));
      // A long import takes fewer runs (never under 3).
      const paneRuns: ImportRun[] = [];
      const few = n >= 1000 ? Math.min(runs, 3) : runs;
      for (let i = 0; i < few; i++) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        try {
          paneRuns.push(await importOnce(await context.newPage(), pane.url, files));
        } finally {
          await context.close();
        }
      }
      const floorRuns = [];
      for (let i = 0; i < few; i++)
        floorRuns.push(
          await runNode(CHILD, [
            'consolidate-floor',
            JSON.stringify({ list, out: path.join(root, `floor-${n}.xlsx`) }),
          ]),
        );
      const cli = await measureProcess(
        CCHC,
        ['consolidate', ...files, '-o', path.join(root, `cli-${n}.xlsx`), '--force'],
        few,
        [0, 1],
        60_000,
      );
      const read = summarise(paneRuns.map((r) => r.readMs));
      const commit = summarise(paneRuns.map((r) => r.commitMs));
      const whole = summarise(paneRuns.map((r) => r.readMs + r.commitMs));
      const floor = summarise(floorRuns.map((r) => r.ms));
      rows.push([
        String(n),
        ms(read),
        ms(commit),
        `${ms(whole)} n=${paneRuns.length}`,
        mib(Math.max(...paneRuns.map((r) => r.peakBytes - r.baseBytes))),
        ms(cli.time),
        ms(floor),
        times(whole.median, floor.median),
        times(whole.median, cli.time.median),
      ]);
    }
  } finally {
    await browser.close();
    await new Promise((r) => pane.server.close(r));
    rmSync(root, { recursive: true, force: true });
  }
  return table(
    'Pane import in Chromium (standalone: N unit files chosen, read and shown for review, then consolidated into the workbook), next to `cchc consolidate` and the floor on the same files',
    [
      'units',
      'read + review',
      'commit',
      'whole',
      'browser memory added (PSS)',
      'cchc consolidate',
      'floor (node:zlib)',
      '× floor',
      '× cchc',
    ],
    rows,
  );
}
