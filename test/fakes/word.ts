import { readFileSync } from 'fs';
import JSZip from 'jszip';
import * as path from 'path';
import type { OfficeLike, WordContextLike, WordLike, WordRangeLike } from '../../src/office/word';

let officeJs: string | null = null;
const setCache = new Map<string, number>();

/**
 * The WordApi minor version a member needs, read from its `[Api set: WordApi 1.x]` doc comment in
 * @types/office-js (`Document.insertFileFromBase64` → 5, `InsertFileOptions.importCustomXmlParts` → 6).
 */
export function wordApiMinor(type: string, member: string): number {
  const id = `${type}.${member}`;
  const hit = setCache.get(id);
  if (hit !== undefined) return hit;
  officeJs ??= readFileSync(path.join(__dirname, '../../node_modules/@types/office-js/index.d.ts'), 'utf8');
  const ns = officeJs.indexOf('declare namespace Word {');
  const decl = new RegExp(`\\n\\s*(?:class|interface) ${type}\\b[^{]*\\{`, 'g');
  decl.lastIndex = ns;
  const cls = decl.exec(officeJs);
  if (!cls) throw new Error(`@types/office-js: no Word.${type}`);
  const mem = new RegExp(`\\n\\s*(?:readonly\\s+)?${member}\\??\\s*[(:]`, 'g');
  mem.lastIndex = cls.index;
  const at = mem.exec(officeJs);
  if (!at) throw new Error(`@types/office-js: no Word.${id}`);
  const comment = officeJs.lastIndexOf('[Api set: WordApi ', at.index);
  if (comment < cls.index) throw new Error(`@types/office-js: Word.${id} has no [Api set]`);
  const minor = Number(/^\[Api set: WordApi 1\.(\d+)/.exec(officeJs.slice(comment, comment + 30))![1]);
  setCache.set(id, minor);
  return minor;
}

/** Host profiles of the pane's tests: Word 2016/2019 retail (1.3), 1.5, current 365 / web. */
export const WORD_PROFILES = { 'Word 1.3': 3, 'Word 1.5': 5, 'Word mới nhất': 9 } as const;

export interface FakeControl {
  tag: string;
  text: string;
  /** Highlight colour of the control's text ("yellow" as written by the report), null for none. */
  highlight?: string | null;
}

/** Text an add-in wrote into the document, and the font it set on it. */
export interface FakeRun {
  /** Where: "table3.cell(31,3)". */
  cell: string;
  text: string;
  font: { name?: string; size?: number; bold?: boolean; color?: string; highlightColor?: string | null };
  /** The title of the content control put around it, if any. */
  title?: string;
}

const highlightOf = (color: string | null | undefined) => (color ? color.toLowerCase() : null);

/** A paragraph of the fake document: plain text, and content controls in between. */
export type FakeSegment = string | FakeControl;

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A paragraph of the fake written back as WordprocessingML (plain runs, inline controls with their highlight). */
function paragraphXml(segments: FakeSegment[]): string {
  const run = (text: string, highlight?: string | null) =>
    `<w:r>${highlight ? `<w:rPr><w:highlight w:val="${highlight}"/></w:rPr>` : ''}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
  return `<w:p>${segments
    .map((s) =>
      typeof s === 'string'
        ? run(s)
        : `<w:sdt><w:sdtPr><w:tag w:val="${escapeXml(s.tag)}"/></w:sdtPr><w:sdtContent>${run(s.text, s.highlight)}</w:sdtContent></w:sdt>`,
    )
    .join('')}</w:p>`;
}

function flatOpc(body: string): string {
  return (
    '<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">' +
    '<pkg:part pkg:name="/word/document.xml" pkg:contentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"><pkg:xmlData>' +
    `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>` +
    '</pkg:xmlData></pkg:part></pkg:package>'
  );
}

const runText = (xml: string) =>
  [...xml.matchAll(/<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>/g)].map((m) => unescapeXml(m[1])).join('');

/** A run of whole paragraphs of the document: where it starts and how many it holds. */
export interface FakeRange {
  start: number;
  count: number;
}

/** A block content control around whole paragraphs: its tag and the paragraphs it holds. */
export interface FakeBlock extends FakeRange {
  tag: string;
}

/** A table row: its cells' paragraphs, and whether it repeats as the header row on each page. */
export interface FakeRow {
  header: boolean;
  cells: FakeRange[];
}

export interface FakeTable {
  rows: FakeRow[];
}

/** Paragraphs of a document part as segments, the block controls around some of them, and its tables. */
export function bodyParagraphs(xml: string): { paragraphs: FakeSegment[][]; blocks: FakeBlock[]; tables: FakeTable[] } {
  const spans = [
    ...xml.matchAll(
      /<w:sdt><w:sdtPr>(?:(?!<\/w:sdtPr>)[\s\S])*?<w:tag w:val="([^"]*)"[\s\S]*?<\/w:sdtPr><w:sdtContent>(?=<w:p[\s>])[\s\S]*?<\/w:p><\/w:sdtContent><\/w:sdt>/g,
    ),
  ].map((m) => ({ tag: unescapeXml(m[1]), from: m.index, to: m.index + m[0].length }));
  const blocks: FakeBlock[] = spans.map((b) => ({ tag: b.tag, start: -1, count: 0 }));
  // Tables of the part (the report has none inside another), by where their cells are in the text.
  const cellSpans: { from: number; to: number; range: FakeRange }[] = [];
  const tables: FakeTable[] = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) => ({
    rows: [...t[0].matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((r) => ({
      header: /<w:tblHeader\/>/.test(/<w:trPr>[\s\S]*?<\/w:trPr>/.exec(r[0])?.[0] ?? ''),
      cells: [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => {
        const range = { start: -1, count: 0 };
        const from = t.index + r.index + c.index;
        cellSpans.push({ from, to: from + c[0].length, range });
        return range;
      }),
    })),
  }));
  const paragraphs: FakeSegment[][] = [];
  for (const p of xml.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p\s[^>]*>[\s\S]*?<\/w:p>/g)) {
    for (const owner of [
      ...spans.flatMap((b, i) => (p.index > b.from && p.index < b.to ? [blocks[i]] : [])),
      ...cellSpans.flatMap((c) => (p.index > c.from && p.index < c.to ? [c.range] : [])),
    ]) {
      if (owner.start < 0) owner.start = paragraphs.length;
      owner.count++;
    }
    paragraphs.push(segmentsOf(p[0]));
  }
  return { paragraphs, blocks: blocks.filter((b) => b.count > 0), tables };
}

/** A paragraph's text runs and inline content controls, in order. */
function segmentsOf(paragraph: string): FakeSegment[] {
  const segments: FakeSegment[] = [];
  for (const m of paragraph.matchAll(/<w:sdt>[\s\S]*?<\/w:sdt>|<w:r>[\s\S]*?<\/w:r>|<w:r\s[^>]*>[\s\S]*?<\/w:r>/g)) {
    if (m[0].startsWith('<w:sdt>')) {
      segments.push({
        tag: unescapeXml(/<w:tag w:val="([^"]*)"/.exec(m[0])?.[1] ?? ''),
        text: runText(m[0]),
        highlight: /<w:highlight w:val="([^"]+)"/.exec(m[0])?.[1] ?? null,
      });
    } else {
      const t = runText(m[0]);
      if (t) segments.push(t);
    }
  }
  return segments;
}

/** The body of a .docx as paragraphs of text and tagged controls, as Word would show it. */
export async function docxParagraphs(bytes: Uint8Array): Promise<{
  paragraphs: FakeSegment[][];
  blocks: FakeBlock[];
  tables: FakeTable[];
  customXml: { xml: string; itemId?: string }[];
  headers: string[];
  sections: { orient: 'portrait' | 'landscape' }[];
}> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const { paragraphs, blocks, tables } = bodyParagraphs(xml);
  const customXml: { xml: string; itemId?: string }[] = [];
  for (const item of zip.file(/^customXml\/item\d+\.xml$/)) {
    const props = await zip.file(item.name.replace(/item(\d+)\.xml$/, 'itemProps$1.xml'))?.async('string');
    customXml.push({
      xml: await item.async('string'),
      itemId: props ? /ds:itemID="([^"]+)"/.exec(props)?.[1] : undefined,
    });
  }
  const headers: string[] = [];
  for (const h of zip.file(/^word\/header\d+\.xml$/)) headers.push(await h.async('string'));
  const sections = [...xml.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].map((m) => ({
    orient: /w:orient="landscape"/.test(m[0]) ? ('landscape' as const) : ('portrait' as const),
  }));
  return { paragraphs, blocks, tables, customXml, headers, sections };
}

/**
 * A recording stand-in for Word: queued commands run at sync, loaded properties are readable
 * only after a sync (as in Office.js), and every call is logged. A .docx inserted becomes the
 * document's paragraphs and content controls, so an inserted report can be refreshed.
 */
export class FakeWord implements WordLike {
  /** WordApi 1.x the host plays: a member above it throws, as the real host has no such member. */
  apiMinor = 9;
  /** Page headers of the document's sections (page numbers of the report and its annexes). */
  headers: string[] = [];
  /** Sections of the document, with their page setup (orientation). */
  sections: { orient: 'portrait' | 'landscape' }[] = [{ orient: 'portrait' }];
  syncs = 0;
  runs = 0;
  log: string[] = [];
  parts: { id: number; xml: string; itemId?: string }[] = [];
  /** Files inserted, as given (base64), in order. */
  inserted: { base64: string; location: 'Replace' | 'End'; via: 'body' | 'document' }[] = [];
  /** The document body; controls given to the constructor stand alone. */
  paragraphs: FakeSegment[][] = [];
  /** Block controls around paragraphs (a section's generated paragraphs). */
  blocks: FakeBlock[] = [];
  /** Tables of the body, their cells as runs of `paragraphs`. */
  tables: FakeTable[] = [];
  /**
   * A command whose log entry matches fails when its sync runs it, as a host error would: the
   * commands queued before it are done, the ones after it are dropped, and the sync rejects.
   */
  failOn: RegExp | null = null;
  /** Text written with Body.insertText (annex cells), with the font and control title set on it. */
  written: FakeRun[] = [];
  private queue: { run: () => void | Promise<void>; entry?: string }[] = [];
  private nextPart = 1;

  constructor(
    public controls: FakeControl[] = [],
    options: { apiMinor?: number } = {},
  ) {
    if (options.apiMinor !== undefined) this.apiMinor = options.apiMinor;
  }

  /** Throws like a host without the member's requirement set. */
  private need(type: string, member: string) {
    const minor = wordApiMinor(type, member);
    if (minor > this.apiMinor)
      throw new Error(`ApiNotFound: Word.${type}.${member} cần WordApi 1.${minor}, máy chỉ có 1.${this.apiMinor}`);
  }

  /** The text of each paragraph, controls included. */
  paragraphTexts(): string[] {
    return this.paragraphs.map((p) => p.map((s) => (typeof s === 'string' ? s : s.text)).join(''));
  }

  private later(fn: () => void | Promise<void>, entry?: string) {
    this.queue.push({ run: fn, entry });
  }

  /** Logs a command and queues it for the next sync (the entry is what `failOn` matches). */
  private command(entry: string, fn: () => void | Promise<void>) {
    this.log.push(entry);
    this.later(fn, entry);
  }

  /** Every run of paragraphs the document keeps track of: block controls and table cells. */
  private ranges(): FakeRange[] {
    return [...this.blocks, ...this.tables.flatMap((t) => t.rows.flatMap((r) => r.cells))];
  }

  /**
   * Replaces `deleteCount` paragraphs at `start` with `items`: the runs after move, a run holding
   * the replaced paragraphs (a block, a cell) grows or shrinks with them.
   */
  private splice(start: number, deleteCount: number, items: FakeSegment[][]) {
    const delta = items.length - deleteCount;
    const end = start + deleteCount;
    for (const r of this.ranges()) {
      if (r.start >= end && !(deleteCount === 0 && r.start < start)) r.start += delta;
      else if (r.start + r.count > start) r.count += delta;
    }
    this.paragraphs.splice(start, deleteCount, ...items);
    this.controls = this.inlineControls();
  }

  private insertFile(base64: string, location: 'Replace' | 'End', via: 'body' | 'document', importParts: boolean) {
    this.inserted.push({ base64, location, via });
    this.later(async () => {
      let doc: Awaited<ReturnType<typeof docxParagraphs>>;
      try {
        doc = await docxParagraphs(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
      } catch {
        return; // Not a .docx (the adapter tests pass a few bytes): nothing to show.
      }
      const offset = location === 'Replace' ? 0 : this.paragraphs.length;
      const moved = doc.blocks.map((b) => ({ ...b, start: b.start + offset }));
      this.blocks = location === 'Replace' ? moved : [...this.blocks, ...moved];
      const tables = doc.tables.map((t) => ({
        rows: t.rows.map((r) => ({ ...r, cells: r.cells.map((c) => ({ ...c, start: c.start + offset })) })),
      }));
      this.tables = location === 'Replace' ? tables : [...this.tables, ...tables];
      this.paragraphs = location === 'Replace' ? doc.paragraphs : [...this.paragraphs, ...doc.paragraphs];
      this.controls = this.inlineControls();
      // Body.insertFileFromBase64 brings the text only: headers, footers and section settings are lost.
      // Document.insertFileFromBase64 (WordApi 1.5) copies them.
      if (via === 'document') {
        this.headers = location === 'Replace' ? doc.headers : [...this.headers, ...doc.headers];
        this.sections = location === 'Replace' ? doc.sections : [...this.sections, ...doc.sections];
      }
      // Word keeps one part per datastore item id: an imported part whose id the document has is dropped.
      if (importParts)
        for (const part of doc.customXml)
          if (!this.parts.some((p) => p.itemId === part.itemId)) this.parts.push({ id: this.nextPart++, ...part });
    });
  }

  private inlineControls(): FakeControl[] {
    return this.paragraphs.flat().filter((s): s is FakeControl => typeof s !== 'string');
  }

  /** ContentControl.insertOoxml(…, 'Replace') on a block: its paragraphs become those of the Flat OPC given. */
  private replaceBlock(block: FakeBlock, ooxml: string) {
    const documentPart = /<pkg:part pkg:name="\/word\/document\.xml"[\s\S]*?<\/pkg:part>/.exec(ooxml);
    if (!documentPart) throw new Error('InvalidArgument: insertOoxml cần gói Flat OPC có /word/document.xml');
    // Word would nest it; a block of ours inside another is a bug of the caller.
    if (bodyParagraphs(documentPart[0]).blocks.length > 0)
      throw new Error('fake: a block control written inside a block');
    this.splice(block.start, block.count, bodyParagraphs(documentPart[0]).paragraphs);
  }

  private cellText(cell: FakeRange): string {
    return this.paragraphTexts()
      .slice(cell.start, cell.start + cell.count)
      .join('\n');
  }

  /** Table.getCell at the time the command runs: ItemNotFound past the table's rows or a row's cells. */
  private cellAt(table: FakeTable, row: number, column: number): FakeRange {
    if (!this.tables.includes(table)) throw new Error('ItemNotFound: bảng không còn trong tài liệu');
    const cell = table.rows[row]?.cells[column];
    if (!cell) throw new Error(`ItemNotFound: Table.getCell(${row}, ${column})`);
    return cell;
  }

  /**
   * TableRow.insertRows: new rows made on the row as a template (its cells, its row properties,
   * a header row's "repeat as header" too), empty or holding the values given, one paragraph a cell.
   */
  private insertRows(table: FakeTable, template: FakeRow, location: string, count: number, values?: string[][]) {
    if (location !== 'Before' && location !== 'After')
      throw new Error(`InvalidArgument: TableRow.insertRows nhận 'Before' hoặc 'After', không nhận '${location}'`);
    if (!Number.isInteger(count) || count < 1) throw new Error(`InvalidArgument: insertRows(${count})`);
    if (values && values.some((v) => v.length > template.cells.length))
      throw new Error('InvalidArgument: insertRows có nhiều giá trị hơn số ô của hàng mẫu');
    const at = table.rows.indexOf(template);
    if (at < 0) throw new Error('ItemNotFound: hàng mẫu không còn trong bảng');
    const edge = location === 'Before' ? template.cells[0] : template.cells[template.cells.length - 1];
    let next = location === 'Before' ? edge.start : edge.start + edge.count;
    const paragraphs: FakeSegment[][] = [];
    const rows: FakeRow[] = [];
    for (let i = 0; i < count; i++) {
      rows.push({
        header: template.header,
        cells: template.cells.map((_, c) => {
          const text = values?.[i]?.[c] ?? '';
          paragraphs.push(text ? [text] : []);
          return { start: next++, count: 1 };
        }),
      });
    }
    this.splice(location === 'Before' ? edge.start : edge.start + edge.count, 0, paragraphs);
    table.rows.splice(location === 'Before' ? at : at + 1, 0, ...rows);
  }

  private deleteRows(table: FakeTable, index: number, count: number) {
    const rows = table.rows.slice(index, index + count);
    if (rows.length < count || index < 0) throw new Error(`ItemNotFound: Table.deleteRows(${index}, ${count})`);
    table.rows.splice(index, count);
    const first = rows[0].cells[0];
    const last = rows[rows.length - 1].cells[rows[rows.length - 1].cells.length - 1];
    const removed = { start: first.start, count: last.start + last.count - first.start };
    this.splice(removed.start, removed.count, []);
  }

  private collection<T>(name: string, fetch: () => T[]) {
    let loaded: T[] | null = null;
    let requested: string | null = null;
    const self = this;
    return {
      load(props: string) {
        self.log.push(`${name}.load(${props})`);
        requested = props;
        self.later(() => {
          loaded = fetch();
        });
      },
      get items(): T[] {
        if (!loaded || requested === null) throw new Error(`${name}: PropertyNotLoaded`);
        return loaded;
      },
    };
  }

  async run<T>(batch: (context: WordContextLike) => Promise<T>): Promise<T> {
    this.runs++;
    const self = this;
    const controlProxy = (c: FakeControl) => ({
      tag: c.tag,
      text: c.text,
      font: {
        set highlightColor(color: string | null) {
          self.need('Font', 'highlightColor');
          self.command(`highlight(${c.tag}, ${color})`, () => {
            c.highlight = color === null ? null : color.toLowerCase();
          });
        },
        get highlightColor(): string | null {
          throw new Error('font.highlightColor: PropertyNotLoaded');
        },
      },
      insertText(text: string, location: 'Replace') {
        self.command(`insertText(${c.tag}, ${location})`, () => {
          // A control written over by its block's new paragraphs is gone, as in Word.
          if (!self.controls.includes(c)) throw new Error(`ItemNotFound: điều khiển ${c.tag} không còn`);
          c.text = text;
        });
      },
    });
    /** A font whose settings are commands, kept on `into` (a run written, for the tests to read). */
    const fontOf = (into: Record<string, unknown>, name: string, onSet?: () => void) => {
      const font = {};
      for (const prop of ['name', 'size', 'bold', 'color', 'highlightColor'])
        Object.defineProperty(font, prop, {
          set(value: unknown) {
            self.need('Font', prop);
            self.command(`${name}.font.${prop}=${String(value)}`, () => {
              into[prop] = value;
              onSet?.();
            });
          },
          get() {
            throw new Error(`font.${prop}: PropertyNotLoaded`);
          },
        });
      return font as WordRangeLike['font'];
    };
    const bodyOf = (where: () => FakeRange, name: string) => ({
      /** Body.insertText(…, 'Start') in a cell: the text at the start of its first paragraph, as a Range. */
      insertText(text: string, location: string): WordRangeLike {
        self.need('Body', 'insertText');
        if (location !== 'Start') throw new Error(`fake: ${name}.body.insertText(${location}) is not modelled`);
        const run: FakeRun = { cell: name, text, font: {} };
        self.written.push(run);
        let paragraph: FakeSegment[] | null = null;
        let control: FakeControl | null = null;
        self.command(`${name}.insertText(${location})`, () => {
          paragraph = self.paragraphs[where().start];
          paragraph.unshift(text);
        });
        return {
          font: fontOf(run.font, name, () => {
            if (control) control.highlight = highlightOf(run.font.highlightColor);
          }),
          insertContentControl() {
            self.need('Range', 'insertContentControl');
            const cc = { tag: '' };
            self.command(`${name}.insertContentControl()`, () => {
              if (!paragraph || paragraph[0] !== text) throw new Error('ItemNotFound: vùng chữ không còn');
              control = { tag: '', text, highlight: highlightOf(run.font.highlightColor) };
              paragraph[0] = control;
              self.controls = self.inlineControls();
            });
            return {
              set tag(tag: string) {
                self.command(`${name}.control.tag=${tag}`, () => {
                  cc.tag = tag;
                  if (control) control.tag = tag;
                });
              },
              get tag(): string {
                throw new Error('ContentControl.tag: PropertyNotLoaded');
              },
              set title(title: string) {
                self.need('ContentControl', 'title');
                run.title = title;
              },
              get title(): string {
                throw new Error('ContentControl.title: PropertyNotLoaded');
              },
            };
          },
        };
      },
      clear() {
        self.need('Body', 'clear');
        self.command(`${name}.clear()`, () => {
          const cell = where();
          self.splice(cell.start, cell.count, [[]]);
        });
      },
    });
    const tableProxy = (t: FakeTable, n: number) => {
      let values: string[][] | null = null;
      const load = () => {
        values = t.rows.map((r) => r.cells.map((c) => self.cellText(c)));
      };
      return {
        load(props: string) {
          self.need('Table', 'values');
          self.log.push(`table${n}.load(${props})`);
          self.later(load);
        },
        /** Read as loaded with the collection or by load(). */
        get values(): string[][] {
          if (!values) throw new Error('Table.values: PropertyNotLoaded');
          return values;
        },
        loadNow: load,
        getCell(row: number, column: number) {
          self.need('Table', 'getCell');
          const name = `table${n}.cell(${row},${column})`;
          return {
            get body() {
              self.need('TableCell', 'body');
              return bodyOf(() => self.cellAt(t, row, column), name);
            },
            get parentRow() {
              self.need('TableCell', 'parentRow');
              return {
                insertRows(location: string, count: number, values?: string[][]) {
                  self.need('TableRow', 'insertRows');
                  self.command(`table${n}.row(${row}).insertRows(${location}, ${count})`, () => {
                    self.cellAt(t, row, column);
                    self.insertRows(t, t.rows[row], location, count, values);
                  });
                },
              };
            },
          };
        },
        deleteRows(index: number, count = 1) {
          self.need('Table', 'deleteRows');
          self.command(`table${n}.deleteRows(${index}, ${count})`, () => self.deleteRows(t, index, count));
        },
      };
    };
    const blockProxy = (b: FakeBlock) => ({
      tag: b.tag,
      text: this.paragraphs
        .slice(b.start, b.start + b.count)
        .map((p) => p.map((x) => (typeof x === 'string' ? x : x.text)).join(''))
        .join('\n'),
      insertText() {
        throw new Error('fake: insertText on a block control is not used');
      },
      insertOoxml(ooxml: string, location: 'Replace') {
        self.need('ContentControl', 'insertOoxml');
        self.command(`insertOoxml(${b.tag}, ${location})`, () => self.replaceBlock(b, ooxml));
      },
      /** As Word gives it: the control itself (its sdt) around its paragraphs, in a Flat OPC package. */
      getOoxml() {
        self.need('ContentControl', 'getOoxml');
        self.log.push(`getOoxml(${b.tag})`);
        const result = { value: '' };
        self.later(() => {
          const paragraphs = self.paragraphs
            .slice(b.start, b.start + b.count)
            .map(paragraphXml)
            .join('');
          result.value = flatOpc(
            `<w:sdt><w:sdtPr><w:tag w:val="${escapeXml(b.tag)}"/></w:sdtPr><w:sdtContent>${paragraphs}</w:sdtContent></w:sdt>`,
          );
        });
        return result;
      },
    });
    const partProxy = (p: { id: number; xml: string; itemId?: string }) => ({
      delete() {
        self.log.push(`part.delete(${p.id})`);
        self.later(() => {
          self.parts = self.parts.filter((x) => x !== p);
        });
      },
      getXml() {
        const result = { value: '' };
        self.later(() => {
          result.value = p.xml;
        });
        return result;
      },
    });
    const customXmlParts = {
      getByNamespace(ns: string) {
        self.log.push(`customXmlParts.getByNamespace(${ns})`);
        return self.collection('customXmlParts', () => self.parts.filter((p) => p.xml.includes(ns)).map(partProxy));
      },
      add(xml: string) {
        self.log.push('customXmlParts.add');
        self.later(() => {
          self.parts.push({ id: self.nextPart++, xml, itemId: `{add-${self.nextPart}}` });
        });
      },
    };
    const context: WordContextLike = {
      document: {
        body: {
          insertFileFromBase64(base64: string, location: 'Replace' | 'End') {
            self.need('Body', 'insertFileFromBase64');
            self.log.push(`body.insertFileFromBase64(${base64.length}, ${location})`);
            self.insertFile(base64, location, 'body', false);
          },
          contentControls: this.collection('contentControls', () => [
            ...self.blocks.map(blockProxy),
            ...self.controls.map(controlProxy),
          ]),
          get tables() {
            self.need('Body', 'tables');
            return self.collection('tables', () =>
              self.tables.map((t, i) => {
                const proxy = tableProxy(t, i);
                proxy.loadNow();
                return proxy;
              }),
            );
          },
          load(props: string) {
            self.need('Body', 'text');
            self.log.push(`body.load(${props})`);
            const body = this as { text?: string };
            self.later(() => {
              body.text = self.paragraphTexts().join('\n');
            });
          },
        } as WordContextLike['document']['body'],
        get customXmlParts() {
          self.need('Document', 'customXmlParts');
          return customXmlParts;
        },
        insertFileFromBase64(
          base64: string,
          location: 'Replace' | 'End',
          options?: { importCustomXmlParts?: boolean },
        ) {
          self.need('Document', 'insertFileFromBase64');
          if (options?.importCustomXmlParts !== undefined) self.need('InsertFileOptions', 'importCustomXmlParts');
          self.log.push(
            `document.insertFileFromBase64(${base64.length}, ${location}, ${JSON.stringify(options ?? null)})`,
          );
          self.insertFile(base64, location, 'document', !!options?.importCustomXmlParts);
        },
      },
      sync: async () => {
        this.syncs++;
        const q = this.queue;
        this.queue = [];
        for (const { run, entry } of q) {
          if (entry && this.failOn?.test(entry)) throw new Error(`GeneralException: ${entry}`);
          await run();
        }
      },
    };
    return batch(context);
  }
}

/** Office reporting WordApi up to `max` (1.3, 1.4 …). */
export const office = (max: number): OfficeLike => ({
  context: {
    requirements: { isSetSupported: (name: string, v?: string) => name === 'WordApi' && Number(v ?? '1.1') <= max },
  },
});
