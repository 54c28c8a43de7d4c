import JSZip from 'jszip';
import type { OfficeLike, WordContextLike, WordLike } from '../../src/office/word';

export interface FakeControl {
  tag: string;
  text: string;
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

/** The body of a .docx as paragraphs of text and tagged controls, as Word would show it. */
export async function docxParagraphs(bytes: Uint8Array): Promise<{ paragraphs: FakeSegment[][]; customXml: string[] }> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const paragraphs: FakeSegment[][] = [];
  for (const p of xml.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p\s[^>]*>[\s\S]*?<\/w:p>/g)) {
    const segments: FakeSegment[] = [];
    for (const m of p[0].matchAll(/<w:sdt>[\s\S]*?<\/w:sdt>|<w:r>[\s\S]*?<\/w:r>|<w:r\s[^>]*>[\s\S]*?<\/w:r>/g)) {
      if (m[0].startsWith('<w:sdt>')) {
        segments.push({ tag: unescapeXml(/<w:tag w:val="([^"]*)"/.exec(m[0])?.[1] ?? ''), text: runText(m[0]) });
      } else {
        const t = runText(m[0]);
        if (t) segments.push(t);
      }
    }
    paragraphs.push(segments);
  }
  const customXml: string[] = [];
  for (const item of zip.file(/^customXml\/item\d+\.xml$/)) customXml.push(await item.async('string'));
  return { paragraphs, customXml };
}

/**
 * A recording stand-in for Word: queued commands run at sync, loaded properties are readable
 * only after a sync (as in Office.js), and every call is logged. A .docx inserted becomes the
 * document's paragraphs and content controls, so an inserted report can be refreshed.
 */
export class FakeWord implements WordLike {
  syncs = 0;
  runs = 0;
  log: string[] = [];
  parts: { id: number; xml: string }[] = [];
  /** Files inserted, as given (base64), in order. */
  inserted: { base64: string; location: 'Replace' | 'End'; via: 'body' | 'document' }[] = [];
  /** The document body; controls given to the constructor stand alone. */
  paragraphs: FakeSegment[][] = [];
  private queue: (() => void | Promise<void>)[] = [];
  private nextPart = 1;

  constructor(public controls: FakeControl[] = []) {}

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
      this.paragraphs = location === 'Replace' ? doc.paragraphs : [...this.paragraphs, ...doc.paragraphs];
      this.controls = this.paragraphs.flat().filter((s): s is FakeControl => typeof s !== 'string');
      if (importParts) for (const xml of doc.customXml) this.parts.push({ id: this.nextPart++, xml });
    });
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
      insertText(text: string, location: 'Replace') {
        self.log.push(`insertText(${c.tag}, ${location})`);
        self.later(() => {
          c.text = text;
        });
      },
    });
    const partProxy = (p: { id: number; xml: string }) => ({
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
    const context: WordContextLike = {
      document: {
        body: {
          insertFileFromBase64(base64: string, location: 'Replace' | 'End') {
            self.log.push(`body.insertFileFromBase64(${base64.length}, ${location})`);
            self.insertFile(base64, location, 'body', false);
          },
          contentControls: this.collection('contentControls', () => self.controls.map(controlProxy)),
        },
        customXmlParts: {
          getByNamespace(ns: string) {
            self.log.push(`customXmlParts.getByNamespace(${ns})`);
            return self.collection('customXmlParts', () => self.parts.filter((p) => p.xml.includes(ns)).map(partProxy));
          },
          add(xml: string) {
            self.log.push('customXmlParts.add');
            self.later(() => {
              self.parts.push({ id: self.nextPart++, xml });
            });
          },
        },
        insertFileFromBase64(
          base64: string,
          location: 'Replace' | 'End',
          options?: { importCustomXmlParts?: boolean },
        ) {
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
