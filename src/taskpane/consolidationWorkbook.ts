import type { Catalog } from '../domain/catalog/types';
import type { ConsolidateOptions, ConsolidationResult, UnitSubmission } from '../domain/consolidate';
import type { WorkbookReply, WorkbookRequest } from './consolidationWorkbook.worker';
import { workerChannel } from './workerChannel';

export interface ConsolidationWorkbookInput {
  catalog: Catalog;
  units: UnitSubmission[];
  options: ConsolidateOptions;
  scope: string;
  withData: boolean;
  /** The page's own consolidation of the same units: used when no worker can run. */
  result: ConsolidationResult;
}

const request = workerChannel<Omit<WorkbookRequest, 'id'>, WorkbookReply>(async () => {
  const { newConsolidationWorker } = await import(/* webpackChunkName: "workers" */ './workers');
  return newConsolidationWorker();
});

/**
 * The consolidated workbook's .xlsx bytes, the same the CLI writes: made in a Web Worker so the
 * pane keeps answering; on the page where no worker runs (an old host, a test without workers).
 */
export async function consolidationWorkbookBytes(input: ConsolidationWorkbookInput): Promise<Uint8Array> {
  const { result, ...data } = input;
  const reply = await request(data);
  if (reply?.ok) return reply.bytes;
  if (reply && !reply.ok) throw new Error(`Không tạo được sổ tổng hợp: ${reply.error}`);
  const { paneConsolidationWorkbook } = await import(/* webpackChunkName: "import-writer" */ '../io/consolidationXlsx');
  return paneConsolidationWorkbook(input.catalog, result, input.scope, input.withData);
}
