import { excelSupportProblem, MIN_EXCEL_API } from '../office/excelFloor';

declare const __OFFICE_JS_URL__: string | undefined;

/** Where office.js comes from: a build setting (env OFFICE_JS_URL), Microsoft's CDN by default. */
export const OFFICE_JS_URL: string =
  typeof __OFFICE_JS_URL__ === 'string' && __OFFICE_JS_URL__
    ? __OFFICE_JS_URL__
    : 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/** Office opens the pane with `_host_Info` in its URL; a plain browser tab has none (standalone mode). */
export function isHostedByOffice(location: { search: string; hash: string }): boolean {
  return /(^|[?&#])_host_Info=/i.test(location.search) || /(^|[?&#])_host_Info=/i.test(location.hash);
}

/** Adds the office.js script; only called when hosted, so standalone mode makes no request. */
export function loadScript(url: string, doc: Document = document): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = doc.createElement('script');
    script.src = url;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () =>
      reject(
        new Error(`Không tải được office.js từ ${url}. Kiểm tra kết nối mạng hoặc thiết lập OFFICE_JS_URL khi build.`),
      );
    doc.head.appendChild(script);
  });
}

// The Office theme (and Fluent's dark theme) lives in theme.ts, loaded with the pane, not in the first chunk.
export { themeFor, type OfficeThemeColors } from './theme';

/** The newest ExcelApi minor version the host supports, probing up from the floor. */
function newestExcelApi(isSetSupported: (name: string, version: string) => boolean): string | null {
  let newest: string | null = null;
  for (let minor = 1; minor <= 40 && isSetSupported('ExcelApi', `1.${minor}`); minor++) newest = `1.${minor}`;
  return newest;
}

export interface ExcelHostStatus {
  /** False: the pane shows only `message` (injection would fail midway on this host). */
  supported: boolean;
  /** What the pane says about this Excel, in Vietnamese. */
  message: string;
}

/** The gate of the Excel pane: the declared floor (ExcelApi 1.8, Office 2019) and what this host has. */
export function excelHostStatus(isSetSupported: (name: string, version: string) => boolean): ExcelHostStatus {
  const problem = excelSupportProblem(isSetSupported);
  if (problem) return { supported: false, message: problem };
  const newest = newestExcelApi(isSetSupported);
  return {
    supported: true,
    message: `Excel này hỗ trợ ExcelApi ${newest ?? MIN_EXCEL_API}; add-in cần tối thiểu ExcelApi ${MIN_EXCEL_API} (Office 2019).`,
  };
}
