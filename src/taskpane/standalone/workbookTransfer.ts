import ExcelJS from 'exceljs';
import { WorkbookRejected } from '../../io/openArchive';

/**
 * A workbook as plain data, to cross from a worker to the page (postMessage clones it): exceljs's
 * model. Building the workbook again from it is a walk over objects, no unzipping and no XML.
 */
export type WorkbookTransfer = ExcelJS.WorkbookModel;

/** What the worker answers to an open: the workbook as data, or why it was refused. */
export type OpenReply =
  | { ok: true; model: WorkbookTransfer }
  | { ok: false; rejected: { reason: string; file: string } }
  | { ok: false; error: string };

interface CellModel {
  address: string;
  type: number;
  style?: Partial<ExcelJS.Style>;
}
interface SheetModel {
  name: string;
  merges?: string[];
  mergeCells?: string[];
  rows: { cells: CellModel[] }[];
}

export function workbookToTransfer(wb: ExcelJS.Workbook): WorkbookTransfer {
  return wb.model;
}

/**
 * The workbook again. exceljs's model is not quite symmetric: the getter names the merges
 * `merges` and the setter reads `mergeCells`, and the setter drops the cells covered by a merge
 * with their own style (borders of a merged block), which are put back here.
 */
export function workbookFromTransfer(model: WorkbookTransfer): ExcelJS.Workbook {
  const sheets = (model as unknown as { worksheets: SheetModel[] }).worksheets;
  for (const ws of sheets) ws.mergeCells = ws.merges;
  const wb = new ExcelJS.Workbook();
  wb.model = model;
  const MERGE = 1; // exceljs's ValueType.Merge
  for (const sheet of sheets) {
    const ws = wb.getWorksheet(sheet.name);
    if (!ws) continue;
    for (const row of sheet.rows)
      for (const c of row.cells) if (c.type === MERGE && c.style) ws.getCell(c.address).style = c.style;
  }
  return wb;
}

/** The workbook a reply stands for; a refusal is the same WorkbookRejected the page would have raised. */
export function workbookOfReply(reply: OpenReply): ExcelJS.Workbook {
  if (reply.ok) return workbookFromTransfer(reply.model);
  if ('rejected' in reply) throw new WorkbookRejected(reply.rejected.reason, reply.rejected.file);
  throw new Error(reply.error);
}
