import ExcelJS from 'exceljs';
import type { CellRef } from '../../domain/figures';
import { formatDateShort, formatNumber, isoFromDate } from '../../domain/format';
import { META_SHEET, type WorkbookPlan } from '../../domain/layout';
import { isFormulaCell } from '../../io/cellText';
import { cellScalar, parseNumberText } from '../../io/figureText';
import { definedCells } from '../../io/readWorkbook';
import { openWorkbook } from '../../io/safeOpen';
import { writeSheet } from '../../io/xlsxTemplate';
import { boxAddress, cellAddress, parseCell, type Box } from '../../office/a1';
import { listChoices, refusalOf } from './dataValidation';
import type {
  ApplyOptions,
  ComputedResult,
  EditHandler,
  FiguresWritten,
  InjectionReport,
  NamedValue,
  RawValue,
  ReadOptions,
  SheetGrid,
  StatusMark,
  WorkbookPort,
  WorkbookSnapshot,
} from '../../office/port';
import { FiguresNotWritten } from '../../office/port';

/**
 * The workbook port of standalone mode: an exceljs workbook held in memory, written with
 * the same writeSheet the CLI template uses and read back by defined names. The grid edits
 * through `edit`, which raises the same edit events Excel would.
 */

const PROTECT_OPTIONS = { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true };
/** The grid shows at most this much of a sheet. */
export const GRID_MAX_ROWS = 2000;
export const GRID_MAX_COLS = 52;

export interface GridCell {
  address: string;
  text: string;
  /** The raw value, for the editor. */
  raw: RawValue;
  isFormula: boolean;
  locked: boolean;
  bold?: boolean;
  italic?: boolean;
  fill?: string;
  color?: string;
  align?: 'left' | 'center' | 'right';
  wrap?: boolean;
  colSpan?: number;
  rowSpan?: number;
  /** Covered by a merged cell: not drawn. */
  hidden?: boolean;
  /** The merged cell that covers it (its first cell's address). */
  mergedInto?: string;
  /** The choices of a list validation (a drop-down in Excel). */
  choices?: string[];
  /** The data validation's input message, shown while the cell is selected. */
  prompt?: { title?: string; text: string };
}

export interface GridView {
  sheet: string;
  rows: number;
  cols: number;
  truncated: boolean;
  protected: boolean;
  widths: number[];
  /** Frozen panes of the sheet: rows above and columns left of the split stay in view. */
  frozen: { rows: number; cols: number } | null;
  cells: GridCell[][];
}

export interface EditOutcome {
  ok: boolean;
  message?: string;
}

/** A cell's value as the ports exchange it: formula results, rich text flattened, dates as dd/mm/yyyy. */
function rawOf(cell: ExcelJS.Cell): RawValue {
  const v = cellScalar(cell.value);
  if (v instanceof Date) return formatDateShort(isoFromDate(v));
  if (v !== null && typeof v === 'object') return v.error;
  return v;
}

function argb(color: unknown): string | undefined {
  const c = (color as { argb?: string } | undefined)?.argb;
  return c && c.length >= 6 ? `#${c.slice(-6)}` : undefined;
}

function display(cell: ExcelJS.Cell): string {
  const v = rawOf(cell);
  if (v === null) return '';
  if (typeof v === 'number') {
    const fmt = cell.numFmt ?? '';
    if (fmt.includes('%')) return `${formatNumber(v * 100, (/\.(0+)%/.exec(fmt)?.[1].length ?? 0) || 0)}%`;
    if (fmt.includes('0.00')) return formatNumber(v, 2);
    return formatNumber(v, 6);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return v;
}

/** exceljs keeps the protection flags on an untyped field. */
function isProtected(ws: ExcelJS.Worksheet): boolean {
  return !!(ws as unknown as { sheetProtection?: { sheet?: boolean } | null }).sheetProtection?.sheet;
}

function isLocked(cell: ExcelJS.Cell): boolean {
  return cell.protection?.locked !== false;
}

/** A sheet name not in `taken` (lower case), for a sheet on its way in or out. */
function spareName(base: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const name = `${base} ${n}`;
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}

/** Styles are plain data: a deep copy keeps the two workbooks from sharing objects. */
function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Copies a sheet of another workbook: values, styles, merges, widths, heights, frozen panes, filter. */
function copySheet(src: ExcelJS.Worksheet, dst: ExcelJS.Worksheet): void {
  const cols = src.columnCount;
  for (let c = 1; c <= cols; c++) {
    const width = src.getColumn(c).width;
    if (width) dst.getColumn(c).width = width;
  }
  if (src.views?.length) dst.views = src.views.map((v) => ({ ...v }));
  for (const range of src.model.merges ?? []) dst.mergeCells(range);
  // exceljs gives the cells of one style one object: each is copied once (a consolidation of a
  // thousand units has a few dozen styles over hundreds of thousands of cells), shared as in a workbook it opens.
  const styles = new Map<Partial<ExcelJS.Style>, Partial<ExcelJS.Style>>();
  src.eachRow({ includeEmpty: false }, (row, r) => {
    const out = dst.getRow(r);
    if (row.height) out.height = row.height;
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      const target = out.getCell(c);
      // A merged cell's value lives on its master; the others only carry the style.
      if (!cell.isMerged || cell.master === cell) target.value = cell.value;
      let style = styles.get(cell.style);
      if (!style) styles.set(cell.style, (style = clone(cell.style)));
      target.style = style;
    });
  });
  if (src.autoFilter) dst.autoFilter = clone(src.autoFilter);
  // The consolidation's data sheet stays out of sight, as in the file.
  if (src.state && src.state !== 'visible') dst.state = src.state;
}

