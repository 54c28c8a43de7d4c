import { applies } from '../../src/domain/applicability';
import type { Catalog } from '../../src/domain/catalog/types';
import { consolidate, type UnitSubmission } from '../../src/domain/consolidate';
import type { ReportContext } from '../../src/domain/figures';
import { isInputIndicator, nameForKey, planWorkbook } from '../../src/domain/layout';
import { makePeriod } from '../../src/domain/period';
import { CONSOLIDATED_SHEETS } from '../../src/io/consolidatedWorkbook';
import { writeConsolidatedWorkbook } from '../../src/io/consolidationXlsx';
import { ExcelPort } from '../../src/office/excelPort';
import { attachLiveValidation, checkAll, injectForms } from '../../src/taskpane/usecases';
import { HOST_PROFILES, RecordingExcel, type HostProfile } from './excel';

/**
 * Office.js round trips of the add-in per host profile, on the Excel fake (which enforces each
 * profile's requirement sets and the web's 5 MB request limit). Read by `npm run bench`.
 */

export interface ProfileSyncs {
  profile: HostProfile;
  label: string;
  excelApi: string;
  /** Null when the profile refuses injection up front (below the floor). */
  inject: number | null;
  /** One typed figure: syncs, and how many of them wrote to the workbook (must be 0). */
  oneEdit: { syncs: number; writes: number } | null;
  /** A paste of 500 cells (250 rows of figure and note) onto a form. */
  paste500: { syncs: number; writes: number } | null;
  /** Writing the consolidation of `units` units into the workbook. */
  consolidation: { units: number; syncs: number; largestRequestBytes: number } | null;
  /** Requests over 5 MB over everything above (must be 0). */
  oversizedRequests: number;
}

const CTX: ReportContext = { level: 'so', period: makePeriod('H1', 2024) };

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` colleagues' submissions with every applicable figure filled (deterministic). */
export function syntheticUnits(catalog: Catalog, n: number, ctx: ReportContext = CTX): UnitSubmission[] {
  const rand = prng(n);
  const plan = planWorkbook(catalog, ctx);
  const where = new Map(plan.inputs.map((i) => [i.id, i]));
  const inputs = catalog.indicators.filter((ind) => isInputIndicator(ind) && applies(ind, ctx));
  return Array.from({ length: n }, (_, u) => {
    const values: Record<string, number | null> = {};
    const provenance: UnitSubmission['provenance'] = {};
    for (const ind of inputs) {
      const v =
        ind.kind === 'code'
          ? (ind.codes?.[0] ?? 1)
          : ind.kind === 'percent'
            ? Math.round(rand() * 100)
            : Math.floor(rand() * 500);
      values[ind.key] = v;
      const at = where.get(ind.key);
      if (at) provenance[ind.key] = { sheet: at.sheet, cell: at.address, typed: v };
    }
    return {
      unit: `Đơn vị số ${String(u + 1).padStart(4, '0')}`,
      file: `don-vi-${u + 1}.xlsx`,
      figures: { values },
      period: ctx.period,
      level: ctx.level,
      provenance,
    };
  });
}

/** The consolidated workbook of `n` synthetic units, as the pane writes it. */
export async function consolidatedXlsx(catalog: Catalog, n: number): Promise<Uint8Array> {
  const result = consolidate(catalog, syntheticUnits(catalog, n), { period: CTX.period });
  return writeConsolidatedWorkbook(catalog, result);
}

async function settle(fake: RecordingExcel, idle: () => Promise<void>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await fake.flushEvents();
    await idle();
  }
}

/** Syncs of inject, one edit, a 500-cell paste and the consolidation of `units` units on one profile. */
export async function measureProfileSyncs(
  catalog: Catalog,
  profile: HostProfile,
  units = 1000,
  consolidation?: Uint8Array,
): Promise<ProfileSyncs> {
  const info = HOST_PROFILES[profile];
  const fake = new RecordingExcel({ profile });
  const port = new ExcelPort(
    { run: fake.run, runIn: fake.runIn, isSetSupported: fake.isSetSupported },
    { retryDelayMs: 5 },
  );
  const out: ProfileSyncs = {
    profile,
    label: info.label,
    excelApi: info.excelApi,
    inject: null,
    oneEdit: null,
    paste500: null,
    consolidation: null,
    oversizedRequests: 0,
  };
  fake.addUserSheet('Sheet1');
  try {
    await injectForms(port, catalog, CTX);
  } catch {
    // Below the floor: refused before anything is written.
    return out;
  }
  await checkAll(port, { catalog });
  out.inject = fake.syncCount;
  let oversized = fake.oversizedRequests;

  const errors: unknown[] = [];
  const live = await attachLiveValidation(
    port,
    () => undefined,
    (e) => errors.push(e),
    { catalog },
  );
  const snap = await port.readInputs();
  const first = catalog.indicators.find((i) => i.kind === 'count' && applies(i, CTX))!;
  const at = snap.names[nameForKey(first.key)];
  fake.resetCounts();
  fake.userEdit(at.sheet, at.address, [[39]]);
  await settle(fake, live.idle);
  out.oneEdit = { syncs: fake.syncCount, writes: fake.writeSyncs };
  oversized += fake.oversizedRequests;

  // The user lifts the protection (no password) and pastes 250 rows of figure + note.
  const top = Number(/\d+$/.exec(at.address)![0]);
  fake.userUnprotect(at.sheet);
  const rows = Array.from({ length: 250 }, (_, r) => [r, `ghi chú ${r}`]);
  fake.resetCounts();
  fake.userEdit(at.sheet, `D${top}`, rows);
  await settle(fake, live.idle);
  out.paste500 = { syncs: fake.syncCount, writes: fake.writeSyncs };
  oversized += fake.oversizedRequests;
  live.detach();

  const xlsx = consolidation ?? (await consolidatedXlsx(catalog, units));
  fake.resetCounts();
  await port.replaceSheetsFromXlsx(xlsx, Object.values(CONSOLIDATED_SHEETS));
  out.consolidation = { units, syncs: fake.syncCount, largestRequestBytes: fake.largestRequest };
  oversized += fake.oversizedRequests;
  out.oversizedRequests = oversized;
  if (errors.length) throw errors[0];
  return out;
}

/** measureProfileSyncs for every profile, sharing one consolidated workbook. */
export async function measureOfficeSyncs(catalog: Catalog, units = 1000): Promise<ProfileSyncs[]> {
  const xlsx = await consolidatedXlsx(catalog, units);
  const out: ProfileSyncs[] = [];
  for (const profile of Object.keys(HOST_PROFILES) as HostProfile[])
    out.push(await measureProfileSyncs(catalog, profile, units, xlsx));
  return out;
}
