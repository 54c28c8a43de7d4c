// The standalone open runs in a Web Worker in a real browser: the file is read there, the grid shows
// it, a refusal comes back with its Vietnamese reason, and nothing leaves the machine.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Server } from 'http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { getCatalog } from '../../src/domain/catalog';
import { planWorkbook } from '../../src/domain/layout';
import { makePeriod } from '../../src/domain/period';
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { injectForms } from '../../src/taskpane/usecases';
import { millionRowWorkbook } from '../hostile/inputs';

const { startServer } = require('../../scripts/serve.js') as {
  startServer(o: { port: number; dir: string }): Promise<{ server: Server; url: string }>;
};

const WEB = path.resolve(__dirname, '../../dist/web');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ctx = { level: 'so' as const, period: makePeriod('H1', 2024) };

let server: Server;
let url: string;
let browser: Browser;
let page: Page;
const workers: string[] = [];
const requests: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(path.join(WEB, 'taskpane.html')))
    throw new Error('Chưa có dist/web/taskpane.html: chạy "npm run build:web" trước.');
  ({ server, url } = await startServer({ port: 0, dir: WEB }));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('worker', (w) => workers.push(w.url()));
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => pageErrors.push(String(e)));
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
});

test('a workbook opened in the standalone pane is read in a Web Worker and shown; a refused one says why', async () => {
  const port = MemoryPort.blank();
  await injectForms(port, getCatalog(), ctx);
  const input = planWorkbook(getCatalog(), ctx).inputs.find((i) => i.id === '1.1.1')!;
  port.edit(input.sheet, input.address, [[39]], 'type');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-worker-'));
  const file = path.join(dir, 'don-vi.xlsx');
  fs.writeFileSync(file, await port.save());

  await page.goto(url);
  await page.getByRole('button', { name: 'Chèn biểu mẫu' }).waitFor();
  await page.setInputFiles('input[type="file"]', file);
  await page
    .getByText(/don-vi\.xlsx/)
    .first()
    .waitFor();
  expect(workers.length).toBe(1);
  expect(new URL(workers[0]).origin).toBe(new URL(url).origin);
  await page.click(`[role="tablist"] [data-sheet="${input.sheet}"]`);
  await expect(page.textContent(`[data-address="${input.address}"]`)).resolves.toBe('39');

  // A million rows: refused in the worker, the workbook on screen kept.
  const big = path.join(dir, 'trieu-dong.xlsx');
  fs.writeFileSync(big, await millionRowWorkbook());
  await page.setInputFiles('input[type="file"]', big);
  await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(/Không mở được tệp "trieu-dong\.xlsx"/);
  await expect(page.textContent(`[data-address="${input.address}"]`)).resolves.toBe('39');
  expect(workers.length).toBe(1);

  expect(pageErrors).toEqual([]);
  const origin = new URL(url).origin;
  expect(
    requests.filter((r) => !r.startsWith(`${origin}/`) && !r.startsWith('data:') && !r.startsWith('blob:')),
  ).toEqual([]);
});
