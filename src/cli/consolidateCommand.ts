import { promises as fs } from 'fs';
import * as path from 'path';
import { consolidate, type UnitSubmission } from '../domain/consolidate';
import {
  acceptedSubmissions,
  entryFromRead,
  refusedEntry,
  reviewEntries,
  type ImportEntry,
  type ReadUnit,
} from '../domain/importSession';
import { readUnitSubmission } from '../io/leanReader';
import { readWorkbookBytes } from '../io/readWorkbook';
import { WorkbookRejected } from '../io/safeOpen';
import { writeConsolidatedWorkbook } from '../io/consolidatedWorkbook';
import { resolveCatalog, type CatalogOptions, type Io } from './commands';
import { checkOutput, CliFailure, EXIT, writeFileAtomic } from './output';

export interface ConsolidateOptions extends CatalogOptions {
  output?: string;
  json?: boolean;
  /** A text file with the expected units, one a line. */
  units?: string;
  /** Replace an existing output without asking. */
  force?: boolean;
}

function readUnitOfSubmission(sub: UnitSubmission): ReadUnit {
  const typed: Record<string, string | number | null> = {};
  for (const [key, p] of Object.entries(sub.provenance)) typed[key] = p.typed;
  return {
    file: sub.file,
    layout: 'template',
    unit: sub.unit,
    period: sub.period ?? null,
    figures: sub.figures,
    typed,
    notes: [...(sub.notes ?? [])],
  };
}

async function readEntry(file: string, catalog: Awaited<ReturnType<typeof resolveCatalog>>): Promise<ImportEntry> {
  const name = path.basename(file);
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (e) {
    return refusedEntry(
      name,
      (e as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'không tìm thấy tệp'
        : `không mở được tệp: ${(e as Error).message}`,
    );
  }
  try {
    // The add-in's own layout reads fast through the lean reader; anything else (or any doubt) goes
    // through the full reader, which also gives the precise reason for a refusal.
    const lean = await readUnitSubmission(catalog, data, name).catch((e) => {
      if (e instanceof WorkbookRejected) throw e;
      return null;
    });
    if (lean && Object.keys(lean.figures.cells ?? {}).length > 0)
      return entryFromRead(readUnitOfSubmission(lean), catalog);
    return entryFromRead(await readWorkbookBytes(new Uint8Array(data), name, catalog), catalog);
  } catch (e) {
    return refusedEntry(name, e instanceof WorkbookRejected ? e.reason : `không đọc được: ${(e as Error).message}`);
  }
}

/** `cchc consolidate FILES… -o OUT.xlsx`: refused files never stop the others. */
export async function consolidateCommand(files: string[], opts: ConsolidateOptions, io: Io): Promise<number> {
  const catalog = await resolveCatalog(opts);
  const output = opts.output ?? 'tong-hop-cchc.xlsx';
  const inputs = opts.units ? [...files, opts.units] : files;
  await checkOutput(output, { kind: 'xlsx', inputs, force: opts.force, ask: io.ask });
  const expectedUnits = opts.units
    ? (
        await fs.readFile(opts.units, 'utf8').catch(() => {
          throw new CliFailure(`Không đọc được danh sách đơn vị ${opts.units}.`);
        })
      )
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

  const entries = reviewEntries(await Promise.all(files.map((f) => readEntry(f, catalog))));
  // Headless there is nobody to ask: of a unit sent twice, the first file listed is kept.
  for (const e of entries) {
    if (e.status === 'read' && !e.keep) {
      e.status = 'refused';
      e.reason = e.warnings.find((w) => w.includes('hai tệp')) ?? 'trùng đơn vị';
    } else if (e.status === 'read' && !e.unit.trim()) {
      e.status = 'refused';
      e.reason = 'không xác định được tên đơn vị';
    }
  }
  const submissions = acceptedSubmissions(entries);
  const unitsJson = entries.map((e) => ({
    file: e.file,
    unit: e.unit || null,
    status: e.status === 'read' ? 'ok' : 'refused',
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.warnings.length ? { warnings: e.warnings } : {}),
  }));

  if (!submissions.length) {
    if (opts.json) io.out(JSON.stringify({ units: unitsJson, totals: {}, findings: [] }, null, 2));
    io.err('Không tổng hợp được tệp nào:');
    for (const e of entries) io.err(`  ${e.file}: ${e.reason ?? 'bị từ chối'}`);
    return EXIT.unreadable;
  }

  const period = submissions.find((s) => s.period)?.period;
  const refused = entries
    .filter((e) => e.status === 'refused')
    .map((e) => ({ file: e.file, unit: e.unit || undefined, reason: e.reason ?? 'bị từ chối' }));
  const result = consolidate(catalog, submissions, { expectedUnits, period, refused });
  // Refused files are not a clean run (2), then figures with errors (1); the output is written either way.
  const code = refused.length
    ? EXIT.unreadable
    : result.findings.some((f) => f.severity === 'error')
      ? EXIT.findings
      : EXIT.ok;
  await writeFileAtomic(output, await writeConsolidatedWorkbook(catalog, result));

  if (opts.json) {
    io.out(
      JSON.stringify(
        {
          units: unitsJson,
          totals: result.totals.values,
          findings: result.findings.map(({ severity, rule, keys, cells, message, unit }) => ({
            severity,
            rule,
            keys,
            cells,
            message,
            ...(unit ? { unit } : {}),
          })),
          warnings: result.warnings,
          missingUnits: result.missingUnits,
          output,
        },
        null,
        2,
      ),
    );
    return code;
  }
  io.out(`Đã tổng hợp ${submissions.length}/${entries.length} tệp vào ${output}.`);
  for (const u of unitsJson)
    io.out(
      `  ${u.status === 'ok' ? 'đã đọc' : 'bị từ chối'}: ${u.file}${u.unit ? ` (${u.unit})` : ''}${u.reason ? ` — ${u.reason}` : ''}`,
    );
  for (const w of result.warnings) io.out(`Cảnh báo: ${w}`);
  if (result.missingUnits.length) io.out(`Chưa nộp: ${result.missingUnits.join('; ')}`);
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  io.out(
    `Kiểm tra: ${errors} lỗi, ${result.findings.length - errors} cảnh báo (chi tiết trong trang tính "Kiểm tra").`,
  );
  return code;
}
