import { makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { boxAddress, cellAddress, colName, parseCell } from '../../office/a1';
import type { GridPort } from './deferredPort';

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', minHeight: 0, flex: '1 1 auto' },
  tabs: {
    display: 'flex',
    gap: '2px',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    flexWrap: 'wrap',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  tab: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusSmall,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    padding: '2px 10px',
    cursor: 'pointer',
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase200,
  },
  tabActive: {
    backgroundColor: tokens.colorBrandBackground2,
    borderTopColor: tokens.colorBrandStroke1,
    fontWeight: tokens.fontWeightSemibold,
  },
  bar: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    padding: `2px ${tokens.spacingHorizontalS}`,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    minHeight: '22px',
  },
  message: { color: tokens.colorPaletteRedForeground1, fontFamily: tokens.fontFamilyBase },
  scroller: { overflow: 'auto', flex: '1 1 auto', backgroundColor: '#ffffff', minHeight: '120px' },
  table: {
    borderCollapse: 'separate',
    borderSpacing: 0,
    outline: 'none',
    // The focus ring of the grid: the active cell's frame turns thick and blue while the grid has the keyboard.
    ':focus-visible [data-active="true"]': { boxShadow: `inset 0 0 0 3px ${tokens.colorStrokeFocus2}` },
    tableLayout: 'fixed',
    fontFamily: tokens.fontFamilyBase,
    fontSize: '12px',
    color: '#000000',
  },
  head: {
    backgroundColor: '#f3f3f3',
    color: '#555555',
    textAlign: 'center',
    border: '1px solid #d4d4d4',
    fontWeight: 'normal',
    position: 'sticky',
    top: 0,
    zIndex: 1,
  },
  rowHead: {
    backgroundColor: '#f3f3f3',
    color: '#555555',
    textAlign: 'center',
    border: '1px solid #d4d4d4',
    position: 'sticky',
    left: 0,
  },
  cell: {
    border: '1px solid #e1e1e1',
    padding: '1px 4px',
    overflow: 'hidden',
    verticalAlign: 'middle',
    cursor: 'cell',
    height: '20px',
  },
  selected: { boxShadow: 'inset 0 0 0 2px #217346' },
  inRange: { backgroundImage: 'linear-gradient(rgba(33, 115, 70, 0.14), rgba(33, 115, 70, 0.14))' },
  frozen: { position: 'sticky', zIndex: 1, backgroundColor: '#ffffff' },
  prompt: {
    fontFamily: tokens.fontFamilyBase,
    color: tokens.colorNeutralForeground2,
    backgroundColor: tokens.colorNeutralBackground3,
    padding: '0 6px',
    borderRadius: tokens.borderRadiusSmall,
  },
  editor: {
    width: '100%',
    boxSizing: 'border-box',
    border: 'none',
    outline: 'none',
    font: 'inherit',
    padding: 0,
    backgroundColor: '#ffffff',
  },
});

/** Text pasted from a spreadsheet: rows by line, cells by tab. */
export function parseClipboard(text: string): string[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => line.split('\t'));
}

/** A block of cells as a spreadsheet copies it: cells by tab, rows by line. */
export function toClipboard(rows: string[][]): string {
  return rows.map((r) => r.join('\t')).join('\r\n') + '\r\n';
}

export interface GridProps {
  port: GridPort;
}

interface Pos {
  row: number;
  col: number;
}

/** Excel's default column width (8.43 characters) and how many pixels a character takes. */
const DEFAULT_WIDTH = 8.43;
const px = (chars: number) => Math.round(Math.max(chars, 2) * 7 + 6);
const ROW_HEAD = 40;
const PAGE_ROWS = 20;

/**
 * The workbook of standalone mode: sheet tabs and the used range of the active sheet, drawn at
 * the planned column widths (it scrolls sideways) with the file's frozen panes. Keys as in Excel:
 * arrows, Tab/Shift+Tab, Enter/Shift+Enter, PageUp/PageDown, Home, Ctrl+Home/Ctrl+End,
 * Ctrl+arrows to the edge of the data (Tab leaves the grid past its first or last column), Shift to extend a range, F2 or typing to edit, Esc to
 * cancel, Delete to clear, Ctrl+C/Ctrl+V, Ctrl+Z, Alt+Down for a cell's choices. One role="grid"
 * with rows and gridcells; the active cell is the grid's aria-activedescendant. Each cell carries
 * data-address for tests.
 */
