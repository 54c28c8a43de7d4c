import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Body1,
  Button,
  Caption1,
  Checkbox,
  Input,
  ProgressBar,
  Radio,
  RadioGroup,
  Subtitle2,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { memo, useEffect, useRef, useState } from 'react';
import { XlsxPicker } from './XlsxPicker';
import { unitNameKey } from '../domain/consolidate';
import type { ImportEntry } from '../domain/importSession';
import { periodTitle, type Period } from '../domain/period';
import { CellLink } from './CellLink';
import type { Notice, PaneContext } from './paneContext';
import {
  commitBlocker,
  commitImport,
  commitSummary,
  duplicateGroups,
  earlierConsolidation,
  expectedUnitsFrom,
  lastConsolidation,
  ownFormsNote,
  ownFormsOf,
  readImportFiles,
  rememberConsolidation,
  reviewImport,
  UNIT_LIST_SHEET,
  type DuplicateChoices,
  type EarlierImport,
  type ImportFile,
  type OwnForms,
} from './importFlow';

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  drop: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  dragging: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  hint: { color: tokens.colorNeutralForeground3 },
  lines: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
  },
  line: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    // A thousand lines: those out of sight are not laid out again at each step (still read by screen readers).
    contentVisibility: 'auto',
    containIntrinsicSize: 'auto 16px',
  },
  fileName: { fontWeight: tokens.fontWeightSemibold, wordBreak: 'break-all' },
  read: { color: tokens.colorPaletteGreenForeground1 },
  refused: { color: tokens.colorPaletteRedForeground1 },
  pending: { color: tokens.colorNeutralForeground3 },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalS,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  table: { borderCollapse: 'collapse', width: '100%', fontSize: tokens.fontSizeBase200 },
  th: {
    textAlign: 'left',
    verticalAlign: 'top',
    fontWeight: tokens.fontWeightRegular,
    color: tokens.colorNeutralForeground3,
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalXXS} 0`,
    width: '38%',
  },
  td: { verticalAlign: 'top', padding: `${tokens.spacingVerticalXXS} 0`, wordBreak: 'break-word' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  note: {
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorPaletteYellowBackground1,
    border: `1px solid ${tokens.colorPaletteYellowBorder1}`,
  },
  choice: {
    padding: tokens.spacingHorizontalS,
    border: `1px solid ${tokens.colorPaletteYellowBorder1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  message: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    fontSize: tokens.fontSizeBase300,
  },
  success: {
    backgroundColor: tokens.colorPaletteGreenBackground1,
    border: `1px solid ${tokens.colorPaletteGreenBorder1}`,
  },
  error: { backgroundColor: tokens.colorPaletteRedBackground1, border: `1px solid ${tokens.colorPaletteRedBorder1}` },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

type Phase = 'idle' | 'reading' | 'preview' | 'writing';

function periodText(p: Period | null): string {
  return p ? periodTitle(p) : 'Không rõ';
}

/**
 * Files read in full with nothing to check, shown at first and added per click: of a thousand units' cards
 * nobody reads more than the few that need a look, and drawing them all would hold the pane for seconds.
 */
const PLAIN_PAGE = 20;

/** Something to check or decide in this file before the commit: its card is always shown. */
function needsLook(e: ImportEntry): boolean {
  const d = e.drift;
  return (
    e.warnings.length > 0 ||
    e.unplaced.length > 0 ||
    d.missing.length + d.extra + d.renamed.length > 0 ||
    !e.unit.trim()
  );
}

function statusText(entry: ImportEntry | undefined): string {
  if (!entry) return 'Chờ đọc';
  if (entry.status === 'reading') return 'Đang đọc…';
  if (entry.status === 'read') return 'Đã đọc';
  return `Bị từ chối: ${entry.reason ?? 'không rõ lý do'}`;
}

