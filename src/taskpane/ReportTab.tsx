import {
  Body1,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Spinner,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useRef, useState, type ChangeEvent } from 'react';
import { DETAILS_SHEET, TEXT_SHEET } from '../domain/layout';
import type { Finding } from '../domain/validate';
import type { PaneContext } from './paneContext';
import type { CellRef } from '../domain/figures';
import { countFindings } from '../domain/findingCount';
import { CellLink, cellLabel } from './CellLink';
import {
  buildDocx,
  canDownload,
  downloadBytes,
  errorFindings,
  loadPreviousFile,
  loadWordingFiles,
  previousPeriodText,
  readReportSource,
  reportModel,
  suggestedFileName,
  type LoadedPrevious,
  type LoadedWording,
  type OfficePlatformLike,
  type ReportSource,
  withPreviousReport,
} from './reportFlow';

export const useReportStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  hint: { color: tokens.colorNeutralForeground3 },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  cell: { display: 'block', color: tokens.colorNeutralForeground3 },
  box: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  success: {
    backgroundColor: tokens.colorPaletteGreenBackground1,
    border: `1px solid ${tokens.colorPaletteGreenBorder1}`,
  },
  info: { backgroundColor: tokens.colorNeutralBackground3 },
  warning: {
    backgroundColor: tokens.colorPaletteYellowBackground1,
    border: `1px solid ${tokens.colorPaletteYellowBorder1}`,
  },
  error: { backgroundColor: tokens.colorPaletteRedBackground1, border: `1px solid ${tokens.colorPaletteRedBorder1}` },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all' },
});

/** An error as the user should read it (a refused file keeps its own Vietnamese reason). */
export function reportErrorText(err: unknown): string {
  const e = err as { name?: string; message?: string };
  if (e?.name === 'WorkbookRejected' && e.message) return e.message;
  return `Không tạo được báo cáo: ${e?.message ?? String(err)}`;
}

export interface ErrorFindingsDialogProps {
  findings: Finding[];
  /** "Vẫn xuất (…)", "Vẫn chèn (…)". */
  proceedLabel: string;
  onProceed(): void;
  onCancel(): void;
  /** Closes the dialog and goes to a cell; without it the cells are named, not linked. */
  onGoTo?(cell: CellRef): void;
}

/** Open errors before a report is made: listed with their cells; the user decides. */
export function ErrorFindingsDialog({ findings, proceedLabel, onProceed, onCancel, onGoTo }: ErrorFindingsDialogProps) {
  const styles = useReportStyles();
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface aria-label="Số liệu còn lỗi">
        <DialogBody>
          <DialogTitle>Còn {countFindings(findings).errors} lỗi số liệu</DialogTitle>
          <DialogContent>
            <Body1 as="p">
              Báo cáo sẽ dùng các số liệu này như đang nhập; câu và ô chứa chúng được tô vàng để dễ tìm khi rà soát.
            </Body1>
            <ul className={styles.list} aria-label="Lỗi số liệu">
              {findings.map((f, i) => (
                <li key={`${f.rule}-${i}`} data-rule={f.rule}>
                  {f.message}
                  {f.cells.length > 0 && !onGoTo && (
                    <Caption1 className={styles.cell}>Ô {f.cells.map(cellLabel).join(', ')}</Caption1>
                  )}
                  {f.cells.length > 0 && onGoTo && (
                    <Caption1 className={styles.cell}>
                      Ô{' '}
                      {f.cells.map((c, j) => (
                        <span key={cellLabel(c)}>
                          {j > 0 && ', '}
                          <CellLink cell={c} onSelect={onGoTo}>
                            {cellLabel(c)}
                          </CellLink>
                        </span>
                      ))}
                    </Caption1>
                  )}
                </li>
              ))}
            </ul>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onCancel}>
              Quay lại sửa
            </Button>
            <Button onClick={onProceed}>{proceedLabel}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** What the model could not fill and where to fill it, and figures that did not read. */
