/**
 * Thin adapter over the Office.js Word API: insert the generated report and refresh its
 * figures in place. Written against small structural interfaces so tests can pass a
 * recording fake; the defaults are the host's global `Word` and `Office`.
 *
 * Requirement sets: WordApi 1.1 (insertFileFromBase64 on the body, content controls) is
 * enough; custom XML parts (1.4) and Document.insertFileFromBase64 (1.5, which also brings
 * headers, page numbers and section layout; 1.6 custom XML) are used only when detected.
 */
import {
  embeddedDataXml,
  parseEmbeddedDataXml,
  REPORT_DATA_NAMESPACE,
  type EmbeddedReportData,
} from '../domain/report/model';
// The plan's shape only (erased when built): the adapter writes rows as the report writer plans them.
import type { AnnexPlan, AnnexRowPlan } from '../io/docx/report';

export type { AnnexPlan, AnnexRowPlan };

export const TAG_PREFIX = 'cchc:';
/** Tag of the block control around a section's generated paragraphs (src/io/docx/report.ts writes it). */
export const BLOCK_PREFIX = 'cchc-muc:';

/** A section's generated paragraphs as they are now: Flat OPC to write, and the figures they state. */
export interface SectionBlock {
  ooxml: string;
  keys: string[];
}

export type InsertLocation = 'Replace' | 'End';

export interface WordContentControlLike {
  tag: string;
  text: string;
  insertText(text: string, location: 'Replace'): unknown;
  /** [Api set: WordApi 1.1]: `highlightColor` null removes the highlight. */
  font?: { highlightColor: string | null };
  /** [Api set: WordApi 1.1] */
  insertOoxml?(ooxml: string, location: 'Replace'): unknown;
  /** [Api set: WordApi 1.1] */
  getOoxml?(): { value: string };
}

/** Text just written: [Api set: WordApi 1.1] its font, and a content control around it. */
export interface WordRangeLike {
  font: { name: string; size: number; bold: boolean; color: string; highlightColor: string | null };
  insertContentControl(): { tag: string; title: string };
}

/** A table cell: [Api set: WordApi 1.3] `body`, `parentRow`; the body's `insertText` and `clear` are 1.1. */
export interface WordTableCellLike {
  body: { insertText(text: string, location: 'Start'): WordRangeLike; clear(): void };
  parentRow: { insertRows(location: 'Before' | 'After', rowCount: number): unknown };
}

/** [Api set: WordApi 1.3]: `values`, `getCell`, `deleteRows`. */
export interface WordTableLike {
  values: string[][];
  load(properties: string): unknown;
  getCell(rowIndex: number, cellIndex: number): WordTableCellLike;
  deleteRows(rowIndex: number, rowCount?: number): void;
}

export interface WordCollectionLike<T> {
  items: T[];
  load(properties: string): unknown;
}

export interface WordCustomXmlPartLike {
  delete(): void;
  getXml(): { value: string };
}

export interface WordCustomXmlPartsLike {
  getByNamespace(namespaceUri: string): WordCollectionLike<WordCustomXmlPartLike>;
  add(xml: string): unknown;
}

export interface WordBodyLike {
  insertFileFromBase64(base64File: string, location: InsertLocation): unknown;
  contentControls: WordCollectionLike<WordContentControlLike>;
  /** [Api set: WordApi 1.3] */
  tables?: WordCollectionLike<WordTableLike>;
  /** [Api set: WordApi 1.1] */
  text?: string;
  load?(props: string): void;
}

export interface WordDocumentLike {
  body: WordBodyLike;
  /** WordApi 1.4. */
  customXmlParts?: WordCustomXmlPartsLike;
  /** WordApi 1.5; options from 1.6. */
  insertFileFromBase64?(
    base64File: string,
    location: InsertLocation,
    options?: { importCustomXmlParts?: boolean },
  ): unknown;
}

