import type { Catalog } from '../domain/catalog/types';
import type { ConsolidateOptions, ConsolidationResult, UnitSubmission } from '../domain/consolidate';
import type { WorkbookReply, WorkbookRequest } from './consolidationWorkbook.worker';

export interface ConsolidationWorkbookInput {
  catalog: Catalog;
  units: UnitSubmission[];
  options: ConsolidateOptions;
  scope: string;
  withData: boolean;
  /** The page's own consolidation of the same units: used when no worker can run. */
  result: ConsolidationResult;
}

let worker: Worker | null | undefined;
let nextId = 1;
const waiting = new Map<number, (reply: WorkbookReply | null) => void>();

async function startWorker(): Promise<Worker | null> {
  if (worker !== undefined) return worker;
  worker = null;
  if (typeof Worker === 'undefined') return null;
  try {
    const { newConsolidationWorker } = await import(/* webpackChunkName: "import-writer" */ './consolidationWorker');
    worker = newConsolidationWorker();
  } catch {
    return null;
  }
  worker.onmessage = (e: MessageEvent<{ id: number; reply: WorkbookReply }>) => {
    waiting.get(e.data.id)?.(e.data.reply);
    waiting.delete(e.data.id);
  };
  // A worker that cannot start (its chunk missing): what is in flight is made on the page.
  worker.onerror = () => {
    for (const done of waiting.values()) done(null);
    waiting.clear();
    worker?.terminate();
    worker = null;
  };
  return worker;
}

/**
 * The consolidated workbook's .xlsx bytes, the same the CLI writes: made in a Web Worker so the
 * pane keeps answering; on the page where no worker runs (an old host, a test without workers).
 */
export async function consolidationWorkbookBytes(input: ConsolidationWorkbookInput): Promise<Uint8Array> {
  const { result, ...request } = input;
  const w = await startWorker();
  if (w) {
    const id = nextId++;
    const reply = await new Promise<WorkbookReply | null>((resolve) => {
      waiting.set(id, resolve);
      try {
        w.postMessage({ id, ...request } satisfies WorkbookRequest);
      } catch {
        waiting.delete(id);
        resolve(null);
      }
    });
    if (reply?.ok) return reply.bytes;
    if (reply && !reply.ok) throw new Error(`Không tạo được sổ tổng hợp: ${reply.error}`);
  }
  const [{ writeConsolidatedWorkbook }, { consolidationDataSheet }] = await Promise.all([
    import(/* webpackChunkName: "import-writer" */ '../io/consolidationXlsx'),
    import(/* webpackChunkName: "import-writer" */ '../io/consolidationData'),
  ]);
  return writeConsolidatedWorkbook(input.catalog, result, {
    scope: input.scope,
    extra: input.withData ? [consolidationDataSheet(input.catalog, result)] : [],
  });
}
