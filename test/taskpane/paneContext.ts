import type { CellRef } from '../../src/domain/figures';
import type { WorkbookPort } from '../../src/office/port';
import type { PaneContext, PaneHost } from '../../src/taskpane/paneContext';
import { catalog } from './helpers';

/** The context App hands a tab, over a real port; selections and notices are recorded. */
export function paneContext(
  host: PaneHost,
  port: WorkbookPort | null,
): PaneContext & { selected: CellRef[]; notices: string[] } {
  const selected: CellRef[] = [];
  const notices: string[] = [];
  return {
    host,
    port,
    catalog,
    check: null,
    busy: false,
    selected,
    notices,
    inject: async () => undefined,
    checkAll: async () => undefined,
    fix: async () => undefined,
    select: (cell) => {
      selected.push(cell);
    },
    notify: (_, text) => {
      notices.push(text);
    },
  };
}

/** Reads a Blob as jsdom offers it (no Blob.arrayBuffer there). */
export function blobBytes(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
}

/** Records downloads: the blobs made into URLs and the anchors clicked (navigation prevented). */
export function recordDownloads() {
  const blobs: Blob[] = [];
  const clicks: { download: string; href: string }[] = [];
  const revoked: string[] = [];
  Object.assign(URL, {
    createObjectURL: (b: Blob) => {
      blobs.push(b);
      return `blob:test/${blobs.length}`;
    },
    revokeObjectURL: (url: string) => {
      revoked.push(url);
    },
  });
  const onClick = (e: Event) => {
    const a = e.target as HTMLElement;
    if (a.tagName !== 'A' || !a.hasAttribute('download')) return;
    clicks.push({ download: (a as HTMLAnchorElement).download, href: a.getAttribute('href') ?? '' });
    e.preventDefault();
  };
  document.addEventListener('click', onClick);
  return { blobs, clicks, revoked, stop: () => document.removeEventListener('click', onClick) };
}
