import { Link } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { CellRef } from '../domain/figures';
import { usePane } from './paneContext';

export function cellLabel(cell: CellRef): string {
  return `${cell.sheet}!${cell.address}`;
}

export interface CellLinkProps {
  cell: CellRef;
  /** The link's words; "Ô Phụ lục I!D9" when not given. */
  children?: ReactNode;
  /** Where the link goes; the pane's own `select` when not given. */
  onSelect?(cell: CellRef): void;
  /** Called after selecting (a dialog closes itself). */
  onFollowed?(): void;
}

/**
 * A cell named in a message, as a link (a button for assistive technology) that selects the cell
 * through the port: in Excel the sheet is activated and the range selected, in standalone mode the
 * grid moves there. Without a way to select, the cell is named as plain text.
 */
export function CellLink({ cell, children, onSelect, onFollowed }: CellLinkProps) {
  const pane = usePane();
  // In Word the pane has no workbook to go to.
  const select = onSelect ?? (pane?.port ? pane.select : undefined);
  const words = children ?? `Ô ${cellLabel(cell)}`;
  if (!select) return <span>{words}</span>;
  return (
    <Link
      as="button"
      type="button"
      data-cell={cellLabel(cell)}
      title={`Chọn ô ${cellLabel(cell)}`}
      onClick={() => {
        select(cell);
        onFollowed?.();
      }}
    >
      {words}
    </Link>
  );
}
