// Live checking in the pane's own code path (the use cases over the standalone memory workbook):
// one typed edit, and checkAll after opening or a structural edit; the domain validation alone.
import { getCatalog } from '../src/domain/catalog';
import { nameForKey } from '../src/domain/layout';
import { makePeriod } from '../src/domain/period';
import { validate } from '../src/domain/validate';
import type { EditEvent } from '../src/office/port';
import { MemoryPort } from '../src/taskpane/standalone/memoryPort';
import { checkAll, injectForms, onEdit } from '../src/taskpane/usecases';
import { sampleFigures } from './sample';
import { measure, ms, table } from './stats';

export async function checkSection(runs: number): Promise<string> {
  const catalog = getCatalog();
  const port = MemoryPort.blank();
  await injectForms(port, catalog, { level: 'so', period: makePeriod('H1', 2024) });
  const figures = sampleFigures(catalog);
  const names = (await port.readInputs()).names;
  const cells: { sheet: string; address: string; v: number }[] = [];
  for (const [key, v] of Object.entries(figures.values)) {
    const at = names[nameForKey(key)];
    if (at && v !== null) cells.push({ sheet: at.sheet, address: at.address, v });
  }
  for (const c of cells) port.edit(c.sheet, c.address, [[c.v]]);
  const target = cells[Math.floor(cells.length / 3)];
  const events: EditEvent[] = [];
  const off = await port.onEdit((e) => events.push(e));
  let n = 0;
  const oneEdit = async () => {
    events.length = 0;
    port.edit(target.sheet, target.address, [[target.v + (n++ % 2)]]);
    for (const e of events) await onEdit(port, e);
  };
  const edit = await measure(oneEdit, Math.max(runs, 15), 3);
  off();
  const all = await measure(() => checkAll(port), Math.max(runs, 9), 2);
  const domain = await measure(() => validate(catalog, figures), Math.max(runs, 25), 5);
  return table(
    `Live check (${catalog.indicators.length} indicators, ${catalog.rules.length} rules, ${cells.length} figures typed) — target: edit proportional to the rules it touches, checkAll linear`,
    ['what', 'median (min–max)'],
    [
      ['one typed edit → onEdit (memory workbook)', ms(edit)],
      ['checkAll (open / structural edit)', ms(all)],
      ['domain validate, all forms', ms(domain)],
    ],
  );
}
