// The pane in Chromium (playwright-core + /usr/bin/chromium), served by the product's own server
// (scripts/serve.js): bytes on the wire, the page's first paint, and time until the standalone pane is usable
// ("Chèn biểu mẫu" shown and clickable), unthrottled, at CPU 4×, and at CPU 4× with 1.5 Mbps / 300 ms RTT; a bare page as the
// network floor;
// the browser's own unzip floor (DecompressionStream) on the hand-made sở form.
import { existsSync, mkdtempSync, writeFileSync } from 'fs';
import type { Server } from 'http';
import { tmpdir } from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { Browser, Page } from 'playwright-core';
import { webChunks } from './chunks';
import { ROOT } from './proc';
import { kib, ms, num, summarise, table, times, type Sample } from './stats';
import { BROWSER_FLOOR_SCRIPT } from './zipFloor';

const WEB = path.join(ROOT, 'dist', 'web');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

interface Profile {
  name: string;
  cpu: number;
  /** Bytes per second down and up; 0: no shaping. */
  throughput: number;
  latencyMs: number;
}
const PROFILES: Profile[] = [
  { name: 'unthrottled', cpu: 1, throughput: 0, latencyMs: 0 },
  { name: 'CPU 4×', cpu: 4, throughput: 0, latencyMs: 0 },
  { name: 'CPU 4×, 1.5 Mbps, 300 ms RTT', cpu: 4, throughput: 1_500_000 / 8, latencyMs: 300 },
];

type StartServer = (o: { port: number; dir: string }) => Promise<{ server: Server; url: string }>;

async function loadOnce(
  browser: Browser,
  url: string,
  profile: Profile,
  usable: ((page: Page, shown: () => void) => Promise<unknown>) | null,
): Promise<{ ms: number; shownMs: number; paintMs: number; bytes: number }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (profile.throughput)
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: profile.latencyMs,
        downloadThroughput: profile.throughput,
        uploadThroughput: profile.throughput,
      });
    if (profile.cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength));
    const t0 = performance.now();
    await page.goto(url, { waitUntil: usable ? 'commit' : 'load', timeout: 120_000 });
    let shownMs = 0;
    if (usable) await usable(page, () => (shownMs = performance.now() - t0));
    const elapsed = performance.now() - t0;
    // The page's first paint ("Đang tải…" on the pane), from the page's own clock (navigation start).
    const paintMs = (await page.evaluate(
      "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0",
    )) as number;
    return { ms: elapsed, shownMs, paintMs, bytes };
  } finally {
    await context.close();
  }
}

export async function paneSection(
  runs: number,
  soForm: Uint8Array | null,
  nodeFloorMs: number | null,
): Promise<string> {
  if (!existsSync(path.join(WEB, 'taskpane.html')))
    return '\n== Pane\nchưa có (dist/web chưa được build: npm run build:web)';
  if (!existsSync(CHROMIUM)) return `\n== Pane\nchưa có (không có Chromium tại ${CHROMIUM})`;
  const { chromium } = await import('playwright-core');
  const { startServer } = (await import(path.join(ROOT, 'scripts', 'serve.js'))) as { startServer: StartServer };
  const bare = mkdtempSync(path.join(tmpdir(), 'cchc-bench-bare-'));
  writeFileSync(
    path.join(bare, 'taskpane.html'),
    '<!doctype html><meta charset="utf-8"><title>trang trống</title><p>trống</p>',
  );
  const pane = await startServer({ port: 0, dir: WEB });
  const blank = await startServer({ port: 0, dir: bare });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const rows: string[][] = [];
  let floorRow: string[] | null = null;
  try {
    // Usable: what a click needs. A trial click waits until the button is visible, enabled and stable, and
    // until the page answers (a main thread busy with other work fails this where a bare "visible" passes).
    const usable = async (page: Page, shown: () => void) => {
      const button = page.getByRole('button', { name: 'Chèn biểu mẫu' });
      await button.waitFor({ state: 'visible', timeout: 120_000 });
      shown();
      await button.click({ trial: true, timeout: 120_000 });
    };
    for (const profile of PROFILES) {
      const paneRuns = [];
      const bareRuns = [];
      for (let i = 0; i < runs; i++) {
        paneRuns.push(await loadOnce(browser, pane.url, profile, usable));
        bareRuns.push(await loadOnce(browser, blank.url, profile, null));
      }
      const t = summarise(paneRuns.map((r) => r.ms));
      const shown = summarise(paneRuns.map((r) => r.shownMs));
      const paint = summarise(paneRuns.map((r) => r.paintMs));
      const b = summarise(bareRuns.map((r) => r.ms));
      rows.push([
        profile.name,
        ms(paint),
        ms(shown),
        ms(t),
        kib(Math.max(...paneRuns.map((r) => r.bytes))),
        ms(b),
        times(t.median, b.median),
      ]);
    }
    if (soForm) {
      const page = await browser.newPage();
      await page.goto(blank.url);
      const base64 = Buffer.from(soForm).toString('base64');
      const fn = `(${BROWSER_FLOOR_SCRIPT})(${JSON.stringify({ base64, runs: Math.max(runs, 9), warmup: 3 })})`;
      const timesMs = (await page.evaluate(fn)) as number[];
      const s: Sample = summarise(timesMs);
      floorRow = [
        'browser unzip floor of the sở form (DecompressionStream)',
        ms(s),
        nodeFloorMs ? `${num(s.median / nodeFloorMs)}× node:zlib floor` : '',
      ];
      await page.close();
    }
  } finally {
    await browser.close();
    await new Promise((r) => pane.server.close(r));
    await new Promise((r) => blank.server.close(r));
  }
  const chunks = webChunks(WEB);
  const out = [
    table(
      'Pane start in Chromium (standalone, until "Chèn biểu mẫu" is clickable) — target: ≤ 1.5 s at CPU 4×, ≤ 2 s with 1.5 Mbps / 300 ms',
      ['profile', 'first paint', 'shown', 'usable (clickable)', 'on the wire', 'bare page', '× bare'],
      rows,
    ),
  ];
  if (chunks)
    out.push(
      table(
        'Pane scripts (gzip -9 of the built files; the first chunk is inline in the page) — target: first chunk ≤ 150 KiB',
        ['chunk', 'gzip'],
        [
          [`first: ${chunks.first.join(', ')}`, kib(chunks.firstGzip)],
          ...chunks.onDemand.map((c) => [`on demand: ${c.name}`, kib(c.gzip)]),
        ],
      ),
    );
  if (floorRow) out.push(table('Browser floor', ['what', 'median (min–max)', ''], [floorRow]));
  return out.join('\n');
}
