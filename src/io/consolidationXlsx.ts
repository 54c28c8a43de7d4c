import type { Catalog } from '../domain/catalog/types';
import type { ConsolidationResult } from '../domain/consolidate';
import { consolidationSheets, type SheetModel } from './consolidatedWorkbook';
import { consolidationDataSheet } from './consolidationData';
import { writeLeanWorkbook } from './leanWorkbookWriter';

/** `scope` names whose totals they are ("cả tỉnh"); `extra` sheets follow (the hidden data sheet of an office's own workbook). */
export interface ConsolidatedWorkbookOptions {
  scope?: string;
  extra?: SheetModel[];
}

/**
 * The consolidated workbook as .xlsx bytes: totals beside each unit's figure, sources, checks and
 * the units' status. The one writer of the CLI and the pane (in its worker), rows deflated as they
 * are made.
 */
export function writeConsolidatedWorkbook(
  catalog: Catalog,
  result: ConsolidationResult,
  options: ConsolidatedWorkbookOptions = {},
): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  writeLeanWorkbook(
    { sheets: [...consolidationSheets(catalog, result, options.scope), ...(options.extra ?? [])] },
    (c) => {
      chunks.push(c);
      size += c.length;
    },
  );
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The workbook the pane writes into Excel: with the hidden data sheet when it goes into an office's own forms. */
export function paneConsolidationWorkbook(
  catalog: Catalog,
  result: ConsolidationResult,
  scope: string,
  withData: boolean,
): Uint8Array {
  return writeConsolidatedWorkbook(catalog, result, {
    scope,
    extra: withData ? [consolidationDataSheet(catalog, result)] : [],
  });
}
