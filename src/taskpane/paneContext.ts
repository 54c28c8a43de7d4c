import { createContext, useContext, type ReactNode } from 'react';
import type { Catalog } from '../domain/catalog/types';
import type { CellRef, ReportContext } from '../domain/figures';
import type { QuickFix } from '../domain/quickFixes';
import type { WorkbookPort } from '../office/port';
import type { CheckResult } from './usecases';

/**
 * What the pane shares with its tabs. It lives apart from App.tsx so the tabs (loaded on demand)
 * and App depend on this module, not on each other.
 */

export type PaneHost = 'excel' | 'word' | 'standalone';

/** A message at the top of the pane; with a cell, it carries a link that selects it. */
export interface Notice {
  intent: 'success' | 'warning' | 'error' | 'info';
  text: string;
  /** The cell or sheet the message is about, and the link's words ("Mở trang Tổng hợp"). */
  link?: { cell: CellRef; label: string };
}

/** What a tab gets to work with. */
export interface PaneContext {
  host: PaneHost;
  port: WorkbookPort | null;
  catalog: Catalog;
  check: CheckResult | null;
  busy: boolean;
  today?: Date;
  inject(ctx: ReportContext): Promise<void>;
  checkAll(): Promise<void>;
  /** Goes to a cell: in Excel the sheet is activated and the range selected; in standalone the grid moves there. */
  select(cell: CellRef): void;
  /** Writes a quick fix as the user's own entry; the live check then clears its finding. */
  fix?(fix: QuickFix): Promise<void>;
  notify(intent: Notice['intent'], text: string, link?: Notice['link']): void;
}

export interface PaneTab {
  id: string;
  label: string;
  hosts: PaneHost[];
  render(ctx: PaneContext): ReactNode;
}

/** The context of the pane, for components deep in a tab (cell links) that are not handed it. */
export const PaneContextValue = createContext<PaneContext | null>(null);

export function usePane(): PaneContext | null {
  return useContext(PaneContextValue);
}