export interface WordContextLike {
  document: WordDocumentLike;
  sync(): Promise<unknown>;
}

export interface WordLike {
  run<T>(batch: (context: WordContextLike) => Promise<T>): Promise<T>;
}

export interface OfficeLike {
  context: { requirements: { isSetSupported(name: string, minVersion?: string): boolean } };
}

export interface WordHost {
  word?: WordLike;
  office?: OfficeLike | null;
}

function hostWord(host?: WordHost): WordLike {
  const word = host?.word ?? (globalThis as { Word?: unknown }).Word;
  if (!word) throw new Error('Không tìm thấy Word (Office.js): hãy mở phần bổ trợ trong Microsoft Word.');
  return word as WordLike;
}

/** Whether the host reports a Word requirement set; no Office at all counts as no. */
export function apiSupported(host: WordHost | undefined, version: string): boolean {
  const office =
    host && 'office' in host ? host.office : ((globalThis as { Office?: unknown }).Office as OfficeLike | undefined);
  try {
    return !!office?.context?.requirements?.isSetSupported('WordApi', version);
  } catch {
    return false;
  }
}

export interface InsertOptions extends WordHost {
  /** 'Replace' (default) replaces the document body; 'End' appends. */
  location?: InsertLocation;
  /** The report data XML (`embeddedDataXml(model.data)`), stored as a custom XML part when the host can. */
  dataXml?: string;
}

/**
 * Inserts the whole report in one Word.run: one sync, two when the report data is
 * stored as a custom XML part (old parts of ours are removed first).
 */
export async function insertReport(base64Docx: string, options: InsertOptions = {}): Promise<{ syncs: number }> {
  const location = options.location ?? 'Replace';
  const withDocumentInsert = apiSupported(options, '1.5');
  const importsXml = withDocumentInsert && apiSupported(options, '1.6');
  const withXml = (!!options.dataXml || importsXml) && apiSupported(options, '1.4');
  return hostWord(options).run(async (context) => {
    let syncs = 0;
    const doc = context.document;
    // Loaded before the insertion, so the collection holds only the parts already there.
    const old = withXml && doc.customXmlParts ? doc.customXmlParts.getByNamespace(REPORT_DATA_NAMESPACE) : null;
    old?.load('id');
    if (withDocumentInsert && doc.insertFileFromBase64) {
      doc.insertFileFromBase64(base64Docx, location, importsXml ? { importCustomXmlParts: true } : undefined);
    } else {
      doc.body.insertFileFromBase64(base64Docx, location);
    }
    await context.sync();
    syncs++;
    if (old && doc.customXmlParts) {
      for (const part of old.items) part.delete();
      // With WordApi 1.6 the inserted file brought its own part along.
      if (!importsXml && options.dataXml) doc.customXmlParts.add(options.dataXml);
      await context.sync();
      syncs++;
    }
    return { syncs };
  });
}

/** Whether the open document already has text (inserting with "Replace" would remove it). One sync. */
export async function documentHasContent(host?: WordHost): Promise<boolean> {
  return hostWord(host).run(async (context) => {
    const body = context.document.body;
    if (!body.load) return false;
    body.load('text');
    await context.sync();
    return (body.text ?? '').trim() !== '';
  });
}

/**
 * Below WordApi 1.5 only `Body.insertFileFromBase64` exists, and it brings the text alone: the
 * report's headers (page numbers), margins and landscape annex sections are lost.
 */
export const keepsPageSetup = (host?: WordHost) => apiSupported(host, '1.5');

export interface FigureChange {
  key: string;
  from: string;
  to: string;
}

/** Shown for a figure that had no place in the document before the refresh. */
export const NEW_FIGURE = 'chưa có';

/** Key of the change that says an annex form now has figures but is not in the document. */
export const ANNEX_CHANGE_PREFIX = 'annex:';
export const ANNEX_NOT_ATTACHED = 'chưa kèm theo báo cáo';
export const ANNEX_REINSERT =
  'nay có số liệu; "Cập nhật số liệu" không thêm được cả biểu (trang riêng, khổ giấy riêng): hãy chèn lại báo cáo để kèm theo';