export function ReportWarnings({
  warnings,
  cells = {},
  onGoTo,
  title = 'Cần bổ sung hoặc xem lại',
}: {
  warnings: string[];
  /** The cell of a warning, by its text: the warning then links to it. */
  cells?: Record<string, CellRef>;
  /** Where a link goes; the pane's own selection when not given. */
  onGoTo?(cell: CellRef): void;
  title?: string;
}) {
  const styles = useReportStyles();
  if (!warnings.length) return null;
  return (
    <section className={`${styles.box} ${styles.warning}`} aria-label={title}>
      <Subtitle2 as="h2">
        {title} ({warnings.length})
      </Subtitle2>
      <ul className={styles.list}>
        {warnings.map((w, i) => (
          <li key={i}>
            {w}
            {cells[w] && (
              <>
                {' '}
                <CellLink cell={cells[w]} onSelect={onGoTo} />
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

interface Outcome {
  fileName: string;
  /** Null on a host that cannot download (the pane explains instead). */
  bytes: Uint8Array | null;
  flagged: number;
  warnings: string[];
  warningCells: Record<string, CellRef>;
}

export interface ReportTabProps {
  ctx: PaneContext;
  /** The Office object, for the platform; the host's global by default. */
  office?: OfficePlatformLike | null;
}

type Phase = 'idle' | 'reading' | 'confirm' | 'building';

/** The browser's folder picker: not in React's typings, so given as a plain attribute. */
const FOLDER_PICKER = { webkitdirectory: '', directory: '' } as Record<string, string>;

/**
 * A province's own wording (the tables `cchc report --report-dir` takes), read from a folder or
 * files picked on this machine; the report uses it until the pane is closed or it is dropped.
 */
export function WordingPicker({
  catalog,
  loaded,
  onLoaded,
}: {
  catalog: PaneContext['catalog'];
  loaded: LoadedWording | null;
  onLoaded(wording: LoadedWording | null): void;
}) {
  const styles = useReportStyles();
  const folder = useRef<HTMLInputElement>(null);
  const files = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const picked = async (e: ChangeEvent<HTMLInputElement>) => {
    const list = [...(e.target.files ?? [])];
    e.target.value = '';
    if (list.length === 0) return;
    setError(null);
    setReading(true);
    try {
      onLoaded(await loadWordingFiles(list, catalog));
    } catch (err) {
      setError(`Không dùng được lời văn đã chọn: ${(err as Error).message}`);
    } finally {
      setReading(false);
    }
  };
  return (
    <section className={`${styles.box} ${styles.info}`} aria-label="Lời văn của tỉnh">
      <Body1 data-testid="wording-status">
        {loaded ? (
          <>
            Đang dùng lời văn <b>{loaded.name}</b> ({loaded.used.join(', ')}); phần còn lại theo lời văn mặc định.
          </>
        ) : (
          'Đang dùng lời văn mặc định. Tỉnh có lời văn riêng (loi-van.tsv, de-cuong.tsv, bao-cao.tsv) thì chọn thư mục đó.'
        )}
      </Body1>
      <div>
        <Button size="small" disabled={reading} onClick={() => folder.current?.click()}>
          Chọn thư mục lời văn…
        </Button>{' '}
        <Button size="small" disabled={reading} onClick={() => files.current?.click()}>
          Chọn tệp lời văn…
        </Button>{' '}
        {loaded && (
          <Button size="small" appearance="subtle" onClick={() => onLoaded(null)}>
            Dùng lời văn mặc định
          </Button>
        )}
      </div>
      <input
        ref={folder}
        type="file"
        multiple
        hidden
        aria-label="Thư mục lời văn"
        {...FOLDER_PICKER}
        onChange={(e) => void picked(e)}
      />
      <input
        ref={files}
        type="file"
        multiple
        hidden
        accept=".tsv,text/tab-separated-values"
        aria-label="Tệp lời văn"
        onChange={(e) => void picked(e)}
      />
      {error && (
        <div className={`${styles.box} ${styles.error}`} role="alert">
          {error}
        </div>
      )}
    </section>
  );
}

/**
 * The unit's previous report (same period last year, or an earlier window of this year), picked on
 * this machine: the report then says "tăng/giảm … so với cùng kỳ" and warns on cumulative figures that fell.
 */
export function PreviousPicker({
  catalog,
  loaded,
  onLoaded,
}: {
  catalog: PaneContext['catalog'];
  loaded: LoadedPrevious | null;
  onLoaded(previous: LoadedPrevious | null): void;
}) {
  const styles = useReportStyles();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const picked = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    setReading(true);
    try {
      onLoaded(await loadPreviousFile(file, catalog));
    } catch (err) {
      setError(`Không đọc được báo cáo kỳ trước ${file.name}: ${(err as Error).message}`);
    } finally {
      setReading(false);
    }
  };
  const period = loaded && previousPeriodText(loaded);
  return (
    <section className={`${styles.box} ${styles.info}`} aria-label="Báo cáo kỳ trước">
      <Body1 data-testid="previous-status">
        {loaded ? (
          <>
            So sánh với báo cáo kỳ trước <b>{loaded.name}</b>
            {period ? ` (${period})` : ' (tệp không ghi kỳ báo cáo)'}.
          </>
        ) : (
          'Chưa chọn báo cáo kỳ trước: báo cáo không so sánh với cùng kỳ.'
        )}
      </Body1>
      <div>
        <Button size="small" disabled={reading} onClick={() => input.current?.click()}>
          Chọn báo cáo kỳ trước…
        </Button>{' '}
        {loaded && (
          <Button size="small" appearance="subtle" onClick={() => onLoaded(null)}>
            Bỏ so sánh
          </Button>
        )}
      </div>
      <input
        ref={input}
        type="file"
        hidden
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        aria-label="Tệp báo cáo kỳ trước"
        onChange={(e) => void picked(e)}
      />
      {reading && <Spinner size="small" label="Đang đọc báo cáo kỳ trước…" />}
      {error && (
        <div className={`${styles.box} ${styles.error}`} role="alert">
          {error}
        </div>
      )}
    </section>
  );
}

/** "Báo cáo Word" in Excel and standalone mode: one click to the .docx. */
export function ReportTab({ ctx, office }: ReportTabProps) {
  const styles = useReportStyles();
  const [phase, setPhase] = useState<Phase>('idle');
  const [pending, setPending] = useState<ReportSource | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [wording, setWording] = useState<LoadedWording | null>(null);
  const [previous, setPrevious] = useState<LoadedPrevious | null>(null);
  const downloads = canDownload(office);

  const build = async (read: ReportSource) => {
    setPhase('building');
    try {
      const { source, warnings: previousWarnings } = withPreviousReport(read, previous);
      const model = reportModel(source.read, source.findings, source.catalog, wording?.wording);
      const fileName = suggestedFileName(source.read.details);
      const unreadable = source.read.notes.filter((n) => n.kind === 'unreadable');
      const unread = unreadable.map((n) => n.message);
      const warnings = [...model.warnings, ...unread, ...previousWarnings];
      const warningCells = { ...model.warningCells };
      for (const n of unreadable) if (n.sheet && n.cell) warningCells[n.message] = { sheet: n.sheet, address: n.cell };
      const flagged = countFindings(source.findings).errors;
      // Where the file cannot be saved, the warnings still tell what to fix; the .docx is not built.
      const bytes = downloads ? await buildDocx(source.read, source.findings, { model }) : null;
      if (bytes) downloadBytes(bytes, fileName);
      setOutcome({ fileName, bytes, flagged, warnings, warningCells });
    } catch (err) {
      setError(reportErrorText(err));
    } finally {
      setPhase('idle');
    }
  };

  const start = async () => {
    if (!ctx.port) return;
    setError(null);
    setOutcome(null);
    setPhase('reading');
    try {
      const source = await readReportSource(ctx.port, ctx.catalog);
      if (!source.injected) {
        setError(
          `Sổ tính chưa có biểu mẫu CCHC: hãy chèn biểu mẫu ở thẻ "Biểu mẫu", nhập số liệu và trang "${DETAILS_SHEET}" rồi xuất báo cáo.`,
        );
        setPhase('idle');
        return;
      }
      if (errorFindings(source.findings).length) {
        setPending(source);
        setPhase('confirm');
        return;
      }
      await build(source);
    } catch (err) {
      setError(reportErrorText(err));
      setPhase('idle');
    }
  };

  const cancel = () => {
    const first = pending && errorFindings(pending.findings).find((f) => f.cells.length)?.cells[0];
    setPending(null);
    setPhase('idle');
    if (first) ctx.select(first);
  };

  const goTo = (cell: CellRef) => {
    setPending(null);
    setPhase('idle');
    ctx.select(cell);
  };

  const proceed = () => {
    const source = pending;
    setPending(null);
    if (source) void build(source);
  };

  const working = phase === 'reading' || phase === 'building';
  return (
    <div className={styles.wrap}>
      <Body1>
        Báo cáo theo đề cương, thể thức Nghị định 30/2020/NĐ-CP: số liệu lấy từ các biểu, nội dung từ trang "
        {TEXT_SHEET}", phần đầu và nơi nhận từ trang "{DETAILS_SHEET}".
      </Body1>
      <WordingPicker catalog={ctx.catalog} loaded={wording} onLoaded={setWording} />
      <PreviousPicker catalog={ctx.catalog} loaded={previous} onLoaded={setPrevious} />
      <Button
        appearance="primary"
        onClick={() => void start()}
        disabled={!ctx.port || working || phase === 'confirm' || ctx.busy}
      >
        Xuất báo cáo Word
      </Button>
      {phase === 'reading' && <Spinner size="small" label="Đang đọc số liệu…" />}
      {phase === 'building' && <Spinner size="small" label="Đang tạo báo cáo…" />}
      {error && (
        <div className={`${styles.box} ${styles.error}`} role="alert">
          {error}
        </div>
      )}
      {outcome && outcome.bytes && (
        <div className={`${styles.box} ${styles.success}`} role="status" data-testid="report-done">
          <Body1>
            Đã tạo tệp <b>{outcome.fileName}</b>. Trình duyệt lưu tệp vào thư mục Tải xuống hoặc hỏi nơi lưu.
            {outcome.flagged > 0 && ` ${outcome.flagged} lỗi số liệu còn lại được tô vàng trong báo cáo.`}
          </Body1>
          <Button size="small" onClick={() => downloadBytes(outcome.bytes!, outcome.fileName)}>
            Tải lại tệp
          </Button>
        </div>
      )}
      {outcome && !outcome.bytes && (
        <div className={`${styles.box} ${styles.info}`} role="status" data-testid="report-no-download">
          <Body1>
            Office trên máy Mac (và iPad) không cho phần bổ trợ lưu tệp xuống máy, nên báo cáo chưa được tạo ở đây. Để
            có tệp {outcome.fileName}:
          </Body1>
          <ul className={styles.list}>
            <li>
              mở sổ tính này bằng Excel trên web (office.com, OneDrive hoặc SharePoint) rồi bấm lại "Xuất báo cáo Word";
              hoặc
            </li>
            <li>
              mở Word, mở phần bổ trợ này trong Word và chọn "Chèn báo cáo từ tệp Excel…" với tệp sổ tính này; hoặc
            </li>
            <li>
              trên máy tính có công cụ dòng lệnh, chạy{' '}
              <span className={styles.code}>cchc report &lt;tệp&gt;.xlsx -o {outcome.fileName}</span>
            </li>
          </ul>
        </div>
      )}
      {outcome && (
        <ReportWarnings
          warnings={outcome.warnings}
          cells={outcome.warningCells}
          onGoTo={ctx.port ? ctx.select : undefined}
        />
      )}
      {phase === 'confirm' && pending && (
        <ErrorFindingsDialog
          findings={errorFindings(pending.findings)}
          proceedLabel="Vẫn xuất (các số liệu lỗi được đánh dấu vàng)"
          onProceed={proceed}
          onCancel={cancel}
          onGoTo={ctx.port ? goTo : undefined}
        />
      )}
    </div>
  );
}
