import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Server } from 'http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { getCatalog } from '../../src/domain/catalog';
import { planWorkbook } from '../../src/domain/layout';
import { makePeriod } from '../../src/domain/period';
import { parseCell } from '../../src/office/a1';
import { unitWorkbookBytes } from '../fixtures/unitWorkbook';

const { startServer } = require('../../scripts/serve.js') as {
  startServer(o: { port: number; dir: string }): Promise<{ server: Server; port: number; url: string }>;
};

const WEB = path.resolve(__dirname, '../../dist/web');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const AXE = require.resolve('axe-core/axe.min.js');

let server: Server;
let url: string;
let browser: Browser;

function cellOf(key: string): { sheet: string; address: string; row: number; col: number } {
  const input = planWorkbook(getCatalog(), { level: 'so', period: makePeriod('H1', 2024) }).inputs.find(
    (i) => i.id === key,
  )!;
  const p = parseCell(input.address)!;
  return { sheet: input.sheet, address: input.address, row: p.row, col: p.col };
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(WEB, 'taskpane.html')))
    throw new Error('Chưa có dist/web/taskpane.html: chạy "npm run build:web" trước.');
  ({ server, url } = await startServer({ port: 0, dir: WEB }));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
});

/** Presses Tab (or Shift+Tab) until the focused element matches (and has the text), as a keyboard user would. */
async function tabTo(page: Page, selector: string, options: { back?: boolean; text?: string } = {}): Promise<void> {
  for (let i = 0; i < 80; i++) {
    const here = await page.evaluate(
      ([s, t]) => {
        const el = document.activeElement;
        return !!el?.matches(s) && (!t || el.textContent?.trim() === t);
      },
      [selector, options.text ?? ''] as const,
    );
    if (here) return;
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Không đến được ${selector} ${options.text ?? ''} bằng phím Tab.`);
}

/** Critical and serious axe violations, Fluent's focus guards (tabster dummy inputs) excepted. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: unknown,
            o: unknown,
          ): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const r = await axe.run({ exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** The focused element's attribute (`value` of a pane tab, `data-sheet` of a sheet tab). */
function focusedAttribute(page: Page, name: string): Promise<string | null> {
  return page.evaluate((n) => document.activeElement?.getAttribute(n) ?? null, name);
}

/** From anywhere below the pane's tabs: Tab to them, arrows to the one wanted, Enter. */
async function openPaneTab(page: Page, value: string): Promise<void> {
  await tabTo(page, '[role="tab"][aria-selected="true"]:not([data-sheet])');
  // Fluent's Tab repeats its label (a hidden bold copy keeps its width): compare the value.
  for (let i = 0; i < 4 && (await focusedAttribute(page, 'value')) !== value; i++)
    await page.keyboard.press('ArrowRight');
  expect(await focusedAttribute(page, 'value')).toBe(value);
  await page.keyboard.press('Enter');
}

/** Back (Shift+Tab) to the workbook's sheet tabs, Home and arrows to the sheet, then Tab into its grid. */
async function openSheet(page: Page, sheet: string): Promise<void> {
  await tabTo(page, '[role="tablist"] [data-sheet][aria-selected="true"]', { back: true });
  await page.keyboard.press('Home');
  for (let i = 0; i < 12 && (await focusedAttribute(page, 'data-sheet')) !== sheet; i++)
    await page.keyboard.press('ArrowRight');
  expect(await focusedAttribute(page, 'data-sheet')).toBe(sheet);
  await tabTo(page, `[role="grid"][data-sheet="${sheet}"]`);
}

/** The text a cell shows in the grid (its sheet open). */
function cellText(page: Page, cell: { sheet: string; address: string }): Promise<string | null> {
  return page.textContent(`[role="grid"][data-sheet="${cell.sheet}"] [data-address="${cell.address}"]`);
}

/** Whether the workbook's grid area covers the pane's heading or its tabs (one column below 800 px, side by side above). */
function paneOverlapped(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const book = document.querySelector('[role="grid"]')!.parentElement!.getBoundingClientRect();
    const heading = [...document.querySelectorAll('h1')].find((h) => h.textContent === 'Báo cáo cải cách hành chính')!;
    const tabs = document.querySelector('[role="tablist"]:not(:has([data-sheet]))')!;
    return [heading, tabs].some((el) => {
      const r = el.getBoundingClientRect();
      return r.left < book.right && book.left < r.right && r.top < book.bottom && book.top < r.bottom;
    });
  });
}

describe.each([
  [1280, 800],
  [350, 700],
])('at %i px', (width, height) => {
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width, height }, acceptDownloads: true });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(url);
    await page.getByRole('button', { name: 'Chèn biểu mẫu' }).waitFor();
  });

  afterAll(async () => {
    await page?.close();
  });

  test('the workbook stays usable: the grid is wide enough to work in', async () => {
    const box = await page.locator('[role="grid"]').evaluate((g) => g.parentElement!.getBoundingClientRect().width);
    expect(box).toBeGreaterThanOrEqual(Math.min(300, width - 40));
    await expect(paneOverlapped(page)).resolves.toBe(false);
  });

  test('keyboard only: inject, type, move with Tab and arrows, an invalid value refused, fix via a finding, export', async () => {
    await tabTo(page, 'button', { text: 'Chèn biểu mẫu' });
    await page.keyboard.press('Enter');
    await page.getByText(/^Đã chèn 10 trang/).waitFor();

    // To the sheet tabs, then with arrows to Phụ lục I, then into the grid.
    await tabTo(page, '[role="tablist"] [data-sheet][aria-selected="true"]', { back: true });
    for (let i = 0; i < 5; i++) {
      if ((await page.evaluate(() => document.activeElement?.getAttribute('data-sheet'))) === 'Phụ lục I') break;
      await page.keyboard.press('ArrowRight');
    }
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-sheet'))).resolves.toBe('Phụ lục I');
    await tabTo(page, '[role="grid"]');

    const whole = cellOf('1.1.1');
    const part = cellOf('1.1.2');
    await page.keyboard.press('Control+Home');
    for (let r = 1; r < whole.row; r++) await page.keyboard.press('ArrowDown');
    for (let c = 1; c < whole.col; c++) await page.keyboard.press('Tab');
    await expect(page.getAttribute('[role="grid"]', 'aria-activedescendant')).resolves.toMatch(
      new RegExp(`-${whole.address}$`),
    );
    await page.keyboard.type('-3');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').first().textContent()).resolves.toBe(
      `Ô Phụ lục I!${whole.address}: Nhập số nguyên không âm.`,
    );
    await page.keyboard.press('Escape');
    await page.keyboard.type('39');
    await page.keyboard.press('Enter');
    await page.keyboard.type('45');
    await page.keyboard.press('Enter');
    await expect(page.textContent(`[data-address="${part.address}"]`)).resolves.toBe('45');

    // To the pane's "Kiểm tra" tab with the keyboard, then the finding's link back to its cell.
    await tabTo(page, '[role="tab"][aria-selected="true"]:not([data-sheet])');
    for (let i = 0; i < 4; i++) {
      // Fluent's Tab repeats its label (a hidden bold copy keeps its width): compare the value.
      if ((await page.evaluate(() => document.activeElement?.getAttribute('value'))) === 'kiem-tra') break;
      await page.keyboard.press('ArrowRight');
    }
    await page.keyboard.press('Enter');
    await expect(page.getByRole('tab', { name: 'Kiểm tra', exact: true }).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );
    const finding = page.locator('button[data-rule="1.1.2#1"]');
    await finding.waitFor();
    await tabTo(page, 'button[data-rule="1.1.2#1"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[role="grid"] [data-address="${part.address}"][data-selected="true"]`);
    await page.keyboard.type('30');
    await page.keyboard.press('Enter');
    await finding.waitFor({ state: 'detached' });

    // Export the Word report, still without the mouse.
    await tabTo(page, '[role="tab"][aria-selected="true"]:not([data-sheet])');
    for (let i = 0; i < 4; i++) {
      if ((await page.evaluate(() => document.activeElement?.getAttribute('value'))) === 'bao-cao-word') break;
      await page.keyboard.press('ArrowRight');
    }
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Xuất báo cáo Word' }).waitFor();
    await tabTo(page, 'button', { text: 'Xuất báo cáo Word' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    expect(pageErrors).toEqual([]);
  });

  test('keyboard only: a total typed wrong, its finding, a cell link followed, the quick fix, the finding gone; axe clean meanwhile', async () => {
    // To Biểu mẫu 3 with the sheet tabs' arrows, then into the grid: 4.2 typed wrong, then its parts.
    await tabTo(page, '[role="tablist"] [data-sheet][aria-selected="true"]', { back: true });
    for (let i = 0; i < 12; i++) {
      if ((await page.evaluate(() => document.activeElement?.getAttribute('data-sheet'))) === 'Biểu mẫu 3') break;
      await page.keyboard.press('ArrowRight');
    }
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-sheet'))).resolves.toBe('Biểu mẫu 3');
    await tabTo(page, '[role="grid"]');
    const total = cellOf('BM3/4.2');
    const part = cellOf('BM3/4.2.2');
    await page.keyboard.press('Control+Home');
    for (let r = 1; r < total.row; r++) await page.keyboard.press('ArrowDown');
    for (let c = 1; c < total.col; c++) await page.keyboard.press('Tab');
    // The catalog's hint is the selected cell's input message.
    await expect(page.getByRole('note').textContent()).resolves.toMatch(/^Chỉ tiêu 4\.2: Bằng 4\.2\.1 \+ 4\.2\.2/);
    for (const typed of ['16.000', '9.000', '7.000', '181']) {
      await page.keyboard.type(typed);
      await page.keyboard.press('Enter');
    }
    await expect(page.textContent(`[data-address="${total.address}"]`)).resolves.toBe('16.000');

    await tabTo(page, '[role="tab"][aria-selected="true"]:not([data-sheet])');
    for (let i = 0; i < 4; i++) {
      if ((await page.evaluate(() => document.activeElement?.getAttribute('value'))) === 'kiem-tra') break;
      await page.keyboard.press('ArrowRight');
    }
    await page.keyboard.press('Enter');
    const finding = page.locator('button[data-rule="BM3/4.2#1"]');
    await finding.waitFor();
    const fix = page.getByRole('button', { name: 'Điền tổng = 16.181 từ các phần' });
    await fix.waitFor();
    const seen = await axeViolations(page);
    expect(seen).toEqual([]);

    // The finding's other cells are links: Enter on one selects that cell in the grid.
    await tabTo(page, `[data-cell="Biểu mẫu 3!${part.address}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[role="grid"] [data-address="${part.address}"][data-selected="true"]`);

    // Back to the pane by the keyboard, to the quick fix: Enter writes the sum and the finding clears.
    await tabTo(page, 'button[data-fix="BM3/4.2"]');
    await page.keyboard.press('Enter');
    await finding.waitFor({ state: 'detached' });
    await expect(page.textContent(`[data-address="${total.address}"]`)).resolves.toBe('16.181');
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  test('axe: no critical or serious violation on any tab', async () => {
    const found: string[] = [];
    for (const tab of ['Biểu mẫu', 'Kiểm tra', 'Tổng hợp', 'Báo cáo Word']) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await page.waitForTimeout(300);
      for (const v of await axeViolations(page)) found.push(`${tab}: ${v}`);
    }
    expect(found).toEqual([]);
  });

  test('keyboard only: injecting again opens the dialog; Escape and "Hủy" write nothing, "Chèn lại" applies and keeps the figures', async () => {
    const year = cellOf('year');
    const figure = cellOf('1.1.2');
    await openSheet(page, year.sheet);
    const yearBefore = await cellText(page, year);
    expect(yearBefore).toMatch(/^\d{4}$/);
    await openSheet(page, figure.sheet);
    const figureBefore = await cellText(page, figure);
    expect(figureBefore).toBe('30');

    // Another year in the form, so that applying the dialog shows in the details sheet.
    await openPaneTab(page, 'bieu-mau');
    await tabTo(page, 'input[aria-label="Năm"]');
    const newYear = String(Number(yearBefore) - 1);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(newYear);
    await tabTo(page, 'button', { text: 'Chèn biểu mẫu' });

    const dialog = page.getByRole('alertdialog', { name: 'Chèn lại biểu mẫu' });
    const focusInDialog = () => page.evaluate(() => !!document.activeElement?.closest('[role="alertdialog"]'));
    /** Enter on "Chèn biểu mẫu": the dialog opens with the focus inside it; Tab stays within it. */
    const openDialog = async () => {
      await page.keyboard.press('Enter');
      await dialog.waitFor();
      await page.waitForFunction(() => !!document.activeElement?.closest('[role="alertdialog"]'));
    };
    const closedWithoutWriting = async () => {
      await dialog.waitFor({ state: 'detached' });
      // Back on the button that opened it, ready to open it again.
      await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Chèn biểu mẫu');
      expect(await page.getByText(/^Đã chèn 10 trang \(0 trang mới/).count()).toBe(0);
    };

    await openDialog();
    const reached = new Set<string>();
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInDialog()).toBe(true);
      reached.add((await page.evaluate(() => document.activeElement?.textContent?.trim())) ?? '');
    }
    expect(reached).toEqual(new Set(['Chèn lại', 'Hủy']));
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await closedWithoutWriting();

    await openDialog();
    await tabTo(page, '[role="alertdialog"] button', { text: 'Hủy' });
    await page.keyboard.press('Enter');
    await closedWithoutWriting();

    // Nothing written: the details still say the year injected first, the figure is as typed.
    await openSheet(page, year.sheet);
    expect(await cellText(page, year)).toBe(yearBefore);
    await openSheet(page, figure.sheet);
    expect(await cellText(page, figure)).toBe(figureBefore);
    await openPaneTab(page, 'bieu-mau');
    await tabTo(page, 'button', { text: 'Chèn biểu mẫu' });
    await openDialog();
    await tabTo(page, '[role="alertdialog"] button', { text: 'Chèn lại' });
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(/^Đã chèn 10 trang \(0 trang mới, 10 trang cập nhật\)/).waitFor();
    // The focus goes where the user fills in first: the unit's name on the details sheet, in the grid.
    const unit = cellOf('unit');
    await page.waitForSelector(
      `[role="grid"][data-sheet="${unit.sheet}"] [data-address="${unit.address}"][data-selected="true"]`,
    );
    expect(await focusedAttribute(page, 'role')).toBe('grid');
    expect(await cellText(page, year)).toBe(newYear);
    await openSheet(page, figure.sheet);
    expect(await cellText(page, figure)).toBe(figureBefore);
    expect(await cellText(page, cellOf('1.1.1'))).toBe('39');
    expect(pageErrors).toEqual([]);
  });

  test('keyboard only: import two units and a damaged file, review, consolidate, follow the link to "Tổng hợp"; axe clean at each stage', async () => {
    // Colleagues' workbooks made with the template; the third one cut short, as a broken download would be.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-keyboard-'));
    const files = [
      ['so-tu-phap.xlsx', await unitWorkbookBytes('Sở Tư pháp', { '1.1.1': 20, '1.1.2': 10 })],
      ['so-y-te.xlsx', await unitWorkbookBytes('Sở Y tế', { '1.1.1': 12, '1.1.2': 12 })],
      ['so-cong-thuong.xlsx', (await unitWorkbookBytes('Sở Công Thương', { '1.1.1': 5 })).slice(0, 4000)],
    ] as const;
    for (const [name, bytes] of files) fs.writeFileSync(path.join(dir, name), bytes);

    await openPaneTab(page, 'tong-hop');
    await page.getByRole('button', { name: 'Chọn tệp .xlsx' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // Listening first: the chooser is caught however soon Enter opens it.
    const chosen = page.waitForEvent('filechooser');
    await tabTo(page, 'button', { text: 'Chọn tệp .xlsx' });
    await page.keyboard.press('Enter');
    const chooser = await chosen;
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles(files.map(([name]) => path.join(dir, name)));
    const focusedText = () => page.evaluate(() => document.activeElement?.textContent?.trim());

    await page.getByRole('region', { name: 'Xem trước: so-y-te.xlsx' }).waitFor();
    const damaged = page.getByRole('list', { name: 'Các tệp' }).locator('li[data-file="so-cong-thuong.xlsx"]');
    await expect(damaged.getAttribute('data-status')).resolves.toBe('refused');
    const refusal = (await damaged.textContent()) ?? '';
    expect(refusal).toMatch(/^so-cong-thuong\.xlsxBị từ chối: tệp bị hỏng hoặc tải về chưa hết/);
    await expect(page.getByTestId('import-progress').textContent()).resolves.toBe(
      'Đã đọc 3 tệp: 2 đọc được, 1 bị từ chối.',
    );
    // The focus stayed on the button while the files were read.
    expect(await focusedText()).toBe('Chọn tệp .xlsx');
    expect(await axeViolations(page)).toEqual([]);

    // The review by keyboard: each unit's name as read, one corrected, then the commit.
    for (const [file, unit] of [
      ['so-tu-phap.xlsx', 'Sở Tư pháp'],
      ['so-y-te.xlsx', 'Sở Y tế'],
    ]) {
      await tabTo(page, `input[aria-label="Tên đơn vị của tệp ${file}"]`);
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(unit);
    }
    await page.keyboard.press('End');
    await page.keyboard.type(' tỉnh');
    await tabTo(page, 'button', { text: 'Tổng hợp vào sổ làm việc' });
    await page.keyboard.press('Enter');
    const done = page.getByRole('status').filter({ hasText: /^Đã tổng hợp 2 đơn vị/ });
    await done.waitFor();
    // The preview is gone with its button: the focus is on the outcome, its link the next Tab.
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status');
    expect(await focusedText()).toMatch(/^Đã tổng hợp 2 đơn vị/);
    expect(await axeViolations(page)).toEqual([]);

    // The message's link opens the consolidated sheet in the grid.
    await page.keyboard.press('Tab');
    expect(await focusedAttribute(page, 'data-cell')).toBe('Tổng hợp!A1');
    expect(await focusedText()).toBe('Mở trang "Tổng hợp"');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[role="grid"][data-sheet="Tổng hợp"] [data-address="A1"][data-selected="true"]');
    expect(await focusedAttribute(page, 'role')).toBe('grid');
    // 1.1.1 summed over the two units read: 20 + 12; the unit under the name as corrected.
    const summary = page.locator('[role="grid"][data-sheet="Tổng hợp"]');
    await summary.getByText('32', { exact: true }).first().waitFor();
    await summary.getByText('Sở Y tế tỉnh', { exact: true }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  test('with the forms in (a taller grid), the workbook and the pane still do not overlap', async () => {
    await expect(page.locator('[data-sheet="Phụ lục I"]').count()).resolves.toBe(1);
    await expect(paneOverlapped(page)).resolves.toBe(false);
  });
});
