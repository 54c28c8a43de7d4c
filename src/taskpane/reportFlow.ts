import { catalogIds, DEFAULT_CATALOG_ID, getCatalog } from '../domain/catalog';
import type { Catalog } from '../domain/catalog/types';
import type { ReportDetails } from '../domain/details';
import type { FigureSet } from '../domain/figures';
import { META_SHEET } from '../domain/layout';
import { removeAccents } from '../domain/text';
import { findingsOf, reportInputOf, withPrevious } from '../domain/workbookData';
import { PERIOD_LABELS, periodPhrase, type Period } from '../domain/period';
import { buildReportModel, embeddedDataXml, type EmbeddedReportData, type ReportModel } from '../domain/report/model';
import { figureTagValues, heldKeys, labelTagKey, rateTagKey, sumTagKey } from '../domain/report/narrative';
import { wordingFor, wordingFromFiles, wordingOfStored, WordingError, type Wording } from '../domain/report/wording';
import { validate, type Finding } from '../domain/validate';
import { CONSOLIDATION_DATA_SHEET } from '../io/consolidationData';
import { readTemplateSource, type ReadResult } from '../io/templateReader';
import { snapshotCell, snapshotSource, type WorkbookPort } from '../office/port';
import {
  apiSupported,
  insertReport,
  refreshFigures,
  updateReportData,
  type FigureChange,
  type InsertLocation,
  type AnnexPlan,
  type SectionBlock,
  type WordHost,
} from '../office/word';

/**
 * "Báo cáo Word" without React: read the open workbook (or a picked file) the way the CLI
 * does, build the .docx, hand it to the browser or to Word. docx and exceljs are loaded
 * with import() so neither sits in the pane's first chunk.
 */

/** What a report is built from: one reading, its catalog and the validation findings. */
export interface ReportSource {
  read: ReadResult;
  findings: Finding[];
  catalog: Catalog;
  /** False when the workbook holds none of the add-in's figure cells (forms not inserted). */
  injected: boolean;
}

function knownCatalog(id: string | null | undefined): Catalog | null {
  return id && catalogIds().includes(id) ? getCatalog(id) : null;
}

/** The findings `cchc report` prints: the same check over the same reading. */
export { findingsOf };

function sourceOf(read: ReadResult, catalog: Catalog): ReportSource {
  return {
    read,
    catalog,
    findings: findingsOf(catalog, read),
    injected: Object.keys(read.figures.cells ?? {}).length > 0,
  };
}

/**
 * The open workbook, read through the port with the CLI's template reader. The catalog is the
 * one given, else the one named in the workbook's metadata sheet, else the default.
 */
export async function readReportSource(
  port: WorkbookPort,
  catalog?: Catalog,
  file = 'Sổ tính đang mở',
): Promise<ReportSource> {
  const snapshot = await port.readInputs({ formulas: true });
  // A consolidating office's workbook keeps the summary its report states in a hidden sheet.
  if (snapshot.sheets.includes(CONSOLIDATION_DATA_SHEET))
    snapshot.grids[CONSOLIDATION_DATA_SHEET] = (await port.readFormValues([CONSOLIDATION_DATA_SHEET])).grids[
      CONSOLIDATION_DATA_SHEET
    ];
  const named = snapshot.grids[META_SHEET] ? snapshotCell(snapshot, META_SHEET, 'B2')?.value : null;
  const chosen =
    catalog ??
    knownCatalog(named === null || named === undefined ? null : String(named).trim()) ??
    getCatalog(DEFAULT_CATALOG_ID);
  return sourceOf(readTemplateSource(snapshotSource(snapshot), chosen, file), chosen);
}

/** A workbook file (picked in Word, or any other), read as `cchc report` reads it. */
export async function readWorkbookFile(
  bytes: Uint8Array,
  name: string,
  catalog: Catalog = getCatalog(),
): Promise<ReportSource> {
  const { readWorkbookBytes } = await import(/* webpackChunkName: "workbook" */ '../io/readWorkbook');
  return sourceOf(await readWorkbookBytes(bytes, name, catalog), catalog);
}

/** The unit's previous report, picked in the pane: "so với cùng kỳ" and the cumulative checks, as `--previous`. */
export interface LoadedPrevious {
  name: string;
  read: ReadResult;
}

/** Reads a previous report picked on this machine (nothing leaves it); a bad file throws the reader's Vietnamese reason. */
export async function loadPreviousFile(
  file: Blob & { name: string },
  catalog: Catalog = getCatalog(),
): Promise<LoadedPrevious> {
  const source = await readWorkbookFile(await readFileBytes(file), file.name, catalog);
  return { name: file.name, read: source.read };
}

