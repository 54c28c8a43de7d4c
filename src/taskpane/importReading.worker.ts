import type { Catalog } from '../domain/catalog/types';
import { entryFromRead, refusedEntry, type ImportEntry } from '../domain/importSession';
import { readWorkbookBytes } from '../io/readWorkbook';
import { WorkbookRejected } from '../io/safeOpen';
import type { ImportFile } from './importFlow';
import { answerInWorker } from './workerChannel';

/**
 * Reading colleagues' files for the import, in a Web Worker: the safe opening, the unzipping and the
 * readers run here, a few files per request, so the pane keeps answering while hundreds are read.
 * The same reading runs on the page where no worker can.
 */

export interface ImportReadRequest {
  id: number;
  catalog: Catalog;
  /** Named as the preview names them (distinct). */
  files: ImportFile[];
}

/** One file's line of the preview: what the reader made of it, or its refusal with the reason. */
export async function readImportFile(file: ImportFile, catalog: Catalog): Promise<ImportEntry> {
  try {
    return entryFromRead(await readWorkbookBytes(file.bytes, file.name, catalog), catalog);
  } catch (err) {
    return refusedEntry(
      file.name,
      err instanceof WorkbookRejected ? err.reason : `không đọc được: ${(err as Error)?.message ?? String(err)}`,
    );
  }
}

export async function readImportBatch(files: ImportFile[], catalog: Catalog): Promise<ImportEntry[]> {
  const out: ImportEntry[] = [];
  for (const f of files) out.push(await readImportFile(f, catalog));
  return out;
}

answerInWorker<Omit<ImportReadRequest, 'id'>, ImportEntry[]>(({ files, catalog }) => readImportBatch(files, catalog));