/** The columns a planned sheet's block spans; the user's columns beyond it are theirs. */
function blockColumns(sheet: WorkbookPlan['sheets'][number]): number {
  let cols = sheet.widths.length;
  for (const c of sheet.cells) cols = Math.max(cols, parseCell(c.address)?.col ?? 0);
  return cols;
}

/** What the user keeps right of a form: cells (value and style) and column widths. */
interface BesideBlock {
  cells: { row: number; col: number; value: ExcelJS.CellValue; style: Partial<ExcelJS.Style> }[];
  widths: { col: number; width: number }[];
}

function besideBlock(ws: ExcelJS.Worksheet, cols: number): BesideBlock {
  const out: BesideBlock = { cells: [], widths: [] };
  ws.eachRow({ includeEmpty: false }, (row, r) =>
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (c > cols) out.cells.push({ row: r, col: c, value: cell.value, style: clone(cell.style) });
    }),
  );
  for (let c = cols + 1; c <= ws.columnCount; c++) {
    const width = ws.getColumn(c).width;
    if (width) out.widths.push({ col: c, width });
  }
  return out;
}

function putBeside(ws: ExcelJS.Worksheet, kept: BesideBlock): void {
  for (const { col, width } of kept.widths) ws.getColumn(col).width = width;
  for (const c of kept.cells) {
    const cell = ws.getCell(c.row, c.col);
    cell.value = c.value;
    cell.style = c.style;
  }
}

export class MemoryPort implements WorkbookPort {
  readonly mode = 'standalone' as const;
  readonly syncCount = 0;
  selection: { sheet: string; address: string } | null = null;
  private editHandlers = new Set<EditHandler>();
  private selectHandlers = new Set<(sel: { sheet: string; address: string }) => void>();
  private changeHandlers = new Set<() => void>();
  private undoStack: { sheet: string; box: Box; before: ExcelJS.CellValue[][] }[] = [];
  /** Work not yet saved to a file: the page asks before it is thrown away. */
  private dirty = false;

  constructor(
    public workbook: ExcelJS.Workbook,
    public fileName = 'bao-cao-cchc.xlsx',
  ) {}

  /** A blank workbook with one empty sheet, as Excel starts. */
  static blank(): MemoryPort {
    const wb = new ExcelJS.Workbook();
    wb.creator = 'CCHC';
    wb.addWorksheet('Trang tính 1');
    return new MemoryPort(wb);
  }

  /** Opens a file the user chose; refusals come as WorkbookRejected with a Vietnamese reason. */
  static async open(data: Uint8Array, fileName: string): Promise<MemoryPort> {
    return new MemoryPort(await openWorkbook(data, fileName), fileName);
  }

  async save(): Promise<Uint8Array> {
    this.workbook.calcProperties.fullCalcOnLoad = true;
    const bytes = new Uint8Array(await this.workbook.xlsx.writeBuffer());
    this.dirty = false;
    return bytes;
  }

  hasUnsavedWork(): boolean {
    return this.dirty;
  }

  // ---- WorkbookPort ----

  async sheetNames(): Promise<string[]> {
    return this.workbook.worksheets.map((w) => w.name);
  }

  /** Sheets the user sees (very hidden metadata excluded). */
  visibleSheets(): string[] {
    return this.workbook.worksheets.filter((w) => w.state === 'visible' || w.state === undefined).map((w) => w.name);
  }

