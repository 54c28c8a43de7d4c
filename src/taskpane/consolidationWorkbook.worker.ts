import type { Catalog } from '../domain/catalog/types';
import { consolidate, type ConsolidateOptions, type UnitSubmission } from '../domain/consolidate';
import { paneConsolidationWorkbook } from '../io/consolidationXlsx';
import { answerInWorker } from './workerChannel';

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

answerInWorker<Omit<WorkbookRequest, 'id'>, WorkbookReply>(
  (request) => {
    try {
      return { ok: true, bytes: consolidatedWorkbookOf(request) };
    } catch (err) {
      return { ok: false, error: (err as Error)?.message ?? String(err) };
    }
  },
  (reply) => (reply.ok ? [reply.bytes.buffer] : []),
);
