import { Body1, Button, Toolbar, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { WorkbookPort } from '../../office/port';
import { XlsxPicker } from '../XlsxPicker';
import { App, errorText } from '../App';
import { whenIdle } from '../idle';
import type { GridPort } from './deferredPort';
import { Grid } from './Grid';

export { DeferredPort } from './deferredPort';

/** The workbook of standalone mode, as the pane and the grid both see it. */
export type StandalonePort = GridPort & WorkbookPort & { ready?(): Promise<unknown> };

const DISCARD_QUESTION =
  'Sổ tính có thay đổi chưa lưu (chưa "Lưu .xlsx"). Mở tệp khác sẽ bỏ các thay đổi đó. Vẫn mở tệp khác?';

const useStyles = makeStyles({
  view: {
    display: 'flex',
    flexDirection: 'column',
    height: '100vh',
    // In one column the workbook gets its share of the window (App's book), not a whole window over the pane.
    '@media (max-width: 800px)': { height: '100%' },
  },
  toolbar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: tokens.spacingHorizontalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    flexWrap: 'wrap',
  },
  file: { color: tokens.colorNeutralForeground2 },
  error: { color: tokens.colorPaletteRedForeground1 },
});

/** Hands bytes to the browser as a download; nothing leaves the machine. */
function download(bytes: Uint8Array, fileName: string): void {
  const blob = new Blob([bytes as BlobPart], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName.toLowerCase().endsWith('.xlsx') ? fileName : `${fileName}.xlsx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export interface StandaloneViewProps {
  port: StandalonePort;
  /** A file was opened in place of the workbook. */
  onOpened(): void;
}

/** Toolbar (open, save) and the grid of standalone mode. */
export function StandaloneView({ port, onOpened }: StandaloneViewProps) {
  const styles = useStyles();
  const [error, setError] = useState<string | null>(null);
  const [fileName, setFileName] = useState(port.fileName);
  return (
    <div className={styles.view}>
      <Toolbar className={styles.toolbar} aria-label="Tệp">
        <XlsxPicker
          inputLabel="Chọn tệp .xlsx"
          onFiles={async ([file]) => {
            if (port.hasUnsavedWork() && !window.confirm(DISCARD_QUESTION)) return;
            try {
              await port.openBytes(new Uint8Array(await file.arrayBuffer()), file.name);
              setFileName(file.name);
              setError(null);
              onOpened();
            } catch (err) {
              setError(errorText(err));
            }
          }}
        >
          Mở tệp .xlsx
        </XlsxPicker>
        <Button
          onClick={async () => {
            try {
              download(await port.save(), port.fileName);
              setError(null);
            } catch (err) {
              setError(errorText(err));
            }
          }}
        >
          Lưu .xlsx
        </Button>
        <Body1 className={styles.file}>
          {fileName} · chế độ độc lập, không cần Excel; tệp chỉ nằm trong trình duyệt này.
        </Body1>
        {error && (
          <Body1 className={styles.error} role="alert">
            {error}
          </Body1>
        )}
      </Toolbar>
      <Grid port={port} />
    </div>
  );
}

const ENGINE_DELAY_MS = 1000;

/** Standalone mode: the workbook on the left, the pane on the right. */
export function StandaloneRoot({ port }: { port: StandalonePort }) {
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    // The workbook engine loads a moment after the pane is up, while the user reads the form: evaluating it
    // holds the page for ~0.1 s (~0.4 s on a slow PC), which would delay a first click. Anything that needs the
    // workbook sooner loads it at once.
    const cancelLoad = whenIdle(() => void port.ready?.().catch(() => undefined), ENGINE_DELAY_MS);
    // Closing or reloading the page with unsaved work: the browser asks first.
    const guard = (e: BeforeUnloadEvent) => {
      if (!port.hasUnsavedWork()) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', guard);
    return () => {
      cancelLoad();
      window.removeEventListener('beforeunload', guard);
    };
  }, [port]);
  return (
    <App
      key={generation}
      host="standalone"
      port={port}
      workbookView={<StandaloneView port={port} onOpened={() => setGeneration((g) => g + 1)} />}
    />
  );
}
