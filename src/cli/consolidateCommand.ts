import { promises as fs } from 'fs';
import * as path from 'path';
import type { Catalog } from '../domain/catalog/types';
import {
  consolidate,
  consolidationScope,
  mergeUnits,
  totalsForOwnForms,
  unitNameKey,
  type UnitSubmission,
} from '../domain/consolidate';
import { reviewEntries, type ImportEntry } from '../domain/importSession';
import { consolidationSheets } from '../io/consolidatedWorkbook';
import { consolidationDataSheet, readConsolidationData, type ConsolidationData } from '../io/consolidationData';
import { leanSource, readLeanWorkbook, type LeanWorkbook } from '../io/leanReader';
import { writeLeanWorkbook } from '../io/leanWorkbookWriter';
import { readTemplateSource, type ReadResult } from '../io/templateReader';
import { periodJson, resolveCatalog, type CatalogOptions, type Io } from './commands';
import { checkOutput, CliFailure, EXIT, JsonItems, writeFileAtomic, writeJson } from './output';
import { readUnitFiles, type ReadFile } from './readUnits';

export interface ConsolidateOptions extends CatalogOptions {
  output?: string;
  json?: boolean;
  /** A text file with the expected units, one a line. */
  units?: string;
  /** The consolidating office's own workbook (its injected forms): the totals go into it. */
  into?: string;
  /** Replace an existing output without asking. */
  force?: boolean;
}

/** The units of the files kept, named as reviewed. */
function keptSubmissions(reads: ReadFile[], entries: ImportEntry[]): UnitSubmission[] {
  return entries.flatMap((e, i) => {
    const sub = reads[i].submission;
    return e.status === 'read' && e.keep && e.unit.trim() && sub
      ? [
          {
            ...sub,
            unit: e.unit.trim(),
            period: e.period ?? undefined,
            // Its findings were made for the period read; another period is checked again.
            findings: (e.period ?? undefined) === sub.period ? sub.findings : undefined,
          },
        ]
      : [];
  });
}

/**
 * The files read and reviewed, and the units kept. Headless there is nobody to ask: of a unit sent twice,
 * the first file listed is kept. The reads themselves are not kept past this.
 */
async function readAndReview(
  files: string[],
  catalog: Catalog,
  opts: ConsolidateOptions,
): Promise<{ entries: ImportEntry[]; fresh: UnitSubmission[] }> {
  const reads = await readUnitFiles(files, catalog, opts);
  const entries = reviewEntries(reads.map((r) => r.entry));
  for (const e of entries) {
    if (e.status === 'read' && !e.keep) {
      e.status = 'refused';
      e.reason = e.warnings.find((w) => w.includes('hai tệp')) ?? 'trùng đơn vị';
    } else if (e.status === 'read' && !e.unit.trim()) {
      e.status = 'refused';
      e.reason = 'không xác định được tên đơn vị';
    }
  }
  return { entries, fresh: keptSubmissions(reads, entries) };
}

/** The consolidating office's own workbook: its details, where its figures sit, and an earlier consolidation. */
interface OwnWorkbook {
  file: string;
  bytes: Uint8Array;
  read: ReadResult;
  earlier: ConsolidationData | null;
}

async function readOwn(file: string, catalog: Catalog): Promise<OwnWorkbook> {
  const bytes = await fs.readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new CliFailure(
      e.code === 'ENOENT'
        ? `Không tìm thấy sổ của đơn vị tổng hợp ${file} (--into).`
        : `Không mở được sổ ${file}: ${e.message}`,
    );
  });
  const name = path.basename(file);
  let wb: LeanWorkbook;
  try {
    wb = await readLeanWorkbook(bytes, { file: name });
  } catch (e) {
    throw new CliFailure(`Không đọc được sổ ${file} (--into): ${(e as Error).message}`);
  }
  const src = leanSource(wb);
  if (![...src.names.keys()].some((n) => n.startsWith('cchc_')))
    throw new CliFailure(
      `Sổ ${file} (--into) không có các biểu mẫu của add-in: tạo sổ bằng "cchc template --level tinh" (hoặc chèn biểu mẫu bằng add-in), ghi thông tin đơn vị rồi tổng hợp lại.`,
    );
  return { file, bytes, read: readTemplateSource(src, catalog, name), earlier: readConsolidationData(src, catalog) };
}

