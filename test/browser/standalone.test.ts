import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Server } from 'http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { getCatalog } from '../../src/domain/catalog';
import { COL, planWorkbook } from '../../src/domain/layout';
import { makePeriod } from '../../src/domain/period';

const { startServer } = require('../../scripts/serve.js') as {
  startServer(o: { port: number; dir: string }): Promise<{ server: Server; port: number; url: string }>;
};

const WEB = path.resolve(__dirname, '../../dist/web');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

let server: Server;
let url: string;
let origin: string;
let browser: Browser;
let page: Page;
const requests: string[] = [];
const pageErrors: string[] = [];

/** Where the plan puts an indicator's figure for a sở, 6 tháng 2024 (the pane's default level). */
function cellOf(key: string): { sheet: string; address: string; row: number } {
  const input = planWorkbook(getCatalog(), { level: 'so', period: makePeriod('H1', 2024) }).inputs.find(
    (i) => i.id === key,
  )!;
  return { sheet: input.sheet, address: input.address, row: Number(/\d+$/.exec(input.address)![0]) };
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(WEB, 'taskpane.html')))
    throw new Error('Chưa có dist/web/taskpane.html: chạy "npm run build:web" trước.');
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Không có Chromium tại ${CHROMIUM}: apt-get install -y chromium (hoặc đặt CHROMIUM_PATH).`);
  ({ server, url } = await startServer({ port: 0, dir: WEB }));
  origin = new URL(url).origin;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => pageErrors.push(String(e)));
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
});

async function typeInto(address: string, text: string): Promise<void> {
  await page.click(`[role="grid"] [data-address="${address}"]`);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

test('standalone mode: inject, type a part above its whole, see it flagged, jump to it, fix it', async () => {
  await page.goto(url);
  await page.getByRole('button', { name: 'Chèn biểu mẫu' }).click();
  await page.getByText(/^Đã chèn 10 trang/).waitFor();

  const whole = cellOf('1.1.1');
  const part = cellOf('1.1.2');
  expect(part.sheet).toBe('Phụ lục I');
  await page.click(`[role="tablist"] [data-sheet="${part.sheet}"]`);
  await typeInto(whole.address, '39');
  await typeInto(part.address, '45');
  await expect(page.textContent(`[data-address="${part.address}"]`)).resolves.toBe('45');

  await page.getByRole('tab', { name: 'Kiểm tra' }).click();
  const errors = page.getByRole('region', { name: 'Lỗi' });
  const item = errors.locator('button[data-rule="1.1.2#1"]');
  await item.waitFor();
  await expect(item.textContent()).resolves.toContain('1.1.2 «Số nhiệm vụ đã hoàn thành» = 45');
  await expect(page.textContent(`[data-address="${COL.status}${part.row}"]`)).resolves.toBe('✗');

  // Go elsewhere, then click the finding: the grid comes back to its cell.
  await page.click('[role="tablist"] [data-sheet="Thông tin"]');
  await expect(page.getAttribute('[role="grid"]', 'data-sheet')).resolves.toBe('Thông tin');
  await item.click();
  await page.waitForSelector(
    `[role="grid"][data-sheet="${part.sheet}"] [data-address="${part.address}"][data-selected="true"]`,
  );

  // The selection has the keyboard: type the fix.
  await page.keyboard.type('30');
  await page.keyboard.press('Enter');
  await errors.waitFor({ state: 'detached' });
  await expect(page.getByTestId('check-summary').textContent()).resolves.toMatch(/^Không có lỗi hay cảnh báo/);
  await expect(page.textContent(`[data-address="${COL.status}${part.row}"]`)).resolves.toBe('✓');

  expect(pageErrors).toEqual([]);
  const outside = requests.filter(
    (r) => !r.startsWith(`${origin}/`) && !r.startsWith('data:') && !r.startsWith('blob:'),
  );
  expect(outside).toEqual([]);
  expect(requests.length).toBeGreaterThan(2);
});

test('standalone mode: "Lưu .xlsx" downloads the workbook and "Mở tệp .xlsx" opens it again, figures and checks kept', async () => {
  // Continues the first test's page: 1.1.1 = 39, 1.1.2 = 30.
  const part = cellOf('1.1.2');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Lưu .xlsx' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('bao-cao-cchc.xlsx');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-')), 'don-vi.xlsx');
  await download.saveAs(file);
  expect(fs.readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');

  await page.reload();
  await page.getByRole('button', { name: 'Chèn biểu mẫu' }).waitFor();
  await page.setInputFiles('input[type="file"]', file);
  await page
    .getByText(/don-vi\.xlsx/)
    .first()
    .waitFor();
  await page.click(`[role="tablist"] [data-sheet="${part.sheet}"]`);
  await expect(page.textContent(`[data-address="${part.address}"]`)).resolves.toBe('30');
  await page.getByRole('tab', { name: 'Kiểm tra' }).click();
  await expect(page.getByTestId('check-summary').textContent()).resolves.toMatch(
    /^Không có lỗi hay cảnh báo; đã nhập 2\//,
  );

  // A file that is not a workbook is refused with a reason.
  const bad = path.join(path.dirname(file), 'khong-phai.xlsx');
  fs.writeFileSync(bad, '%PDF-1.4 giả');
  await page.setInputFiles('input[type="file"]', bad);
  await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(/Không mở được tệp "khong-phai\.xlsx"/);
  expect(pageErrors).toEqual([]);
  const outside = requests.filter(
    (r) => !r.startsWith(`${origin}/`) && !r.startsWith('data:') && !r.startsWith('blob:'),
  );
  expect(outside).toEqual([]);
});

test('hosted by Office (_host_Info in the URL): office.js is requested from its build setting, standalone mode is not', async () => {
  const hosted = await browser.newPage();
  const office: string[] = [];
  const other: string[] = [];
  hosted.on('request', (r) => {
    if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('https://appsforoffice.microsoft.com/'))
      other.push(r.url());
  });
  // A stand-in for office.js: Word, where the pane shows the Word tab only.
  await hosted.route('https://appsforoffice.microsoft.com/**', (route) => {
    office.push(route.request().url());
    return route.fulfill({
      contentType: 'text/javascript',
      body: "window.Office = { HostType: { Excel: 'Excel', Word: 'Word' }, context: {}, onReady: function () { return Promise.resolve({ host: 'Word', platform: 'PC' }); } };",
    });
  });
  await hosted.goto(`${url}?_host_Info=Word$Win32$16.01$vi-VN$$$$0`);
  await hosted.getByRole('tab', { name: 'Báo cáo Word' }).waitFor();
  expect(await hosted.getByRole('tab', { name: 'Biểu mẫu' }).count()).toBe(0);
  expect(await hosted.getByRole('button', { name: 'Mở tệp .xlsx' }).count()).toBe(0);
  expect(office).toEqual(['https://appsforoffice.microsoft.com/lib/1/hosted/office.js']);
  expect(other).toEqual([]);
  await hosted.close();
});

test('the page says "Đang tải…" before any script has run; the pane replaces it, and the catalog comes once the page is idle', async () => {
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const bare = await noScript.newPage();
  await bare.goto(url);
  await expect(bare.locator('#root').textContent()).resolves.toBe('Đang tải…');
  await noScript.close();

  const fresh = await browser.newPage();
  await fresh.goto(url);
  await fresh.getByRole('button', { name: 'Chèn biểu mẫu' }).waitFor();
  await fresh.getByText(/^Danh mục: .+\. Chèn lại bất cứ lúc nào/).waitFor();
  expect(await fresh.getByText('Đang tải…', { exact: true }).count()).toBe(0);
  await fresh.close();
});

/** A unit's workbook made with the template, as a colleague would send it. */
async function unitWorkbook(dir: string, file: string, unit: string, figures: Record<string, number>): Promise<string> {
  const { unitWorkbookBytes } = await import('../fixtures/unitWorkbook');
  const out = path.join(dir, file);
  fs.writeFileSync(out, await unitWorkbookBytes(unit, figures));
  return out;
}

test('standalone mode: import two units and a broken file, preview, consolidate into "Tổng hợp"', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-import-'));
  const a = await unitWorkbook(dir, 'so-tu-phap.xlsx', 'Sở Tư pháp', { '1.1.1': 20, '1.1.2': 10 });
  const b = await unitWorkbook(dir, 'so-y-te.xlsx', 'Sở Y tế', { '1.1.1': 12, '1.1.2': 12 });
  const broken = path.join(dir, 'hong.xlsx');
  fs.writeFileSync(broken, 'không phải tệp Excel');

  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.getByRole('tab', { name: 'Tổng hợp' }).click();
  await page.setInputFiles('input[aria-label="Tệp .xlsx của các đơn vị"]', [a, b, broken]);
  await page.getByRole('region', { name: 'Xem trước: so-y-te.xlsx' }).waitFor();
  // Read in the import's Web Worker: the page never loaded its own way of reading them.
  expect(workers.some((u) => u.includes('/import-reading-worker.'))).toBe(true);
  expect(requests.filter((r) => r.includes('/import-reading-on-page.'))).toEqual([]);
  const progress = page.getByRole('region', { name: 'Tiến độ đọc tệp' });
  await expect(progress.textContent()).resolves.toMatch(/hong\.xlsx.*Bị từ chối/);
  await expect(page.getByLabel('Tên đơn vị của tệp so-tu-phap.xlsx').inputValue()).resolves.toBe('Sở Tư pháp');

  await page.getByRole('button', { name: 'Tổng hợp vào sổ làm việc' }).click();
  await page.click('[role="tablist"] [data-sheet="Tổng hợp"]');
  // 1.1.1 summed over the two units: 20 + 12.
  await page.locator('[role="grid"][data-sheet="Tổng hợp"]').getByText('32', { exact: true }).first().waitFor();
  expect(pageErrors).toEqual([]);
});

test('standalone mode: "Xuất báo cáo Word" downloads a .docx built in the pane', async () => {
  await page.getByRole('tab', { name: 'Báo cáo Word' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Xuất báo cáo Word' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^Bao-cao-CCHC.*\.docx$/);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-docx-')), 'bao-cao.docx');
  await download.saveAs(file);
  const JSZip = (await import('jszip')).default;
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const xml = await zip.file('word/document.xml')!.async('string');
  expect(xml).toContain('BÁO CÁO');
  expect(xml).toContain('Times New Roman');
  expect(pageErrors).toEqual([]);
  const outside = requests.filter(
    (r) => !r.startsWith(`${origin}/`) && !r.startsWith('data:') && !r.startsWith('blob:'),
  );
  expect(outside).toEqual([]);
});
