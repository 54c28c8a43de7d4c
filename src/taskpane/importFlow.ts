import type { Catalog, Level } from '../domain/catalog/types';
import {
  consolidate,
  consolidationScope,
  mergeUnits,
  totalsForOwnForms,
  unitNameKey,
  type ConsolidationResult,
  type RefusedFile,
  type UnitSubmission,
} from '../domain/consolidate';
import { acceptedSubmissions, refusedEntry, reviewEntries, type ImportEntry } from '../domain/importSession';
import { isInputIndicator, nameForKey } from '../domain/layout';
import { LEVEL_LABELS } from '../domain/details';
import { periodPhrase, type Period } from '../domain/period';
import { snapshotSource, type FiguresWritten, type NamedValue, type WorkbookPort } from '../office/port';
import type { ImportReadRequest } from './importReading.worker';
import { workerChannel } from './workerChannel';

/**
 * The "Tổng hợp" tab without React: read colleagues' files (in a Web Worker), review them
 * (duplicates, periods, names), then consolidate and write the result into the open workbook
 * in one all-or-nothing step. The readers and the writer are loaded on demand so they stay
 * out of the pane's first chunk. Same steps as `cchc consolidate`, except that a
 * unit sent twice waits for the user's choice instead of keeping the first file.
 */

export interface ImportFile {
  name: string;
  /** The file as picked (read by the reading worker) or its bytes. */
  bytes: Uint8Array | Blob;
}

/** The sheet the user keeps with the units that must report: names in column A from row 2. */
export const UNIT_LIST_SHEET = 'Danh sách đơn vị';

/** Two files of the same name (from different folders) get "(2)", so each line of the preview is one file. */
function distinctNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let out = name;
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    for (let n = 2; seen.has(out.toLowerCase()); n++) out = `${stem} (${n})${ext}`;
    seen.add(out.toLowerCase());
    return out;
  });
}

function readingEntry(file: string): ImportEntry {
  return { ...refusedEntry(file, ''), status: 'reading', reason: undefined };
}

/** Files per request to the reading worker: few enough for the progress to move, enough to keep it busy. */
const FILES_PER_REQUEST = 8;
/** Requests sent ahead of their answers, so the worker never waits for the page. */
const REQUESTS_AHEAD = 2;
/** The preview's progress is drawn at most this often: a list of a thousand lines is not redrawn per file. */
const PROGRESS_EVERY_MS = 250;

/** Reading workers at most: one per core (the page mostly waits meanwhile), each with its own heap. */
const MAX_READING_WORKERS = 3;
/** Requests a further worker must have to be worth its start (loading its code, warming up). */
const REQUESTS_PER_EXTRA_WORKER = 8;

type ReadingChannel = ReturnType<typeof workerChannel<Omit<ImportReadRequest, 'id'>, ImportEntry[]>>;
const readingChannels: ReadingChannel[] = [];

/** The k-th reading worker's channel, started on first use and kept for the next import. */
function readingChannel(k: number): ReadingChannel {
  readingChannels[k] ??= workerChannel<Omit<ImportReadRequest, 'id'>, ImportEntry[]>(async () => {
    const { newImportReadingWorker } = await import(/* webpackChunkName: "workers" */ './workers');
    return newImportReadingWorker();
  });
  return readingChannels[k];
}

function readingWorkers(requests: number): number {
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 1;
  return Math.max(1, Math.min(MAX_READING_WORKERS, cores, 1 + Math.floor(requests / REQUESTS_PER_EXTRA_WORKER)));
}

/**
 * Reads the files, a few at a time in Web Workers (one per core; on the page where no worker runs); `onProgress` gets
 * the lines so far (the files being read show as 'reading'), at most every PROGRESS_EVERY_MS. A file that
 * cannot be read is refused with a Vietnamese reason and the others go on. Returns the reviewed lines (see
 * reviewImport).
 */