/** `cchc consolidate FILES… [--into OWN.xlsx] -o OUT.xlsx`: refused files never stop the others. */
export async function consolidateCommand(files: string[], opts: ConsolidateOptions, io: Io): Promise<number> {
  const catalog = await resolveCatalog(opts);
  const output = opts.output ?? 'tong-hop-cchc.xlsx';
  const inputs = [...files, ...(opts.into ? [opts.into] : []), ...(opts.units ? [opts.units] : [])];
  await checkOutput(output, { kind: 'xlsx', inputs, force: opts.force, ask: io.ask });
  const own = opts.into ? await readOwn(opts.into, catalog) : null;
  const listed = opts.units
    ? (
        await fs.readFile(opts.units, 'utf8').catch(() => {
          throw new CliFailure(`Không đọc được danh sách đơn vị ${opts.units}.`);
        })
      )
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
  // Without a list this time, the units expected are those of the earlier consolidation.
  const expectedUnits =
    listed ?? (own?.earlier ? [...own.earlier.summary.units, ...own.earlier.summary.missingUnits] : undefined);

  const { entries, fresh } = await readAndReview(files, catalog, opts);
  const unitsJson = entries.map((e) => ({
    file: e.file,
    unit: e.unit || null,
    status: e.status === 'read' ? 'ok' : 'refused',
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.warnings.length ? { warnings: e.warnings } : {}),
  }));

  // A second import replaces only the units sent again.
  const submissions: UnitSubmission[] = mergeUnits(own?.earlier?.units ?? [], fresh);
  if (!submissions.length) {
    if (opts.json) await writeJson(io.out, { units: unitsJson, totals: {}, findings: [] }, io.drain);
    io.err('Không tổng hợp được tệp nào:');
    for (const e of entries) io.err(`  ${e.file}: ${e.reason ?? 'bị từ chối'}`);
    return EXIT.unreadable;
  }

  const ownDetails = own?.read.details;
  const level = ownDetails?.level ?? undefined;
  const period = own?.read.period ?? fresh.find((s) => s.period)?.period ?? submissions.find((s) => s.period)?.period;
  const present = new Set(submissions.map((u) => unitNameKey(u.unit)));
  const sentNow = new Set(entries.map((e) => e.file.toLowerCase()));
  const refused = [
    ...(own?.earlier?.refused ?? []).filter(
      (r) => !sentNow.has(r.file.toLowerCase()) && !(r.unit && present.has(unitNameKey(r.unit))),
    ),
    ...entries
      .filter((e) => e.status === 'refused')
      .map((e) => ({ file: e.file, unit: e.unit || undefined, reason: e.reason ?? 'bị từ chối' })),
  ];
  const result = consolidate(catalog, submissions, { expectedUnits, level, period, refused });
  // The consolidation holds its own copy of the units' findings, sharing their texts: the readers' go.
  for (const u of fresh) u.findings = undefined;
  const sheets = [
    ...consolidationSheets(catalog, result, consolidationScope(level)),
    consolidationDataSheet(catalog, result),
  ];
  const written = own ? totalsForOwnForms(catalog, result, { level, period }) : {};
  const ownCells = own?.read.figures.cells ?? {};
  const writes = Object.entries(written).flatMap(([key, value]) =>
    ownCells[key] ? [{ sheet: ownCells[key].sheet, address: ownCells[key].address, value }] : [],
  );
  await writeFileAtomic(output, (sink) => {
    try {
      writeLeanWorkbook(
        own ? { sheets, base: { bytes: own.bytes, file: path.basename(own.file) }, writes } : { sheets },
        sink,
      );
    } catch (e) {
      throw new CliFailure(`Không ghi được sổ tổng hợp: ${(e as Error).message}`);
    }
  });
  // Refused files are not a clean run (2), then figures with errors (1); the output is written either way.
  const code = refused.length
    ? EXIT.unreadable
    : result.findings.some((f) => f.severity === 'error')
      ? EXIT.findings
      : EXIT.ok;

  if (opts.json) {
    await writeJson(
      io.out,
      {
        units: unitsJson,
        ...(own
          ? {
              into: {
                file: path.basename(own.file),
                unit: own.read.unit,
                level: level ?? null,
                period: periodJson(own.read.period),
                written: Object.keys(written).length,
              },
            }
          : {}),
        consolidated: result.units.map((u) => u.unit),
        totals: result.totals.values,
        findings: new JsonItems(result.findings.length, (i) => {
          const { severity, rule, keys, cells, message, unit } = result.findings[i];
          return { severity, rule, keys, cells, message, ...(unit ? { unit } : {}) };
        }),
        warnings: result.warnings,
        missingUnits: result.missingUnits,
        output,
      },
      io.drain,
    );
    return code;
  }
  io.out(
    own
      ? `Đã tổng hợp ${result.units.length} đơn vị vào các biểu của ${own.read.unit ?? path.basename(own.file)} (${Object.keys(written).length} số liệu), ghi ra ${output}.`
      : `Đã tổng hợp ${fresh.length}/${entries.length} tệp vào ${output}.`,
  );
  for (const u of unitsJson)
    io.out(
      `  ${u.status === 'ok' ? 'đã đọc' : 'bị từ chối'}: ${u.file}${u.unit ? ` (${u.unit})` : ''}${u.reason ? ` — ${u.reason}` : ''}`,
    );
  for (const w of result.warnings) io.out(`Cảnh báo: ${w}`);
  if (result.missingUnits.length) io.out(`Chưa nộp: ${result.missingUnits.join('; ')}`);
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.length - errors + result.warnings.length;
  io.out(`Kiểm tra: ${errors} lỗi, ${warnings} cảnh báo (chi tiết trong trang tính "Kiểm tra").`);
  return code;
}
