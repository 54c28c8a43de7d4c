import { createRoot, type Root } from 'react-dom/client';
import { excelHostStatus, isHostedByOffice, loadScript, OFFICE_JS_URL } from './host';
import type { OfficeThemeColors } from './theme';

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

/**
 * The pane itself comes in its own chunk, fetched while office.js loads: the first chunk only starts things.
 * Office's theme (with Fluent's dark one) has its own: standalone mode never loads it.
 */
const loadApp = () =>
  Promise.all([import(/* webpackChunkName: "pane" */ './App'), import(/* webpackChunkName: "theme" */ './theme')]);

async function startInOffice(root: Root): Promise<void> {
  const pane = loadApp();
  pane.catch(() => undefined);
  await loadScript(OFFICE_JS_URL);
  const info = await Office.onReady();
  const [{ App }, { themeFor }] = await pane;
  const theme = themeFor(officeTheme());
  if (info.host === Office.HostType.Excel) {
    const isSetSupported = (name: string, version: string) => Office.context.requirements.isSetSupported(name, version);
    const status = excelHostStatus(isSetSupported);
    if (!status.supported) {
      message(root, status.message);
      return;
    }
    // Only Excel needs its port: standalone mode and Word never load it.
    const { ExcelPort } = await import(/* webpackChunkName: "excel" */ '../office/excelPort');
    const port = new ExcelPort({
      run: (fn, options) => (options ? Excel.run(options, fn) : Excel.run(fn)),
      runIn: (context, fn) => Excel.run(context as OfficeExtension.ClientRequestContext, fn),
      isSetSupported,
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
  const { workerOpener } = await import(/* webpackChunkName: "standalone" */ './standalone/workerOpen');
  const port = new DeferredPort(
    () => import(/* webpackChunkName: "workbook" */ './standalone/memoryPort').then((m) => m.MemoryPort.blank()),
    // Large files are read in a Web Worker, so the pane stays responsive.
    workerOpener(),
  );
  root.render(<StandaloneRoot port={port} />);
}

async function start(): Promise<void> {
  // The page's inline check already told an old host what to use instead.
  if ((window as { __cchcOldHost?: boolean }).__cchcOldHost) return;
  // "Đang tải…" is in the page itself, shown before any script has arrived; the first render replaces it.
  const root = createRoot(document.getElementById('root')!);
  try {
    if (isHostedByOffice(window.location)) await startInOffice(root);
    else await startStandalone(root);
  } catch (err) {
    message(root, `Không khởi động được add-in: ${(err as Error)?.message ?? String(err)}`);
  }
}

void start();
