import { promises as fs } from 'fs';
import * as path from 'path';
import { catalogIds, getCatalog, registerCatalog } from '../domain/catalog';
import type { Catalog, Level } from '../domain/catalog/types';
import { LEVEL_LABELS, parseLevel } from '../domain/details';
import { formatNumber, formatPercentDistinct, parseVietnameseDate } from '../domain/format';
import { isInputIndicator, planWorkbook } from '../domain/layout';
import {
  makePeriod,
  parsePeriod,
  PERIOD_KINDS,
  parsePeriodKind,
  periodEndsBefore,
  periodPhrase,
  periodTitle,
  TWO_LEVEL_REFORM_DATE,
  type Period,
  type PeriodKind,
} from '../domain/period';
import { computeRates } from '../domain/rates';
import { stripAccents } from '../domain/text';
import { hasErrors, type Finding } from '../domain/validate';
import { countFindings, findingCountText } from '../domain/findingCount';
import { findingsOf, withPrevious } from '../domain/workbookData';
import { periodLabel, readWorkbookBytes, type ReadResult } from '../io/readWorkbook';
import { WorkbookRejected } from '../io/safeOpen';
import { checkOutput, CliFailure, EXIT, fileErrorReason, writeFileAtomic, type Ask } from './output';

export interface Io {
  /** False when the stream is full (then `drain` says when it has room again). */
  out: (text: string) => unknown;
  drain?: () => Promise<void>;
  err: (text: string) => void;
  /** Asks the person at the terminal (absent when nobody is there: scripts, pipes, tests). */
  ask?: Ask;
}

export interface CatalogOptions {
  catalog?: string;
  catalogDir?: string;
}

/** The catalog chosen on the command line: a shipped version, or a province's own TSVs. */
export async function resolveCatalog(opts: CatalogOptions): Promise<Catalog> {
  if (opts.catalogDir) {
    const read = (name: string) => fs.readFile(path.join(opts.catalogDir!, name), 'utf8');
    try {
      const [phuLucI, bieuMau] = await Promise.all([read('phu-luc-i.tsv'), read('bieu-mau.tsv')]);
      const id = opts.catalog ?? path.basename(path.resolve(opts.catalogDir));
      return registerCatalog({ id, title: `Danh mục ${id}`, phuLucI, bieuMau });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'thư mục không có hoặc thiếu phu-luc-i.tsv / bieu-mau.tsv'
          : code === 'EACCES'
            ? 'không có quyền đọc'
            : code
              ? `lỗi hệ thống ${code}`
              : (e as Error).message;
      throw new CliFailure(`Không nạp được danh mục từ thư mục ${opts.catalogDir}: ${why}`, EXIT.usage);
    }
  }
  try {
    return getCatalog(opts.catalog);
  } catch (e) {
    throw new CliFailure((e as Error).message, EXIT.usage);
  }
}

/** Period names a user may type, accents and spaces optional: codes, Vietnamese names, short forms. */
const PERIOD_WORDS: Record<string, PeriodKind> = {
  q1: 'Q1',
  quy1: 'Q1',
  quyi: 'Q1',
  '3t': 'Q1',
  '3thang': 'Q1',
  h1: 'H1',
  '6t': 'H1',
  '6thang': 'H1',
  '6thangdaunam': 'H1',
  sauthang: 'H1',
  q3: 'Q3',
  quy3: 'Q3',
  quyiii: 'Q3',
  m9: 'M9',
  '9t': 'M9',
  '9thang': 'M9',
  '9thangdaunam': 'M9',
  y: 'Y',
  nam: 'Y',
  canam: 'Y',
  '12thang': 'Y',
};

/** The periods as `--period` explains them. */
export const PERIOD_HELP =
  'Q1 hoặc "quý I"; H1 hoặc "6 tháng" (6 tháng đầu năm); Q3 hoặc "quý III"; M9 hoặc "9 tháng" (9 tháng đầu năm); Y hoặc "năm" (cả năm); M8, M10 hoặc "10 tháng" (8, 10 tháng đầu năm); T3 hoặc "tháng 3"; C (kỳ khác, với --from và --to)';

