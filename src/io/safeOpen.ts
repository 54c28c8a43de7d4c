// Opening a workbook a colleague sent into exceljs's model, after every check of openArchive. Every
// refusal is a WorkbookRejected with a Vietnamese reason; nothing from exceljs escapes raw.
import type ExcelJS from 'exceljs';
import { openArchive, WorkbookRejected, type OpenLimits, type WorkbookArchive } from './openArchive';

export { openArchive, OPEN_LIMITS, WorkbookRejected, type OpenLimits, type WorkbookArchive } from './openArchive';

function hasAnyValue(ws: ExcelJS.Worksheet): boolean {
  let found = false;
  ws.eachRow({ includeEmpty: false }, (row) => {
    if (found) return;
    row.eachCell({ includeEmpty: false }, (cell) => {
      const v = cell.value;
      if (v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '')) found = true;
    });
  });
  return found;
}

/**
 * Checks the bytes (openArchive), then loads them with exceljs. Refuses, with a Vietnamese reason naming
 * the file: everything openArchive refuses, a workbook exceljs cannot read, a workbook with no values.
 */
export async function openWorkbook(
  data: Uint8Array,
  fileName: string,
  limits: OpenLimits = {},
): Promise<ExcelJS.Workbook> {
  return (await openCheckedWorkbook(data, fileName, limits)).workbook;
}

/** openWorkbook that also gives the checked archive (its XML parts, its sheets' parts). */
export async function openCheckedWorkbook(
  data: Uint8Array,
  fileName: string,
  limits: OpenLimits = {},
): Promise<{ workbook: ExcelJS.Workbook; archive: WorkbookArchive }> {
  const archive = await openArchive(data, fileName, limits);
  const reject = (reason: string): never => {
    throw new WorkbookRejected(reason, fileName);
  };
  // Loaded on first use: most files never need exceljs, and loading it is a third of `cchc`'s start-up.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    // exceljs reads the zip itself: the parts are inflated a second time, now known to be bounded and whole.
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return reject('Excel không đọc được nội dung sổ tính (cấu trúc bên trong không hợp lệ); tệp có thể bị hỏng');
  }
  if (wb.worksheets.length === 0) reject('sổ tính không có trang tính nào');
  if (!wb.worksheets.some(hasAnyValue)) reject('sổ tính trống: không trang tính nào có dữ liệu');
  return { workbook: wb, archive };
}
