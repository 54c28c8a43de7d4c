import { makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { cellAddress, colName, parseCell } from '../../office/a1';
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
  scroller: { overflow: 'auto', flex: '1 1 auto', outline: 'none', backgroundColor: '#ffffff' },
  table: {
    borderCollapse: 'collapse',
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

export interface GridProps {
  port: GridPort;
}

/**
 * The workbook of standalone mode: sheet tabs and the used range of the active sheet.
 * Type or press Enter to edit, Enter to commit, Esc to cancel, Delete to clear, Ctrl+V to
 * paste a block, Ctrl+Z to undo. Each cell carries data-address for tests.
 */
export function Grid({ port }: GridProps) {
  const styles = useStyles();
  const [version, setVersion] = useState(0);
  const [chosen, setChosen] = useState<string | null>(null);
  const [sel, setSel] = useState({ row: 1, col: 1 });
  const [editing, setEditingState] = useState<string | null>(null);
  // The text being edited, also kept in a ref: Enter and the blur that follows must commit once.
  const editRef = useRef<string | null>(null);
  const setEditing = (text: string | null) => {
    editRef.current = text;
    setEditingState(text);
  };
  const [message, setMessage] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => port.onChange(() => setVersion((v) => v + 1)), [port]);
  useEffect(
    () =>
      port.onSelect((s) => {
        const p = parseCell(s.address.split(':')[0]);
        setChosen(s.sheet);
        if (p) setSel(p);
        setEditing(null);
        setMessage(null);
        scroller.current?.focus();
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

  useEffect(() => {
    const el = scroller.current?.querySelector(`[data-address="${address}"]`) as
      (HTMLElement & { scrollIntoView?: (o?: unknown) => void }) | null;
    el?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [address, sheet]);

  if (!view || !sheet) return null;

  const move = (dr: number, dc: number) =>
    setSel((s) => ({
      row: Math.max(1, Math.min(view.rows + 50, s.row + dr)),
      col: Math.max(1, Math.min(view.cols + 10, s.col + dc)),
    }));

  const editable = () => {
    if (view.protected && (current ? current.locked : true)) {
      setMessage(`Ô ${sheet}!${address} được khóa (tiêu đề hoặc ô tính sẵn). Chỉ nhập vào các ô màu vàng.`);
      return false;
    }
    return true;
  };

  const write = (text: string | null, dr: number, dc: number) => {
    const outcome = port.edit(sheet, address, [[text]], 'type');
    setMessage(outcome.ok ? null : (outcome.message ?? null));
    move(dr, dc);
  };

  const commit = (dr = 1, dc = 0) => {
    const text = editRef.current;
    if (text === null) return;
    setEditing(null);
    write(text, dr, dc);
    scroller.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (editing !== null) return;
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && (e.key === 'z' || e.key === 'Z')) {
      e.preventDefault();
      const outcome = port.undo();
      setMessage(outcome.ok ? null : (outcome.message ?? null));
      return;
    }
    if (ctrl || e.altKey) return;
    const arrows: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      Tab: [0, e.shiftKey ? -1 : 1],
    };
    if (arrows[e.key]) {
      e.preventDefault();
      move(...arrows[e.key]);
      return;
    }
    if (e.key === 'Enter' || e.key === 'F2') {
      e.preventDefault();
      if (editable()) setEditing(current?.raw === null || current?.raw === undefined ? '' : String(current.raw));
      return;
    }
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      if (editable()) write(null, 0, 0);
      return;
    }
    if (e.key.length === 1) {
      e.preventDefault();
      if (editable()) setEditing(e.key);
    }
  };

  return (
    <div className={styles.wrap}>
      <div className={styles.tabs} role="tablist" aria-label="Các trang tính">
        {sheets.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={s === sheet}
            data-sheet={s}
            className={`${styles.tab} ${s === sheet ? styles.tabActive : ''}`}
            onClick={() => {
              setChosen(s);
              setSel({ row: 1, col: 1 });
              setEditing(null);
              setMessage(null);
            }}
          >
            {s}
          </button>
        ))}
      </div>
      <div className={styles.bar}>
        <span data-testid="grid-address">
          {sheet}!{address}
        </span>
        <span>
          {current?.isFormula ? '(công thức) ' : ''}
          {current?.raw === null || current?.raw === undefined ? '' : String(current.raw)}
        </span>
        {message && (
          <span className={styles.message} role="alert">
            {message}
          </span>
        )}
      </div>
      <div
        ref={scroller}
        className={styles.scroller}
        tabIndex={0}
        role="grid"
        aria-label={`Trang tính ${sheet}`}
        data-sheet={sheet}
        onKeyDown={onKeyDown}
        onPaste={(e) => {
          if (editing !== null) return;
          const text = e.clipboardData.getData('text/plain');
          if (!text) return;
          e.preventDefault();
          const outcome = port.edit(sheet, address, parseClipboard(text));
          setMessage(outcome.ok ? null : (outcome.message ?? null));
        }}
      >
        <table className={styles.table}>
          <colgroup>
            <col style={{ width: '40px' }} />
            {view.widths.map((w, i) => (
              <col key={i} style={{ width: `${Math.round(Math.max(w, 2) * 7 + 6)}px` }} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th className={styles.head} />
              {view.widths.map((_, i) => (
                <th key={i} className={styles.head} scope="col">
                  {colName(i + 1)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.cells.map((row, r) => (
              <tr key={r}>
                <th className={styles.rowHead} scope="row">
                  {r + 1}
                </th>
                {row.map((cell, c) => {
                  if (cell.hidden) return null;
                  const isSel = r + 1 === sel.row && c + 1 === sel.col;
                  return (
                    <td
                      key={cell.address}
                      data-address={cell.address}
                      data-selected={isSel ? 'true' : undefined}
                      colSpan={cell.colSpan}
                      rowSpan={cell.rowSpan}
                      className={`${styles.cell} ${isSel ? styles.selected : ''}`}
                      style={{
                        backgroundColor: cell.fill,
                        color: cell.color,
                        fontWeight: cell.bold ? 700 : undefined,
                        fontStyle: cell.italic ? 'italic' : undefined,
                        textAlign: cell.align ?? (typeof cell.raw === 'number' ? 'right' : undefined),
                        whiteSpace: cell.wrap ? 'pre-wrap' : 'nowrap',
                      }}
                      onMouseDown={() => {
                        if (!isSel) commit(0, 0);
                        setSel({ row: r + 1, col: c + 1 });
                        setMessage(null);
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
                              commit();
                            } else if (e.key === 'Tab') {
                              e.preventDefault();
                              commit(0, e.shiftKey ? -1 : 1);
                            } else if (e.key === 'Escape') {
                              e.preventDefault();
                              setEditing(null);
                              scroller.current?.focus();
                            }
                          }}
                          onBlur={() => commit(0, 0)}
                        />
                      ) : (
                        cell.text
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
