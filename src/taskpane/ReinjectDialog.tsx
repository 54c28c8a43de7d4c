import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { CellRef } from '../domain/figures';
import { formatCount } from '../domain/format';
import { META_SHEET } from '../domain/layout';
import type { InjectionPreview } from './injection';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, wordBreak: 'break-word' },
});

const at = (c: CellRef) => `${c.sheet}!${c.address}`;
const count = (n: number, noun: string) => (n ? `${formatCount(n)} ${noun}` : `không có ${noun}`);

/** True when the workbook already has forms: injecting again rewrites them, so the user sees the diff first. */
export function isReinjection(preview: InjectionPreview): boolean {
  return preview.sheets.some((s) => !s.created);
}

export interface ReinjectDialogProps {
  preview: InjectionPreview;
  onConfirm(): void;
  onCancel(): void;
}

/** What a re-injection will do, before anything is written: "Chèn lại" applies it, "Hủy" or Escape writes nothing. */
export function ReinjectDialog({ preview, onConfirm, onCancel }: ReinjectDialogProps) {
  const styles = useStyles();
  const forms = preview.sheets.filter((s) => s.canonical !== META_SHEET);
  const rewritten = forms.filter((s) => !s.created).map((s) => s.actual);
  const added = forms.filter((s) => s.created).map((s) => s.actual);
  const { figures, notes, texts, details } = preview.kept;
  const lost = preview.dropped.filter(
    (d) => !preview.moved.some((m) => m.from.sheet === d.cell.sheet && m.from.address === d.cell.address),
  );
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface aria-label="Chèn lại biểu mẫu">
        <DialogBody>
          <DialogTitle>Chèn lại biểu mẫu?</DialogTitle>
          <DialogContent>
            <Body1 as="p" data-testid="reinject-forms">
              Viết lại {count(rewritten.length, 'biểu mẫu')}: {rewritten.join(', ')}.
              {added.length > 0 && ` Thêm ${count(added.length, 'trang mới')}: ${added.join(', ')}.`}
            </Body1>
            <Body1 as="p" data-testid="reinject-kept">
              Giữ nguyên {count(figures, 'số liệu')}, {count(notes, 'ghi chú')}, {count(texts, 'mục nội dung')} và{' '}
              {count(details, 'mục thông tin')} đã nhập (cả định dạng và công thức).
            </Body1>
            {preview.moved.length > 0 && (
              <>
                <Body1 as="p">
                  {formatCount(preview.moved.length)} ô bạn tự nhập trong biểu mẫu được chuyển xuống dưới biểu mẫu, giữ
                  nguyên như đã nhập:
                </Body1>
                <ul className={styles.list} aria-label="Ô được chuyển">
                  {preview.moved.map((m) => (
                    <li key={at(m.from)}>
                      {at(m.from)} → {at(m.to)}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {lost.length > 0 && (
              <>
                <Body1 as="p">Không giữ được (chỉ tiêu không còn trong danh mục); hãy ghi lại nếu cần:</Body1>
                <ul className={styles.list} aria-label="Không giữ được">
                  {lost.map((d) => (
                    <li key={at(d.cell)}>
                      {at(d.cell)}: &quot;{String(d.value)}&quot;
                    </li>
                  ))}
                </ul>
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onConfirm}>
              Chèn lại
            </Button>
            <Button onClick={onCancel}>Hủy</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
