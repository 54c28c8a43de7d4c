import { existsSync, readFileSync } from 'fs';
import { availableParallelism } from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Catalog } from '../domain/catalog/types';
import { unitFindings, type UnitSubmission } from '../domain/consolidate';
import { entryFromRead, refusedEntry, submissionOf, type ImportEntry, type ReadUnit } from '../domain/importSession';
import type { CellRef } from '../domain/figures';
import { templateCellsOf } from '../io/consolidationData';
import { readUnitSubmission, withSharedCells } from '../io/leanReader';
import { readWorkbookBytes } from '../io/readWorkbook';
import { WorkbookRejected } from '../io/safeOpen';
import type { CatalogOptions } from './commands';
import { fileErrorReason } from './output';

/**
 * One file read: its line of the review, and the unit it gives when kept. The reader's whole result is
 * not kept: thousands of files are read, and only their submissions go on to the consolidation.
 */
export interface ReadFile {
  entry: ImportEntry;
  submission?: UnitSubmission;
}

/**
 * The reading a submission gives its line of the review. What was typed stays in the submission's
 * provenance: the line does not keep its reading, and a record of every figure made for it cost 0.1 ms
 * a unit.
 */
function reviewedRead(sub: UnitSubmission): ReadUnit {
  return {
    file: sub.file,
    layout: 'template',
    unit: sub.unit,
    period: sub.period ?? null,
    figures: sub.figures,
    typed: {},
    notes: [...(sub.notes ?? [])],
    details: { level: sub.level ?? null },
  };
}

/** Whether a record has a key, without listing its keys. */
function hasAny(record: object | undefined): boolean {
  for (const _ in record) return true;
  return false;
}

