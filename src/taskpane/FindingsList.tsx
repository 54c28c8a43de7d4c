import { Body1, Button, Caption1, Subtitle2, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { CellRef } from '../domain/figures';
import { formatNumber } from '../domain/format';
import type { QuickFix } from '../domain/quickFixes';
import type { Finding } from '../domain/validate';
import { CellLink, cellLabel } from './CellLink';
import type { CheckResult } from './usecases';

export { cellLabel };

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  // A Fluent button laid out as a list entry: the message wraps, left-aligned, at body weight.
  item: {
    display: 'block',
    width: '100%',
    maxWidth: 'none',
    minWidth: 0,
    height: 'auto',
    textAlign: 'left',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    fontWeight: tokens.fontWeightRegular,
  },
  error: { borderLeft: `4px solid ${tokens.colorPaletteRedBorder2}` },
  warning: { borderLeft: `4px solid ${tokens.colorPaletteYellowBorder2}` },
  cell: { display: 'block', color: tokens.colorNeutralForeground3, marginTop: tokens.spacingVerticalXXS },
  fix: { marginTop: tokens.spacingVerticalXXS, marginLeft: tokens.spacingHorizontalM },
  others: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalM}`,
  },
});

const GROUPS: { severity: Finding['severity']; title: string }[] = [
  { severity: 'error', title: 'Lỗi' },
  { severity: 'warning', title: 'Cảnh báo' },
];

export interface FindingsListProps {
  result: CheckResult | null;
  onSelect(cell: CellRef): void;
  onCheckAll(): void;
  /** Writes a quick fix into its cell (the user's explicit action); without it no fix is offered. */
  onFix?(fix: QuickFix): void;
  busy?: boolean;
}

/** The fix's button: its words say what is written, its title where. */
function FixButton({ fix, onFix, disabled }: { fix: QuickFix; onFix(fix: QuickFix): void; disabled?: boolean }) {
  const styles = useStyles();
  return (
    <Button
      size="small"
      appearance="secondary"
      className={styles.fix}
      disabled={disabled}
      data-fix={fix.key}
      title={`Ghi ${formatNumber(fix.value, 6)} vào ô ${cellLabel(fix.cell)}`}
      onClick={() => onFix(fix)}
    >
      {fix.label}
    </Button>
  );
}

/**
 * "Kiểm tra": a summary line, then the findings grouped by severity. Each finding is a button that
 * goes to its first cell (Tab reaches it, Enter follows it); its other cells are links below it.
 */
export function FindingsList({ result, onSelect, onCheckAll, onFix, busy }: FindingsListProps) {
  const styles = useStyles();
  const findings = result?.findings ?? [];
  const fixes = onFix ? (result?.fixes ?? []) : [];
  const fixOf = (f: Finding) => fixes.find((x) => x.finding === f);
  // Blank totals whose parts are all filled: no finding to hang the fix on.
  const blankTotals = fixes.filter((x) => !x.finding || !findings.includes(x.finding));
  return (
    <div className={styles.wrap}>
      <Body1 role="status" data-testid="check-summary">
        {result
          ? result.summary
          : 'Chưa kiểm tra. Số liệu được kiểm tra ngay khi nhập; bấm "Kiểm tra toàn bộ" để kiểm tra lại cả sổ.'}
      </Body1>
      <Button appearance="primary" onClick={onCheckAll} disabled={busy}>
        Kiểm tra toàn bộ
      </Button>
      {GROUPS.map(({ severity, title }) => {
        const group = findings.filter((f) => f.severity === severity);
        if (!group.length) return null;
        return (
          <section key={severity} aria-label={title} data-severity={severity}>
            <Subtitle2 as="h3">
              {title} ({group.length})
            </Subtitle2>
            <ul className={styles.list}>
              {group.map((f, i) => {
                const [cell, ...others] = f.cells;
                return (
                  <li key={`${f.rule}-${i}`}>
                    <Button
                      appearance="outline"
                      className={mergeClasses(styles.item, severity === 'error' ? styles.error : styles.warning)}
                      disabled={!cell}
                      onClick={() => cell && onSelect(cell)}
                      data-rule={f.rule}
                      title={cell ? `Chọn ô ${cellLabel(cell)}` : undefined}
                    >
                      {f.message}
                      {cell && <Caption1 className={styles.cell}>Ô {cellLabel(cell)}</Caption1>}
                    </Button>
                    {onFix && fixOf(f) && <FixButton fix={fixOf(f)!} onFix={onFix} disabled={busy} />}
                    {others.length > 0 && (
                      <div className={styles.others}>
                        <Caption1>Các ô liên quan:</Caption1>
                        {others.map((c) => (
                          <CellLink key={cellLabel(c)} cell={c} onSelect={onSelect}>
                            {cellLabel(c)}
                          </CellLink>
                        ))}
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      {onFix && blankTotals.length > 0 && (
        <section aria-label="Có thể điền" data-severity="fix">
          <Subtitle2 as="h3">Có thể điền ({blankTotals.length})</Subtitle2>
          <ul className={styles.list}>
            {blankTotals.map((x) => (
              <li key={x.key}>
                <Body1>
                  Tổng chưa nhập, các phần đã đủ:{' '}
                  <CellLink cell={x.cell} onSelect={onSelect}>
                    {`Ô ${cellLabel(x.cell)}`}
                  </CellLink>
                </Body1>
                <FixButton fix={x} onFix={onFix} disabled={busy} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