export async function readImportFiles(
  files: ImportFile[],
  catalog: Catalog,
  onProgress: (entries: ImportEntry[]) => void,
): Promise<ImportEntry[]> {
  const names = distinctNames(files.map((f) => f.name));
  const named = files.map((f, i) => ({ name: names[i], bytes: f.bytes }));
  const batches: ImportFile[][] = [];
  for (let i = 0; i < named.length; i += FILES_PER_REQUEST) batches.push(named.slice(i, i + FILES_PER_REQUEST));
  const done: ImportEntry[] = [];
  let shownAt = -Infinity;
  const progress = (force = false) => {
    const now = Date.now();
    if (!force && now - shownAt < PROGRESS_EVERY_MS) return;
    shownAt = now;
    const reading = names.slice(done.length, done.length + FILES_PER_REQUEST).map(readingEntry);
    onProgress([...done, ...reading]);
  };
  // Request b goes to worker b mod `workers`. A picked file goes as it is (the worker reads it); bytes go
  // as copies the worker takes over, the page keeping its own for a retry here.
  const workers = readingWorkers(batches.length);
  const ahead = REQUESTS_AHEAD * workers;
  const ask = (b: number) => {
    const copies = batches[b].map((f) => ({ name: f.name, bytes: f.bytes.slice() }));
    return readingChannel(b % workers)(
      { catalog, files: copies },
      copies.flatMap((f) => (f.bytes instanceof Uint8Array ? [f.bytes.buffer] : [])),
    );
  };
  const onPage = async (batch: ImportFile[]) => {
    // The pane paints between two requests read here.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const { readImportBatch } = await import(/* webpackChunkName: "import-reading-on-page" */ './importReading.worker');
    return readImportBatch(batch, catalog);
  };
  progress(true);
  const sent = batches.slice(0, ahead).map((_, b) => ask(b));
  for (let b = 0; b < batches.length; b++) {
    // Taken in order; a worker that could not start or died leaves its files to the page.
    const answer = (await sent[b]) ?? (await onPage(batches[b]));
    if (b + ahead < batches.length) sent.push(ask(b + ahead));
    done.push(...answer);
    progress();
  }
  const reviewed = reviewImport(done);
  onProgress(reviewed);
  return reviewed;
}

// ---------------------------------------------------------------- review

/** The user's choice for each unit sent twice: unitNameKey(unit) → the file kept. */
export type DuplicateChoices = Record<string, string>;

export interface DuplicateGroup {
  key: string;
  unit: string;
  files: string[];
  /** Files kept now (exactly one once the user has chosen). */
  kept: string[];
}

/** Units that came in more than one read file. */
export function duplicateGroups(entries: ImportEntry[]): DuplicateGroup[] {
  const groups = new Map<string, DuplicateGroup>();
  for (const e of entries) {
    if (e.status !== 'read') continue;
    const key = unitNameKey(e.unit);
    if (!key) continue;
    const g = groups.get(key) ?? { key, unit: e.unit.trim(), files: [], kept: [] };
    g.files.push(e.file);
    if (e.keep) g.kept.push(e.file);
    groups.set(key, g);
  }
  return [...groups.values()].filter((g) => g.files.length > 1);
}

/**
 * The preview's rules, run again after every edit: warnings (other period, missing name, same
 * unit twice) from the domain's reviewEntries; every read file kept, except that of a unit sent
 * twice only the file the user chose is kept, and none until the user has chosen.
 */
export function reviewImport(entries: ImportEntry[], choices: DuplicateChoices = {}): ImportEntry[] {
  const reviewed = reviewEntries(
    entries.map((e) => (e.status === 'read' ? { ...e, keep: true } : { ...e, keep: false })),
  );
  for (const g of duplicateGroups(reviewed)) {
    const chosen = choices[g.key];
    const valid = chosen !== undefined && g.files.includes(chosen);
    for (const e of reviewed) {
      if (e.status === 'read' && unitNameKey(e.unit) === g.key) e.keep = valid && e.file === chosen;
    }
  }
  return reviewed;
}

/** Why the import cannot be written yet, or null when it can. */
export function commitBlocker(entries: ImportEntry[], hasPrevious = false): string | null {
  if (entries.some((e) => e.status === 'reading')) return 'Đang đọc tệp, chờ đọc xong.';
  const read = entries.filter((e) => e.status === 'read');
  const unnamed = read.find((e) => !e.unit.trim());
  if (unnamed) return `Nhập tên đơn vị cho tệp "${unnamed.file}".`;
  const open = duplicateGroups(entries).find((g) => g.kept.length !== 1);
  if (open) return `Đơn vị "${open.unit}" có ${open.files.length} tệp: chọn một tệp để giữ lại.`;
  if (!read.some((e) => e.keep) && !hasPrevious) return 'Chưa có tệp nào đọc được để tổng hợp.';
  return null;
}

// ---------------------------------------------------------------- expected units

/** The units that must report, from the "Danh sách đơn vị" sheet (column A from row 2); [] without it. */
export async function expectedUnitsFrom(port: WorkbookPort): Promise<string[]> {
  const wanted = UNIT_LIST_SHEET.toLowerCase();
  const sheet = (await port.sheetNames()).find((s) => s.trim().toLowerCase() === wanted);
  if (!sheet) return [];
  const grid = (await port.readFormValues([sheet])).grids[sheet];
  if (!grid) return [];
  const col = 1 - grid.left;
  if (col < 0) return [];
  const out: string[] = [];
  grid.values.forEach((row, i) => {
    if (grid.top + i < 2) return;
    const v = row[col];
    const text = v === null || v === undefined ? '' : String(v).trim();
    if (text) out.push(text);
  });
  return out;
}