export function Grid({ port }: GridProps) {
  const styles = useStyles();
  const [version, setVersion] = useState(0);
  const [chosen, setChosen] = useState<string | null>(null);
  const [sel, setSel] = useState<Pos>({ row: 1, col: 1 });
  const [anchor, setAnchor] = useState<Pos | null>(null);
  const [editing, setEditingState] = useState<string | null>(null);
  // The text being edited, also kept in a ref: Enter and the blur that follows must commit once.
  const editRef = useRef<string | null>(null);
  const setEditing = (text: string | null) => {
    editRef.current = text;
    setEditingState(text);
  };
  const [message, setMessage] = useState<string | null>(null);
  const grid = useRef<HTMLTableElement>(null);
  const choicesRef = useRef<HTMLSelectElement>(null);
  const [frozenTops, setFrozenTops] = useState<number[]>([]);

  useEffect(() => port.onChange(() => setVersion((v) => v + 1)), [port]);
  useEffect(
    () =>
      port.onSelect((s) => {
        const p = parseCell(s.address.split(':')[0]);
        setChosen(s.sheet);
        if (p) setSel(p);
        setAnchor(null);
        setEditing(null);
        setMessage(null);
        grid.current?.focus();
      }),
    [port],
  );

  // The port is mutable: `version` counts its changes.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const sheets = useMemo(() => port.visibleSheets(), [port, version]);
  const sheet = chosen && sheets.includes(chosen) ? chosen : sheets[0];
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const view = useMemo(() => (sheet ? port.view(sheet) : null), [port, sheet, version]);
  const address = cellAddress(sel.row, sel.col);
  const current = view?.cells[sel.row - 1]?.[sel.col - 1];
  const frozenRows = Math.min(view?.frozen?.rows ?? 0, view?.rows ?? 0);
  const frozenCols = Math.min(view?.frozen?.cols ?? 0, view?.cols ?? 0);
  const idPrefix = `o-${(sheet ?? '').replace(/[^A-Za-z0-9]/g, '_')}-`;

  useEffect(() => {
    const el = grid.current?.querySelector(`[data-address="${address}"]`) as
      (HTMLElement & { scrollIntoView?: (o?: unknown) => void }) | null;
    el?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [address, sheet]);

  // Frozen rows stick below the column headings: each at the height of the rows above it.
  useLayoutEffect(() => {
    const rows = grid.current?.querySelectorAll('tbody > tr');
    const head = grid.current?.querySelector('thead > tr') as HTMLElement | null;
    if (!rows || !frozenRows) return setFrozenTops((t) => (t.length ? [] : t));
    let top = head?.offsetHeight || 21;
    const tops: number[] = [];
    for (let r = 0; r < frozenRows; r++) {
      tops.push(top);
      top += (rows[r] as HTMLElement | undefined)?.offsetHeight || 21;
    }
    setFrozenTops((t) => (t.join() === tops.join() ? t : tops));
  }, [view, frozenRows]);

  if (!view || !sheet) return null;
  const lastRow = view.rows + 50;
  const lastCol = view.cols + 10;
  const clamp = (p: Pos): Pos => ({
    row: Math.max(1, Math.min(lastRow, p.row)),
    col: Math.max(1, Math.min(lastCol, p.col)),
  });
  const filled = (row: number, col: number) => {
    const c = view.cells[row - 1]?.[col - 1];
    return !!c && !c.hidden && c.text !== '';
  };
  /** Ctrl+arrow: to the edge of the block of filled cells, or to the next filled cell, as in Excel. */
  const edge = (from: Pos, dr: number, dc: number): Pos => {
    const limitR = dr > 0 ? view.rows : 1;
    const limitC = dc > 0 ? view.cols : 1;
    let { row, col } = from;
    const step = () => ({ row: row + dr, col: col + dc });
    const inside = (p: Pos) =>
      dr ? (dr > 0 ? p.row <= limitR : p.row >= limitR) : dc > 0 ? p.col <= limitC : p.col >= limitC;
    const next = step();
    if (!inside(next))
      return clamp(next.row < 1 || next.col < 1 ? from : { row: dr ? limitR : row, col: dc ? limitC : col });
    if (filled(row, col) && filled(next.row, next.col)) {
      while (inside(step()) && filled(step().row, step().col)) ({ row, col } = step());
      return { row, col };
    }
    ({ row, col } = next);
    while (!filled(row, col) && inside(step())) ({ row, col } = step());
    return { row, col };
  };
  const box = (() => {
    const a = anchor ?? sel;
    return {
      top: Math.min(a.row, sel.row),
      bottom: Math.max(a.row, sel.row),
      left: Math.min(a.col, sel.col),
      right: Math.max(a.col, sel.col),
    };
  })();
  const inBox = (r: number, c: number) => r >= box.top && r <= box.bottom && c >= box.left && c <= box.right;

  /** A cell a merged cell covers stands for the merged cell: its first cell is the active one, as in Excel. */
  const drawn = (p: Pos): Pos => {
    const into = view.cells[p.row - 1]?.[p.col - 1]?.mergedInto;
    return (into && parseCell(into)) || p;
  };
  /** The next cell from the selection in a direction; from a merged cell, past its far edge. */
  const beside = (dr: number, dc: number): Pos => {
    const c = view.cells[sel.row - 1]?.[sel.col - 1];
    return {
      row: sel.row + dr + (dr > 0 ? (c?.rowSpan ?? 1) - 1 : 0),
      col: sel.col + dc + (dc > 0 ? (c?.colSpan ?? 1) - 1 : 0),
    };
  };

  const go = (to: Pos, extend: boolean) => {
    if (extend) setAnchor((a) => a ?? sel);
    else setAnchor(null);
    setSel(drawn(clamp(to)));
    setMessage(null);
  };

  const editable = () => {
    if (view.protected && (current ? current.locked : true)) {
      setMessage(`Ô ${sheet}!${address} được khóa (tiêu đề hoặc ô tính sẵn). Chỉ nhập vào các ô màu vàng.`);
      return false;
    }
    return true;
  };

  const write = (text: string | null, dr: number, dc: number) => {
    const outcome = port.edit(sheet, address, [[text]], 'type');
    if (!outcome.ok) {
      // Refused as Excel refuses: the value stays in the editor to be corrected.
      setMessage(outcome.message ?? null);
      return false;
    }
    setMessage(null);
    go(beside(dr, dc), false);
    return true;
  };

  /** Ends the edit with the typed value; false when the cell refused it (the editor stays open). */
  const commit = (dr = 1, dc = 0): boolean => {
    const text = editRef.current;
    if (text === null) return true;
    if (!write(text, dr, dc)) return false;
    setEditing(null);
    grid.current?.focus();
    return true;
  };

  const copy = (): string => {
    const rows: string[][] = [];
    for (let r = box.top; r <= box.bottom; r++) {
      const row: string[] = [];
      for (let c = box.left; c <= box.right; c++) {
        const cell = view.cells[r - 1]?.[c - 1];
        row.push(cell && !cell.hidden ? cell.text : '');
      }
      rows.push(row);
    }
    return toClipboard(rows);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    if (editing !== null) return;
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && (e.key === 'z' || e.key === 'Z')) {
      e.preventDefault();
      const outcome = port.undo();
      setMessage(outcome.ok ? null : (outcome.message ?? null));
      return;
    }
    if (e.altKey && e.key === 'ArrowDown' && current?.choices) {
      e.preventDefault();
      choicesRef.current?.focus();
      return;
    }
    const arrows: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    if (arrows[e.key] && !e.altKey) {
      e.preventDefault();
      const [dr, dc] = arrows[e.key];
      go(ctrl ? edge(sel, dr, dc) : beside(dr, dc), e.shiftKey);
      return;
    }
    if (e.key === 'Tab' && !ctrl && !e.altKey) {
      // Tab moves a cell as in Excel, but never traps the keyboard: from the first column
      // Shift+Tab, and from the last column of the sheet Tab, go on to the rest of the page.
      if (e.shiftKey ? sel.col <= 1 : beside(0, 1).col > view.cols) return;
      e.preventDefault();
      go(beside(0, e.shiftKey ? -1 : 1), false);
      return;
    }
    if (e.key === 'Enter' && !ctrl && !e.altKey) {
      e.preventDefault();
      go(beside(e.shiftKey ? -1 : 1, 0), false);
      return;
    }
    if (e.key === 'PageDown' || e.key === 'PageUp') {
      e.preventDefault();
      go({ row: sel.row + (e.key === 'PageDown' ? PAGE_ROWS : -PAGE_ROWS), col: sel.col }, e.shiftKey);
      return;
    }
    if (e.key === 'Home') {
      e.preventDefault();
      go(ctrl ? { row: 1, col: 1 } : { row: sel.row, col: 1 }, e.shiftKey);
      return;
    }
    if (e.key === 'End' && ctrl) {
      e.preventDefault();
      go({ row: view.rows, col: view.cols }, e.shiftKey);
      return;
    }
    if (ctrl || e.altKey) return;
    if (e.key === 'F2') {
      e.preventDefault();
      if (editable()) setEditing(current?.raw === null || current?.raw === undefined ? '' : String(current.raw));
      return;
    }
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      if (editable()) {
        const rows = box.bottom - box.top + 1;
        const cols = box.right - box.left + 1;
        const blank = Array.from({ length: rows }, () => Array.from({ length: cols }, () => null));
        const outcome = port.edit(sheet, cellAddress(box.top, box.left), blank);
        setMessage(outcome.ok ? null : (outcome.message ?? null));
      }
      return;
    }
    if (e.key.length === 1) {
      e.preventDefault();
      if (editable()) setEditing(e.key);
    }
  };

  const stickyLeft = (c: number) => {
    let left = ROW_HEAD;
    for (let i = 0; i < c - 1; i++) left += px(view.widths[i] ?? DEFAULT_WIDTH);
    return left;
  };
  const tableWidth = view.widths.reduce((sum, w) => sum + px(w ?? DEFAULT_WIDTH), ROW_HEAD);
  const activeId = `${idPrefix}${address}`;

  const selectSheet = (s: string) => {
    setChosen(s);
    setSel({ row: 1, col: 1 });
    setAnchor(null);
    setEditing(null);
    setMessage(null);
  };

  return (
    <div className={styles.wrap}>
      <div className={styles.tabs} role="tablist" aria-label="Các trang tính">
        {sheets.map((s, i) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={s === sheet}
            tabIndex={s === sheet ? 0 : -1}
            data-sheet={s}
            className={`${styles.tab} ${s === sheet ? styles.tabActive : ''}`}
            onClick={() => selectSheet(s)}
            onKeyDown={(e) => {
              // One tab stop for the sheet tabs; arrows move between them, as in a tab list.
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              const to = e.key === 'Home' ? 0 : e.key === 'End' ? sheets.length - 1 : step ? i + step : -1;
              if (to < 0 || to >= sheets.length) return;
              e.preventDefault();
              selectSheet(sheets[to]);
              const next = e.currentTarget.parentElement?.querySelector(
                `[data-sheet="${CSS.escape(sheets[to])}"]`,
              ) as HTMLElement | null;
              next?.focus();
            }}
          >
            {s}
          </button>
        ))}
      </div>
      <div className={styles.bar}>
        <span data-testid="grid-address">
          {sheet}!{boxAddress(box)}
        </span>
        {current?.choices && !current.locked ? (
          <select
            ref={choicesRef}
            aria-label={`Chọn giá trị cho ô ${address}`}
            value={current.raw === null || current.raw === undefined ? '' : String(current.raw)}
            onChange={(e) => {
              const outcome = port.edit(sheet, address, [[e.target.value === '' ? null : e.target.value]], 'type');
              setMessage(outcome.ok ? null : (outcome.message ?? null));
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape' || e.key === 'Enter') {
                e.preventDefault();
                grid.current?.focus();
              }
            }}
          >
            <option value="">(trống)</option>
            {current.choices.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        ) : (
          <span>
            {current?.isFormula ? '(công thức) ' : ''}
            {current?.raw === null || current?.raw === undefined ? '' : String(current.raw)}
          </span>
        )}
        {current?.prompt && !message && (
          <span className={styles.prompt} role="note" id={`${idPrefix}prompt`}>
            {current.prompt.title ? `${current.prompt.title}: ` : ''}
            {current.prompt.text}
          </span>
        )}
        {message && (
          <span className={styles.message} role="alert">
            {message}
          </span>
        )}
      </div>
      <div className={styles.scroller}>
        <table
          ref={grid}
          className={styles.table}
          style={{ width: `${tableWidth}px` }}
          tabIndex={0}
          role="grid"
          aria-label={`Trang tính ${sheet}`}
          aria-rowcount={view.rows + 1}
          aria-colcount={view.cols + 1}
          aria-multiselectable="true"
          aria-activedescendant={activeId}
          data-sheet={sheet}
          onKeyDown={onKeyDown}
          onCopy={(e) => {
            if (editing !== null) return;
            e.preventDefault();
            e.clipboardData.setData('text/plain', copy());
          }}
          onPaste={(e) => {
            if (editing !== null) return;
            const text = e.clipboardData.getData('text/plain');
            if (!text) return;
            e.preventDefault();
            const outcome = port.edit(sheet, cellAddress(box.top, box.left), parseClipboard(text), 'paste');
            setMessage(outcome.ok ? null : (outcome.message ?? null));
          }}
        >
          <colgroup>
            <col style={{ width: `${ROW_HEAD}px` }} />
            {view.widths.map((w, i) => (
              <col key={i} style={{ width: `${px(w ?? DEFAULT_WIDTH)}px` }} />
            ))}
          </colgroup>
          <thead>
            <tr role="row">
              <th
                className={styles.head}
                style={{ left: 0, zIndex: 3 }}
                aria-label="Góc trang tính"
                role="columnheader"
              />
              {view.widths.map((_, i) => (
                <th
                  key={i}
                  className={styles.head}
                  role="columnheader"
                  style={i < frozenCols ? { left: `${stickyLeft(i + 1)}px`, zIndex: 3 } : undefined}
                >
                  {colName(i + 1)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.cells.map((row, r) => {
              const top = r < frozenRows ? frozenTops[r] : undefined;
              return (
                <tr key={r} role="row" aria-rowindex={r + 2}>
                  <th
                    className={styles.rowHead}
                    role="rowheader"
                    style={top !== undefined ? { top: `${top}px`, zIndex: 2 } : undefined}
                  >
                    {r + 1}
                  </th>
                  {row.map((cell, c) => {
                    if (cell.hidden) return null;
                    const isSel = r + 1 === sel.row && c + 1 === sel.col;
                    const picked = inBox(r + 1, c + 1);
                    const frozenCol = c < frozenCols;
                    const sticky = top !== undefined || frozenCol;
                    return (
                      <td
                        key={cell.address}
                        id={`${idPrefix}${cell.address}`}
                        role="gridcell"
                        aria-selected={picked}
                        aria-readonly={view.protected && cell.locked ? true : undefined}
                        // A screen reader reads the cell's input message with it, as Excel shows it beside the cell.
                        aria-describedby={isSel && cell.prompt && !message ? `${idPrefix}prompt` : undefined}
                        data-address={cell.address}
                        data-selected={isSel ? 'true' : undefined}
                        data-active={isSel ? 'true' : undefined}
                        colSpan={cell.colSpan}
                        rowSpan={cell.rowSpan}
                        className={`${styles.cell} ${isSel ? styles.selected : ''} ${picked && !isSel ? styles.inRange : ''} ${sticky ? styles.frozen : ''}`}
                        style={{
                          backgroundColor: cell.fill ?? (sticky ? '#ffffff' : undefined),
                          color: cell.color,
                          fontWeight: cell.bold ? 700 : undefined,
                          fontStyle: cell.italic ? 'italic' : undefined,
                          textAlign: cell.align ?? (typeof cell.raw === 'number' ? 'right' : undefined),
                          whiteSpace: cell.wrap ? 'pre-wrap' : 'nowrap',
                          top: top !== undefined ? `${top}px` : undefined,
                          left: frozenCol ? `${stickyLeft(c + 1)}px` : undefined,
                          zIndex: top !== undefined && frozenCol ? 2 : undefined,
                        }}
                        onMouseDown={(e) => {
                          if (!isSel && !commit(0, 0)) return;
                          go({ row: r + 1, col: c + 1 }, e.shiftKey);
                        }}
                        onDoubleClick={() => {
                          if (editable()) setEditing(cell.raw === null ? '' : String(cell.raw));
                        }}
                      >
                        {isSel && editing !== null ? (
                          <input
                            className={styles.editor}
                            autoFocus
                            aria-label={`Sửa ô ${address}`}
                            value={editing}
                            onChange={(e) => setEditing(e.target.value)}
                            onKeyDown={(e) => {
                              if (e.key === 'Enter') {
                                e.preventDefault();
                                commit(e.shiftKey ? -1 : 1, 0);
                              } else if (e.key === 'Tab') {
                                e.preventDefault();
                                commit(0, e.shiftKey ? -1 : 1);
                              } else if (e.key === 'Escape') {
                                e.preventDefault();
                                setEditing(null);
                                setMessage(null);
                                grid.current?.focus();
                              }
                            }}
                            onBlur={() => {
                              // Leaving a refused value: put the cell back, as Excel's "Hủy" does.
                              if (editRef.current === null) return;
                              const outcome = port.edit(sheet, address, [[editRef.current]], 'type');
                              if (!outcome.ok) setMessage(outcome.message ?? null);
                              setEditing(null);
                            }}
                          />
                        ) : (
                          cell.text
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
