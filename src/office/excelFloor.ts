/**
 * What an Excel host must support, apart from the port: the pane's first chunk checks it before
 * the port (and everything it imports) is loaded.
 */

/**
 * The lowest ExcelApi the add-in supports fully (Office 2019): Range.dataValidation and
 * Runtime.enableEvents are 1.8. Newer members (getRanges 1.9, onChanged of the collection 1.9,
 * insertWorksheetsFromBase64 1.13, triggerSource 1.14) are used only when present.
 */
export const MIN_EXCEL_API = '1.8';
/** The requirement set the add-in is written for; newer sets are used only when present. */
export const TARGET_EXCEL_API = '1.14';

/** Why this Excel cannot run the add-in (Vietnamese), or null when it can. */
export function excelSupportProblem(isSetSupported: (name: string, version: string) => boolean): string | null {
  if (isSetSupported('ExcelApi', MIN_EXCEL_API)) return null;
  return `Phiên bản Excel này chưa hỗ trợ ExcelApi ${MIN_EXCEL_API} (Office 2019 trở lên) nên add-in không chèn được biểu mẫu. Hãy dùng Office 2019, 2021, Microsoft 365 hoặc Excel trên web; hoặc dùng trang độc lập (mở taskpane.html trong trình duyệt) hay lệnh cchc.`;
}