  private snapshot(sheets: string[] | null, options: ReadOptions): WorkbookSnapshot {
    const all = this.workbook.worksheets.map((w) => w.name);
    const names: WorkbookSnapshot['names'] = {};
    const nameList: string[] = [];
    for (const [name, at] of definedCells(this.workbook)) {
      if (!name.startsWith('cchc_')) continue;
      nameList.push(name);
      if (all.includes(at.sheet)) names[name] = at;
    }
    const wanted = sheets ?? [
      ...new Set([...Object.values(names).map((c) => c.sheet), ...all.filter((s) => s === META_SHEET)]),
    ];
    const grids: Record<string, SheetGrid> = {};
    for (const name of wanted) {
      const ws = this.workbook.getWorksheet(name);
      if (ws) grids[name] = this.gridOf(ws, options);
    }
    return { sheets: all, names, nameList, grids };
  }

  /**
   * The sheet's cells as the ports exchange them. Sparse: rows and cells that hold nothing are
   * holes, so one cell at XFD1048576 costs one row, not a grid of 17 billion cells.
   */
  private gridOf(ws: ExcelJS.Worksheet, options: ReadOptions): SheetGrid {
    const values: RawValue[][] = [];
    const numFmts: string[][] = [];
    const formulas: (string | null)[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const vr: RawValue[] = [];
      const fr: string[] = [];
      const xr: (string | null)[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        vr[c - 1] = rawOf(cell);
        fr[c - 1] = cell.numFmt || 'General';
        xr[c - 1] = isFormulaCell(cell) ? `=${(cell.value as ExcelJS.CellFormulaValue).formula ?? ''}` : null;
      });
      values[r - 1] = vr;
      numFmts[r - 1] = fr;
      formulas[r - 1] = xr;
    });
    return { top: 1, left: 1, values, numFmts, formulas: options.formulas ? formulas : undefined };
  }

  async readInputs(options: ReadOptions = {}): Promise<WorkbookSnapshot> {
    return this.snapshot(null, options);
  }

  async readFormValues(sheets?: string[], options: ReadOptions = {}): Promise<WorkbookSnapshot> {
    return this.snapshot(sheets ?? null, options);
  }

  /**
   * Writes the plan all or nothing: into a copy of the workbook (saved and read back, as a file
   * would be), which replaces the workbook only once every step succeeded. A failure at any step
   * leaves the workbook the user has untouched.
   */
  async applyPlan(plan: WorkbookPlan, options: ApplyOptions = {}): Promise<InjectionReport> {
    const copy = new ExcelJS.Workbook();
    await copy.xlsx.load(await this.workbook.xlsx.writeBuffer());
    const report = await this.writePlan(copy, plan, options);
    this.workbook = copy;
    this.undoStack = [];
    this.dirty = true;
    this.changed();
    return report;
  }

  private async writePlan(wb: ExcelJS.Workbook, plan: WorkbookPlan, options: ApplyOptions): Promise<InjectionReport> {
    const report: InjectionReport = { sheets: [], names: 0, cells: 0 };
    // The empty sheet a new workbook starts with has no use once the forms are in.
    const untouched = wb.worksheets.length === 1 && wb.worksheets[0].actualRowCount === 0 ? wb.worksheets[0] : null;
    const existed = new Set<string>();
    const beside = new Map<string, BesideBlock>();
    for (const sheet of plan.sheets) {
      const old = wb.getWorksheet(sheet.name);
      if (old) {
        existed.add(sheet.name);
        beside.set(sheet.name, besideBlock(old, blockColumns(sheet)));
        wb.removeWorksheet(old.id);
      }
    }
    const planned = new Set(plan.sheets.flatMap((s) => s.cells.map((c) => c.name).filter(Boolean)));
    wb.definedNames.model = wb.definedNames.model.filter((dn) => !planned.has(dn.name));
    for (const sheet of plan.sheets) {
      const ws = writeSheet(wb, sheet, sheet.name);
      const kept = beside.get(sheet.name);
      if (kept) putBeside(ws, kept);
      for (const w of options.values ?? []) {
        if (w.sheet !== sheet.name) continue;
        const cell = ws.getCell(w.address);
        cell.value = w.formula ? ({ formula: w.formula.replace(/^=/, '') } as ExcelJS.CellFormulaValue) : w.value;
        if (w.numFmt) cell.numFmt = w.numFmt;
      }
      if (sheet.protect) await ws.protect('', PROTECT_OPTIONS);
      report.sheets.push({ name: sheet.name, created: !existed.has(sheet.name) });
      report.cells += sheet.cells.length;
      report.names += sheet.cells.filter((c) => c.name).length;
    }
    if (untouched && wb.worksheets.length > 1) wb.removeWorksheet(untouched.id);
    return report;
  }

  async writeStatus(marks: StatusMark[]): Promise<void> {
    for (const m of marks) {
      const ws = this.workbook.getWorksheet(m.sheet);
      if (ws) ws.getCell(m.address).value = m.mark || null;
    }
    if (marks.length) this.changed();
  }

  /** exceljs does not calculate: the engine's results are stored as the formulas' cached values. */
  async writeComputed(cells: ComputedResult[]): Promise<void> {
    for (const c of cells) {
      const cell = this.workbook.getWorksheet(c.sheet)?.getCell(c.address);
      if (!cell || !isFormulaCell(cell)) continue;
      const formula = (cell.value as ExcelJS.CellFormulaValue).formula;
      cell.value = { formula, result: c.value ?? '' } as ExcelJS.CellFormulaValue;
    }
    if (cells.length) this.changed();
  }

  /**
   * Copies the named sheets of the file into the workbook: each goes in under a spare name
   * first; only when every copy succeeded do the old sheets of those names step aside (the
   * new sheet takes the old one's place in the tab order) and get removed.
   */
  async replaceSheetsFromXlsx(xlsx: Uint8Array, sheetNames: string[]): Promise<void> {
    if (!sheetNames.length) return;
    const source = new ExcelJS.Workbook();
    await source.xlsx.load(xlsx as unknown as ArrayBuffer);
    const wanted = sheetNames.map((name) => {
      const ws = source.worksheets.find((w) => w.name.toLowerCase() === name.toLowerCase());
      if (!ws) throw new Error(`Tệp tổng hợp không có trang "${name}".`);
      return ws;
    });
    const wb = this.workbook;
    const taken = new Set([
      ...wb.worksheets.map((w) => w.name.toLowerCase()),
      ...sheetNames.map((n) => n.toLowerCase()),
    ]);
    const added: ExcelJS.Worksheet[] = [];
    const renamed: { ws: ExcelJS.Worksheet; name: string }[] = [];
    try {
      for (const src of wanted) {
        const ws = wb.addWorksheet(spareName('CCHC mới', taken));
        added.push(ws);
        copySheet(src, ws);
      }
      const old = sheetNames.map(
        (name) => wb.worksheets.find((w) => !added.includes(w) && w.name.toLowerCase() === name.toLowerCase()) ?? null,
      );
      for (const ws of old) {
        if (!ws) continue;
        renamed.push({ ws, name: ws.name });
        ws.name = spareName('CCHC cũ', taken);
      }
      sheetNames.forEach((name, i) => (added[i].name = name));
      // Nothing can fail from here on.
      old.forEach((ws, i) => {
        if (!ws) return;
        (added[i] as unknown as { orderNo: number }).orderNo = (ws as unknown as { orderNo: number }).orderNo;
        wb.removeWorksheet(ws.id);
      });
    } catch (err) {
      for (const ws of added) wb.removeWorksheet(ws.id);
      for (const { ws, name } of renamed) ws.name = name;
      throw err;
    }
    this.undoStack = [];
    this.dirty = true;
    this.changed();
  }

  // ---- figures into the forms ----

  /**
   * Values into the cells the names point at, all or nothing: every name and cell is checked
   * before the first write (a protected sheet takes values only in its unlocked cells, as Excel).
   */
  async writeFigures(values: NamedValue[]): Promise<FiguresWritten> {
    const at = definedCells(this.workbook);
    const targets = values.map((v) => {
      const ref = at.get(v.name);
      const ws = ref ? this.workbook.getWorksheet(ref.sheet) : undefined;
      return { v, ws, cell: ref && ws ? ws.getCell(ref.address) : undefined };
    });
    const missing = targets.filter((t) => !t.cell).map((t) => t.v.name);
    if (missing.length) throw new FiguresNotWritten(missing);
    const locked = targets.filter((t) => isProtected(t.ws!) && isLocked(t.cell!));
    if (locked.length)
      throw new Error(
        `Ô ${locked[0].ws!.name}!${locked[0].cell!.address} đã bị khóa trên trang được bảo vệ: mở khóa ô (hoặc chèn lại biểu mẫu) rồi tổng hợp lại. Chưa ghi số liệu nào.`,
      );
    const before: NamedValue[] = targets.map(({ v, cell }) =>
      isFormulaCell(cell!)
        ? { name: v.name, value: null, formula: `=${(cell!.value as ExcelJS.CellFormulaValue).formula ?? ''}` }
        : { name: v.name, value: rawOf(cell!) },
    );
    for (const { v, cell } of targets)
      cell!.value = v.formula ? ({ formula: v.formula.replace(/^=/, '') } as ExcelJS.CellFormulaValue) : v.value;
    if (values.length) {
      this.dirty = true;
      this.changed();
    }
    return { cells: values.length, before };
  }

  async select(sheet: string, address: string): Promise<void> {
    this.selection = { sheet, address };
    for (const h of this.selectHandlers) h(this.selection);
  }

  /** A quick fix is typed like the user's own entry: the cell's validation applies, and Ctrl+Z takes it back. */
  async writeAsUser(cell: CellRef, value: RawValue): Promise<void> {
    const outcome = this.edit(cell.sheet, cell.address, [[value]], 'type');
    if (!outcome.ok) throw new Error(outcome.message);
  }

  async onEdit(handler: EditHandler): Promise<() => void> {
    this.editHandlers.add(handler);
    return () => this.editHandlers.delete(handler);
  }

  // ---- what the grid needs ----

  onSelect(handler: (sel: { sheet: string; address: string }) => void): () => void {
    this.selectHandlers.add(handler);
    return () => this.selectHandlers.delete(handler);
  }

  /** Any change of content (edits, injection, marks): the grid redraws. */
  onChange(handler: () => void): () => void {
    this.changeHandlers.add(handler);
    return () => this.changeHandlers.delete(handler);
  }

  private changed(): void {
    for (const h of this.changeHandlers) h();
  }

  /** Opens a file in place of the current workbook (WorkbookRejected with a Vietnamese reason when refused). */
  async openBytes(data: Uint8Array, fileName: string): Promise<void> {
    this.replace(await openWorkbook(data, fileName), fileName);
  }

  /** Replaces the workbook (a file opened). */
  replace(workbook: ExcelJS.Workbook, fileName: string): void {
    this.workbook = workbook;
    this.fileName = fileName;
    this.dirty = false;
    this.undoStack = [];
    this.selection = null;
    this.changed();
  }

  view(sheet: string): GridView | null {
    const ws = this.workbook.getWorksheet(sheet);
    if (!ws) return null;
    const rows = Math.min(Math.max(ws.rowCount, 1), GRID_MAX_ROWS);
    const cols = Math.min(Math.max(ws.columnCount, 1), GRID_MAX_COLS);
    const cells: GridCell[][] = [];
    for (let r = 1; r <= rows; r++) {
      const out: GridCell[] = [];
      const row = ws.getRow(r);
      for (let c = 1; c <= cols; c++) {
        const cell = row.getCell(c);
        const gc: GridCell = {
          address: cellAddress(r, c),
          text: '',
          raw: null,
          isFormula: false,
          locked: isLocked(cell),
        };
        if (cell.isMerged && cell.master !== cell) {
          gc.hidden = true;
          gc.mergedInto = cell.master.address;
          out.push(gc);
          continue;
        }
        if (cell.isMerged) {
          let span = 1;
          while (c + span <= cols && ws.getRow(r).getCell(c + span).master === cell) span++;
          let down = 1;
          while (r + down <= rows && ws.getRow(r + down).getCell(c).master === cell) down++;
          if (span > 1) gc.colSpan = span;
          if (down > 1) gc.rowSpan = down;
        }
        gc.raw = rawOf(cell);
        gc.text = display(cell);
        gc.isFormula = isFormulaCell(cell);
        const font = cell.font ?? {};
        gc.bold = !!font.bold;
        gc.italic = !!font.italic;
        gc.color = argb(font.color);
        const fill = cell.fill as ExcelJS.FillPattern | undefined;
        gc.fill = fill?.type === 'pattern' ? argb(fill.fgColor) : undefined;
        gc.align = cell.alignment?.horizontal as GridCell['align'];
        gc.wrap = !!cell.alignment?.wrapText;
        const dv = cell.dataValidation;
        const choices = listChoices(dv);
        if (choices) gc.choices = choices;
        if (dv?.prompt && dv.showInputMessage !== false) gc.prompt = { title: dv.promptTitle, text: dv.prompt };
        out.push(gc);
      }
      cells.push(out);
    }
    const widths: number[] = [];
    for (let c = 1; c <= cols; c++) widths.push(ws.getColumn(c).width ?? 10);
    const pane = ws.views?.find((v) => v.state === 'frozen') as { xSplit?: number; ySplit?: number } | undefined;
    const frozen = pane && (pane.xSplit || pane.ySplit) ? { rows: pane.ySplit ?? 0, cols: pane.xSplit ?? 0 } : null;
    return {
      sheet,
      rows,
      cols,
      truncated: ws.rowCount > rows || ws.columnCount > cols,
      protected: isProtected(ws),
      widths,
      frozen,
      cells,
    };
  }

  /** What typing does: numbers read the Vietnamese way ("16.183", "49,2"), text cells keep text. */
  private typed(cell: ExcelJS.Cell, text: RawValue): RawValue {
    if (text === null || typeof text !== 'string') return text;
    if (text.trim() === '') return null;
    if (cell.numFmt === '@') return text;
    const n = parseNumberText(text);
    return n ? n.value : text;
  }

  /**
   * The user types or pastes `values` from the cell at `address`. Typing meets the cell's data
   * validation as in Excel (refused with the rule's message); pasting skips it, as in Excel, and
   * the engine's checks report what is wrong. Locked cells of a protected sheet refuse, as in Excel.
   */
  edit(sheet: string, address: string, values: RawValue[][], how: 'type' | 'paste' = 'paste'): EditOutcome {
    const ws = this.workbook.getWorksheet(sheet);
    const at = parseCell(address);
    if (!ws || !at || !values.length) return { ok: false, message: `Không có ô ${sheet}!${address}.` };
    const box: Box = {
      top: at.row,
      left: at.col,
      bottom: at.row + values.length - 1,
      right: at.col + Math.max(...values.map((r) => r.length)) - 1,
    };
    if (isProtected(ws)) {
      for (let r = box.top; r <= box.bottom; r++) {
        for (let c = box.left; c <= box.right; c++) {
          if (isLocked(ws.getCell(r, c))) {
            return {
              ok: false,
              message: `Ô ${sheet}!${cellAddress(r, c)} được khóa (tiêu đề hoặc ô tính sẵn). Chỉ nhập vào các ô màu vàng.`,
            };
          }
        }
      }
    }
    if (how === 'type') {
      for (let r = box.top; r <= box.bottom; r++) {
        for (let c = box.left; c <= box.right; c++) {
          const cell = ws.getCell(r, c);
          const refusal = refusalOf(cell.dataValidation, this.typed(cell, values[r - box.top]?.[c - box.left] ?? null));
          if (refusal) return { ok: false, message: `Ô ${sheet}!${cellAddress(r, c)}: ${refusal}` };
        }
      }
    }
    const before: ExcelJS.CellValue[][] = [];
    const after: RawValue[][] = [];
    for (let r = box.top; r <= box.bottom; r++) {
      const b: ExcelJS.CellValue[] = [];
      const a: RawValue[] = [];
      for (let c = box.left; c <= box.right; c++) {
        const cell = ws.getCell(r, c);
        b.push(cell.value);
        const v = this.typed(cell, values[r - box.top]?.[c - box.left] ?? null);
        cell.value = v;
        a.push(v);
      }
      before.push(b);
      after.push(a);
    }
    this.undoStack.push({ sheet, box, before });
    if (this.undoStack.length > 100) this.undoStack.shift();
    this.dirty = true;
    this.emit(sheet, box, after);
    return { ok: true };
  }

  canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  /** Ctrl+Z: puts back the last edit, which is an edit like any other for validation. */
  undo(): EditOutcome {
    const last = this.undoStack.pop();
    const ws = last && this.workbook.getWorksheet(last.sheet);
    if (!last || !ws) return { ok: false, message: 'Không có thao tác nào để hoàn tác.' };
    const after: RawValue[][] = [];
    last.before.forEach((row, r) => {
      const a: RawValue[] = [];
      row.forEach((v, c) => {
        const cell = ws.getCell(last.box.top + r, last.box.left + c);
        cell.value = v;
        a.push(rawOf(cell));
      });
      after.push(a);
    });
    this.emit(last.sheet, last.box, after);
    return { ok: true };
  }

  private emit(sheet: string, box: Box, values: RawValue[][]): void {
    this.changed();
    const event = { sheet, address: boxAddress(box), values };
    for (const h of this.editHandlers) h(event);
  }
}