/** "6 tháng đầu năm 2023" for the pane's status, or null when the file names no period. */
export function previousPeriodText(previous: LoadedPrevious): string | null {
  return previous.read.period ? periodPhrase(previous.read.period) : null;
}

/**
 * The source with its previous report beside it, exactly as `cchc report --previous` builds it:
 * the comparison data for the sentences, and the warnings (a cumulative flow that fell, another period…).
 */
export function withPreviousReport(
  source: ReportSource,
  previous: LoadedPrevious | null,
): { source: ReportSource; warnings: string[] } {
  if (!previous) return { source, warnings: [] };
  const compared = withPrevious(source.catalog, source.read, previous.read);
  return {
    source: { ...source, read: { ...source.read, previous: compared.data.previous } },
    warnings: compared.findings.map((f) => `Kỳ trước (${previous.name}): ${f.message}`),
  };
}

export const errorFindings = (findings: Finding[]): Finding[] => findings.filter((f) => f.severity === 'error');

/** The report model, exactly as the CLI builds it; figures with open errors are flagged. */
export function reportModel(
  read: ReadResult,
  findings: Finding[],
  catalog: Catalog = knownCatalog(read.catalogId) ?? getCatalog(),
  wording?: Wording,
): ReportModel {
  return buildReportModel({ ...reportInputOf(catalog, read, findings), ...(wording ? { wording } : {}) });
}

/** A province's wording as loaded in the pane: where it came from and which tables it gave. */
export interface LoadedWording {
  wording: Wording;
  /** The folder's name, or "các tệp đã chọn". */
  name: string;
  used: string[];
}

/** A wording table as text: UTF-8 (with or without BOM) or UTF-16 as Excel's "Unicode Text" saves it. */
function tableText(bytes: Uint8Array, name: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new WordingError(
      `Tệp ${name} không ghi bằng bảng mã Unicode (UTF-8): hãy lưu lại bằng "Unicode Text" hoặc "UTF-8" rồi chọn lại.`,
    );
  }
}

/**
 * The wording tables of a province's folder (the loi-van / de-cuong / bao-cao tables `cchc report
 * --report-dir` takes), read in the browser from the files picked; nothing leaves the machine.
 * Throws a WordingError with a Vietnamese reason naming the file and the line.
 */
export async function loadWordingFiles(
  files: readonly (Blob & { name: string; webkitRelativePath?: string })[],
  catalog: Catalog = getCatalog(),
): Promise<LoadedWording> {
  const folder = files.find((f) => f.webkitRelativePath)?.webkitRelativePath?.split('/')[0];
  const name = folder || 'các tệp đã chọn';
  const wanted = files.filter((f) => /\.tsv$/i.test(f.name));
  const texts = await Promise.all(
    wanted.map(async (f) => ({ name: f.name, text: tableText(await readFileBytes(f), f.name) })),
  );
  const { wording, used } = wordingFromFiles(texts, name, wordingFor(catalog.id));
  return { wording, name, used };
}

async function renderDocx(model: ReportModel): Promise<Uint8Array> {
  const { renderReportDocx } = await import(/* webpackChunkName: "docx" */ '../io/docx/report');
  return renderReportDocx(model);
}

/** The .docx bytes; pass the model when already built (for its warnings). */
export async function buildDocx(
  read: ReadResult,
  findings: Finding[],
  options: { catalog?: Catalog; model?: ReportModel } = {},
): Promise<Uint8Array> {
  return renderDocx(options.model ?? reportModel(read, findings, options.catalog));
}

// ---------------------------------------------------------------- saving the file