const rowId = (code: string, name: string) => `${code.trim()}\u0000${name.trim().replace(/\s+/g, ' ')}`;

/** What a refresh writes into one annex table of the document. */
type AnnexStep =
  /** A row already there whose figure cell is empty (Phụ lục I keeps its empty rows). */
  | { kind: 'fill'; row: number; plan: AnnexRowPlan }
  /** Rows missing, written after the table's row `after` (0: the header row, so before the first). */
  | { kind: 'insert'; after: number; rows: AnnexRowPlan[] };

interface AnnexWork {
  table: WordTableLike;
  values: string[][];
  plan: AnnexPlan;
  steps: AnnexStep[];
}

/** Of rows missing in a run, those to add: the figures, and the headings above a figure added. */
function rowsToAdd(missing: AnnexRowPlan[]): AnnexRowPlan[] {
  return missing.filter((r, i) => {
    if (r.figure) return true;
    if (!r.group) return false;
    for (let j = i + 1; j < missing.length && missing[j].depth > r.depth; j++) if (missing[j].figure) return true;
    return false;
  });
}

/** The steps that bring a document table to the plan's rows, in the table's order. */
function annexSteps(plan: AnnexPlan, values: string[][]): AnnexStep[] {
  const at = new Map<string, number[]>();
  values.forEach((row, i) => {
    if (i === 0) return;
    const id = rowId(row[0] ?? '', row[1] ?? '');
    at.set(id, [...(at.get(id) ?? []), i]);
  });
  const steps: AnnexStep[] = [];
  let anchor = 0;
  let missing: AnnexRowPlan[] = [];
  const flush = () => {
    const rows = rowsToAdd(missing);
    if (rows.length > 0) steps.push({ kind: 'insert', after: anchor, rows });
    missing = [];
  };
  for (const r of plan.rows) {
    const places = at.get(rowId(r.code, r.name));
    if (!places) {
      missing.push(r);
      continue;
    }
    flush();
    // A row found out of order is left where the user put it; the next rows follow the last in order.
    const found = places.find((i) => i > anchor) ?? places[0];
    if (r.figure && (values[found][plan.figureColumn] ?? '').trim() === '')
      steps.push({ kind: 'fill', row: found, plan: r });
    anchor = Math.max(anchor, found);
  }
  flush();
  return steps;
}

/** The document's annex tables (known by their header row and most of their rows), with what each lacks. */
function annexWork(plans: AnnexPlan[], tables: WordTableLike[]): { work: AnnexWork[]; absent: AnnexPlan[] } {
  const ids = plans.map((p) => new Set(p.rows.map((r) => rowId(r.code, r.name))));
  const matched = new Set<AnnexPlan>();
  const work: AnnexWork[] = [];
  for (const table of tables) {
    const values = table.values;
    let best = -1;
    let score = 0;
    plans.forEach((plan, i) => {
      if (values[0]?.map((t) => t.trim()).join('\u0000') !== plan.header.join('\u0000')) return;
      const hits = values.slice(1).filter((row) => ids[i].has(rowId(row[0] ?? '', row[1] ?? ''))).length;
      if (hits > score) [best, score] = [i, hits];
    });
    // Half its rows at least: a table of the user's with the same header is not an annex of ours.
    if (best < 0 || score * 2 < values.length - 1) continue;
    matched.add(plans[best]);
    const steps = annexSteps(plans[best], values);
    if (steps.length > 0) work.push({ table, values, plan: plans[best], steps });
  }
  return { work, absent: plans.filter((p) => !matched.has(p) && p.rows.some((r) => r.figure)) };
}

