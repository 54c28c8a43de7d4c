// Sections fed by other parts of the product: Office round trips, refusing hostile files, the own-text
// scan of the report, the interval check. A producer not landed yet prints "chưa có".
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { getCatalog } from '../src/domain/catalog';
import { validate } from '../src/domain/validate';
import { filledFigures, filledTexts } from '../test/fixtures/filledFigures';
import { CCHC, measureProcess } from './proc';
import { kib, measure, mib, ms, num, table } from './stats';
import { minimalWorkbook, nativeZip } from './zipFloor';
import type { ProfileSyncs } from '../test/fakes/officeSyncs';

/** A module of the product that may not exist yet in this tree; null when it does not. */
async function optional<T>(modulePath: string): Promise<T | null> {
  try {
    return (await import(modulePath)) as T;
  } catch (e) {
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND') return null;
    throw e;
  }
}

type EditSyncs = { injectSyncs: number; editReadSyncs: number; editWriteSyncs: number };

const pair = (x: { syncs: number; writes: number } | null) => (x ? `${x.syncs} / ${x.writes}` : 'từ chối');

/** Office.js round trips are counts, not times: one run gives them exactly. */
export async function syncsSection(units: number): Promise<string> {
  const catalog = getCatalog();
  const profiles = await optional<{ measureOfficeSyncs?: (c: unknown, units: number) => Promise<ProfileSyncs[]> }>(
    '../test/fakes/officeSyncs',
  );
  if (profiles?.measureOfficeSyncs) {
    const rows = (await profiles.measureOfficeSyncs(catalog, units)).map((p) => [
      `${p.label} (ExcelApi ${p.excelApi})`,
      p.inject === null ? 'từ chối' : String(p.inject),
      pair(p.oneEdit),
      pair(p.paste500),
      p.consolidation ? `${p.consolidation.syncs}, largest ${kib(p.consolidation.largestRequestBytes)}` : 'từ chối',
      String(p.oversizedRequests),
    ]);
    return table(
      `context.sync() per host profile (recording fake of Excel; consolidation of ${units} units) — target: an edit 1 sync and 0 writes, no request over 5 MB`,
      ['profile', 'inject + check', 'one edit (syncs / writes)', 'paste 500 cells', 'consolidation write', '> 5 MB'],
      rows,
    );
  }
  const mod = await optional<{ measureEditSyncs?: (c: unknown, api: string) => Promise<EditSyncs> }>(
    '../test/fakes/editSyncs',
  );
  if (!mod?.measureEditSyncs) return '\n== context.sync() per host profile\nchưa có';
  const rows: string[][] = [];
  for (const api of ['1.14', '1.11', '1.8']) {
    try {
      const s = await mod.measureEditSyncs(catalog, api);
      rows.push([`ExcelApi ${api}`, String(s.injectSyncs), `≤ ${s.editReadSyncs}`, `≤ ${s.editWriteSyncs}`]);
    } catch (e) {
      rows.push([`ExcelApi ${api}`, `lỗi: ${(e as Error).message.slice(0, 80)}`, '', '']);
    }
  }
  return table(
    'context.sync() per ExcelApi version (recording fake of Excel) — target: an edit costs a fixed few syncs',
    ['profile', 'inject + first check', 'one edit: reads', 'writes'],
    rows,
  );
}

/** An .xlsx of one sheet with `rows` rows of one number each, deflated with node:zlib. */
function bigWorkbook(rows: number): Buffer {
  const parts: string[] = [];
  for (let r = 1; r <= rows; r++) parts.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
  const xml = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${parts.join('')}</sheetData></worksheet>`;
  return nativeZip(minimalWorkbook([xml]));
}

/** A zip bomb shaped like a workbook: one sheet part of `mib` MiB of blanks, deflated 1000:1. */
function bombWorkbook(sizeMib: number, seed: number): Buffer {
  const head = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>${seed}</v></c></row>`;
  const blanks = ' '.repeat(sizeMib * 1024 * 1024);
  return nativeZip(minimalWorkbook([`${head}${blanks}</sheetData></worksheet>`]));
}