function fold(text: string): string {
  return removeAccents(text)
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const PERIOD_FILE_PART: Record<Period['kind'], string> = {
  Q1: 'Quy I',
  H1: '6 thang',
  Q3: 'Quy III',
  M9: '9 thang',
  Y: 'Nam',
  M: 'Thang',
  MN: 'Cac thang dau nam',
  C: 'Ky bao cao',
};

/** "Bao-cao-CCHC-6-thang-2024-So-Cong-Thuong.docx": ASCII only, safe on every system and in e-mail. */
export function suggestedFileName(details: Pick<ReportDetails, 'unit' | 'periodKind' | 'year'>): string {
  const parts = ['Bao cao CCHC'];
  if (details.periodKind) parts.push(PERIOD_FILE_PART[details.periodKind]);
  if (details.year) parts.push(String(details.year));
  const unit = fold(details.unit ?? '')
    .slice(0, 80)
    .replace(/-+$/, '');
  if (unit) parts.push(unit);
  return `${fold(parts.join(' '))}.docx`;
}

export interface OfficePlatformLike {
  context?: { platform?: string | null } | null;
}

/**
 * Whether the pane can hand a file to the browser. Office on Mac and iPad runs the pane in a
 * web view that drops downloads; Office on the web and on Windows, and standalone mode, can.
 */
export function canDownload(
  office: OfficePlatformLike | null | undefined = (globalThis as unknown as { Office?: OfficePlatformLike }).Office,
): boolean {
  let platform: string | null | undefined;
  try {
    platform = office?.context?.platform;
  } catch {
    return true;
  }
  return platform !== 'Mac' && platform !== 'iOS';
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Hands the bytes to the browser as a download (save dialog or Downloads folder); nothing leaves the machine. */
export function downloadBytes(bytes: Uint8Array, name: string, doc: Document = document): void {
  const blob = new Blob([bytes as BlobPart], {
    type: name.toLowerCase().endsWith('.docx') ? DOCX_MIME : 'application/octet-stream',
  });
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  doc.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Revoked later: some browsers start reading the blob only after the click returns.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

/** A file chosen in an <input type="file">, as bytes (FileReader where Blob.arrayBuffer is missing). */
export function readFileBytes(file: Blob): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('Không đọc được tệp đã chọn.'));
    reader.readAsArrayBuffer(file);
  });
}

// ---------------------------------------------------------------- Word

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

export interface WordReport {
  model: ReportModel;
  docx: Uint8Array;
  base64: string;
  /** The report data as a custom XML part, stored in the document where Word can. */
  dataXml: string;
  findings: Finding[];
  /** What the report could not include because its source does not hold it (Vietnamese, for the pane). */
  missing: string[];
}

async function wordReport(model: ReportModel, findings: Finding[], missing: string[] = []): Promise<WordReport> {
  const docx = await renderDocx(model);
  return { model, docx, base64: toBase64(docx), dataXml: embeddedDataXml(model.data), findings, missing };
}

/** The report of a read workbook, ready for Word, in the wording loaded in the pane (the built-in one by default). */
export function wordReportOf(source: ReportSource, wording?: Wording): Promise<WordReport> {
  return wordReport(reportModel(source.read, source.findings, source.catalog, wording), source.findings);
}

/** A workbook the user picked in Word → the report (same steps as `cchc report`). */
export async function reportFromWorkbookBytes(
  bytes: Uint8Array,
  name: string,
  catalog?: Catalog,
): Promise<WordReport & { source: ReportSource }> {
  const source = await readWorkbookFile(bytes, name, catalog);
  return { ...(await wordReportOf(source)), source };
}

/** What the data stored in a report document does not hold, so a rebuild from it lacks them. */
export const EMBEDDED_DATA_LACKS = [
  'phần nội dung đơn vị tự viết (mở đầu và các mục I–V): các mục này để "…"',
  'cột "Ghi chú" của các biểu ở phụ lục',
];

/**
 * The wording a report in the document was written in, when it was a province's: sentences a
 * refresh writes anew keep it unless the pane loaded another. Undefined for the product's own,
 * or when the stored tables no longer load.
 */
export function wordingOfDocument(data: EmbeddedReportData | null): Wording | undefined {
  if (!data?.wording) return undefined;
  try {
    return wordingOfStored(data.catalogId, data.wording);
  } catch {
    return undefined;
  }
}

/** Percent and money figures keep the decimals they were printed with. */
function decimalsFromShown(catalog: Catalog, shown: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, text] of Object.entries(shown)) {
    const kind = catalog.byKey.get(key)?.kind;
    if (kind !== 'percent' && kind !== 'money') continue;
    const m = /,(\d+)$/.exec(text);
    if (m) out[key] = m[1].length;
  }
  return out;
}

/**
 * Rebuilds the report from the data stored in the document: details, figures and catalog are
 * there; the unit's own paragraphs and the forms' notes are not, and are not invented
 * (`missing` says so). Throws when the data names a catalog the add-in does not have.
 */
