import { Body1, Button, Caption1, Subtitle2, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { CellRef } from '../domain/figures';
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
  busy?: boolean;
}

/**
 * "Kiểm tra": a summary line, then the findings grouped by severity. Each finding is a button that
 * goes to its first cell (Tab reaches it, Enter follows it); its other cells are links below it.
 */
export function FindingsList({ result, onSelect, onCheckAll, busy }: FindingsListProps) {
  const styles = useStyles();
  const findings = result?.findings ?? [];
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
    </div>
  );
}