// ---------------------------------------------------------------- the office's own forms

/** The consolidating office's injected forms in the open workbook: its level, period and figure cells. */
export interface OwnForms {
  unit: string;
  level?: Level;
  period?: Period;
  /** Defined names of its figure cells. */
  names: Set<string>;
}

/** The office's own forms when the open workbook has them (Phụ lục I, Biểu mẫu injected), else null. */
export async function ownFormsOf(port: WorkbookPort, catalog: Catalog): Promise<OwnForms | null> {
  const snapshot = await port.readInputs();
  const names = new Set(
    catalog.indicators
      .filter(isInputIndicator)
      .map((ind) => nameForKey(ind.key))
      .filter((n) => !!snapshot.names[n]),
  );
  if (!names.size) return null;
  // The CLI's template reader over the snapshot: the same level and period as `cchc consolidate --into`.
  const { readTemplateSource } = await import(/* webpackChunkName: "import-readers" */ '../io/templateReader');
  const read = readTemplateSource(snapshotSource(snapshot), catalog, 'Sổ tính đang mở');
  return {
    unit: read.unit ?? '',
    level: read.details.level ?? undefined,
    period: read.period ?? undefined,
    names,
  };
}

/** What the preview says before the commit: whose forms the totals go into. */
export function ownFormsNote(own: Pick<OwnForms, 'unit' | 'level' | 'period'>): string {
  const what = [own.level ? LEVEL_LABELS[own.level].toLowerCase() : '', own.period ? periodPhrase(own.period) : '']
    .filter(Boolean)
    .join(', ');
  return `Số tổng hợp sẽ được ghi vào các biểu của ${own.unit.trim() || 'đơn vị'}${what ? ` (${what})` : ''}; số liệu đơn vị tự theo dõi và câu trả lời mã hóa của đơn vị giữ nguyên.`;
}

/**
 * The totals as they go into the office's own forms, by defined name: the CLI's
 * totalsForOwnForms (figures no unit gave and coded answers stay as the office typed them).
 */
export function ownFormValues(
  catalog: Catalog,
  result: ConsolidationResult,
  own: Pick<OwnForms, 'level' | 'period' | 'names'>,
): NamedValue[] {
  return Object.entries(totalsForOwnForms(catalog, result, { level: own.level, period: own.period }))
    .map(([key, value]) => ({ name: nameForKey(key), value }))
    .filter((v) => own.names.has(v.name));
}

// ---------------------------------------------------------------- an earlier consolidation

/** What a new import merges into: the units consolidated before, the files refused, the units still missing. */
export type EarlierImport = Pick<ConsolidationResult, 'units' | 'refused'> & { missingUnits?: string[] };

/**
 * The workbook's earlier consolidation: this pane session's, else the one its hidden data sheet
 * keeps (the workbook saved and opened again), so a second import replaces only the units sent again.
 */
export async function earlierConsolidation(port: WorkbookPort, catalog: Catalog): Promise<EarlierImport | null> {
  const session = lastConsolidation(port);
  if (session) return session;
  const { CONSOLIDATION_DATA_SHEET, readConsolidationData } = await import(
    /* webpackChunkName: "import-readers" */ '../io/consolidationData'
  );
  if (!(await port.sheetNames()).includes(CONSOLIDATION_DATA_SHEET)) return null;
  const data = readConsolidationData(snapshotSource(await port.readFormValues([CONSOLIDATION_DATA_SHEET])), catalog);
  return data && { units: data.units, refused: data.refused, missingUnits: data.summary.missingUnits };
}

// ---------------------------------------------------------------- commit

/** Files left out of this import, for the "Đơn vị" and "Kiểm tra" sheets. */
function refusedOf(entries: ImportEntry[]): RefusedFile[] {
  const out: RefusedFile[] = [];
  for (const e of entries) {
    if (e.status === 'refused') out.push({ file: e.file, reason: e.reason ?? 'bị từ chối' });
    else if (e.status === 'read' && !e.keep) {
      const kept = entries.find(
        (k) => k !== e && k.status === 'read' && k.keep && unitNameKey(k.unit) === unitNameKey(e.unit),
      );
      out.push({
        file: e.file,
        unit: e.unit.trim() || undefined,
        reason: kept ? `trùng đơn vị, đã chọn giữ tệp "${kept.file}"` : 'không được chọn',
      });
    }
  }
  return out;
}

/** A consolidation written into the open workbook; `ownForms` when the totals went into its own forms. */
export type CommitResult = ConsolidationResult & { ownForms?: { unit: string; cells: number } };