export async function reportFromEmbeddedData(data: EmbeddedReportData): Promise<WordReport> {
  const catalog = knownCatalog(data.catalogId);
  if (!catalog)
    throw new Error(
      `Dữ liệu trong tài liệu theo danh mục "${data.catalogId}", add-in này không có danh mục đó (có: ${catalogIds().join(', ')}).`,
    );
  const values = data.figures ?? {};
  if (!Object.values(values).some((v) => v !== null && v !== undefined)) {
    throw new Error('Dữ liệu trong tài liệu không có số liệu nào: hãy chèn báo cáo từ tệp Excel.');
  }
  const figures: FigureSet = { values: { ...values }, decimals: decimalsFromShown(catalog, data.shown ?? {}) };
  const level = data.level ?? data.details?.level ?? undefined;
  const period = data.period ?? undefined;
  const findings = validate(catalog, figures, { level, period });
  let wording: Wording;
  try {
    wording = wordingOfStored(catalog.id, data.wording);
  } catch (e) {
    throw new Error(`Lời văn lưu trong tài liệu bị hỏng, không dựng lại được báo cáo: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const model = buildReportModel({
    catalog,
    figures,
    details: data.details,
    texts: {},
    findings,
    level,
    period,
    notes: {},
    wording,
  });
  return wordReport(model, findings, [...EMBEDDED_DATA_LACKS]);
}

export interface WordInsertOptions extends WordHost {
  location?: InsertLocation;
}

/** Puts the report into the open document (and its data alongside, where Word can store it). */
export function insertWordReport(report: WordReport, options: WordInsertOptions = {}): Promise<{ syncs: number }> {
  return insertReport(report.base64, { ...options, dataXml: report.dataXml });
}

export interface RefreshResult {
  file: string;
  /** Each figure changed, once (a figure shown in the text and in an annex table is two controls). */
  changed: FigureChange[];
  /** Content controls rewritten. */
  controls: number;
  source: ReportSource;
  /** The report data stored in the document was brought up to date (WordApi 1.4 and a part of ours). */
  dataUpdated: boolean;
}

/** Whether the host reports a Word requirement set; no Office at all counts as no. */
export function wordApiSupported(version: string, host?: WordHost): boolean {
  return apiSupported(host, version);
}

/** A control text that states no figure: held for review or removed. */
const isHeld = (text: string) => text.startsWith('[cần xem lại') || text.startsWith(REMOVED_PREFIX);

/**
 * After a refresh the stored data must show the new figures too, or "Chèn lại" would bring the
 * old ones back; a figure the workbook emptied is emptied there too.
 */
async function updateStoredData(values: Record<string, string>, figures: FigureSet, host?: WordHost): Promise<boolean> {
  return updateReportData((old) => {
    // The document now marks a figure the workbook emptied, so the data forgets it too.
    const fresh: Record<string, number | null> = {};
    for (const k of Object.keys(old.figures)) fresh[k] = figures.values[k] ?? null;
    for (const [k, v] of Object.entries(figures.values)) if (v !== null && v !== undefined) fresh[k] = v;
    const shown = { ...old.shown };
    for (const k of Object.keys(shown)) if (Object.prototype.hasOwnProperty.call(values, k)) shown[k] = values[k];
    // A figure filled since the insertion is now printed too (a sentence or an annex row): its text,
    // decimals included, is what "Chèn lại" must print again.
    for (const [k, v] of Object.entries(figures.values))
      if (v !== null && v !== undefined && !(k in shown) && k in values && !isHeld(values[k])) shown[k] = values[k];
    return { ...old, figures: { ...old.figures, ...fresh }, shown };
  }, host);
}

/** Placeholder of a figure the workbook no longer has: the report never keeps a figure nobody reports. */
export const REMOVED_PREFIX = '[chưa có số liệu';

/** Every control text of a refresh: the workbook's figures, held ones, and the removed ones marked. */
export function refreshValues(source: ReportSource): Record<string, string> {
  const { read, catalog } = source;
  const ctx = { level: read.details.level ?? undefined, period: read.period ?? undefined };
  // A figure still in error stays held ("[cần xem lại: …]"), exactly as a fresh report shows it.
  const errors = new Set(errorFindings(source.findings).flatMap((f) => f.keys));
  const values = figureTagValues(catalog, read.figures, {
    ...ctx,
    flagged: heldKeys({ ...ctx, catalog, figures: read.figures, flagged: errors }),
  });
  const removed: Record<string, string> = {};
  for (const ind of catalog.indicators) {
    if (ind.kind === 'group' || ind.kind === 'title') continue;
    const where = ind.form === 'PL1' ? ind.code : `${ind.form}/${ind.code}`;
    removed[ind.key] = `${REMOVED_PREFIX}: ${where}]`;
    if (ind.kind === 'code') removed[labelTagKey(ind.key)] = `${REMOVED_PREFIX}: ${where}]`;
    removed[sumTagKey(ind.key)] = `${REMOVED_PREFIX}: ${where}]`;
  }
  for (const def of catalog.rates) removed[rateTagKey(def)] = `${REMOVED_PREFIX}]`;
  return { ...removed, ...values };
}

/**
 * Each section's generated paragraphs and each annex table as a fresh report would write them (in
 * the wording loaded in the pane, as the export), for the document's block controls and annex
 * tables: where a figure is newly filled, its sentence is written anew and its row added.
 */
export async function refreshPlan(
  source: ReportSource,
  wording?: Wording,
): Promise<{ blocks: Record<string, SectionBlock>; annexes: AnnexPlan[] }> {
  const { annexPlans, sectionBlockOoxml } = await import(/* webpackChunkName: "docx" */ '../io/docx/report');
  const model = reportModel(source.read, source.findings, source.catalog, wording);
  const blocks: Record<string, SectionBlock> = {};
  for (const section of model.sections) {
    const runs = section.paragraphs.filter((p) => p.kind === 'figures').flatMap((p) => p.runs);
    if (runs.length === 0) continue;
    const keys = [...new Set(runs.flatMap((r) => (r.tag ? [r.tag.key] : [])))];
    blocks[section.id] = { ooxml: sectionBlockOoxml(section), keys };
  }
  return { blocks, annexes: annexPlans(model) };
}

/** What "Cập nhật số liệu" would change, read from the document; nothing is written. */
export async function previewRefresh(
  source: ReportSource,
  host?: WordHost,
  wording?: Wording,
): Promise<FigureChange[]> {
  const plan = await refreshPlan(source, wording);
  const { changed } = await refreshFigures(refreshValues(source), host, { preview: true, ...plan });
  return onceEach(changed);
}

function onceEach(changed: FigureChange[]): FigureChange[] {
  const once = new Map<string, FigureChange>();
  for (const c of changed) if (!once.has(c.key)) once.set(c.key, c);
  return [...once.values()];
}

/**
 * Writes a read workbook's figures into the report's tagged controls; the unit's own text is not
 * touched. A figure emptied in the workbook shows "[chưa có số liệu: …]"; highlights follow (a
 * figure fixed loses its yellow). Sentences written anew are in `wording`, as the export's.
 */
export async function refreshFromSource(
  source: ReportSource,
  host?: WordHost,
  wording?: Wording,
): Promise<RefreshResult> {
  const { read } = source;
  const values = refreshValues(source);
  const plan = await refreshPlan(source, wording);
  const { changed } = await refreshFigures(values, host, { held: isHeld, ...plan });
  const dataUpdated = await updateStoredData(values, read.figures, host);
  return { file: read.file, changed: onceEach(changed), controls: changed.length, source, dataUpdated };
}

/** "Cập nhật số liệu": a newer workbook's figures into the open report; the list of what changed. */
export async function refreshFromWorkbookBytes(
  bytes: Uint8Array,
  name: string,
  options: WordHost & { catalog?: Catalog } = {},
): Promise<RefreshResult> {
  const { catalog, ...host } = options;
  return refreshFromSource(await readWorkbookFile(bytes, name, catalog), host);
}

/** Folded for comparing unit names typed a little differently. */
const sameUnit = (a: string, b: string) => fold(a).toLowerCase() === fold(b).toLowerCase();

/** A warning when the workbook is another unit's or another period's than the report in the document. */
export function mismatchWith(data: EmbeddedReportData | null, read: ReadResult): string | null {
  if (!data) return null;
  const docUnit = data.details?.unit?.trim() ?? '';
  const bookUnit = read.details.unit.trim();
  if (docUnit && bookUnit && !sameUnit(docUnit, bookUnit)) {
    return `Báo cáo trong tài liệu là của "${docUnit}" nhưng tệp ${read.file} là của "${bookUnit}".`;
  }
  const a = data.period;
  const b = read.period;
  if (a && b && (a.kind !== b.kind || a.year !== b.year)) {
    return `Báo cáo trong tài liệu là kỳ ${PERIOD_LABELS[a.kind].toLowerCase()} ${a.year} nhưng tệp ${read.file} là kỳ ${PERIOD_LABELS[b.kind].toLowerCase()} ${b.year}.`;
  }
  return null;
}
