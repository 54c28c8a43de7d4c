import { promises as fs } from 'fs';
import * as path from 'path';
import type { Catalog } from '../domain/catalog/types';
import { DETAIL_FIELDS, parseLevel, type DetailField, type ReportDetails } from '../domain/details';
import { parseVietnameseDate } from '../domain/format';
import { makePeriod, parsePeriodKind } from '../domain/period';
import { buildReportModel } from '../domain/report/model';
import { OWN_TEXT_RULE } from '../domain/report/ownText';
import { loadWording, wordingFor, WordingError, type Wording, type WordingSource } from '../domain/report/wording';
import { findingsOf, reportInputOf } from '../domain/workbookData';
import type { ReadResult } from '../io/readWorkbook';
import { renderReportDocx } from '../io/docx/report';
import { readForCommand, resolveCatalog, withPreviousFile, type CatalogOptions, type Io } from './commands';
import { checkOutput, CliFailure, EXIT, writeFileAtomic } from './output';

export interface ReportOptions extends CatalogOptions {
  output?: string;
  /** Refuse to write while any figure has an open error. */
  strict?: boolean;
  /** The unit's previous report: comparison with it and the cumulative warnings. */
  previous?: string;
  /** Replace an existing output without asking. */
  force?: boolean;
  /** A JSON file with the report details, for files without a details sheet. */
  details?: string;
  /** A province's wording tables (loi-van.tsv, de-cuong.tsv, bao-cao.tsv). */
  reportDir?: string;
}

/** The wording files a folder may hold, by the source field they fill. */
const WORDING_FILES: [keyof Omit<WordingSource, 'id'>, string][] = [
  ['loiVan', 'loi-van.tsv'],
  ['deCuong', 'de-cuong.tsv'],
  ['baoCao', 'bao-cao.tsv'],
];

async function wordingFiles(dir: string): Promise<Omit<WordingSource, 'id'>> {
  const out: Omit<WordingSource, 'id'> = {};
  for (const [field, name] of WORDING_FILES) {
    const text = await fs.readFile(path.join(dir, name), 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw new CliFailure(`Không đọc được ${path.join(dir, name)}: ${e.message}`);
    });
    if (text !== undefined) out[field] = text;
  }
  return out;
}

/**
 * The report wording: the product's for the catalog, then wording tables in the catalog folder,
 * then those of `--report-dir` (each overriding the one before).
 */
export async function resolveWording(opts: ReportOptions, catalog: Catalog): Promise<Wording | undefined> {
  const dirs = [opts.catalogDir, opts.reportDir].filter((d): d is string => !!d);
  if (dirs.length === 0) return undefined;
  let wording = wordingFor(catalog.id);
  for (const dir of dirs) {
    const files = await wordingFiles(dir);
    if (Object.keys(files).length === 0) {
      if (dir === opts.reportDir)
        throw new CliFailure(
          `Thư mục ${dir} không có tệp lời văn nào (${WORDING_FILES.map(([, n]) => n).join(', ')}).`,
        );
      continue;
    }
    try {
      wording = loadWording({ id: path.basename(path.resolve(dir)), ...files }, wording);
    } catch (e) {
      if (e instanceof WordingError) throw new CliFailure(`${e.message} (thư mục ${dir})`);
      throw e;
    }
  }
  return wording;
}

const FIELD_BY_NAME = new Map<string, DetailField>(
  DETAIL_FIELDS.flatMap((f) => [
    [f.field.toLowerCase(), f.field],
    [f.label.toLowerCase(), f.field],
  ]),
);

