import { readFileSync } from 'fs';
import JSZip from 'jszip';
import * as path from 'path';
import type { OfficeLike, WordContextLike, WordLike } from '../../src/office/word';

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

const runText = (xml: string) =>
  [...xml.matchAll(/<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>/g)].map((m) => unescapeXml(m[1])).join('');

/** A block content control around whole paragraphs: its tag and the paragraphs it holds. */
export interface FakeBlock {
  tag: string;
  start: number;
  count: number;
}

/** Paragraphs of a document part as segments, and the block controls around some of them. */
export function bodyParagraphs(xml: string): { paragraphs: FakeSegment[][]; blocks: FakeBlock[] } {
  const spans = [
    ...xml.matchAll(
      /<w:sdt><w:sdtPr>(?:(?!<\/w:sdtPr>)[\s\S])*?<w:tag w:val="([^"]*)"[\s\S]*?<\/w:sdtPr><w:sdtContent>(?=<w:p[\s>])[\s\S]*?<\/w:p><\/w:sdtContent><\/w:sdt>/g,
    ),
  ].map((m) => ({ tag: unescapeXml(m[1]), from: m.index, to: m.index + m[0].length }));
  const blocks: FakeBlock[] = spans.map((b) => ({ tag: b.tag, start: -1, count: 0 }));
  const paragraphs: FakeSegment[][] = [];
  for (const p of xml.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p\s[^>]*>[\s\S]*?<\/w:p>/g)) {
    const inside = spans.findIndex((b) => p.index > b.from && p.index < b.to);
    if (inside >= 0) {
      if (blocks[inside].start < 0) blocks[inside].start = paragraphs.length;
      blocks[inside].count++;
    }
    const segments: FakeSegment[] = [];
    for (const m of p[0].matchAll(/<w:sdt>[\s\S]*?<\/w:sdt>|<w:r>[\s\S]*?<\/w:r>|<w:r\s[^>]*>[\s\S]*?<\/w:r>/g)) {
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
    paragraphs.push(segments);
  }
  return { paragraphs, blocks: blocks.filter((b) => b.count > 0) };
}

/** The body of a .docx as paragraphs of text and tagged controls, as Word would show it. */
export async function docxParagraphs(bytes: Uint8Array): Promise<{
  paragraphs: FakeSegment[][];
  blocks: FakeBlock[];
  customXml: { xml: string; itemId?: string }[];
  headers: string[];
  sections: { orient: 'portrait' | 'landscape' }[];
}> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const { paragraphs, blocks } = bodyParagraphs(xml);
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
  return { paragraphs, blocks, customXml, headers, sections };
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
  private queue: (() => void | Promise<void>)[] = [];
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

  private later(fn: () => void | Promise<void>) {
    this.queue.push(fn);
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
    const { paragraphs } = bodyParagraphs(documentPart[0]);
    this.paragraphs.splice(block.start, block.count, ...paragraphs);
    const delta = paragraphs.length - block.count;
    for (const b of this.blocks) if (b.start > block.start) b.start += delta;
    block.count = paragraphs.length;
    this.controls = this.inlineControls();
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
          self.log.push(`highlight(${c.tag}, ${color})`);
          self.later(() => {
            c.highlight = color === null ? null : color.toLowerCase();
          });
        },
        get highlightColor(): string | null {
          throw new Error('font.highlightColor: PropertyNotLoaded');
        },
      },
      insertText(text: string, location: 'Replace') {
        self.log.push(`insertText(${c.tag}, ${location})`);
        self.later(() => {
          c.text = text;
        });
      },
    });
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
        self.log.push(`insertOoxml(${b.tag}, ${location})`);
        self.later(() => self.replaceBlock(b, ooxml));
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
        for (const fn of q) await fn();
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