/**
 * A cell's text written into its (empty) paragraph, in the report's type; the figure in its
 * control, tagged as the report tags it. The paragraph (alignment, spacing) is the template row's.
 */
function writeCell(w: AnnexWork, row: number, column: number, r: AnnexRowPlan): void {
  const cell = r.cells[column];
  if (!cell?.text) return;
  const range = w.table.getCell(row, column).body.insertText(cell.text, 'Start');
  range.font.name = w.plan.font.name;
  range.font.size = w.plan.font.size;
  range.font.color = w.plan.font.color;
  range.font.bold = cell.bold;
  if (column !== w.plan.figureColumn || !r.figure) return;
  if (r.figure.held) range.font.highlightColor = 'Yellow';
  const control = range.insertContentControl();
  control.tag = TAG_PREFIX + r.figure.key;
  control.title = `Số liệu ${r.figure.key}`;
}

/** Queues the steps of one table, top to bottom, each row index as the table is when it runs. */
function writeAnnex(w: AnnexWork): void {
  let added = 0;
  for (const step of w.steps) {
    if (step.kind === 'fill') {
      writeCell(w, step.row + added, w.plan.figureColumn, step.plan);
      continue;
    }
    // The new rows take a data row as their template, never the header row (it repeats on every page).
    const first = step.after + added + 1;
    if (step.after === 0) w.table.getCell(1, 0).parentRow.insertRows('Before', step.rows.length);
    else w.table.getCell(step.after + added, 0).parentRow.insertRows('After', step.rows.length);
    step.rows.forEach((r, i) => r.cells.forEach((_, c) => writeCell(w, first + i, c, r)));
    added += step.rows.length;
  }
}

/** The paragraphs inside a block control's OOXML (`getOoxml` gives the control itself around them). */
export function blockContentOoxml(ooxml: string, tag: string): string {
  const open = ooxml.indexOf(`<w:tag w:val="${tag}"/>`);
  const start = open < 0 ? -1 : ooxml.indexOf('<w:sdtContent>', open);
  if (start < 0) return ooxml;
  // The block's own content ends at the matching close: inline controls inside it nest.
  let depth = 0;
  const re = /<w:sdtContent>|<\/w:sdtContent>/g;
  re.lastIndex = start;
  for (let m = re.exec(ooxml); m; m = re.exec(ooxml)) {
    depth += m[0] === '<w:sdtContent>' ? 1 : -1;
    if (depth === 0) {
      const inner = ooxml.slice(start + '<w:sdtContent>'.length, m.index);
      return ooxml.replace(/<w:body>[\s\S]*<\/w:body>/, `<w:body>${inner}</w:body>`);
    }
  }
  return ooxml;
}

/**
 * Writes new figure texts into the report's content controls (tag "cchc:<key>"): one sync
 * to read every control's tag and text (and the annex tables' texts), one to write the changed
 * ones, however many there are; one more, before the write, to keep the old paragraphs of any
 * block written anew.
 * A section whose generated paragraphs now state a figure the document has nowhere (newly filled)
 * gets those paragraphs written anew in its block control ("cchc-muc:<section>"), in the same sync.
 * An annex table gets the rows of figures filled since (in catalog order, written as the report
 * writes them) and Phụ lục I's empty figure cells their figure; an annex form the document lacks
 * altogether is listed, not added. Other controls, and the text around controls (the unit's own
 * words), are never touched. All or nothing: when the write fails, what it did is undone.
 */
