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

/**
 * Writes new figure texts into the report's content controls (tag "cchc:<key>"): one sync
 * to read every control's tag and text, one to write the changed ones, however many there are.
 * A section whose generated paragraphs now state a figure the document has nowhere (newly filled)
 * gets those paragraphs written anew in its block control ("cchc-muc:<section>"), in the same sync.
 * Other controls, and the text around controls (the unit's own words), are never touched.
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
  } = {},
): Promise<{ changed: FigureChange[]; syncs: number }> {
  return hostWord(host).run(async (context) => {
    const controls = context.document.body.contentControls;
    controls.load('tag,text');
    await context.sync();
    let syncs = 1;
    const changed: FigureChange[] = [];
    const present = new Set(controls.items.map((c) => c.tag));
    for (const control of controls.items) {
      if (!control.tag || !control.tag.startsWith(TAG_PREFIX)) continue;
      const key = control.tag.slice(TAG_PREFIX.length);
      if (!Object.prototype.hasOwnProperty.call(values, key)) continue;
      const to = values[key];
      if (control.text === to) continue;
      changed.push({ key, from: control.text, to });
      if (options.preview) continue;
      control.insertText(to, 'Replace');
      // A figure fixed loses its yellow; one now held gets it.
      if (options.held && control.font) control.font.highlightColor = options.held(to) ? 'Yellow' : null;
    }
    // After the figures: a block written anew replaces the controls just updated inside it.
    for (const control of controls.items) {
      const block = control.tag?.startsWith(BLOCK_PREFIX)
        ? options.blocks?.[control.tag.slice(BLOCK_PREFIX.length)]
        : undefined;
      if (!block || !control.insertOoxml) continue;
      const gained = block.keys.filter((k) => !present.has(TAG_PREFIX + k));
      if (gained.length === 0) continue;
      for (const key of gained) changed.push({ key, from: NEW_FIGURE, to: values[key] ?? '' });
      if (!options.preview) control.insertOoxml(block.ooxml, 'Replace');
    }
    if (changed.length > 0) {
      await context.sync();
      syncs++;
    }
    return { changed, syncs };
  });
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
