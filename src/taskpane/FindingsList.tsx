import { Body1, Button, Caption1, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import type { CellRef } from '../domain/figures';
import type { Finding } from '../domain/validate';
import type { CheckResult } from './usecases';

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
  item: {
    display: 'block',
    width: '100%',
    textAlign: 'left',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':disabled': { cursor: 'default' },
  },
  error: { borderLeft: `4px solid ${tokens.colorPaletteRedBorder2}` },
  warning: { borderLeft: `4px solid ${tokens.colorPaletteYellowBorder2}` },
  cell: { display: 'block', color: tokens.colorNeutralForeground3, marginTop: tokens.spacingVerticalXXS },
});

const GROUPS: { severity: Finding['severity']; title: string }[] = [
  { severity: 'error', title: 'Lỗi' },
  { severity: 'warning', title: 'Cảnh báo' },
];

export function cellLabel(cell: CellRef): string {
  return `${cell.sheet}!${cell.address}`;
}

export interface FindingsListProps {
  result: CheckResult | null;
  onSelect(cell: CellRef): void;
  onCheckAll(): void;
  busy?: boolean;
}

/** "Kiểm tra": a summary line, then the findings grouped by severity; a click goes to the cell. */
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
                const cell = f.cells[0];
                return (
                  <li key={`${f.rule}-${i}`}>
                    <button
                      type="button"
                      className={`${styles.item} ${severity === 'error' ? styles.error : styles.warning}`}
                      disabled={!cell}
                      onClick={() => cell && onSelect(cell)}
                      data-rule={f.rule}
                      title={cell ? `Chọn ô ${cellLabel(cell)}` : undefined}
                    >
                      {f.message}
                      {cell && <Caption1 className={styles.cell}>Ô {cellLabel(cell)}</Caption1>}
                    </button>
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