export function parsePeriodOption(text: string): PeriodKind | null {
  const compact = stripAccents(text.normalize('NFC').toLowerCase()).replace(/[\s_.-]+/g, '');
  const kind = PERIOD_WORDS[compact] ?? parsePeriodKind(text);
  // The five kinds only; months and custom windows are read by periodArgument.
  return kind && PERIOD_KINDS.includes(kind) ? kind : null;
}

/** Years a report can be for: the first CCHC reporting years to next year. */
const FIRST_YEAR = 2015;

export function parseYearOption(text: string, now = new Date()): number {
  const t = text.trim();
  const last = now.getFullYear() + 1;
  if (!/^\d{4}$/.test(t))
    throw new CliFailure(`Năm "${text}" không hợp lệ: ghi đủ 4 chữ số, ví dụ ${now.getFullYear()}.`, EXIT.usage);
  const year = Number(t);
  if (year < FIRST_YEAR || year > last)
    throw new CliFailure(`Năm ${year} ngoài khoảng hợp lý của báo cáo CCHC (${FIRST_YEAR}–${last}).`, EXIT.usage);
  return year;
}

/** Cấp huyện no longer exists for a period that ends on or after 01/7/2025: a warning, not a refusal. */
export function levelWarning(level: Level | null | undefined, period: Period | null | undefined): string | null {
  if (level !== 'huyen' || !period || periodEndsBefore(period, TWO_LEVEL_REFORM_DATE)) return null;
  return (
    `cấp huyện không còn từ ngày 01/7/2025 (chính quyền địa phương hai cấp), nhưng kỳ báo cáo là ${periodPhrase(period)}: ` +
    'các chỉ tiêu chỉ áp dụng cho cấp huyện có thể không còn đúng; kiểm tra lại cấp hoặc kỳ báo cáo.'
  );
}

/** The file says which catalog made it; reading it with another drops or misplaces figures. */
export function catalogWarning(result: Pick<ReadResult, 'catalogId' | 'layout'>, catalog: Catalog): string | null {
  if (result.layout !== 'template' || !result.catalogId || result.catalogId === catalog.id) return null;
  const shipped = catalogIds().includes(result.catalogId);
  return (
    `tệp được tạo theo danh mục "${result.catalogId}" nhưng đang đọc theo danh mục "${catalog.id}": ` +
    `chỉ tiêu chỉ có ở một trong hai danh mục sẽ bị bỏ qua hoặc thiếu${shipped ? `; chạy lại với --catalog ${result.catalogId}` : ''}.`
  );
}

/** Warnings about what was read, the same in every command. */
function readWarnings(result: ReadResult, catalog: Catalog): string[] {
  return [catalogWarning(result, catalog), levelWarning(result.details.level, result.period)].filter(
    (w): w is string => w !== null,
  );
}

export interface TemplateOptions extends CatalogOptions {
  output?: string;
  level?: string;
  period?: string;
  year?: string;
  /** Data window, dd/mm/yyyy: for a custom period, or to move a standard one's. */
  from?: string;
  to?: string;
  force?: boolean;
}

/** A `--period` value: the five by their words, and the months and custom windows by `parsePeriod`. */
function periodArgument(text: string): { kind: PeriodKind; months?: number } | null {
  const other = parsePeriod(text);
  if (other && (other.months !== undefined || other.kind === 'C' || other.kind === 'M' || other.kind === 'MN'))
    return other;
  const kind = parsePeriodOption(text);
  return kind ? { kind } : other;
}

