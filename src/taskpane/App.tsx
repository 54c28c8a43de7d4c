import {
  Badge,
  Button,
  FluentProvider,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Tab,
  TabList,
  makeStyles,
  tokens,
  webLightTheme,
  type Theme,
} from '@fluentui/react-components';
import { lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import type { Catalog } from '../domain/catalog/types';
import type { ReportContext } from '../domain/figures';
import type { WorkbookPort } from '../office/port';
import { CellLink } from './CellLink';
import { FindingsList } from './FindingsList';
import { whenIdle } from './idle';
import { InjectForm } from './InjectForm';
import { PaneContextValue, type Notice, type PaneContext, type PaneHost, type PaneTab } from './paneContext';
import type { CheckResult, InjectionPreview } from './usecases';

// Tabs used less often load on demand: the first chunk stays small on slow networks.
const ImportTab = lazy(() =>
  import(/* webpackChunkName: "tab-import" */ './ImportTab').then((m) => ({ default: m.ImportTab })),
);
const ReportTab = lazy(() =>
  import(/* webpackChunkName: "tab-report" */ './ReportTab').then((m) => ({ default: m.ReportTab })),
);
const WordPane = lazy(() =>
  import(/* webpackChunkName: "tab-word" */ './WordPane').then((m) => ({ default: m.WordPane })),
);
const loadReinjectDialog = () => import(/* webpackChunkName: "checks" */ './ReinjectDialog');
const ReinjectDialog = lazy(() => loadReinjectDialog().then((m) => ({ default: m.ReinjectDialog })));

/**
 * The checks and the injection (with the layout, the rules and the report outline) are not needed to draw
 * the first screen: they load right after it, and an early click waits for them.
 */
const loadUsecases = () => import(/* webpackChunkName: "checks" */ './usecases');

/**
 * The catalog (its data, parsed into indicators and rules) loads once the first screen is drawn and the page is
 * idle: the form needs only its title, and an early "Chèn biểu mẫu" waits for it.
 */
const loadCatalog = () => import(/* webpackChunkName: "catalog" */ '../domain/catalog').then((m) => m.getCatalog());

function OnDemand({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spinner size="small" label="Đang tải…" />}>{children}</Suspense>;
}

/** The "Biểu mẫu" form; drawn before the catalog has loaded too. */
function renderForm(c: Omit<PaneContext, 'catalog'> & { catalog: Catalog | null }) {
  return <InjectForm onInject={c.inject} busy={c.busy} today={c.today} catalogTitle={c.catalog?.title} />;
}

/** The pane's tabs, as data: adding one is one line. */
export const TABS: PaneTab[] = [
  {
    id: 'bieu-mau',
    label: 'Biểu mẫu',
    hosts: ['excel', 'standalone'],
    render: (c) => renderForm(c),
  },
  {
    id: 'kiem-tra',
    label: 'Kiểm tra',
    hosts: ['excel', 'standalone'],
    render: (c) => (
      <FindingsList
        result={c.check}
        onSelect={c.select}
        onCheckAll={() => void c.checkAll()}
        onFix={c.fix && ((f) => void c.fix?.(f))}
        busy={c.busy}
      />
    ),
  },
  {
    id: 'tong-hop',
    label: 'Tổng hợp',
    hosts: ['excel', 'standalone'],
    render: (c) => (
      <OnDemand>
        <ImportTab ctx={c} />
      </OnDemand>
    ),
  },
  {
    id: 'bao-cao-word',
    label: 'Báo cáo Word',
    hosts: ['excel', 'word', 'standalone'],
    render: (c) => <OnDemand>{c.host === 'word' ? <WordPane ctx={c} /> : <ReportTab ctx={c} />}</OnDemand>,
  },
];

const useStyles = makeStyles({
  pane: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    minHeight: '100vh',
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  standalone: {
    display: 'flex',
    alignItems: 'stretch',
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
    // A narrow window: the workbook on top at full width, the pane below it, as one column.
    '@media (max-width: 800px)': { flexDirection: 'column' },
  },
  book: {
    flex: '1 1 auto',
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    '@media (max-width: 800px)': { flex: '0 0 auto', height: '60vh' },
  },
  side: {
    flex: '0 0 380px',
    borderLeft: `1px solid ${tokens.colorNeutralStroke2}`,
    maxHeight: '100vh',
    overflowY: 'auto',
    '@media (max-width: 800px)': {
      flex: '1 1 auto',
      borderLeft: 'none',
      borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
      maxHeight: 'none',
    },
  },
  notices: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

/** An error as the user should read it. */
export function errorText(err: unknown): string {
  const e = err as { name?: string; message?: string; code?: string };
  if (e?.name === 'WorkbookRejected') return e.message ?? String(err);
  const msg = e?.message ?? String(err);
  if (e?.code === 'AccessDenied' || /protect/i.test(msg)) {
    return `Excel không cho ghi vì trang tính đang được khóa (có thể bằng mật khẩu). Hãy bỏ bảo vệ trang rồi thử lại. (${msg})`;
  }
  return `Có lỗi khi làm việc với sổ tính: ${msg}`;
}

export interface AppProps {
  host: PaneHost;
  port: WorkbookPort | null;
  catalog?: Catalog;
  theme?: Theme;
  /** Standalone mode: the toolbar and the grid, drawn left of the pane. */
  workbookView?: ReactNode;
  tabs?: PaneTab[];
  today?: Date;
}

export function App({ host, port, catalog: given, theme = webLightTheme, workbookView, tabs = TABS, today }: AppProps) {
  const styles = useStyles();
  const [loaded, setLoaded] = useState<Catalog | null>(null);
  const catalog = given ?? loaded;
  const visible = tabs.filter((t) => t.hosts.includes(host));
  const [tab, setTab] = useState(visible[0]?.id ?? '');
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [notices, setNotices] = useState<Notice[]>([]);
  /** A re-injection waiting for the user to confirm what it will change. */
  const [pending, setPending] = useState<{ report: ReportContext; preview: InjectionPreview } | null>(null);
  const notify = useCallback(
    (intent: Notice['intent'], text: string, link?: Notice['link']) => setNotices([{ intent, text, link }]),
    [],
  );

  useEffect(() => {
    if (!port) return;
    let cancelled = false;
    let detach: (() => void) | null = null;
    // The first check waits for the pane to be drawn and idle: the button is clickable before the checks load.
    const cancelStart = whenIdle(async () => {
      try {
        const { attachLiveValidation, checkAll } = await loadUsecases();
        if (cancelled) return;
        const first = await checkAll(port, { catalog: given });
        if (cancelled) return;
        if (first.injected) setCheck(first);
        const live = await attachLiveValidation(
          port,
          (r) => setCheck(r),
          (err) => notify('error', errorText(err)),
          { catalog: given },
        );
        if (cancelled) live.detach();
        else detach = live.detach;
      } catch (err) {
        if (!cancelled) notify('error', errorText(err));
      }
    });
    return () => {
      cancelled = true;
      cancelStart();
      detach?.();
    };
  }, [port, given, notify]);

  useEffect(() => {
    if (given) return;
    let live = true;
    // Not in the frames right after the first paint: evaluating it and drawing the form again would make a
    // first click wait.
    const cancel = whenIdle(() =>
      loadCatalog().then(
        (c) => live && setLoaded(c),
        (err) => live && notify('error', errorText(err)),
      ),
    );
    return () => {
      live = false;
      cancel();
    };
  }, [given, notify]);
  const catalogNow = async () => catalog ?? (await loadCatalog());

  const applyInjection = async (report: ReportContext) => {
    if (!port) return;
    const [{ checkAll, injectForms }, catalog] = await Promise.all([loadUsecases(), catalogNow()]);
    const result = await injectForms(port, catalog, report);
    const after = await checkAll(port, { catalog });
    setCheck(after);
    // Start where the user fills in first: the unit's name on the details sheet.
    const first = result.plan.inputs.find((i) => i.kind === 'detail' && i.id === 'unit');
    if (first) port.select(first.sheet, first.address).catch(() => undefined);
    setNotices([
      ...result.messages.slice(0, 1).map((text): Notice => ({ intent: 'success', text })),
      ...result.messages.slice(1).map((text): Notice => ({ intent: result.dropped.length ? 'warning' : 'info', text })),
    ]);
  };
  const confirmReinjection = async () => {
    if (!pending) return;
    setPending(null);
    setBusy(true);
    try {
      await applyInjection(pending.report);
    } catch (err) {
      notify('error', errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const base: Omit<PaneContext, 'catalog'> = {
    host,
    port,
    check,
    busy,
    today,
    notify,
    inject: async (report) => {
      if (!port) return;
      setBusy(true);
      try {
        const [{ previewInjection }, { isReinjection }, catalog] = await Promise.all([
          loadUsecases(),
          loadReinjectDialog(),
          catalogNow(),
        ]);
        const preview = await previewInjection(port, catalog, report);
        // Forms already there: show what will change first; nothing is written until "Chèn lại".
        if (isReinjection(preview)) setPending({ report, preview });
        else await applyInjection(report);
      } catch (err) {
        notify('error', errorText(err));
      } finally {
        setBusy(false);
      }
    },
    checkAll: async () => {
      if (!port) return;
      setBusy(true);
      try {
        const { checkAll } = await loadUsecases();
        const r = await checkAll(port, { catalog: given });
        setCheck(r);
        if (!r.injected) notify('info', r.summary);
      } catch (err) {
        notify('error', errorText(err));
      } finally {
        setBusy(false);
      }
    },
    fix: async (quickFix) => {
      if (!port) return;
      try {
        await port.writeAsUser(quickFix.cell, quickFix.value);
      } catch (err) {
        notify('error', errorText(err));
      }
    },
    select: (cell) => {
      if (!port) return;
      port.select(cell.sheet, cell.address).catch((err) => notify('error', errorText(err)));
    },
  };
  const ctx: PaneContext | null = catalog ? { ...base, catalog } : null;

  const current = visible.find((t) => t.id === tab) ?? visible[0];
  const pane = (
    <div className={styles.pane}>
      <div className={styles.header}>
        <Subtitle2 as="h1">Báo cáo cải cách hành chính</Subtitle2>
        {host === 'standalone' && (
          <Badge appearance="tint" color="informative">
            Chế độ độc lập
          </Badge>
        )}
        {busy && <Spinner size="extra-tiny" aria-label="Đang xử lý" />}
      </div>
      {notices.length > 0 && (
        <div className={styles.notices} aria-live="polite">
          {notices.map((n, i) => (
            <MessageBar
              key={`${i}-${n.text}`}
              intent={n.intent}
              // The pane is narrow: text wraps under the icon and the close button stays at the end.
              layout="multiline"
              role={n.intent === 'error' ? 'alert' : 'status'}
              data-intent={n.intent}
            >
              <MessageBarBody>
                {n.text}
                {n.link && (
                  <>
                    {' '}
                    <CellLink cell={n.link.cell}>{n.link.label}</CellLink>
                  </>
                )}
              </MessageBarBody>
              <MessageBarActions
                containerAction={
                  <Button
                    appearance="transparent"
                    size="small"
                    aria-label="Đóng thông báo"
                    onClick={() => setNotices((all) => all.filter((x) => x !== n))}
                  >
                    ✕
                  </Button>
                }
              />
            </MessageBar>
          ))}
        </div>
      )}
      <TabList selectedValue={current?.id} onTabSelect={(_, d) => setTab(String(d.value))} size="small">
        {visible.map((t) => (
          <Tab key={t.id} value={t.id}>
            {t.label}
          </Tab>
        ))}
      </TabList>
      <div role="tabpanel" aria-label={current?.label}>
        {ctx ? (
          current?.render(ctx)
        ) : current?.id === TABS[0].id ? (
          renderForm({ ...base, catalog: null })
        ) : (
          <Spinner size="small" label="Đang tải…" />
        )}
      </div>
      {pending && (
        <OnDemand>
          <ReinjectDialog
            preview={pending.preview}
            onConfirm={() => void confirmReinjection()}
            onCancel={() => setPending(null)}
          />
        </OnDemand>
      )}
    </div>
  );

  return (
    <FluentProvider theme={theme}>
      <PaneContextValue.Provider value={ctx}>
        {workbookView ? (
          <div className={styles.standalone}>
            <main className={styles.book}>{workbookView}</main>
            <aside className={styles.side}>{pane}</aside>
          </div>
        ) : (
          pane
        )}
      </PaneContextValue.Provider>
    </FluentProvider>
  );
}