async function readEntry(file: string, catalog: Catalog): Promise<ReadFile> {
  const name = path.basename(file);
  let data: Buffer;
  try {
    // Read at once: the reading after it is synchronous work, and a file read through the thread pool
    // costs more in hand-overs than the disk does.
    data = readFileSync(file);
  } catch (e) {
    return {
      entry: refusedEntry(
        name,
        (e as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'không tìm thấy tệp'
          : `không mở được tệp: ${fileErrorReason(e, 'đọc')}`,
      ),
    };
  }
  try {
    // The add-in's own layout reads fast through the lean reader; anything else (or any doubt) goes
    // through the full reader, which also gives the precise reason for a refusal.
    const lean = await readUnitSubmission(catalog, data, name).catch((e) => {
      if (e instanceof WorkbookRejected) throw e;
      return null;
    });
    if (lean && hasAny(lean.figures.cells)) {
      const entry = entryFromRead(reviewedRead(lean), catalog);
      return { entry: { ...entry, read: undefined }, submission: lean };
    }
    const entry = entryFromRead(await readWorkbookBytes(new Uint8Array(data), name, catalog), catalog);
    return { entry: { ...entry, read: undefined }, submission: submissionOf(entry) };
  } catch (e) {
    return {
      entry: refusedEntry(name, e instanceof WorkbookRejected ? e.reason : `không đọc được: ${(e as Error).message}`),
    };
  }
}

/**
 * A unit's provenance without the entries its figure cells already say: a figure at its cell, typed as
 * read, is traced the same without one (consolidate and the hidden data sheet fall back to the cell and
 * the value). Thousands of units are held at once; most of their figures are typed as read.
 */
function compactProvenance(sub: UnitSubmission): UnitSubmission['provenance'] {
  const out: UnitSubmission['provenance'] = {};
  for (const [key, p] of Object.entries(sub.provenance)) {
    const at = sub.figures.cells?.[key];
    const same = at && at.sheet === p.sheet && at.address === p.cell && p.typed === sub.figures.values[key];
    if (!same) out[key] = p;
  }
  return out;
}

/** One file of the list read as consolidation keeps it, named by the path as given. */
export async function readUnitFile(file: string, catalog: Catalog): Promise<ReadFile> {
  const read = await readEntry(file, catalog);
  // The path as given names the file when two files of one unit share a base name.
  // Its own checks are made here too: with reading threads, they are made on several cores.
  const submission = read.submission && {
    ...read.submission,
    provenance: compactProvenance(read.submission),
    findings: unitFindings(catalog, read.submission),
  };
  return { submission, entry: { ...read.entry, path: file } };
}

/** The script a reading thread runs, beside this one once built; absent when run from the sources. */
const WORKER_SCRIPT = path.join(__dirname, 'readWorker.js');
/**
 * Files per reading thread: a thread's start-up (its code, the catalog, its compiler warming up) costs
 * about what reading a hundred and fifty files does, and this thread reads on meanwhile.
 */
const FILES_PER_EXTRA_THREAD = 250;
/** Files handed to a thread ahead of its answers, so it never waits for this thread to answer. */
const AHEAD = 2;

export interface ReadWorkerRequest {
  id: number;
  file: string;
}
export interface ReadWorkerAnswer {
  id: number;
  read: ReadFile;
  /** The unit's figures sit at the template's own cells, in its order: their places are left out. */
  templateCells?: true;
}

/**
 * Frozen records of places already compared with the template's: the units read one after another share
 * one (see withSharedCells), compared once.
 */
const comparedPlaces = new WeakMap<object, { catalog: Catalog; same: boolean }>();

/** Whether figure places are the template's own, in its order (most units). */
function atTemplateCells(cells: Readonly<Record<string, CellRef>> | undefined, catalog: Catalog): boolean {
  if (!cells) return false;
  const known = comparedPlaces.get(cells);
  if (known?.catalog === catalog) return known.same;
  const same = samePlaces(cells, catalog);
  if (Object.isFrozen(cells)) comparedPlaces.set(cells, { catalog, same });
  return same;
}

function samePlaces(cells: Readonly<Record<string, CellRef>>, catalog: Catalog): boolean {
  const template = templateCellsOf(catalog);
  const keys = Object.keys(cells);
  if (keys.length !== template.size) return false;
  let i = 0;
  for (const [key, at] of template) {
    const c = cells[keys[i]];
    if (keys[i++] !== key || c.sheet !== at.sheet || c.address !== at.address) return false;
  }
  return true;
}

/** A reading thread's answer: what crosses is copied, and the places of most units' figures need not. */
export function answerOf(id: number, read: ReadFile, catalog: Catalog): ReadWorkerAnswer {
  const sub = read.submission;
  if (!sub || !atTemplateCells(sub.figures.cells, catalog)) return { id, read };
  return {
    id,
    read: { ...read, submission: { ...sub, figures: { ...sub.figures, cells: undefined } } },
    templateCells: true,
  };
}

const templateRecords = new WeakMap<Catalog, Readonly<Record<string, CellRef>>>();
/** The template's places of figures as one record, shared by every unit whose figures sit there. */
function templateRecord(catalog: Catalog): Readonly<Record<string, CellRef>> {
  let record = templateRecords.get(catalog);
  if (!record) templateRecords.set(catalog, (record = Object.freeze(Object.fromEntries(templateCellsOf(catalog)))));
  return record;
}

function readOfAnswer(m: ReadWorkerAnswer, catalog: Catalog): ReadFile {
  const sub = m.read.submission;
  if (!sub) return m.read;
  if (m.templateCells)
    return { ...m.read, submission: { ...sub, figures: { ...sub.figures, cells: templateRecord(catalog) } } };
  return { ...m.read, submission: withSharedCells(sub) };
}

function extraThreads(files: number): number {
  if (!existsSync(WORKER_SCRIPT)) return 0;
  return Math.max(0, Math.min(availableParallelism() - 1, Math.floor(files / FILES_PER_EXTRA_THREAD), 3));
}

/**
 * Reads the files, in the list's order: this thread reads one at a time, and on a machine of several
 * cores reading threads take files from the same list (each through the same safe opening). Results
 * are kept, the bytes are not: a thread is given at most `AHEAD` files at a time. A thread that fails
 * leaves its files to this one.
 */
export async function readUnitFiles(
  files: string[],
  catalog: Catalog,
  catalogOptions: CatalogOptions,
): Promise<ReadFile[]> {
  const out: ReadFile[] = new Array(files.length);
  let next = 0;
  const left: number[] = [];
  const take = (): number | undefined => (left.length ? left.pop() : next < files.length ? next++ : undefined);

  const workers: Worker[] = [];
  const threads = Array.from({ length: extraThreads(files.length) }, () => {
    const pending = new Set<number>();
    const worker = new Worker(WORKER_SCRIPT, {
      workerData: { catalog: catalogOptions.catalog, catalogDir: catalogOptions.catalogDir },
    });
    workers.push(worker);
    const feed = () => {
      while (pending.size < AHEAD) {
        const i = take();
        if (i === undefined) break;
        pending.add(i);
        worker.postMessage({ id: i, file: files[i] } satisfies ReadWorkerRequest);
      }
      if (pending.size === 0) void worker.terminate();
    };
    const done = new Promise<void>((resolve) => {
      worker.on('message', (m: ReadWorkerAnswer) => {
        pending.delete(m.id);
        out[m.id] = readOfAnswer(m, catalog);
        feed();
      });
      // Its files go back to the list; this thread reads them.
      worker.on('error', () => {
        left.push(...pending);
        pending.clear();
      });
      worker.on('exit', () => {
        left.push(...pending);
        pending.clear();
        resolve();
      });
    });
    feed();
    return done;
  });

  try {
    for (let i = take(); i !== undefined; i = take()) {
      out[i] = await readUnitFile(files[i], catalog);
      // The threads' answers are taken between two files.
      if (threads.length) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } catch (e) {
    // A failure here stops the threads too: they would keep the command from ending.
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  }
  await Promise.all(threads);
  // A thread that stopped after this one finished the list left files behind.
  for (let i = take(); i !== undefined; i = take()) out[i] = await readUnitFile(files[i], catalog);
  return out;
}
