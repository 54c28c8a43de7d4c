import {
  Body1,
  Button,
  Caption1,
  Checkbox,
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
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { XlsxPicker } from './XlsxPicker';
import { formLabel } from '../domain/catalog/load';
import type { Catalog, FormId } from '../domain/catalog/types';
import type { EmbeddedReportData } from '../domain/report/model';
import {
  ANNEX_CHANGE_PREFIX,
  documentHasContent,
  keepsPageSetup,
  readReportData,
  type FigureChange,
  type WordHost,
} from '../office/word';
import type { PaneContext } from './paneContext';
import {
  ErrorFindingsDialog,
  PreviousPicker,
  ReportWarnings,
  reportErrorText,
  useReportStyles,
  WordingPicker,
} from './ReportTab';
import {
  canDownload,
  downloadBytes,
  errorFindings,
  insertWordReport,
  mismatchWith,
  readFileBytes,
  readWorkbookFile,
  refreshFromSource,
  withPreviousReport,
  type LoadedPrevious,
  wordingOfDocument,
  previewRefresh,
  reportFromEmbeddedData,
  suggestedFileName,
  wordApiSupported,
  wordReportOf,
  type LoadedWording,
  type ReportSource,
  type WordReport,
} from './reportFlow';

const useStyles = makeStyles({
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  changes: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, fontVariantNumeric: 'tabular-nums' },
});

/** What each Word version brings (Microsoft's requirement-set table). */
export const WORD_API_NEEDED = {
  base: 'WordApi 1.3: Word 2019 hoặc Microsoft 365 trên Windows (phiên bản 1612 trở lên), Word cho Mac 15.32 trở lên, Word trên iPad hoặc Word trên web',
  data: 'WordApi 1.4: Microsoft 365 trên Windows phiên bản 2208 trở lên, Word cho Mac 16.64 trở lên hoặc Word trên web',
};

/** The label of a control's key in the list of changes ("1.1.2", a rate by its name). */
export function changeLabel(catalog: Catalog, key: string): string {
  if (key.startsWith('rate:')) return catalog.rates.find((r) => `rate:${r.id}` === key)?.label ?? key;
  if (key.endsWith('#label')) return `${key.slice(0, -'#label'.length)} (bằng chữ)`;
  return key;
}

const isAnnexNotice = (c: FigureChange) => c.key.startsWith(ANNEX_CHANGE_PREFIX);

/** "Biểu mẫu 7 chưa kèm theo báo cáo: nay có số liệu; …": a form the refresh lists but cannot add. */
export function annexNotice(c: FigureChange): string {
  return `${formLabel(c.key.slice(ANNEX_CHANGE_PREFIX.length) as FormId)} ${c.from}: ${c.to}.`;
}

/** The figures a refresh writes, apart from the annex forms it can only tell about. */
function splitChanges(changes: FigureChange[]): { figures: FigureChange[]; notices: string[] } {
  return { figures: changes.filter((c) => !isAnnexNotice(c)), notices: changes.filter(isAnnexNotice).map(annexNotice) };
}

interface Confirm {
  title: string;
  body: ReactNode;
  proceedLabel: string;
  onProceed(): void;
  /** A second way out, e.g. "Tải tệp .docx" instead of inserting. */
  alternative?: { label: string; onChoose(): void };
}

interface Done {
  intent: 'success' | 'info' | 'warning';
  text: string;
  warnings: string[];
  changes?: FigureChange[];
}

export interface WordPaneProps {
  ctx: PaneContext;
  /** Word and Office as the adapter takes them; the host's globals by default. */
  host?: WordHost;
}

