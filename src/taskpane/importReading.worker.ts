import type { Catalog } from '../domain/catalog/types';
import { entryFromRead, refusedEntry, type ImportEntry } from '../domain/importSession';
import { readWorkbookBytes } from '../io/readWorkbook';
import { WorkbookRejected } from '../io/safeOpen';
import type { ImportFile } from './importFlow';
import { answerInWorker } from './workerChannel';

/**
 * Reading colleagues' files for the import, in Web Workers: the picked files' bytes, the safe opening,
 * the unzipping and the readers, a few files per request, so the pane keeps answering while hundreds
 * are read. The same reading runs on the page where no worker can.
 */

export interface ImportReadRequest {
  id: number;
  catalog: Catalog;
  /** Named as the preview names them (distinct). */
  files: ImportFile[];
}

/** A picked file's bytes (FileReader where Blob.arrayBuffer is missing). */
function bytesOf(file: Blob): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('FileReader'));
    reader.readAsArrayBuffer(file);
  });
}

/** A picked file's bytes, or null when it can no longer be read (removed, moved, no permission). */
async function bytesOfFile(file: ImportFile): Promise<Uint8Array | null> {
  return file.bytes instanceof Uint8Array ? file.bytes : bytesOf(file.bytes).catch(() => null);
}

/** One file's line of the preview: what the reader made of it, or its refusal with the reason. */
async function readImportFile(name: string, bytes: Uint8Array | null, catalog: Catalog): Promise<ImportEntry> {
  if (!bytes) return refusedEntry(name, 'không đọc được tệp (tệp đã bị xóa, di chuyển hoặc không có quyền đọc)');
  try {
    return entryFromRead(await readWorkbookBytes(bytes, name, catalog), catalog);
  } catch (err) {
    return refusedEntry(
      name,
      err instanceof WorkbookRejected ? err.reason : `không đọc được: ${(err as Error)?.message ?? String(err)}`,
    );
  }
}

export async function readImportBatch(files: ImportFile[], catalog: Catalog): Promise<ImportEntry[]> {
  // The picked files' bytes asked for at once, not one wait for the browser after another.
  const bytes = await Promise.all(files.map(bytesOfFile));
  const out: ImportEntry[] = [];
  for (let i = 0; i < files.length; i++) out.push(await readImportFile(files[i].name, bytes[i], catalog));
  return out;
}

answerInWorker<Omit<ImportReadRequest, 'id'>, ImportEntry[]>(({ files, catalog }) => readImportBatch(files, catalog));