/** Report details from a JSON file: field names (`unit`, `signerName`) or the sheet's labels ("Họ và tên người ký"). */
export function parseDetailsJson(text: string, file: string): Partial<ReportDetails> {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliFailure(`Tệp ${file} không phải JSON hợp lệ: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new CliFailure(`Tệp ${file} phải là một đối tượng JSON, VD {"unit": "Sở Công Thương", "year": 2024}.`);
  const out: Partial<ReportDetails> = {};
  const bad = (key: string, why: string) => new CliFailure(`Tệp ${file}, mục "${key}": ${why}.`);
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const field = FIELD_BY_NAME.get(key.trim().toLowerCase());
    if (!field)
      throw bad(
        key,
        `không có mục này (có: ${DETAIL_FIELDS.map((f) => f.field).join(', ')} hoặc tên như trên trang tính Thông tin)`,
      );
    if (value === null || value === '') continue;
    const text = Array.isArray(value) ? value.map(String).join('\n') : String(value).trim();
    switch (field) {
      case 'level': {
        const level = parseLevel(text);
        if (!level) throw bad(key, `cấp "${text}" không hợp lệ (tinh, so, huyen, xa)`);
        out.level = level;
        break;
      }
      case 'periodKind': {
        const kind = parsePeriodKind(text);
        if (!kind) throw bad(key, `kỳ "${text}" không hợp lệ (Q1, H1, Q3, M9, Y hoặc "6 tháng đầu năm")`);
        out.periodKind = kind;
        break;
      }
      case 'year': {
        const year = Number(text);
        if (!Number.isInteger(year) || year < 2000 || year > 2100) throw bad(key, `năm "${text}" không hợp lệ`);
        out.year = year;
        break;
      }
      case 'from':
      case 'to':
      case 'date': {
        const iso = parseVietnameseDate(text);
        if (!iso) throw bad(key, `ngày "${text}" phải ghi dd/mm/yyyy`);
        out[field] = iso;
        break;
      }
      case 'recipients':
        out.recipients = text.split(/\r\n|\r|\n/);
        break;
      default:
        out[field] = text;
    }
  }
  return out;
}

/** The file's reading with the JSON details over it; the period follows the details given. */
function withDetails(read: ReadResult, given: Partial<ReportDetails>): ReadResult {
  const details = { ...read.details, ...given };
  const periodGiven = given.periodKind !== undefined || given.year !== undefined || given.from || given.to;
  const period =
    periodGiven && details.periodKind && details.year
      ? makePeriod(details.periodKind, details.year, { from: details.from, to: details.to })
      : read.period;
  return { ...read, details, period, unit: details.unit || read.unit };
}

/** `cchc report FILE.xlsx -o OUT.docx`: the narrative report, headless. */
export async function reportCommand(file: string, opts: ReportOptions, io: Io): Promise<number> {
  const catalog = await resolveCatalog(opts);
  const output = opts.output ?? file.replace(/\.xlsx$/i, '') + '.docx';
  await checkOutput(output, {
    kind: 'docx',
    inputs: [file, ...(opts.details ? [opts.details] : []), ...(opts.previous ? [opts.previous] : [])],
    force: opts.force,
    ask: io.ask,
  });
  const wording = await resolveWording(opts, catalog);
  const given = opts.details
    ? parseDetailsJson(
        await fs.readFile(opts.details, 'utf8').catch(() => {
          throw new CliFailure(`Không tìm thấy hoặc không mở được tệp ${opts.details}.`);
        }),
        opts.details,
      )
    : {};
  const { result: first, warnings } = await readForCommand(file, catalog);
  for (const w of warnings) io.err(`Cảnh báo: ${w}`);
  const { data: withPrevious, findings: previousFindings } = await withPreviousFile(catalog, first, opts.previous);
  for (const f of previousFindings) io.err(`Cảnh báo: ${f.message}`);
  const read = withDetails(withPrevious, given);
  const findings = findingsOf(catalog, read);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length && opts.strict) {
    io.err(`Còn ${errors.length} lỗi số liệu:`);
    for (const f of errors) io.err(`  - ${f.message}`);
    io.err('Không xuất báo cáo (--strict). Sửa số liệu rồi chạy lại.');
    return EXIT.findings;
  }
  const input = reportInputOf(catalog, read, findings);
  const model = buildReportModel({
    ...input,
    ...(wording ? { wording } : {}),
    // A hand-made form has no details or text sheet: the warnings say where to give them instead.
    ...(read.layout === 'legacy'
      ? {
          noLayout: {
            details: 'tệp không có trang tính Thông tin: ghi vào tệp --details',
            texts: 'tệp không có trang tính Nội dung',
          },
        }
      : {}),
  });
  // The model's warnings list each open error once, with the others.
  if (errors.length)
    io.err(`Còn ${errors.length} lỗi; các số liệu lỗi được để "[cần xem lại: …]" và tô vàng trong báo cáo.`);
  for (const w of model.warnings) io.err(`Cảnh báo: ${w}`);
  await writeFileAtomic(output, await renderReportDocx(model));
  // Figures in error are held in the text; errors in the unit's own words are listed in the warnings.
  const ownText = errors.filter((f) => f.rule.startsWith(OWN_TEXT_RULE)).length;
  const figureErrors = errors.length - ownText;
  const left = [
    ...(figureErrors ? [`${figureErrors} lỗi số liệu được đánh dấu`] : []),
    ...(ownText ? [`${ownText} lỗi trong lời văn`] : []),
  ];
  io.out(`Đã xuất báo cáo ${output}${left.length ? ` (còn ${left.join(', ')})` : ''}.`);
  return errors.length ? EXIT.findings : EXIT.ok;
}