export async function refreshFigures(
  values: Record<string, string>,
  host?: WordHost,
  options: {
    /** Only list the changes (the pane shows them before anything is written). */
    preview?: boolean;
    /** Texts that stand for a figure not asserted ("[cần xem lại: …]"): highlighted; any other clears it. */
    held?: (text: string) => boolean;
    /** Each section's generated paragraphs as they are now, by section id. */
    blocks?: Record<string, SectionBlock>;
    /** The annex tables a fresh report would attach. */
    annexes?: AnnexPlan[];
  } = {},
): Promise<{ changed: FigureChange[]; syncs: number }> {
  return hostWord(host).run(async (context) => {
    const body = context.document.body;
    const controls = body.contentControls;
    controls.load('tag,text');
    const tables = options.annexes?.length && body.tables ? body.tables : null;
    tables?.load('values');
    await context.sync();
    let syncs = 1;
    const changed: FigureChange[] = [];
    const written: { control: WordContentControlLike; key: string; from: string; to: string }[] = [];
    const present = new Set(controls.items.map((c) => c.tag));
    for (const control of controls.items) {
      if (!control.tag || !control.tag.startsWith(TAG_PREFIX)) continue;
      const key = control.tag.slice(TAG_PREFIX.length);
      if (!Object.prototype.hasOwnProperty.call(values, key)) continue;
      const to = values[key];
      if (control.text === to) continue;
      changed.push({ key, from: control.text, to });
      written.push({ control, key, from: control.text, to });
    }
    const rewritten: { control: WordContentControlLike; tag: string; ooxml: string }[] = [];
    for (const control of controls.items) {
      const block = control.tag?.startsWith(BLOCK_PREFIX)
        ? options.blocks?.[control.tag.slice(BLOCK_PREFIX.length)]
        : undefined;
      if (!block || !control.insertOoxml) continue;
      const gained = block.keys.filter((k) => !present.has(TAG_PREFIX + k));
      if (gained.length === 0) continue;
      for (const key of gained) changed.push({ key, from: NEW_FIGURE, to: values[key] ?? '' });
      rewritten.push({ control, tag: control.tag, ooxml: block.ooxml });
    }
    const { work, absent } = tables ? annexWork(options.annexes!, tables.items) : { work: [], absent: [] };
    for (const w of work)
      for (const step of w.steps)
        for (const r of step.kind === 'fill' ? [step.plan] : step.rows)
          if (r.figure) changed.push({ key: r.figure.key, from: NEW_FIGURE, to: r.figure.text });
    for (const plan of absent)
      changed.push({ key: ANNEX_CHANGE_PREFIX + plan.form, from: ANNEX_NOT_ATTACHED, to: ANNEX_REINSERT });
    if (options.preview || (written.length === 0 && rewritten.length === 0 && work.length === 0))
      return { changed, syncs };

    // What a block held before, so a failed refresh can put it back.
    const before = rewritten.map((r) => r.control.getOoxml?.() ?? null);
    if (before.some((b) => b)) {
      await context.sync();
      syncs++;
    }
    const highlight = (control: WordContentControlLike, text: string) => {
      if (options.held && control.font) control.font.highlightColor = options.held(text) ? 'Yellow' : null;
    };
    for (const { control, to } of written) {
      control.insertText(to, 'Replace');
      // A figure fixed loses its yellow; one now held gets it.
      highlight(control, to);
    }
    // After the figures: a block written anew replaces the controls just updated inside it.
    for (const { control, ooxml } of rewritten) control.insertOoxml!(ooxml, 'Replace');
    for (const w of work) writeAnnex(w);
    try {
      await context.sync();
      syncs++;
    } catch (error) {
      // Word keeps what ran before the command that failed: undo it, so the document is as it was.
      try {
        syncs += await undoRefresh(context, { written, rewritten, before, work, highlight });
      } catch (undoError) {
        throw new Error(
          `Không cập nhật được số liệu (${(error as Error).message}), và không trả lại được tài liệu như cũ (${(undoError as Error).message}): hãy dùng Hoàn tác (Ctrl+Z) của Word rồi cập nhật lại.`,
          { cause: undoError },
        );
      }
      throw new Error(
        `Không cập nhật được số liệu: ${(error as Error).message}. Tài liệu đã được trả lại như trước khi cập nhật.`,
        { cause: error },
      );
    }
    return { changed, syncs };
  });
}

