import { createRoot, type Root } from 'react-dom/client';
import { isHostedByOffice, loadScript, OFFICE_JS_URL, themeFor, type OfficeThemeColors } from './host';

function message(root: Root, text: string): void {
  root.render(<p style={{ fontFamily: 'system-ui, "Segoe UI", sans-serif', padding: 12, margin: 0 }}>{text}</p>);
}

function officeTheme(): OfficeThemeColors | null {
  try {
    return (Office.context.officeTheme as OfficeThemeColors | undefined) ?? null;
  } catch {
    return null;
  }
}

/** The pane itself comes in its own chunk, fetched while office.js loads: the first chunk only starts things. */
const loadApp = () => import(/* webpackChunkName: "pane" */ './App');

async function startInOffice(root: Root): Promise<void> {
  const pane = loadApp();
  pane.catch(() => undefined);
  await loadScript(OFFICE_JS_URL);
  const info = await Office.onReady();
  const { App } = await pane;
  const theme = themeFor(officeTheme());
  if (info.host === Office.HostType.Excel) {
    // Only Excel needs its port: standalone mode and Word never load it.
    const { ExcelPort, TARGET_EXCEL_API } = await import(/* webpackChunkName: "excel" */ '../office/excelPort');
    const supported = (version: string) => Office.context.requirements.isSetSupported('ExcelApi', version);
    if (!supported('1.7')) {
      message(
        root,
        `Phiên bản Excel này quá cũ cho add-in (cần ExcelApi 1.7 trở lên, nên dùng ${TARGET_EXCEL_API}). Hãy cập nhật Office hoặc dùng Excel trên web.`,
      );
      return;
    }
    const port = new ExcelPort({
      run: (fn) => Excel.run(fn),
      runIn: (context, fn) => Excel.run(context as OfficeExtension.ClientRequestContext, fn),
      isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
    });
    root.render(<App host="excel" port={port} theme={theme} />);
    return;
  }
  if (info.host === Office.HostType.Word) {
    root.render(<App host="word" port={null} theme={theme} />);
    return;
  }
  message(root, 'Add-in này chạy trong Excel và Word.');
}

/** Standalone mode: no Office, no network; the workbook lives in the page (exceljs loaded on demand). */
async function startStandalone(root: Root): Promise<void> {
  const { StandaloneRoot, DeferredPort } = await import(
    /* webpackChunkName: "standalone" */ './standalone/StandaloneRoot'
  );
  const port = new DeferredPort(() =>
    import(/* webpackChunkName: "workbook" */ './standalone/memoryPort').then((m) => m.MemoryPort.blank()),
  );
  root.render(<StandaloneRoot port={port} />);
}

async function start(): Promise<void> {
  // The page's inline check already told an old host what to use instead.
  if ((window as { __cchcOldHost?: boolean }).__cchcOldHost) return;
  const root = createRoot(document.getElementById('root')!);
  message(root, 'Đang tải…');
  try {
    if (isHostedByOffice(window.location)) await startInOffice(root);
    else await startStandalone(root);
  } catch (err) {
    message(root, `Không khởi động được add-in: ${(err as Error)?.message ?? String(err)}`);
  }
}

void start();