export function contextFromOptions(opts: {
  level?: string;
  period?: string;
  year?: string;
  from?: string;
  to?: string;
}): {
  level?: Level;
  period?: Period;
} {
  const ctx: { level?: Level; period?: Period } = {};
  if (opts.level) {
    const level = parseLevel(opts.level);
    if (!level)
      throw new CliFailure(
        `Cấp "${opts.level}" không hợp lệ: dùng tinh (tỉnh), so (sở, ban, ngành), huyen (huyện) hoặc xa (xã).`,
        EXIT.usage,
      );
    ctx.level = level;
  }
  const year = opts.year !== undefined ? parseYearOption(opts.year) : undefined;
  if (opts.period) {
    const parsed = periodArgument(opts.period);
    if (!parsed) throw new CliFailure(`Kỳ báo cáo "${opts.period}" không hợp lệ. Dùng: ${PERIOD_HELP}.`, EXIT.usage);
    const date = (text: string | undefined, what: string) => {
      if (!text) return undefined;
      const iso = parseVietnameseDate(text);
      if (!iso) throw new CliFailure(`Ngày ${what} "${text}" không hợp lệ: ghi dd/mm/yyyy.`, EXIT.usage);
      return iso;
    };
    const window = { from: date(opts.from, 'bắt đầu'), to: date(opts.to, 'kết thúc') };
    if (parsed.kind === 'C' && (!window.from || !window.to))
      throw new CliFailure('Kỳ báo cáo khác (C) cần cả --from và --to (dd/mm/yyyy).', EXIT.usage);
    ctx.period = makePeriod(parsed.kind, year ?? new Date().getFullYear(), window, parsed.months);
  } else if (year !== undefined) {
    throw new CliFailure(`--year ${year} cần đi cùng --period (kỳ báo cáo: ${PERIOD_HELP}).`, EXIT.usage);
  }
  return ctx;
}

export async function templateCommand(opts: TemplateOptions, io: Io): Promise<number> {
  const catalog = await resolveCatalog(opts);
  const ctx = contextFromOptions(opts);
  const file = opts.output ?? `bao-cao-cchc-${catalog.id}.xlsx`;
  await checkOutput(file, { kind: 'xlsx', force: opts.force, ask: io.ask });
  const warning = levelWarning(ctx.level, ctx.period);
  if (warning) io.err(`Cảnh báo: ${warning}`);
  // exceljs loads only for the command that writes with it: every other command starts faster.
  const { templateBuffer } = await import('../io/xlsxTemplate');
  await writeFileAtomic(file, await templateBuffer(catalog, ctx));
  const plan = planWorkbook(catalog, ctx);
  const what = [ctx.level ? LEVEL_LABELS[ctx.level].toLowerCase() : '', ctx.period ? periodPhrase(ctx.period) : '']
    .filter(Boolean)
    .join(', ');
  io.out(
    `Đã tạo ${file}: ${plan.sheets.filter((s) => !s.veryHidden).length} trang tính, ${formatNumber(plan.inputs.filter((i) => i.kind === 'figure').length)} ô số liệu (danh mục ${catalog.id}${what ? `; ${what}` : ''}).`,
  );
  return EXIT.ok;
}

async function readFileOrFail(file: string, catalog: Catalog): Promise<ReadResult> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliFailure(
      code === 'ENOENT'
        ? `Không tìm thấy tệp ${file}.`
        : code === 'EISDIR'
          ? `${file} là thư mục, không phải tệp .xlsx.`
          : `Không mở được tệp ${file}: ${fileErrorReason(e, 'đọc')}.`,
    );
  }
  try {
    return await readWorkbookBytes(new Uint8Array(data), path.basename(file), catalog);
  } catch (e) {
    if (e instanceof WorkbookRejected) throw new CliFailure(e.message);
    throw new CliFailure(`Không đọc được tệp ${file}: nội dung sổ tính không hợp lệ, tệp có thể bị hỏng.`);
  }
}

/** Reads a workbook for a command: the file, its reading and the warnings every command prints. */
export async function readForCommand(
  file: string,
  catalog: Catalog,
): Promise<{ result: ReadResult; warnings: string[] }> {
  const result = await readFileOrFail(file, catalog);
  return { result, warnings: readWarnings(result, catalog) };
}

/** The workbook with its previous report (`--previous PREV.xlsx`) beside it, for validate and report. */
export async function withPreviousFile(
  catalog: Catalog,
  data: ReadResult,
  previousFile: string | undefined,
): Promise<{ data: ReadResult; findings: Finding[] }> {
  if (!previousFile) return { data, findings: [] };
  const previous = await readFileOrFail(previousFile, catalog);
  const compared = withPrevious(catalog, data, previous);
  return { data: { ...data, previous: compared.data.previous }, findings: compared.findings };
}

