import type ExcelJS from 'exceljs';
import type { OpenRequest } from './openWorkbook.worker';
import type { OpenReply } from './workbookTransfer';

/** Opens a file's bytes into a workbook (refusals as WorkbookRejected). */
export type WorkbookOpener = (data: Uint8Array, fileName: string) => Promise<ExcelJS.Workbook>;

/**
 * Opens files in a Web Worker (see openWorkbook.worker.ts) and builds the workbook on the page
 * from the data it sends back. Where no worker can run (an old host, a worker that fails to
 * load), the file is opened on the page as before.
 */
export function workerOpener(): WorkbookOpener {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, (reply: OpenReply | null) => void>();
  const start = (): Worker | null => {
    if (worker || typeof Worker === 'undefined') return worker;
    try {
      // @ts-expect-error TS1343: webpack builds this file as an ES module (import.meta); tsc checks it as CommonJS.
      worker = new Worker(new URL('./openWorkbook.worker.ts', import.meta.url));
    } catch {
      return null;
    }
    worker.onmessage = (e: MessageEvent<{ id: number; reply: OpenReply }>) => {
      waiting.get(e.data.id)?.(e.data.reply);
      waiting.delete(e.data.id);
    };
    // A worker that cannot start (its chunk missing): every open in flight goes to the page.
    worker.onerror = () => {
      for (const done of waiting.values()) done(null);
      waiting.clear();
      worker?.terminate();
      worker = null;
    };
    return worker;
  };
  const onPage = async (data: Uint8Array, fileName: string) => {
    const { openWorkbook } = await import(/* webpackChunkName: "workbook" */ '../../io/safeOpen');
    return openWorkbook(data, fileName);
  };
  return async (data, fileName) => {
    const w = start();
    if (!w) return onPage(data, fileName);
    const id = nextId++;
    const copy = data.slice();
    const reply = await new Promise<OpenReply | null>((resolve) => {
      waiting.set(id, resolve);
      const request: OpenRequest = { id, data: copy, fileName };
      w.postMessage(request, [copy.buffer]);
    });
    if (!reply) return onPage(data, fileName);
    const { workbookOfReply } = await import(/* webpackChunkName: "workbook" */ './workbookTransfer');
    return workbookOfReply(reply);
  };
}