/**
 * Consolidates the kept files (merged, for a re-import, with the units of `previous`: a unit
 * sent again replaces its earlier figures) and writes the sheets "Tổng hợp", "Nguồn số liệu",
 * "Kiểm tra" and "Đơn vị" into the open workbook. When the workbook holds the office's own
 * forms, the totals also go into them at its level and period (as `cchc consolidate --into`),
 * with the summary its report needs in a hidden sheet. Everything is computed before the first
 * write; the figures go first and are put back if the sheets then fail: all or nothing.
 */
export async function commitImport(
  port: WorkbookPort,
  catalog: Catalog,
  entries: ImportEntry[],
  expectedUnits: string[],
  previous?: EarlierImport | null,
): Promise<CommitResult> {
  const blocked = commitBlocker(entries, !!previous?.units.length);
  if (blocked) throw new Error(blocked);
  const fresh = acceptedSubmissions(entries);
  const units: UnitSubmission[] = mergeUnits(previous?.units ?? [], fresh);
  if (!units.length) throw new Error('Chưa có tệp nào đọc được để tổng hợp.');

  const present = new Set(units.map((u) => unitNameKey(u.unit)));
  const files = new Set(entries.map((e) => e.file.toLowerCase()));
  const earlier = (previous?.refused ?? []).filter(
    (r) => !files.has(r.file.toLowerCase()) && !(r.unit && present.has(unitNameKey(r.unit))),
  );
  const refused = [...earlier, ...refusedOf(entries)];
  const own = await ownFormsOf(port, catalog);
  const level = own?.level;
  const period = own?.period ?? fresh.find((s) => s.period)?.period ?? units.find((u) => u.period)?.period ?? undefined;
  // Without a list of units, those expected are the earlier consolidation's (as `cchc consolidate --into`).
  const listed = expectedUnits.filter((n) => n.trim());
  const expected = listed.length
    ? listed
    : previous?.missingUnits?.length
      ? [...previous.units.map((u) => u.unit), ...previous.missingUnits]
      : [];
  const options = { expectedUnits: expected.length ? expected : undefined, level, period, refused };
  const result = consolidate(catalog, units, options);
  const values = own ? ownFormValues(catalog, result, own) : [];

  const [{ CONSOLIDATED_SHEETS }, { CONSOLIDATION_DATA_SHEET }, { consolidationWorkbookBytes }] = await Promise.all([
    import(/* webpackChunkName: "import-writer" */ '../io/consolidatedWorkbook'),
    import(/* webpackChunkName: "import-writer" */ '../io/consolidationData'),
    import(/* webpackChunkName: "import-writer" */ './consolidationWorkbook'),
  ]);
  const xlsx = await consolidationWorkbookBytes({
    catalog,
    units,
    options,
    scope: consolidationScope(level),
    withData: !!own,
    result,
  });
  const sheets = [...Object.values(CONSOLIDATED_SHEETS), ...(own ? [CONSOLIDATION_DATA_SHEET] : [])];
  // The figures first: checked before anything is written, and put back if the sheets fail.
  const written: FiguresWritten | null = values.length ? await port.writeFigures(values) : null;
  try {
    await port.replaceSheetsFromXlsx(new Uint8Array(xlsx.buffer, xlsx.byteOffset, xlsx.byteLength), sheets);
  } catch (err) {
    if (written?.before.length) await port.writeFigures(written.before).catch(() => undefined);
    throw err;
  }
  return own ? { ...result, ownForms: { unit: own.unit, cells: written?.cells ?? 0 } } : result;
}

/** What the pane says once the sheets are written. */
export function commitSummary(result: CommitResult): string {
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.length - errors + result.warnings.length;
  const missing = result.missingUnits.length;
  const missingText = missing ? `${missing} đơn vị chưa nộp (${result.missingUnits.join(', ')})` : '0 đơn vị chưa nộp';
  const refused = result.refused.length ? `; ${result.refused.length} tệp không tổng hợp` : '';
  const into = result.ownForms
    ? ` và các biểu của ${result.ownForms.unit.trim() || 'đơn vị'} (${result.ownForms.cells} số liệu; số liệu đơn vị tự theo dõi giữ nguyên)`
    : '';
  return `Đã tổng hợp ${result.units.length} đơn vị vào sổ làm việc${into}: ${errors} lỗi, ${warnings} cảnh báo, ${missingText}${refused}. Xem trang "Tổng hợp", chi tiết ở trang "Kiểm tra" và "Đơn vị".`;
}

// ---------------------------------------------------------------- session

const sessions = new WeakMap<WorkbookPort, ConsolidationResult>();

/** The last consolidation written through this port in this pane session, for a re-import. */
export function lastConsolidation(port: WorkbookPort): ConsolidationResult | null {
  return sessions.get(port) ?? null;
}

export function rememberConsolidation(port: WorkbookPort, result: ConsolidationResult): void {
  sessions.set(port, result);
}
