import { openWorkbook, WorkbookRejected } from '../../io/safeOpen';
import { answerInWorker } from '../workerChannel';
import { workbookToTransfer, type OpenReply } from './workbookTransfer';

/**
 * The standalone open of a file, in a Web Worker: the checks of openArchive, the unzipping and
 * exceljs's parsing of a large workbook run here, so the pane stays responsive meanwhile.
 */

export interface OpenRequest {
  id: number;
  data: Uint8Array;
  fileName: string;
}

/** Opens the bytes as the page would, and answers with the workbook as data or the refusal. */
export async function openForTransfer(data: Uint8Array, fileName: string): Promise<OpenReply> {
  try {
    return { ok: true, model: workbookToTransfer(await openWorkbook(data, fileName)) };
  } catch (err) {
    if (err instanceof WorkbookRejected) return { ok: false, rejected: { reason: err.reason, file: err.file } };
    return { ok: false, error: (err as Error)?.message ?? String(err) };
  }
}

answerInWorker<Omit<OpenRequest, 'id'>, OpenReply>(({ data, fileName }) => openForTransfer(data, fileName));