/** The pane inside Word: insert the report, insert it again from the document's data, refresh its figures. */
export function WordPane({ ctx, host }: WordPaneProps) {
  const styles = { ...useReportStyles(), ...useStyles() };
  const supported = useMemo(() => wordApiSupported('1.3', host), [host]);
  const dataSupported = useMemo(() => wordApiSupported('1.4', host), [host]);
  const [embedded, setEmbedded] = useState<EmbeddedReportData | null>(null);
  const [working, setWorking] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [errorsOf, setErrorsOf] = useState<ReportSource | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [append, setAppend] = useState(false);
  // The province's wording, for the report inserted and the sentences a refresh writes anew alike.
  const [wording, setWording] = useState<LoadedWording | null>(null);
  // The unit's previous report: the sentences compare with it ("tăng … so với cùng kỳ"), on insert and refresh alike.
  const [previous, setPrevious] = useState<LoadedPrevious | null>(null);

  const loadData = useCallback(async () => {
    if (!supported || !dataSupported) return;
    try {
      setEmbedded(await readReportData(host));
    } catch {
      setEmbedded(null);
    }
  }, [host, supported, dataSupported]);

  useEffect(() => {
    void loadData();
  }, [loadData]);

  const run = async (label: string, task: () => Promise<void>) => {
    setError(null);
    setDone(null);
    setWorking(label);
    try {
      await task();
    } catch (err) {
      setError(reportErrorText(err));
    } finally {
      setWorking(null);
    }
  };

  const location = append ? 'End' : 'Replace';
  // Sentences a refresh writes anew: in the wording loaded, else in the one the document was written in.
  const refreshWording = async () =>
    wording?.wording ??
    wordingOfDocument(embedded ?? (dataSupported ? await readReportData(host).catch(() => null) : null));

  const doInsert = async (report: WordReport, from: string, extraWarnings: string[] = []) => {
    setWorking('Đang chèn báo cáo…');
    await insertWordReport(report, { ...host, location });
    await loadData();
    const flagged = errorFindings(report.findings).length;
    setDone({
      intent: report.missing.length ? 'warning' : 'success',
      text:
        `Đã chèn báo cáo ${from}${append ? ' vào cuối tài liệu' : ''}.` +
        (flagged ? ` ${flagged} lỗi số liệu được tô vàng trong báo cáo.` : '') +
        (report.missing.length ? ` Dữ liệu trong tài liệu không có ${report.missing.join('; ')}.` : ''),
      warnings: [...report.model.warnings, ...extraWarnings],
    });
  };

  /**
   * Asks first when inserting would replace what the document holds, or when this Word (below
   * WordApi 1.5) would drop the report's page numbers, margins and landscape annexes.
   */
  const insertAsking = async (report: WordReport, from: string, replaceAsked = false, extraWarnings: string[] = []) => {
    const replaces = !replaceAsked && location === 'Replace' && (await documentHasContent(host));
    const losesSetup = !keepsPageSetup(host);
    if (!replaces && !losesSetup) return doInsert(report, from, extraWarnings);
    const download = canDownload(
      host && 'office' in host ? (host.office as Parameters<typeof canDownload>[0]) : undefined,
    );
    setConfirm({
      title: replaces ? 'Thay nội dung tài liệu?' : 'Word này chèn báo cáo không kèm thể thức trang',
      body: (
        <>
          {replaces && (
            <Body1 as="p">
              Tài liệu đang có nội dung. Chèn báo cáo sẽ thay toàn bộ nội dung đó. Để giữ nội dung, hãy hủy và chọn
              &quot;Chèn vào cuối tài liệu&quot;.
            </Body1>
          )}
          {losesSetup && (
            <Body1 as="p">
              Phiên bản Word này chưa có WordApi 1.5 nên chỉ chèn được phần chữ: số trang, lề trang và trang ngang của
              các Phụ lục sẽ không có. {download ? 'Có thể tải tệp .docx về và mở trực tiếp để giữ đúng thể thức.' : ''}
            </Body1>
          )}
        </>
      ),
      proceedLabel: replaces ? 'Thay bằng báo cáo' : 'Vẫn chèn',
      onProceed: () => void run('Đang chèn báo cáo…', () => doInsert(report, from, extraWarnings)),
      ...(losesSetup && download
        ? {
            alternative: {
              label: 'Tải tệp .docx',
              onChoose: () => downloadBytes(report.docx, suggestedFileName(report.model.data.details)),
            },
          }
        : {}),
    });
  };

  const doInsertSource = async (read: ReportSource) => {
    setWorking('Đang tạo báo cáo…');
    const { source, warnings } = withPreviousReport(read, previous);
    await insertAsking(await wordReportOf(source, wording?.wording), `từ tệp ${source.read.file}`, false, warnings);
  };

  const doRefresh = async (source: ReportSource) => {
    setWorking('Đang cập nhật số liệu…');
    const result = await refreshFromSource(source, host, await refreshWording());
    if (result.dataUpdated) await loadData();
    const errors = errorFindings(source.findings);
    const { figures, notices } = splitChanges(result.changed);
    setDone({
      intent: errors.length || notices.length ? 'warning' : figures.length ? 'success' : 'info',
      text: figures.length
        ? `Đã cập nhật ${figures.length} số liệu từ tệp ${result.file}.`
        : `Không có số liệu nào thay đổi (tệp ${result.file}).`,
      warnings: [...notices, ...errors.map((f) => `Số liệu còn lỗi trong tệp Excel: ${f.message}`)],
      changes: figures,
    });
  };

  /** The changes are listed before anything is written; nothing to change says so at once. */
  const refreshAsking = async (source: ReportSource) => {
    setWorking('Đang so sánh số liệu…');
    const { figures: changes, notices } = splitChanges(await previewRefresh(source, host, await refreshWording()));
    if (changes.length === 0) {
      setDone({
        intent: errorFindings(source.findings).length || notices.length ? 'warning' : 'info',
        text: `Không có số liệu nào thay đổi (tệp ${source.read.file}).`,
        warnings: [
          ...notices,
          ...errorFindings(source.findings).map((f) => `Số liệu còn lỗi trong tệp Excel: ${f.message}`),
        ],
      });
      return;
    }
    setConfirm({
      title: 'Cập nhật số liệu',
      body: (
        <>
          <Body1 as="p">
            Các số liệu sau trong báo cáo sẽ được thay (&quot;chưa có&quot;: thêm vào câu của mục hoặc thêm hàng ở phụ
            lục); các đoạn đơn vị tự viết giữ nguyên:
          </Body1>
          <ul className={styles.changes} aria-label="Số liệu sẽ thay đổi">
            {changes.map((c) => (
              <li key={c.key}>
                {changeLabel(ctx.catalog, c.key)}: {c.from} → {c.to}
              </li>
            ))}
          </ul>
          {notices.length > 0 && (
            <>
              <Body1 as="p">Không thêm được vào báo cáo:</Body1>
              <ul className={styles.list} aria-label="Biểu không thêm được">
                {notices.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </>
          )}
        </>
      ),
      proceedLabel: `Cập nhật ${changes.length} số liệu`,
      onProceed: () => void run('Đang cập nhật số liệu…', () => doRefresh(source)),
    });
  };

  const onInsertFile = (file: File) =>
    run('Đang đọc tệp Excel…', async () => {
      const source = await readWorkbookFile(await readFileBytes(file), file.name, ctx.catalog);
      if (!hasContent(source))
        throw new Error(`Tệp ${file.name} không có số liệu hay nội dung báo cáo CCHC nào đọc được.`);
      if (errorFindings(source.findings).length) setErrorsOf(source);
      else await doInsertSource(source);
    });

  const onReinsert = () =>
    run('Đang dựng lại báo cáo…', async () => {
      if (!embedded) return;
      const report = await reportFromEmbeddedData(embedded);
      setConfirm({
        title: 'Chèn lại từ dữ liệu trong tài liệu',
        body: (
          <>
            <Body1 as="p">Dữ liệu lưu trong tài liệu có thông tin chung và số liệu, nhưng không có:</Body1>
            <ul className={styles.list}>
              {report.missing.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
            <Body1 as="p">
              {append
                ? 'Báo cáo dựng lại được thêm vào cuối tài liệu; nội dung đang có giữ nguyên.'
                : 'Báo cáo dựng lại thay toàn bộ nội dung tài liệu, kể cả các đoạn đơn vị đã viết. Nếu chỉ cần số liệu mới, hãy dùng "Cập nhật số liệu".'}
            </Body1>
          </>
        ),
        proceedLabel: 'Chèn lại',
        // Replacing was said above; the page setup of an old Word still needs saying.
        onProceed: () => void run('Đang chèn báo cáo…', () => insertAsking(report, 'từ dữ liệu trong tài liệu', true)),
      });
    });

  const onRefreshFile = (file: File) =>
    run('Đang đọc tệp Excel…', async () => {
      const read = await readWorkbookFile(await readFileBytes(file), file.name, ctx.catalog);
      if (!hasContent(read)) throw new Error(`Tệp ${file.name} không có số liệu CCHC nào đọc được.`);
      // Sentences written anew compare with the previous report as a fresh insert would.
      const { source } = withPreviousReport(read, previous);
      const mismatch = mismatchWith(embedded, source.read);
      if (mismatch) {
        setConfirm({
          title: 'Tệp Excel khác báo cáo',
          body: <Body1 as="p">{mismatch} Vẫn cập nhật số liệu từ tệp này?</Body1>,
          proceedLabel: 'Vẫn cập nhật',
          onProceed: () => void run('Đang so sánh số liệu…', () => refreshAsking(source)),
        });
        return;
      }
      await refreshAsking(source);
    });

  if (!supported) {
    return (
      <div className={`${styles.box} ${styles.warning}`} role="alert">
        <Body1>
          Phiên bản Word này chưa có các chức năng add-in cần để chèn và cập nhật báo cáo (cần {WORD_API_NEEDED.base}).
        </Body1>
        <Body1>Hãy cập nhật Office, hoặc mở tài liệu bằng Word trên web.</Body1>
      </div>
    );
  }

  const busy = !!working || !!confirm || !!errorsOf;
  return (
    <div className={styles.wrap}>
      <WordingPicker catalog={ctx.catalog} loaded={wording} onLoaded={setWording} />
      <PreviousPicker catalog={ctx.catalog} loaded={previous} onLoaded={setPrevious} />
      <section className={styles.group} aria-label="Chèn báo cáo">
        <Subtitle2 as="h2">Chèn báo cáo</Subtitle2>
        <XlsxPicker
          appearance="primary"
          disabled={busy}
          inputLabel="Tệp Excel để chèn báo cáo"
          onFiles={([file]) => void onInsertFile(file)}
        >
          Chèn báo cáo từ tệp Excel…
        </XlsxPicker>
        <Button onClick={() => void onReinsert()} disabled={busy || !embedded}>
          Chèn lại từ dữ liệu trong tài liệu
        </Button>
        <Caption1 className={styles.hint}>
          {!dataSupported
            ? `Đọc dữ liệu lưu trong tài liệu cần ${WORD_API_NEEDED.data}.`
            : embedded
              ? `Tài liệu có dữ liệu báo cáo của ${embedded.details?.unit || 'đơn vị chưa ghi tên'}.`
              : 'Tài liệu chưa có dữ liệu báo cáo do add-in chèn.'}
        </Caption1>
        <Checkbox
          checked={append}
          onChange={(_, d) => setAppend(!!d.checked)}
          label="Chèn vào cuối tài liệu (giữ nội dung đang có)"
        />
      </section>
      <section className={styles.group} aria-label="Cập nhật số liệu">
        <Subtitle2 as="h2">Cập nhật số liệu</Subtitle2>
        <Body1>
          Thay các số liệu trong báo cáo bằng số liệu của tệp Excel mới hơn; các đoạn đơn vị tự viết giữ nguyên.
        </Body1>
        <XlsxPicker
          disabled={busy}
          inputLabel="Tệp Excel để cập nhật số liệu"
          onFiles={([file]) => void onRefreshFile(file)}
        >
          Cập nhật số liệu từ tệp Excel…
        </XlsxPicker>
      </section>
      {working && <Spinner size="small" label={working} />}
      {error && (
        <div className={`${styles.box} ${styles.error}`} role="alert">
          {error}
        </div>
      )}
      {done && (
        <div className={`${styles.box} ${styles[done.intent]}`} role="status" data-testid="word-done">
          <Body1>{done.text}</Body1>
          {done.changes && done.changes.length > 0 && (
            <ul className={styles.changes} aria-label="Số liệu đã thay đổi">
              {done.changes.map((c) => (
                <li key={c.key}>
                  {changeLabel(ctx.catalog, c.key)}: {c.from} → {c.to}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {done && <ReportWarnings warnings={done.warnings} />}
      {errorsOf && (
        <ErrorFindingsDialog
          findings={errorFindings(errorsOf.findings)}
          proceedLabel="Vẫn chèn (các số liệu lỗi được đánh dấu vàng)"
          onProceed={() => {
            const source = errorsOf;
            setErrorsOf(null);
            void run('Đang tạo báo cáo…', () => doInsertSource(source));
          }}
          onCancel={() => setErrorsOf(null)}
        />
      )}
      {confirm && (
        <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && setConfirm(null)}>
          <DialogSurface aria-label={confirm.title}>
            <DialogBody>
              <DialogTitle>{confirm.title}</DialogTitle>
              <DialogContent>{confirm.body}</DialogContent>
              <DialogActions>
                <Button appearance="primary" onClick={() => setConfirm(null)}>
                  Hủy
                </Button>
                {confirm.alternative && (
                  <Button
                    onClick={() => {
                      const choose = confirm.alternative!.onChoose;
                      setConfirm(null);
                      choose();
                    }}
                  >
                    {confirm.alternative.label}
                  </Button>
                )}
                <Button
                  onClick={() => {
                    const go = confirm.onProceed;
                    setConfirm(null);
                    go();
                  }}
                >
                  {confirm.proceedLabel}
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </div>
  );
}

/** Anything the report could be made from: a figure or a paragraph of the unit's own. */
function hasContent(source: ReportSource): boolean {
  return (
    Object.values(source.read.figures.values).some((v) => v !== null && v !== undefined) ||
    Object.keys(source.read.texts).length > 0
  );
}