/**
 * Puts back a refresh that failed midway: the blocks' old paragraphs, the annex rows added removed
 * and the cells filled emptied (known by comparing each table with what it held), then every
 * figure control still showing its new text given its old one. Three syncs.
 */
async function undoRefresh(
  context: WordContextLike,
  done: {
    written: { key: string; from: string; to: string }[];
    rewritten: { control: WordContentControlLike; tag: string }[];
    before: ({ value: string } | null)[];
    work: AnnexWork[];
    highlight: (control: WordContentControlLike, text: string) => void;
  },
): Promise<number> {
  done.rewritten.forEach(({ control, tag }, i) => {
    const old = done.before[i]?.value;
    if (old) control.insertOoxml!(blockContentOoxml(old, tag), 'Replace');
  });
  for (const w of done.work) w.table.load('values');
  await context.sync();
  for (const w of done.work) {
    const now = w.table.values;
    const added: number[] = [];
    const filled: number[] = [];
    const fills = new Set(w.steps.flatMap((s) => (s.kind === 'fill' ? [s.row] : [])));
    // The rows the table had are still there in order; any other row is one the refresh added.
    for (let i = 0, j = 0; j < now.length; j++) {
      const was = w.values[i];
      if (was && rowId(was[0] ?? '', was[1] ?? '') === rowId(now[j][0] ?? '', now[j][1] ?? '')) {
        if (fills.has(i) && (now[j][w.plan.figureColumn] ?? '').trim() !== '') filled.push(j);
        i++;
      } else added.push(j);
    }
    for (const j of filled) w.table.getCell(j, w.plan.figureColumn).body.clear();
    for (const j of added.reverse()) w.table.deleteRows(j, 1);
  }
  const controls = context.document.body.contentControls;
  controls.load('tag,text');
  await context.sync();
  const old = new Map<string, { from: string; to: string }>();
  for (const c of done.written) if (!old.has(c.key)) old.set(c.key, c);
  for (const control of controls.items) {
    const change = control.tag?.startsWith(TAG_PREFIX) ? old.get(control.tag.slice(TAG_PREFIX.length)) : undefined;
    if (!change || control.text !== change.to) continue;
    control.insertText(change.from, 'Replace');
    done.highlight(control, change.from);
  }
  await context.sync();
  return 3;
}

/** The report data stored in the open document (WordApi 1.4), or null. */
export async function readReportData(host?: WordHost): Promise<EmbeddedReportData | null> {
  if (!apiSupported(host, '1.4')) return null;
  return hostWord(host).run(async (context) => {
    const parts = context.document.customXmlParts?.getByNamespace(REPORT_DATA_NAMESPACE);
    if (!parts) return null;
    parts.load('id');
    await context.sync();
    const last = parts.items[parts.items.length - 1];
    if (!last) return null;
    const xml = last.getXml();
    await context.sync();
    return parseEmbeddedDataXml(xml.value);
  });
}

/**
 * Rewrites the report data stored in the document (WordApi 1.4), e.g. after "Cập nhật số liệu", so
 * that "Chèn lại" brings back the new figures. False when the host cannot or the document has none.
 */
export async function updateReportData(
  update: (old: EmbeddedReportData) => EmbeddedReportData,
  host?: WordHost,
): Promise<boolean> {
  if (!apiSupported(host, '1.4')) return false;
  return hostWord(host).run(async (context) => {
    const store = context.document.customXmlParts;
    if (!store) return false;
    const parts = store.getByNamespace(REPORT_DATA_NAMESPACE);
    parts.load('id');
    await context.sync();
    const last = parts.items[parts.items.length - 1];
    if (!last) return false;
    const xml = last.getXml();
    await context.sync();
    const old = parseEmbeddedDataXml(xml.value);
    if (!old) return false;
    for (const p of parts.items) p.delete();
    store.add(embeddedDataXml(update(old)));
    await context.sync();
    return true;
  });
}