/** Every input key with its figure (null when empty or not found), in catalog order. */
export function valuesJson(catalog: Catalog, result: ReadResult): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const ind of catalog.indicators)
    if (isInputIndicator(ind)) out[ind.key] = result.figures.values[ind.key] ?? null;
  return out;
}

export function periodJson(p: Period | null) {
  return p ? { kind: p.kind, year: p.year, from: p.from, to: p.to, label: periodTitle(p) } : null;
}

export async function readCommand(file: string, opts: CatalogOptions & { json?: boolean }, io: Io): Promise<number> {
  const catalog = await resolveCatalog(opts);
  const { result, warnings } = await readForCommand(file, catalog);
  if (opts.json) {
    io.out(
      JSON.stringify(
        {
          file: result.file,
          layout: result.layout,
          unit: result.unit,
          period: periodJson(result.period),
          catalog: { file: result.catalogId, used: catalog.id },
          values: valuesJson(catalog, result),
          notes: result.notes,
          warnings,
        },
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  const values = valuesJson(catalog, result);
  const filled = Object.values(values).filter((v) => v !== null).length;
  io.out(`Tệp: ${result.file}`);
  io.out(`Bố cục: ${result.layout === 'template' ? 'mẫu của add-in' : 'bảng tự lập / mẫu cũ'}`);
  io.out(`Đơn vị: ${result.unit ?? '(chưa rõ)'}`);
  io.out(`Kỳ báo cáo: ${periodLabel(result.period) ?? '(chưa rõ)'}`);
  io.out(`Số liệu đọc được: ${filled}/${Object.keys(values).length}`);
  for (const [key, v] of Object.entries(values)) if (v !== null) io.out(`  ${key.padEnd(12)} ${formatNumber(v)}`);
  const rates = [...computeRates(catalog, result.figures).values()].filter((r) => r.value !== null);
  if (rates.length) {
    io.out('Tỷ lệ tính được:');
    for (const r of rates) io.out(`  ${r.def.label}: ${formatPercentDistinct(r.value!)}`);
  }
  if (result.notes.length) {
    io.out(`Ghi chú khi đọc (${result.notes.length}):`);
    for (const n of result.notes) io.out(`  ${n.sheet ? `${n.sheet}!${n.cell}: ` : ''}${n.message}`);
  }
  for (const w of warnings) io.err(`Cảnh báo: ${w}`);
  return EXIT.ok;
}

export async function validateCommand(
  file: string,
  opts: CatalogOptions & { json?: boolean; previous?: string },
  io: Io,
): Promise<number> {
  const catalog = await resolveCatalog(opts);
  const { result: read, warnings } = await readForCommand(file, catalog);
  const { data: result, findings: previousFindings } = await withPreviousFile(catalog, read, opts.previous);
  const findings = [...findingsOf(catalog, result), ...previousFindings];
  const code = hasErrors(findings) ? EXIT.findings : EXIT.ok;
  if (opts.json) {
    io.out(
      JSON.stringify(
        {
          file: result.file,
          findings: findings.map(({ severity, rule, keys, cells, message }) => ({
            severity,
            rule,
            keys,
            cells,
            message,
          })),
          warnings,
          ...(result.previous
            ? {
                previous: {
                  file: path.basename(opts.previous!),
                  period: periodJson(result.previous.period),
                  relation: result.previous.relation,
                  figures: result.previous.figures,
                },
              }
            : {}),
        },
        null,
        2,
      ),
    );
    return code;
  }
  const count = countFindings(findings);
  io.out(`Tệp: ${result.file} — ${findingCountText({ ...count, warnings: count.warnings + warnings.length })}.`);
  for (const w of warnings) io.out(`Cảnh báo: ${w}`);
  for (const f of findings) {
    const where = f.cells.map((c) => `${c.sheet}!${c.address}`).join(', ');
    io.out(`${f.severity === 'error' ? 'LỖI' : 'Cảnh báo'}${where ? ` [${where}]` : ''}: ${f.message}`);
  }
  if (!findings.length) io.out('Không phát hiện sai lệch.');
  return code;
}
