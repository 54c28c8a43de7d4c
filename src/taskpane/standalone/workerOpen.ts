import type ExcelJS from 'exceljs';
import type { OpenRequest } from './openWorkbook.worker';
import type { OpenReply } from './workbookTransfer';
import { workerChannel } from '../workerChannel';

/** Opens a file's bytes into a workbook (refusals as WorkbookRejected). */
export type WorkbookOpener = (data: Uint8Array, fileName: string) => Promise<ExcelJS.Workbook>;

/**
 * Opens files in a Web Worker (see openWorkbook.worker.ts) and builds the workbook on the page
 * from the data it sends back. Where no worker can run (an old host, a worker that fails to
 * load), the file is opened on the page as before.
 */
export function workerOpener(): WorkbookOpener {
  const request = workerChannel<Omit<OpenRequest, 'id'>, OpenReply>(
    // @ts-expect-error TS1343: webpack builds this file as an ES module (import.meta); tsc checks it as CommonJS.
    () => new Worker(new URL('./openWorkbook.worker.ts', import.meta.url)),
  );
  const onPage = async (data: Uint8Array, fileName: string) => {
    const { openWorkbook } = await import(/* webpackChunkName: "workbook" */ '../../io/safeOpen');
    return openWorkbook(data, fileName);
  };
  return async (data, fileName) => {
    const copy = data.slice();
    const reply = await request({ data: copy, fileName }, [copy.buffer]);
    if (!reply) return onPage(data, fileName);
    const { workbookOfReply } = await import(/* webpackChunkName: "workbook" */ './workbookTransfer');
    return workbookOfReply(reply);
  };
}
