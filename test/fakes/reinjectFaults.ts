// What the fault-injection tests of a re-injection share: a catalog small enough to fail every write
// step in seconds, a port on the fake, the workbook as data, and the loop that fails each step.
import { readFileSync } from 'fs';
import * as path from 'path';
import { registerCatalog } from '../../src/domain/catalog';
import type { Catalog } from '../../src/domain/catalog/types';
import { makePeriod } from '../../src/domain/period';
import { ExcelPort } from '../../src/office/excelPort';
import { injectForms } from '../../src/taskpane/usecases';
import type { RecordingExcel } from './excel';

/** The year's report after the half-year's: the details and the rows that apply change. */
export const ctxYear = { level: 'so' as const, period: makePeriod('Y', 2024) };

const reference = path.join(__dirname, '..', 'fixtures', 'reference');
const head = (file: string, lines: number) =>
  readFileSync(path.join(reference, file), 'utf8').split('\n').slice(0, lines).join('\n') + '\n';

/** A catalog of a few rows (a sum relation, Biểu mẫu 1); the full catalog repeats the same steps over more rows. */
export const smallCatalog = registerCatalog({
  id: 'thu-nho',
  title: 'Danh mục thu nhỏ',
  phuLucI: head('phu-luc-i.tsv', 8),
  bieuMau: head('bieu-mau.tsv', 5),
});

export function portOn(fake: RecordingExcel): ExcelPort {
  return new ExcelPort({ run: fake.run, runIn: fake.runIn, isSetSupported: fake.isSetSupported }, { retryDelayMs: 5 });
}

/** The workbook as data, without sheet ids (a sheet put back from its copy is a new sheet to Excel). */
export function workbookState(fake: RecordingExcel): unknown {
  const dump = fake.dump() as { sheets: { id?: string }[]; names: unknown };
  return { ...dump, sheets: dump.sheets.map(({ id: _id, ...rest }) => rest) };
}

/**
 * Fails write step k of a re-injection for each k in `steps`, each on a fresh copy of `prepared`:
 * a refused injection leaves the workbook as before, one that went through as a clean run leaves it.
 */
export async function failEachStep(
  prepared: RecordingExcel,
  cat: Catalog,
  steps: (total: number) => number[],
): Promise<{ total: number; tried: number; refused: number }> {
  const before = workbookState(prepared);
  const probe = prepared.clone();
  probe.resetCounts();
  await injectForms(portOn(probe), cat, ctxYear);
  const total = probe.addinWrites;
  const after = workbookState(probe);
  expect(after).not.toEqual(before);
  const tried = steps(total);
  let refused = 0;
  for (const k of tried) {
    const fake = prepared.clone();
    fake.failAfterWrites(k);
    const outcome = await injectForms(portOn(fake), cat, ctxYear).then(
      () => 'done',
      (err: Error) => {
        expect(err.message).toMatch(/write step/);
        return 'refused';
      },
    );
    expect(fake.writeFailureArmed).toBe(false);
    if (outcome === 'refused') refused++;
    const expected = outcome === 'refused' ? before : after;
    // Compared as JSON first (fast); the deep comparison only to show a difference.
    const now = workbookState(fake);
    if (JSON.stringify(now) !== JSON.stringify(expected)) expect([k, now]).toEqual([k, expected]);
  }
  return { total, tried: tried.length, refused };
}
