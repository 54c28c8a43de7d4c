import { applies } from '../../src/domain/applicability';
import type { Catalog } from '../../src/domain/catalog/types';
import { nameForKey } from '../../src/domain/layout';
import { makePeriod } from '../../src/domain/period';
import { ExcelPort } from '../../src/office/excelPort';
import { parseCell } from '../../src/office/a1';
import { RecordingExcel } from './excel';
import type { RawValue } from '../../src/office/port';
import { attachLiveValidation, checkAll, injectForms } from '../../src/taskpane/usecases';

export interface EditSyncs {
  /** Syncs to inject the whole catalog and write the first marks. */
  injectSyncs: number;
  /** Most read syncs one edit took. */
  editReadSyncs: number;
  /** Most write syncs one edit took. */
  editWriteSyncs: number;
}

/**
 * Office.js round trips of the add-in on the recording fake: injecting a catalog, then the
 * edits of live validation (a typed cell with change details, one without, a multi-cell paste).
 */
export async function measureEditSyncs(catalog: Catalog, excelApi = '1.14'): Promise<EditSyncs> {
  const fake = new RecordingExcel({ excelApi });
  const port = new ExcelPort({ run: fake.run, runIn: fake.runIn, isSetSupported: fake.isSetSupported });
  const ctx = { level: 'so' as const, period: makePeriod('H1', 2024) };
  await injectForms(port, catalog, ctx);
  await checkAll(port, { catalog });
  const injectSyncs = fake.syncCount;

  // A count part not above its whole, both on rows that apply (their cells are open for typing).
  const open = (key: string) => {
    const ind = catalog.byKey.get(key);
    return !!ind && ind.kind === 'count' && applies(ind, ctx);
  };
  const rule = catalog.rules.find(
    (r) => r.op === '<=' && r.left.t === 'ref' && r.right.t === 'ref' && open(r.left.key) && open(r.right.key),
  );
  const errors: unknown[] = [];
  const live = await attachLiveValidation(
    port,
    () => undefined,
    (err) => errors.push(err),
    { catalog },
  );
  const snap = await port.readInputs();
  let editReadSyncs = 0;
  let editWriteSyncs = 0;
  const edit = async (key: string, values: RawValue[][]) => {
    const at = snap.names[nameForKey(key)];
    if (!at) return;
    fake.resetCounts();
    fake.userEdit(at.sheet, at.address, values);
    await fake.flushEvents();
    await live.idle();
    await fake.flushEvents();
    await live.idle();
    editReadSyncs = Math.max(editReadSyncs, fake.readSyncs);
    editWriteSyncs = Math.max(editWriteSyncs, fake.writeSyncs);
  };
  if (rule && rule.left.t === 'ref' && rule.right.t === 'ref') {
    const part = rule.left.key;
    const whole = rule.right.key;
    await edit(whole, [[39]]);
    await edit(part, [[45]]);
    // Figure and note pasted together: no change details, the sheet is read again.
    const row = parseCell(snap.names[nameForKey(part)].address)!.row;
    await edit(part, [[30, `ghi chú dòng ${row}`]]);
  }
  live.detach();
  if (errors.length) throw errors[0];
  return { injectSyncs, editReadSyncs, editWriteSyncs };
}
