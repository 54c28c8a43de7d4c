import type { Catalog } from '../domain/catalog/types';
import { consolidate, type ConsolidateOptions, type UnitSubmission } from '../domain/consolidate';
import { paneConsolidationWorkbook } from '../io/consolidationXlsx';

/**
 * The consolidated workbook's bytes, made in a Web Worker: consolidating and deflating a thousand
 * units' sheets takes seconds the pane would otherwise be frozen for. The page has consolidated
 * already (it shows the findings); the worker does it again from the same units, which is
 * deterministic, rather than receive a result it could not be sent whole.
 */

export interface WorkbookRequest {
  id: number;
  catalog: Catalog;
  units: UnitSubmission[];
  options: ConsolidateOptions;
  scope: string;
  /** The hidden data sheet too (an office's own workbook: a later import merges into it). */
  withData: boolean;
}

export type WorkbookReply = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

export function consolidatedWorkbookOf(request: Omit<WorkbookRequest, 'id'>): Uint8Array {
  const { catalog, units, options, scope, withData } = request;
  return paneConsolidationWorkbook(catalog, consolidate(catalog, units, options), scope, withData);
}

interface WorkerScope {
  onmessage: ((e: MessageEvent<WorkbookRequest>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

// Only inside a worker (no document, importScripts present): answer each request in turn.
const scope = globalThis as unknown as Partial<WorkerScope> & { document?: unknown; importScripts?: unknown };
if (typeof scope.importScripts === 'function' && scope.document === undefined) {
  const worker = scope as WorkerScope;
  worker.onmessage = (e) => {
    const { id, ...request } = e.data;
    let reply: WorkbookReply;
    try {
      reply = { ok: true, bytes: consolidatedWorkbookOf(request) };
    } catch (err) {
      reply = { ok: false, error: (err as Error)?.message ?? String(err) };
    }
    worker.postMessage({ id, reply }, reply.ok ? [reply.bytes.buffer] : []);
  };
}
