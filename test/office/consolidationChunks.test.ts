import { getCatalog } from '../../src/domain/catalog';
import { CONSOLIDATED_SHEETS } from '../../src/io/consolidatedWorkbook';
import { ExcelPort } from '../../src/office/excelPort';
import { RecordingExcel, WEB_PAYLOAD_LIMIT, type HostProfile } from '../fakes/excel';
import { consolidatedXlsx } from '../fakes/officeSyncs';

/**
 * A consolidation of several hundred units is larger than one request of Excel on the web
 * (5 MB): the port sends it in parts, with progress, and stays all or nothing.
 */

const catalog = getCatalog('2024');
const SHEETS = Object.values(CONSOLIDATED_SHEETS);
let xlsx: Uint8Array;

beforeAll(async () => {
  // 1,200 units: the base64 of the file is over 5 MB (the sources sheet gives a unit whose figures sit
  // at the template's cells one row, so the file grows by the summary's columns more than its rows).
  xlsx = await consolidatedXlsx(catalog, 1200);
}, 120000);

function setup(profile: HostProfile) {
  const fake = new RecordingExcel({ profile });
  const port = new ExcelPort(
    { run: fake.run, runIn: fake.runIn, isSetSupported: fake.isSetSupported },
    { retryDelayMs: 5 },
  );
  fake.addUserSheet('Sheet1', { A1: 'của tôi' });
  return { fake, port };
}

test('the file is too big for one web request', () => {
  expect(Math.ceil(xlsx.length / 3) * 4).toBeGreaterThan(WEB_PAYLOAD_LIMIT);
});

test.each<HostProfile>(['web', 'office2019'])(
  '%s: written in requests under 5 MB, with progress up to 1, every sheet in place',
  async (profile) => {
    const { fake, port } = setup(profile);
    const progress: number[] = [];
    await port.replaceSheetsFromXlsx(xlsx, SHEETS, { onProgress: (f) => progress.push(f) });
    expect(fake.oversizedRequests).toBe(0);
    expect(fake.largestRequest).toBeLessThanOrEqual(WEB_PAYLOAD_LIMIT);
    expect(fake.syncCount).toBeGreaterThan(2);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[progress.length - 1]).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(fake.sheetNames()).toEqual(['Sheet1', ...SHEETS]);
    expect(fake.cell('Sheet1', 'A1').value).toBe('của tôi');
    // The units' sheet lists every unit.
    const units = fake.sheets.find((s) => s.name === CONSOLIDATED_SHEETS.units)!;
    const names = [...units.cells.values()].filter((c) => typeof c.value === 'string' && /^Đơn vị số/.test(c.value));
    expect(names.length).toBeGreaterThanOrEqual(400);
  },
  120000,
);

/** The workbook without sheet ids (a replacement gives its sheets new ids). */
function withoutIds(dump: unknown): unknown {
  const d = dump as { sheets: { id: string }[] };
  return { ...d, sheets: d.sheets.map(({ id: _id, ...rest }) => rest) };
}

test('a failure at any write step of a chunked replacement leaves the workbook as it was (or, once swapped, as replaced)', async () => {
  // A small consolidation in requests of 64 KB: the same steps as a big one, quicker.
  const small = await consolidatedXlsx(catalog, 12);
  const fake = new RecordingExcel({ profile: 'web' });
  const port = new ExcelPort(
    { run: fake.run, runIn: fake.runIn, isSetSupported: fake.isSetSupported },
    { retryDelayMs: 5, requestBudget: 64 * 1024 },
  );
  fake.addUserSheet('Sheet1', { A1: 'của tôi' });
  await port.replaceSheetsFromXlsx(small, SHEETS);
  const before = fake.dump();
  fake.resetCounts();
  await port.replaceSheetsFromXlsx(small, SHEETS);
  const total = fake.addinWrites;
  expect(fake.syncCount).toBeGreaterThan(4);
  expect(withoutIds(fake.dump())).toEqual(withoutIds(before));
  const after = withoutIds(fake.dump());
  const steps = new Set<number>();
  for (let i = 0; i < 5; i++) steps.add(Math.floor((i * total) / 5));
  for (let i = 1; i <= 6; i++) steps.add(total - i);
  let failed = 0;
  for (const at of steps) {
    const start = fake.dump();
    fake.failAfterWrites(at);
    const outcome = await port.replaceSheetsFromXlsx(small, SHEETS).then(
      () => 'replaced',
      () => 'failed',
    );
    fake.disarmWriteFailure();
    if (outcome === 'failed') {
      failed++;
      expect(fake.dump()).toEqual(start);
    } else expect(withoutIds(fake.dump())).toEqual(after);
    expect(fake.sheetNames()).toEqual(['Sheet1', ...SHEETS]);
  }
  expect(failed).toBeGreaterThanOrEqual(steps.size - 4);
}, 240000);