export async function refuseSection(runs: number): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cchc-bench-refuse-'));
  try {
    const big = path.join(dir, 'mot-trieu-dong.xlsx');
    const bigBytes = bigWorkbook(1_000_000);
    writeFileSync(big, bigBytes);
    const bomb = bombWorkbook(400, 0);
    const bombs = Array.from({ length: 20 }, (_, i) => {
      const f = path.join(dir, `bom-${String(i + 1).padStart(2, '0')}.xlsx`);
      writeFileSync(f, bomb);
      return f;
    });
    const rows: string[][] = [];
    for (const [what, args, size] of [
      ['cchc read, 1,000,000 rows', ['read', big, '--json'], bigBytes.length],
      [
        'cchc consolidate, 20 zip bombs of 400 MiB',
        ['consolidate', ...bombs, '-o', path.join(dir, 'x.xlsx')],
        bomb.length * 20,
      ],
    ] as [string, string[], number][]) {
      try {
        const r = await measureProcess(CCHC, args, runs, [0, 1, 3]);
        const said = (r.last.stderr || r.last.stdout).trim().split('\n').slice(0, 2).join(' ').slice(0, 110);
        rows.push([what, kib(size), ms(r.time), mib(r.maxRssBytes), `exit ${r.last.code}: ${said}`]);
      } catch (e) {
        rows.push([what, kib(size), `lỗi: ${(e as Error).message.slice(0, 80)}`, '', '']);
      }
    }
    return table(
      'Refusing hostile files (process, end to end) — target: a clear refusal in about a second, memory bounded',
      ['what', 'file(s)', 'time', 'peak', 'answer'],
      rows,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type ScanOwnText = (catalog: unknown, figures: unknown, texts: Record<string, string>) => unknown[];

/** About 20 pages of the unit's own text: the filled sections repeated to ~3,000 characters a page. */
function twentyPages(): Record<string, string> {
  const base = filledTexts() as Record<string, string>;
  const ids = Object.keys(base);
  const per = Math.ceil((20 * 3000) / ids.length);
  const out: Record<string, string> = {};
  for (const id of ids) {
    let t = base[id] || 'Trong kỳ, đơn vị đã hoàn thành 12/12 nhiệm vụ, đạt 100%.';
    while (t.length < per) t += ` ${base[id] || t}`;
    out[id] = t;
  }
  return out;
}

export async function ownTextSection(runs: number): Promise<string> {
  const mod = await optional<{ scanOwnText?: ScanOwnText }>('../src/domain/report/ownText');
  if (!mod?.scanOwnText) return '\n== Own-text scan of the report\nchưa có';
  const catalog = getCatalog();
  const figures = filledFigures(catalog);
  const texts = twentyPages();
  const chars = Object.values(texts).reduce((t, s) => t + Buffer.byteLength(s, 'utf8'), 0);
  let issues = 0;
  const s = await measure(() => (issues = mod.scanOwnText!(catalog, figures, texts).length), Math.max(runs, 9), 2);
  return table(
    'Own-text scan of ~20 pages — target: well under a second',
    ['what', 'median (min–max)', 'ms / KiB', 'issues'],
    [[`scanOwnText, ${kib(chars)}`, ms(s), num(s.median / (chars / 1024)), String(issues)]],
  );
}

/** The filled figures with every whole of a sum left blank: the check bounds the blanks by their parts. */
function blankWholes(catalog: ReturnType<typeof getCatalog>, values: Record<string, number | null>) {
  const out = { ...values };
  for (const rule of catalog.rules) if (rule.op === '=' && rule.left.t === 'ref') out[rule.left.key] = null;
  return out;
}

export async function intervalSection(runs: number): Promise<string> {
  const catalog = getCatalog();
  const filled = filledFigures(catalog);
  const partial = { ...filled, values: blankWholes(catalog, filled.values) };
  const blanks = Object.values(partial.values).filter((v) => v === null).length;
  const edited = catalog.rules.find((r) => r.left.t === 'ref')?.left;
  const key = edited && edited.t === 'ref' ? edited.key : catalog.indicators[0].key;
  const us = (x: { median: number; min: number; max: number }) =>
    `${num(x.median * 1000)} µs (${num(x.min * 1000)}–${num(x.max * 1000)})`;
  const full = await measure(() => validate(catalog, filled), Math.max(runs, 51), 10);
  const bounded = await measure(() => validate(catalog, partial), Math.max(runs, 51), 10);
  const oneEdit = await measure(() => validate(catalog, partial, { keys: [key] }), Math.max(runs, 51), 10);
  return table(
    `Interval check over all forms (validate; ${catalog.rules.length} rules) — target: linear in the rules, an edit only its own`,
    ['what', 'median (min–max)'],
    [
      ['all forms, every figure filled', us(full)],
      [`all forms, ${blanks} blank wholes bounded by their parts`, us(bounded)],
      [`one edit (${key}), only the rules touching it`, us(oneEdit)],
    ],
  );
}
