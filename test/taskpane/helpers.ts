import { getCatalog } from '../../src/domain/catalog';
import { COL, planWorkbook, nameForKey } from '../../src/domain/layout';
import { makePeriod } from '../../src/domain/period';
import type { ReportContext } from '../../src/domain/figures';
import type { WorkbookPort } from '../../src/office/port';

export const catalog = getCatalog('2024');
export const ctxSo2024: ReportContext = { level: 'so', period: makePeriod('H1', 2024) };

/** The planned cell of an indicator's figure (canonical sheet, before any suffix). */
export function figureCell(
  key: string,
  ctx: ReportContext = ctxSo2024,
): { sheet: string; address: string; row: number; status: string; note: string } {
  const input = planWorkbook(catalog, ctx).inputs.find((i) => i.id === key && i.kind === 'figure');
  if (!input) throw new Error(`no input ${key}`);
  const row = Number(/\d+$/.exec(input.address)![0]);
  return { sheet: input.sheet, address: input.address, row, status: `${COL.status}${row}`, note: `${COL.note}${row}` };
}

/** Where a name points now, read through the port. */
export async function whereIs(port: WorkbookPort, key: string): Promise<{ sheet: string; address: string }> {
  const snap = await port.readInputs();
  const at = snap.names[nameForKey(key)];
  if (!at) throw new Error(`name of ${key} not found`);
  return at;
}
