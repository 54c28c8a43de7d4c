import {
  Button,
  Caption1,
  Field,
  Input,
  Select,
  makeStyles,
  tokens,
  useRestoreFocusTarget,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { Level } from '../domain/catalog/types';
import { LEVEL_LABELS } from '../domain/details';
import type { ReportContext } from '../domain/figures';
import { formatDateShort, parseVietnameseDate } from '../domain/format';
import {
  defaultWindow,
  makePeriod,
  PERIOD_KINDS,
  PERIOD_LABELS,
  periodEndsBefore,
  TWO_LEVEL_REFORM_DATE,
  type PeriodKind,
} from '../domain/period';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    '& > *': { flex: 1, minWidth: 0 },
    '& .fui-Input, & .fui-Select': { minWidth: 0, width: '100%' },
  },
  hint: { color: tokens.colorNeutralForeground3 },
});

/** The report a unit is likely preparing now: each is due by the 20th of its last month. */
export function likelyPeriod(today: Date): { kind: PeriodKind; year: number } {
  const month = today.getMonth() + 1;
  const kind: PeriodKind = month <= 3 ? 'Q1' : month <= 6 ? 'H1' : month <= 9 ? 'Q3' : 'Y';
  return { kind, year: today.getFullYear() };
}

const LEVEL_ORDER: Level[] = ['tinh', 'so', 'xa', 'huyen'];

export interface InjectFormProps {
  onInject(ctx: ReportContext): void | Promise<void>;
  busy?: boolean;
  today?: Date;
  catalogTitle?: string;
}

/** "Biểu mẫu": level, period, year and the cut-off window (prefilled, editable), then inject. */
export function InjectForm({ onInject, busy, today = new Date(), catalogTitle }: InjectFormProps) {
  const styles = useStyles();
  const initial = likelyPeriod(today);
  const [level, setLevel] = useState<Level>('so');
  const [kind, setKind] = useState<PeriodKind>(initial.kind);
  const [year, setYear] = useState(String(initial.year));
  const yearNumber = Number(year);
  const yearValid = Number.isInteger(yearNumber) && yearNumber >= 2015 && yearNumber <= 2100;
  const defaults = useMemo(() => (yearValid ? defaultWindow(kind, yearNumber) : null), [kind, yearNumber, yearValid]);
  // The window follows the period until the user edits it; changing the period resets it.
  const [edited, setEdited] = useState<{ from?: string; to?: string }>({});
  const fromText = edited.from ?? (defaults ? formatDateShort(defaults.from) : '');
  const toText = edited.to ?? (defaults ? formatDateShort(defaults.to) : '');
  const from = parseVietnameseDate(fromText);
  const to = parseVietnameseDate(toText);
  const windowError = !from
    ? 'Ngày không hợp lệ (dd/mm/yyyy).'
    : !to
      ? undefined
      : from > to
        ? 'Ngày bắt đầu sau ngày kết thúc.'
        : undefined;
  const period = yearValid ? makePeriod(kind, yearNumber, { from: from ?? undefined, to: to ?? undefined }) : null;
  const huyenAllowed = !!period && periodEndsBefore(period, TWO_LEVEL_REFORM_DATE);
  const levels = LEVEL_ORDER.filter((l) => l !== 'huyen' || huyenAllowed);
  const effectiveLevel: Level = level === 'huyen' && !huyenAllowed ? 'xa' : level;
  const canInject = !!period && !!from && !!to && !windowError && !busy;
  // The re-injection dialog opens without a trigger of its own: closing it brings the focus back here.
  const restoreFocusHere = useRestoreFocusTarget();

  return (
    <form
      className={styles.form}
      onSubmit={(e) => {
        e.preventDefault();
        if (canInject && period) void onInject({ level: effectiveLevel, period });
      }}
    >
      <Field
        label="Cấp báo cáo"
        hint={huyenAllowed ? undefined : 'Từ 01/7/2025 chính quyền địa phương hai cấp: không còn cấp huyện.'}
      >
        <Select value={effectiveLevel} onChange={(_, d) => setLevel(d.value as Level)} aria-label="Cấp báo cáo">
          {levels.map((l) => (
            <option key={l} value={l}>
              {LEVEL_LABELS[l]}
            </option>
          ))}
        </Select>
      </Field>
      <div className={styles.row}>
        <Field label="Kỳ báo cáo">
          <Select
            value={kind}
            aria-label="Kỳ báo cáo"
            onChange={(_, d) => {
              setKind(d.value as PeriodKind);
              setEdited({});
            }}
          >
            {PERIOD_KINDS.map((k) => (
              <option key={k} value={k}>
                {PERIOD_LABELS[k]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Năm" validationMessage={yearValid ? undefined : 'Năm từ 2015 đến 2100.'}>
          <Input
            value={year}
            aria-label="Năm"
            inputMode="numeric"
            onChange={(_, d) => {
              setYear(d.value);
              setEdited({});
            }}
          />
        </Field>
      </div>
      <div className={styles.row}>
        <Field label="Số liệu từ ngày" validationMessage={windowError}>
          <Input
            value={fromText}
            aria-label="Số liệu từ ngày"
            placeholder="dd/mm/yyyy"
            onChange={(_, d) => setEdited((e) => ({ ...e, from: d.value }))}
          />
        </Field>
        <Field label="Đến ngày" validationMessage={to ? undefined : 'Ngày không hợp lệ (dd/mm/yyyy).'}>
          <Input
            value={toText}
            aria-label="Đến ngày"
            placeholder="dd/mm/yyyy"
            onChange={(_, d) => setEdited((e) => ({ ...e, to: d.value }))}
          />
        </Field>
      </div>
      <Caption1 className={styles.hint}>
        Mặc định theo kỳ: từ 15/12 năm trước (Quý III: từ 15/6) đến ngày 14 của tháng cuối kỳ; có thể sửa nếu đơn vị
        dùng mốc khác.
      </Caption1>
      <Button appearance="primary" type="submit" disabled={!canInject} {...restoreFocusHere}>
        Chèn biểu mẫu
      </Button>
      <Caption1 className={styles.hint}>
        {catalogTitle ? `Danh mục: ${catalogTitle}. ` : ''}Chèn lại bất cứ lúc nào: số liệu và nội dung đã nhập được giữ
        nguyên.
      </Caption1>
    </form>
  );
}