/** One file's line; drawn again only when its entry changes (a thousand lines, a few change per step). */
const FileLine = memo(function FileLine({ name, entry }: { name: string; entry: ImportEntry | undefined }) {
  const styles = useStyles();
  const cls =
    !entry || entry.status === 'reading' ? styles.pending : entry.status === 'read' ? styles.read : styles.refused;
  return (
    <li className={styles.line} data-file={entry?.file ?? name} data-status={entry?.status ?? 'waiting'}>
      <span className={styles.fileName}>{entry?.file ?? name}</span>
      <span className={cls}>{statusText(entry)}</span>
    </li>
  );
});

function errorMessage(err: unknown): string {
  const msg = String((err as Error)?.message ?? err).trim();
  return `Không tổng hợp được: ${msg}${/[.!?…]$/.test(msg) ? '' : '.'} Sổ làm việc được giữ nguyên như trước khi tổng hợp.`;
}

/** A list that opens on demand (rows not placed, indicators missing). */
function Expandable({ label, items }: { label: string; items: string[] }) {
  const styles = useStyles();
  return (
    <Accordion collapsible>
      <AccordionItem value="list">
        <AccordionHeader size="small">{label}</AccordionHeader>
        <AccordionPanel>
          <ul className={styles.list}>
            {items.map((t, i) => (
              <li key={i}>{t}</li>
            ))}
          </ul>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}

function Preview({ entry, replaces, onUnit }: { entry: ImportEntry; replaces: boolean; onUnit(unit: string): void }) {
  const styles = useStyles();
  const { missing, extra, renamed } = entry.drift;
  const drift = missing.length + extra + renamed.length;
  return (
    <section className={styles.card} aria-label={`Xem trước: ${entry.file}`} data-file={entry.file}>
      <Subtitle2 as="h4" className={styles.fileName}>
        {entry.file}
      </Subtitle2>
      <table className={styles.table}>
        <tbody>
          <tr>
            <th scope="row" className={styles.th}>
              Đơn vị
            </th>
            <td className={styles.td}>
              <Input
                size="small"
                value={entry.unit}
                aria-label={`Tên đơn vị của tệp ${entry.file}`}
                placeholder="Nhập tên đơn vị"
                onChange={(_, d) => onUnit(d.value)}
              />
            </td>
          </tr>
          <tr>
            <th scope="row" className={styles.th}>
              Kỳ báo cáo
            </th>
            <td className={styles.td}>{periodText(entry.period)}</td>
          </tr>
          <tr>
            <th scope="row" className={styles.th}>
              Mẫu
            </th>
            <td className={styles.td}>
              {entry.layout === 'template' ? 'Biểu mẫu của add-in' : 'Mẫu cũ (đọc theo mã và tên chỉ tiêu)'}
            </td>
          </tr>
          <tr>
            <th scope="row" className={styles.th}>
              Số liệu đọc được
            </th>
            <td className={styles.td} data-testid="figures-found">
              {entry.figuresFound}
            </td>
          </tr>
          <tr>
            <th scope="row" className={styles.th}>
              Dòng không xếp được
            </th>
            <td className={styles.td}>
              {entry.unplaced.length === 0 ? (
                'Không có'
              ) : (
                <Expandable
                  label={`${entry.unplaced.length} dòng`}
                  items={entry.unplaced.map((u) =>
                    u.sheet && u.cell ? `${u.sheet}!${u.cell}: ${u.message}` : u.message,
                  )}
                />
              )}
            </td>
          </tr>
          <tr>
            <th scope="row" className={styles.th}>
              Lệch mẫu
            </th>
            <td className={styles.td}>
              {drift === 0 ? (
                'Không có'
              ) : (
                <>
                  <span>
                    thiếu {missing.length}, thừa {extra}, đổi mã {renamed.length}
                  </span>
                  {missing.length > 0 && <Expandable label={`Thiếu ${missing.length} chỉ tiêu`} items={missing} />}
                  {renamed.length > 0 && <Expandable label={`Đổi mã ${renamed.length} chỉ tiêu`} items={renamed} />}
                </>
              )}
            </td>
          </tr>
        </tbody>
      </table>
      {entry.warnings.map((w, i) => (
        <div key={i} className={styles.note} role="note">
          {w}
        </div>
      ))}
      {replaces && <Caption1 className={styles.hint}>Thay số liệu đã tổng hợp trước đây của đơn vị này.</Caption1>}
    </section>
  );
}

/**
 * "Tổng hợp": pick or drop the units' .xlsx files, watch them read one by one, check what was
 * recognised (unit editable, duplicates chosen), then write the consolidated sheets into the
 * open workbook in one step. Nothing is written before "Tổng hợp vào sổ làm việc".
 */
export interface ImportTabProps {
  ctx: PaneContext;
  /** The reading step (readImportFiles unless a test holds it to watch the progress). */
  readFiles?: typeof readImportFiles;
}

export function ImportTab({ ctx, readFiles = readImportFiles }: ImportTabProps) {
  const styles = useStyles();
  const port = ctx.port;
  const run = useRef(0);
  const mounted = useRef(true);
  const [names, setNames] = useState<string[]>([]);
  const [entries, setEntries] = useState<ImportEntry[]>([]);
  const [choices, setChoices] = useState<DuplicateChoices>({});
  const [phase, setPhase] = useState<Phase>('idle');
  const [dragging, setDragging] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string; link?: Notice['link'] } | null>(
    null,
  );
  const [previous, setPrevious] = useState<EarlierImport | null>(() => (port ? lastConsolidation(port) : null));
  const [merge, setMerge] = useState(true);
  /** How many of the cards with nothing to check are shown. */
  const [plainShown, setPlainShown] = useState(PLAIN_PAGE);
  /** Cards once shown stay (a name being corrected must not vanish while it is typed). */
  const pinned = useRef(new Set<number>());
  /** The office's own forms in the open workbook, where the totals will go (looked up with the preview). */
  const [own, setOwn] = useState<OwnForms | null>(null);
  const messageBox = useRef<HTMLDivElement>(null);

  // Done: the preview and its button are gone, so the focus goes to the outcome and its link to the sheet.
  useEffect(() => {
    if (message?.intent === 'success') messageBox.current?.focus();
  }, [message]);

  // A workbook consolidated before (saved and opened again) keeps its units in a hidden sheet.
  useEffect(() => {
    if (previous || !port) return;
    let live = true;
    earlierConsolidation(port, ctx.catalog)
      .then((earlier) => {
        if (live && earlier) setPrevious(earlier);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [port, ctx.catalog, previous]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const busy = phase === 'reading' || phase === 'writing';
  const withPrevious = merge && !!previous;

  async function start(list: File[]): Promise<void> {
    if (!list.length || busy) return;
    const id = ++run.current;
    const live = () => mounted.current && run.current === id;
    setMessage(null);
    setChoices({});
    setEntries([]);
    setPlainShown(PLAIN_PAGE);
    pinned.current = new Set();
    setNames(list.map((f) => f.name));
    setPhase('reading');
    try {
      // The files as picked: the reading workers read them, so the pane does not copy a thousand files first.
      const files: ImportFile[] = list.map((f) => ({ name: f.name, bytes: f }));
      const read = await readFiles(files, ctx.catalog, (e) => {
        if (live()) setEntries(e);
      });
      if (!live()) return;
      setEntries(read);
      setPhase('preview');
      if (port)
        ownFormsOf(port, ctx.catalog)
          .then((forms) => live() && setOwn(forms))
          .catch(() => live() && setOwn(null));
    } catch (err) {
      if (!live()) return;
      setMessage({ intent: 'error', text: `Không đọc được các tệp: ${(err as Error)?.message ?? String(err)}` });
      setPhase('idle');
    }
  }

  function editUnit(index: number, unit: string): void {
    setEntries((list) =>
      reviewImport(
        list.map((e, i) => (i === index ? { ...e, unit } : e)),
        choices,
      ),
    );
  }

  function choose(key: string, file: string): void {
    const next = { ...choices, [key]: file };
    setChoices(next);
    setEntries((list) => reviewImport(list, next));
  }

  function clear(): void {
    run.current++;
    setNames([]);
    setEntries([]);
    setChoices({});
    setPhase('idle');
  }

  async function confirm(): Promise<void> {
    if (!port) return;
    setPhase('writing');
    setMessage(null);
    try {
      const expected = await expectedUnitsFrom(port);
      const result = await commitImport(port, ctx.catalog, entries, expected, withPrevious ? previous : null);
      rememberConsolidation(port, result);
      if (!mounted.current) return;
      setPrevious(result);
      // The writer is loaded by the commit already: the link names the sheet it wrote.
      const { CONSOLIDATED_SHEETS } = await import(
        /* webpackChunkName: "import-writer" */ '../io/consolidatedWorkbook'
      );
      const summary = CONSOLIDATED_SHEETS.summary;
      setMessage({
        intent: 'success',
        text: commitSummary(result),
        link: { cell: { sheet: summary, address: 'A1' }, label: `Mở trang "${summary}"` },
      });
      setNames([]);
      setEntries([]);
      setChoices({});
      setPhase('idle');
    } catch (err) {
      if (!mounted.current) return;
      setMessage({ intent: 'error', text: errorMessage(err) });
      setPhase('preview');
    }
  }

  const finished = entries.filter((e) => e.status !== 'reading').length;
  const groups = phase === 'preview' || phase === 'writing' ? duplicateGroups(entries) : [];
  const blocker = phase === 'preview' ? commitBlocker(entries, withPrevious) : null;
  const canCommit = phase === 'preview' && !blocker && !!port;
  const earlier = new Set(withPrevious ? previous!.units.map((u) => unitNameKey(u.unit)) : []);
  const read = entries.map((e, i) => ({ e, i })).filter(({ e }) => e.status === 'read');
  const refused = entries.filter((e) => e.status === 'refused').length;
  // Every card without anything to check counts towards the page shown, whether pinned or not.
  let plain = 0;
  const cards =
    phase === 'preview' || phase === 'writing'
      ? read.filter(({ e, i }) => {
          const beyond = !needsLook(e) && plain++ >= plainShown;
          if (beyond && !pinned.current.has(i)) return false;
          pinned.current.add(i);
          return true;
        })
      : [];
  const hidden = read.length - cards.length;

  return (
    <div className={styles.wrap}>
      <Body1>
        Tổng hợp số liệu từ tệp .xlsx của các đơn vị vào sổ làm việc đang mở (các trang &quot;Tổng hợp&quot;,
        &quot;Nguồn số liệu&quot;, &quot;Kiểm tra&quot;, &quot;Đơn vị&quot;). Sổ đã chèn biểu mẫu của đơn vị tổng hợp
        thì số tổng hợp được ghi vào chính các biểu đó (số liệu đơn vị tự theo dõi giữ nguyên), để viết báo cáo của đơn
        vị. Chưa có gì được ghi cho đến khi bạn bấm &quot;Tổng hợp vào sổ làm việc&quot;.
      </Body1>
      <div
        className={mergeClasses(styles.drop, dragging && styles.dragging)}
        role="group"
        aria-label="Vùng thả tệp"
        onDragOver={(e) => {
          e.preventDefault();
          if (!busy) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void start(Array.from(e.dataTransfer?.files ?? []));
        }}
      >
        <Body1>Kéo thả các tệp .xlsx của đơn vị vào đây (nhiều tệp cùng lúc), hoặc</Body1>
        <XlsxPicker
          multiple
          appearance={phase === 'preview' ? 'secondary' : 'primary'}
          disabled={busy || !port}
          inputLabel="Tệp .xlsx của các đơn vị"
          onFiles={(files) => void start(files)}
        >
          Chọn tệp .xlsx
        </XlsxPicker>
        <Caption1 className={styles.hint}>
          Đơn vị phải báo cáo lấy từ trang &quot;{UNIT_LIST_SHEET}&quot; (cột A, từ dòng 2) nếu sổ làm việc có trang
          này.
        </Caption1>
      </div>

      {message && (
        <div
          ref={messageBox}
          tabIndex={-1}
          className={mergeClasses(styles.message, styles[message.intent])}
          role={message.intent === 'error' ? 'alert' : 'status'}
          data-intent={message.intent}
        >
          {message.text}
          {message.link && (
            <>
              {' '}
              <CellLink cell={message.link.cell} onSelect={ctx.select}>
                {message.link.label}
              </CellLink>
            </>
          )}
        </div>
      )}

      {names.length > 0 && (
        <section aria-label="Tiến độ đọc tệp" className={styles.wrap}>
          <ProgressBar
            value={names.length ? finished / names.length : 0}
            thickness="large"
            aria-label="Tiến độ đọc tệp"
          />
          <Caption1 data-testid="import-progress">
            {phase === 'reading'
              ? `Đang đọc ${Math.min(finished + 1, names.length)}/${names.length} tệp…`
              : `Đã đọc ${names.length} tệp: ${read.length} đọc được, ${refused} bị từ chối.`}
          </Caption1>
          <ul className={styles.lines} aria-label="Các tệp">
            {names.map((name, i) => (
              <FileLine key={i} name={name} entry={entries[i]} />
            ))}
          </ul>
        </section>
      )}

      {(phase === 'preview' || phase === 'writing') && (
        <>
          {groups.map((g) => (
            <div key={g.key} className={styles.choice}>
              <RadioGroup
                aria-label={`Chọn tệp giữ lại cho đơn vị ${g.unit}`}
                value={g.kept.length === 1 ? g.kept[0] : ''}
                onChange={(_, d) => choose(g.key, d.value)}
                disabled={phase === 'writing'}
              >
                <Body1>
                  Đơn vị &quot;{g.unit}&quot; có {g.files.length} tệp. Chỉ giữ một tệp:
                </Body1>
                {g.files.map((f) => (
                  <Radio key={f} value={f} label={f} />
                ))}
              </RadioGroup>
            </div>
          ))}
          {cards.map(({ e, i }) => (
            <Preview
              key={i}
              entry={e}
              replaces={earlier.has(unitNameKey(e.unit))}
              onUnit={(unit) => editUnit(i, unit)}
            />
          ))}
          {hidden > 0 && (
            <div className={styles.actions}>
              <Button onClick={() => setPlainShown((n) => n + PLAIN_PAGE)}>
                {`Xem thêm ${Math.min(PLAIN_PAGE, hidden)} tệp (còn ${hidden} tệp đọc đủ, không có gì cần xem lại)`}
              </Button>
            </div>
          )}
          {previous && (
            <Checkbox
              checked={merge}
              onChange={(_, d) => setMerge(!!d.checked)}
              label={`Gộp với lần tổng hợp trước (${previous.units.length} đơn vị): tệp mới của một đơn vị thay số liệu cũ của đơn vị đó.`}
            />
          )}
          {own && (
            <Caption1 className={styles.hint} data-testid="own-forms">
              {ownFormsNote(own)}
            </Caption1>
          )}
          {phase === 'writing' && (
            <Caption1 className={styles.hint} role="status">
              Đang tổng hợp và ghi vào sổ làm việc…
            </Caption1>
          )}
          {blocker && (
            <Caption1 className={styles.hint} data-testid="commit-blocker">
              {blocker}
            </Caption1>
          )}
          <div className={styles.actions}>
            <Button
              appearance="primary"
              disabled={!canCommit}
              // While writing it keeps the focus: an error leaves the preview to try again from here.
              disabledFocusable={phase === 'writing'}
              onClick={() => void confirm()}
            >
              Tổng hợp vào sổ làm việc
            </Button>
            <Button onClick={clear} disabled={phase === 'writing'}>
              Hủy
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
