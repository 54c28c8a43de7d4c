import { promises as fs } from 'fs';
import * as path from 'path';
import { getCatalog, registerCatalog } from '../domain/catalog';
import type { Catalog, Level } from '../domain/catalog/types';
import { parseLevel } from '../domain/details';
import { formatNumber } from '../domain/format';
import { isInputIndicator, planWorkbook } from '../domain/layout';
import { parseVietnameseDate } from '../domain/format';
import { makePeriod, parsePeriod, periodTitle, type Period } from '../domain/period';
import { computeRates } from '../domain/rates';
import { hasErrors } from '../domain/validate';
import type { Finding } from '../domain/validate';
import { findingsOf, withPrevious } from '../domain/workbookData';
import { periodLabel, readWorkbookBytes, type ReadResult } from '../io/readWorkbook';
import { WorkbookRejected } from '../io/safeOpen';
import { templateBuffer } from '../io/xlsxTemplate';
import { CliFailure, EXIT, writeFileAtomic } from './output';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
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
      throw new CliFailure(`Không nạp được danh mục từ thư mục ${opts.catalogDir}: ${(e as Error).message}`);
    }
  }
  try {
    return getCatalog(opts.catalog);
  } catch (e) {
    throw new CliFailure((e as Error).message);
  }
}

export interface TemplateOptions extends CatalogOptions {
  output?: string;
  level?: string;
  period?: string;
  year?: string;
  /** Data window, dd/mm/yyyy: for a custom period, or to move a standard one's. */
  from?: string;
  to?: string;
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
    if (!level) throw new CliFailure(`Cấp "${opts.level}" không hợp lệ (tinh, so, huyen, xa).`);
    ctx.level = level;
  }
  if (opts.period) {
    const parsed = parsePeriod(opts.period);
    if (!parsed)
      throw new CliFailure(
        `Kỳ báo cáo "${opts.period}" không hợp lệ (Q1, H1, Q3, M9, Y; M8, M10 cho 8, 10 tháng đầu năm; T3 cho tháng 3; C cho kỳ khác, với --from và --to).`,
      );
    const year = Number(opts.year ?? new Date().getFullYear());
    if (!Number.isInteger(year)) throw new CliFailure(`Năm "${opts.year}" không hợp lệ.`);
    const date = (text: string | undefined, what: string) => {
      if (!text) return undefined;
      const iso = parseVietnameseDate(text);
      if (!iso) throw new CliFailure(`Ngày ${what} "${text}" không hợp lệ (dd/mm/yyyy).`);
      return iso;
    };
    const window = { from: date(opts.from, 'bắt đầu'), to: date(opts.to, 'kết thúc') };
    if (parsed.kind === 'C' && (!window.from || !window.to))
      throw new CliFailure('Kỳ báo cáo khác (C) cần cả --from và --to (dd/mm/yyyy).');
    ctx.period = makePeriod(parsed.kind, year, window, parsed.months);
  }
  return ctx;
}

export async function templateCommand(opts: TemplateOptions, io: Io): Promise<number> {
  const catalog = await resolveCatalog(opts);
  const ctx = contextFromOptions(opts);
  const file = opts.output ?? `bao-cao-cchc-${catalog.id}.xlsx`;
  await writeFileAtomic(file, await templateBuffer(catalog, ctx));
  const plan = planWorkbook(catalog, ctx);
  io.out(
    `Đã tạo ${file}: ${plan.sheets.filter((s) => !s.veryHidden).length} trang tính, ${plan.inputs.filter((i) => i.kind === 'figure').length} ô số liệu (danh mục ${catalog.id}).`,
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
          : `Không mở được tệp ${file}: ${(e as Error).message}`,
    );
  }
  try {
    return await readWorkbookBytes(new Uint8Array(data), path.basename(file), catalog);
  } catch (e) {
    if (e instanceof WorkbookRejected) throw new CliFailure(e.message);
    throw new CliFailure(`Không đọc được tệp ${file}: ${(e as Error).message}`);
  }
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
  const result = await readFileOrFail(file, catalog);
  if (opts.json) {
    io.out(
      JSON.stringify(
        {
          file: result.file,
          layout: result.layout,
          unit: result.unit,
          period: periodJson(result.period),
          values: valuesJson(catalog, result),
          notes: result.notes,
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
    for (const r of rates) io.out(`  ${r.def.label}: ${formatNumber(r.value!, 1)}%`);
  }
  if (result.notes.length) {
    io.out(`Ghi chú khi đọc (${result.notes.length}):`);
    for (const n of result.notes) io.out(`  ${n.sheet ? `${n.sheet}!${n.cell}: ` : ''}${n.message}`);
  }
  return EXIT.ok;
}

export async function validateCommand(
  file: string,
  opts: CatalogOptions & { json?: boolean; previous?: string },
  io: Io,
): Promise<number> {
  const catalog = await resolveCatalog(opts);
  const read = await readFileOrFail(file, catalog);
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
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  io.out(`Tệp: ${result.file} — ${errors.length} lỗi, ${warnings.length} cảnh báo.`);
  for (const f of findings) {
    const where = f.cells.map((c) => `${c.sheet}!${c.address}`).join(', ');
    io.out(`${f.severity === 'error' ? 'LỖI' : 'Cảnh báo'}${where ? ` [${where}]` : ''}: ${f.message}`);
  }
  if (!findings.length) io.out('Không phát hiện sai lệch.');
  return code;
}
