import type { Worksheet as ExcelJSWorksheet } from 'exceljs';
import { META_SHEET, type CellPlan, type SheetPlan, type Validation, type WorkbookPlan } from '../domain/layout';
import { FONT_NAME, STYLE_SPECS } from '../domain/styles';
import { excelSupportProblem } from './excelFloor';
import {
  absoluteRef,
  areaGroups,
  boxAddress,
  coalesce,
  colName,
  parseBox,
  parseCell,
  quoteSheet,
  splitSheetAddress,
  stripSheet,
  type Box,
} from './a1';
import type { CellRef } from '../domain/figures';
import type {
  ApplyOptions,
  ReplaceOptions,
  CellWrite,
  EditEvent,
  EditHandler,
  FiguresWritten,
  InjectionReport,
  NamedValue,
  RawValue,
  ReadOptions,
  SheetGrid,
  WorkbookPort,
  WorkbookSnapshot,
} from './port';
import { FiguresNotWritten } from './port';

/**
 * The workbook port over Office.js. Budget: an injection is one write sync after the
 * reads (a re-injection one more, deleting the copies it made first; before ExcelApi 1.9 one
 * more read, of the formulas pointing at the forms, more for a large sheet); an edit is at
 * most one read sync and no write at all (findings and marks live in the pane; the sheet's own
 * checks are formulas and conditional formats written at injection), so the user's undo stack
 * is never touched while they type. Values, formulas and number formats go as whole blocks
 * per sheet; styles, validation and unlocking go once per distinct style over multi-area
 * ranges (per area before 1.9).
 */

export interface RunOptions {
  /** Excel waits for the user to leave cell-edit mode instead of failing the batch (ExcelApi 1.11). */
  delayForCellEdit?: boolean;
  /** All syncs of the run are one undo entry (ExcelApi 1.20). */
  mergeUndoGroup?: boolean;
}

export interface ExcelHost {
  /** Excel.run(batch), or Excel.run(options, batch) when options are given. */
  run<T>(fn: (ctx: Excel.RequestContext) => Promise<T>, options?: RunOptions): Promise<T>;
  /** Excel.run(context, batch): a batch on an earlier context (to remove event handlers). */
  runIn?<T>(context: unknown, fn: (ctx: Excel.RequestContext) => Promise<T>): Promise<T>;
  isSetSupported(name: string, version: string): boolean;
}

export { excelSupportProblem, MIN_EXCEL_API, TARGET_EXCEL_API } from './excelFloor';

/** Office's error code, when the error has one. */
function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** How long the port waits in all for the user to leave cell-edit mode before giving up. */
const CELL_EDIT_WAIT_MS = 120_000;

const NAME_PREFIX = 'cchc_';
const PROTECT_OPTIONS = { allowFormatColumns: true, allowFormatRows: true, selectionMode: 'Normal' };
const BORDER_EDGES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideHorizontal', 'InsideVertical'];
/** Column width: Excel's unit is points; a character of the body font is about 5.6 pt. */
const POINTS_PER_CHAR = 5.6;

/** Strings are written with a leading apostrophe so Excel keeps them as typed ("1.1" stays text). */
function cellInput(v: RawValue, numFmt: string | undefined): string | number | boolean {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return v;
  if (v === '') return '';
  return numFmt === '@' ? v : `'${v}`;
}

/** Base64 of bytes without Node's Buffer (the pane runs in a browser). */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
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

/** Cells per range write in the value fallback: Excel refuses very large payloads. */
const MAX_BLOCK_CELLS = 40000;
/**
 * Bytes one request may carry: Excel on the web refuses requests over 5 MB, so a batch is sent
 * once it holds about 4 MB (the JSON of values and formats, plus room for the operations).
 */
export const REQUEST_BUDGET = 4 * 1024 * 1024;

/** About how many bytes a grid adds to a request (its JSON). */
function jsonBytes(v: unknown): number {
  return JSON.stringify(v).length;
}

/** A cell as exceljs read it, as a value Excel will store (never evaluated: text keeps its apostrophe). */
function blockValue(v: unknown): string | number | boolean {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return (v.getTime() - Date.UTC(1899, 11, 30)) / 86400000;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return cellInput((o.richText as { text: string }[]).map((t) => t.text).join(''), undefined);
    // A formula in the file is written as its result: nothing inserted here is evaluated.
    if ('result' in o) return blockValue(o.result);
    if ('text' in o) return cellInput(String(o.text), undefined);
    return '';
  }
  return cellInput(String(v), undefined);
}

function toRaw(v: unknown): RawValue {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

function validationRule(v: Validation): { rule: Excel.DataValidationRule; message: string } {
  if (v.type === 'list') {
    return {
      rule: { list: { inCellDropDown: true, source: v.values.join(',') } },
      message: `Chỉ chọn một trong: ${v.values.join('; ')}`,
    };
  }
  const between = v.max !== undefined;
  const basic: Excel.BasicDataValidation = between
    ? { operator: 'Between', formula1: v.min, formula2: v.max! }
    : { operator: 'GreaterThanOrEqualTo', formula1: v.min };
  const message =
    v.type === 'whole'
      ? 'Nhập số nguyên không âm.'
      : between
        ? `Nhập số từ ${v.min} đến ${v.max}.`
        : `Nhập số không nhỏ hơn ${v.min}.`;
  return { rule: v.type === 'whole' ? { wholeNumber: basic } : { decimal: basic }, message };
}

function planBox(sheet: SheetPlan): { rows: number; cols: number } {
  let rows = 1;
  let cols = sheet.widths.length || 1;
  for (const c of sheet.cells) {
    const p = parseCell(c.address);
    if (!p) continue;
    rows = Math.max(rows, p.row);
    cols = Math.max(cols, p.col);
  }
  return { rows, cols };
}

/** A sheet as last read: what a failed injection puts back. */
interface SheetState {
  id: string;
  name: string;
  visibility: Excel.Worksheet['visibility'];
}

interface WorkbookState {
  /** In workbook order. */
  sheets: SheetState[];
  /** Every defined name of the workbook → its formula. */
  names: Map<string, string>;
}

/**
 * A formula that refers to a sheet the injection rewrites: a cell's, or a conditional format's
 * (a Custom rule's formula, a CellValue rule's formula1 and formula2; found by its id). Before
 * ExcelApi 1.9 a failed injection puts such a sheet back by deleting it for its copy, which turns
 * these into #REF!: they are read before the write and written back after the restore.
 */
interface ReferringFormula {
  sheet: string;
  at:
    | { cell: string; formula: string }
    | { format: string; custom: string }
    | { format: string; cellValue: Excel.ConditionalCellValueRule };
  /** The rewritten sheets it refers to, in lower case. */
  refersTo: string[];
  /** On a form the injection rewrites (the user's formulas there are in unlocked cells). */
  onForm: boolean;
  /** On a protected sheet of the user's: its locked cells cannot be written without unprotecting it. */
  onProtectedSheet: boolean;
}

/** The first look at another sheet's formulas; the rest of a larger used range is read in chunks. */
const FORMULA_HEAD = { rows: 200, cols: 52 };
/** Cells per formulas load (a chunk), and per read sync, so no response gets large. */
const FORMULA_CHUNK_CELLS = 40_000;
const FORMULA_SYNC_CELLS = 200_000;
/** Used-range probes of parts of a large sparse sheet per sync (each answers an address only). */
const MAX_PROBES = 256;

/** Characters that end an unquoted sheet name in a formula. */
const NAME_END = /[\s=+\-*/^&(),;:<>{}%!"]/;

/** The sheets of `sheets` (lower case) that `formula` refers to, quoted or not, in any case. */
function sheetsReferred(formula: string, sheets: string[]): string[] {
  const f = formula.toLowerCase();
  return sheets.filter((name) => {
    const quoted = name.replace(/'/g, "''");
    // 'Phụ lục I'!C12, and either end of a 3-D reference 'Phụ lục I:Biểu mẫu 3'!D5.
    if (f.includes(`'${quoted}'!`) || f.includes(`'${quoted}:`) || f.includes(`:${quoted}'!`)) return true;
    for (let at = f.indexOf(`${name}!`); at >= 0; at = f.indexOf(`${name}!`, at + 1))
      if (at === 0 || NAME_END.test(f[at - 1])) return true;
    return false;
  });
}

const areaOf = (b: Box) => (b.bottom - b.top + 1) * (b.right - b.left + 1);

/** Up to 16 parts of a box, by rows (by columns for a single row), each at most about a chunk when possible. */
function splitBox(b: Box): Box[] {
  const parts = Math.min(16, Math.ceil(areaOf(b) / FORMULA_CHUNK_CELLS));
  const rows = b.bottom - b.top + 1;
  const cols = b.right - b.left + 1;
  const out: Box[] = [];
  if (rows > 1) {
    const step = Math.ceil(rows / Math.min(parts, rows));
    for (let top = b.top; top <= b.bottom; top += step)
      out.push({ ...b, top, bottom: Math.min(b.bottom, top + step - 1) });
  } else {
    const step = Math.ceil(cols / Math.min(parts, cols));
    for (let left = b.left; left <= b.right; left += step)
      out.push({ ...b, left, right: Math.min(b.right, left + step - 1) });
  }
  return out;
}

/** A sheet copied aside before an injection rewrites it. */
interface Backup {
  original: string;
  spare: string;
  copy: Excel.Worksheet;
  veryHidden: boolean;
}

export interface ExcelPortOptions {
  /** First wait before running a batch again that failed in cell-edit mode (ms). */
  retryDelayMs?: number;
  /** Bytes per request (default REQUEST_BUDGET). */
  requestBudget?: number;
}

export class ExcelPort implements WorkbookPort {
  readonly mode = 'office' as const;
  syncCount = 0;
  readSyncs = 0;
  writeSyncs = 0;
  /** The add-in's sheets as last seen (read or injected). */
  private owned: string[] | null = null;
  /** Every sheet in order, and every defined name's formula, as last read: what a failed injection restores. */
  private lastSheets: SheetState[] = [];
  private nameFormulas = new Map<string, string>();
  private sheetIds = new Map<string, string>();
  private protectedSheets = new Set<string>();
  private handlers = new Set<EditHandler>();
  private subscription: { remove(): void; context: { sync(): Promise<void> } } | null = null;

  private readonly retryDelayMs: number;
  private readonly requestBudget: number;

  constructor(
    private readonly host: ExcelHost,
    options: ExcelPortOptions = {},
  ) {
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.requestBudget = options.requestBudget ?? REQUEST_BUDGET;
  }

  private has(version: string): boolean {
    return this.host.isSetSupported('ExcelApi', version);
  }

  /**
   * One Excel.run. Excel 1.11+ waits for the user to leave cell-edit mode (delayForCellEdit);
   * older hosts fail the batch with InvalidOperationInCellEditMode before doing anything, so
   * the batch is run again a little later, quietly.
   */
  private async run<T>(fn: (ctx: Excel.RequestContext) => Promise<T>, options: RunOptions = {}): Promise<T> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.host.run(fn, { delayForCellEdit: true, ...options });
      } catch (err) {
        if (errorCode(err) !== 'InvalidOperationInCellEditMode' || Date.now() - started > CELL_EDIT_WAIT_MS) {
          if (errorCode(err) === 'InvalidOperationInCellEditMode')
            throw new Error('Excel đang ở chế độ sửa ô quá lâu: hãy nhấn Enter hoặc Esc rồi thử lại.', { cause: err });
          throw err;
        }
        await new Promise((r) => setTimeout(r, Math.min(this.retryDelayMs * attempt, 2000)));
      }
    }
  }

  /** Refuses, before anything is written, a host below the floor. */
  private requireFloor(): void {
    const problem = excelSupportProblem((n, v) => this.host.isSetSupported(n, v));
    if (problem) throw new Error(problem);
  }

  /**
   * The ranges of `group` ("A1:B2,D4") on a sheet, to format or validate: one RangeAreas from
   * ExcelApi 1.9, one range per area before.
   */
  private areas(ws: Excel.Worksheet, group: string): (Excel.Range | Excel.RangeAreas)[] {
    if (this.has('1.9')) return [ws.getRanges(group)];
    return group.split(',').map((a) => ws.getRange(a));
  }

  private async sync(ctx: Excel.RequestContext, kind: 'read' | 'write'): Promise<void> {
    this.syncCount++;
    if (kind === 'read') this.readSyncs++;
    else this.writeSyncs++;
    await ctx.sync();
  }

  /** Writes with events off when the host allows it (ExcelApi 1.8), so our writes raise no onChanged. */
  private async writeBatch(ctx: Excel.RequestContext): Promise<void> {
    const quiet = this.has('1.8');
    try {
      await this.sync(ctx, 'write');
    } catch (err) {
      if (quiet) {
        // A failed batch stops before its last operation: switch events back on.
        await this.run(async (c) => {
          c.runtime.enableEvents = true;
          await c.sync();
        });
      }
      throw err;
    }
  }

  private quietStart(ctx: Excel.RequestContext): void {
    if (this.has('1.8')) ctx.runtime.enableEvents = false;
  }

  async sheetNames(): Promise<string[]> {
    return this.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets.load('items/name,items/id');
      await this.sync(ctx, 'read');
      for (const s of sheets.items) this.sheetIds.set(s.id, s.name);
      return sheets.items.map((s) => s.name);
    });
  }

  async readInputs(options: ReadOptions = {}): Promise<WorkbookSnapshot> {
    return this.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets.load('items/name,items/id,items/visibility');
      const names = ctx.workbook.names.load('items/name,items/type,items/formula');
      await this.sync(ctx, 'read');
      const all = sheets.items.map((s) => s.name);
      for (const s of sheets.items) this.sheetIds.set(s.id, s.name);
      this.lastSheets = sheets.items.map((s) => ({ id: s.id, name: s.name, visibility: s.visibility }));
      const { map, list } = this.namesOf(names.items);
      const owned = [...new Set(Object.values(map).map((c) => c.sheet))].filter((s) => all.includes(s));
      const meta = all.find((s) => s === META_SHEET);
      if (meta && !owned.includes(meta)) owned.push(meta);
      // A workbook without the add-in's sheets needs no second round trip.
      const grids = owned.length ? (await this.loadGrids(ctx, owned, options)).grids : {};
      this.owned = owned;
      return { sheets: all, names: map, nameList: list, grids };
    });
  }

  async readFormValues(sheets?: string[], options: ReadOptions = {}): Promise<WorkbookSnapshot> {
    const wanted = sheets ?? this.owned;
    if (!wanted) return this.readInputs(options);
    const result = await this.run(async (ctx) => {
      const names = ctx.workbook.names.load('items/name,items/type,items/formula');
      const collection = ctx.workbook.worksheets.load('items/name,items/id');
      const grids = await this.loadGrids(ctx, wanted, options);
      if (grids.missing) return null;
      for (const s of collection.items) this.sheetIds.set(s.id, s.name);
      const { map, list } = this.namesOf(names.items);
      return { sheets: collection.items.map((s) => s.name), names: map, nameList: list, grids: grids.grids };
    }).catch(() => null);
    // A sheet renamed or deleted since the last read: look again from scratch.
    return result ?? this.readInputs(options);
  }

  private namesOf(items: Excel.NamedItem[]): { map: WorkbookSnapshot['names']; list: string[] } {
    const map: WorkbookSnapshot['names'] = {};
    const list: string[] = [];
    this.nameFormulas = new Map(items.map((n) => [n.name, String(n.formula)]));
    for (const n of items) {
      if (!n.name.startsWith(NAME_PREFIX)) continue;
      list.push(n.name);
      if (n.type !== 'Range') continue;
      const { sheet, address } = splitSheetAddress(String(n.formula));
      if (sheet && parseCell(address)) map[n.name] = { sheet, address };
    }
    return { map, list };
  }

  /** Used ranges of the sheets in one sync (the caller's pending loads ride along). */
  private async loadGrids(
    ctx: Excel.RequestContext,
    sheets: string[],
    options: ReadOptions,
  ): Promise<{ grids: Record<string, SheetGrid>; missing: boolean }> {
    const props = options.formulas ? 'address,values,numberFormat,formulas' : 'address,values,numberFormat';
    const loads = sheets.map((name) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject(name);
      ws.load('isNullObject');
      const prot = ws.protection.load('protected');
      const used = ws.getUsedRangeOrNullObject();
      used.load(props);
      return { name, ws, prot, used };
    });
    await this.sync(ctx, 'read');
    const grids: Record<string, SheetGrid> = {};
    let missing = false;
    for (const { name, ws, prot, used } of loads) {
      if (ws.isNullObject) {
        missing = true;
        continue;
      }
      if (prot.protected) this.protectedSheets.add(name);
      else this.protectedSheets.delete(name);
      if (used.isNullObject) {
        grids[name] = { top: 1, left: 1, values: [], numFmts: [], formulas: options.formulas ? [] : undefined };
        continue;
      }
      const box = parseBox(used.address)!;
      grids[name] = {
        top: box.top,
        left: box.left,
        values: used.values.map((row) => row.map(toRaw)),
        numFmts: used.numberFormat as string[][],
        formulas: options.formulas
          ? used.formulas.map((row) => row.map((f) => (typeof f === 'string' && f.startsWith('=') ? f : null)))
          : undefined,
      };
    }
    return { grids, missing };
  }

  /**
   * Writes the plan in one batch. Every sheet it rewrites is first copied aside ("CCHC lưu …",
   * at the end); a failure at any step puts the copies back in place of the half-written sheets
   * (see restore), so the workbook is left as it was; on success the copies are deleted.
   */
  async applyPlan(plan: WorkbookPlan, options: ApplyOptions = {}): Promise<InjectionReport> {
    this.requireFloor();
    const existing = options.existing ?? (await this.readInputs());
    const before = await this.stateBefore(existing);
    const existingSheets = new Set(existing.sheets.map((s) => s.toLowerCase()));
    const existingNames = new Set(existing.nameList);
    const writes = new Map<string, CellWrite[]>();
    for (const w of options.values ?? []) {
      const list = writes.get(w.sheet) ?? [];
      list.push(w);
      writes.set(w.sheet, list);
    }
    const report: InjectionReport = { sheets: [], names: 0, cells: 0 };
    const wasProtected = new Set(this.protectedSheets);
    const backups: Backup[] = [];
    let referring: ReferringFormula[] = [];
    await this.run(async (ctx) => {
      const wb = ctx.workbook;
      const sheets = plan.sheets.map((sheet) => ({ sheet, exists: existingSheets.has(sheet.name.toLowerCase()) }));
      // Before ExcelApi 1.9 a failure is undone by deleting each rewritten sheet for its copy, which
      // turns formulas pointing at it into #REF!: they are read first, to be written back then.
      const rewritten = new Set(sheets.filter((s) => s.exists).map((s) => s.sheet.name.toLowerCase()));
      if (rewritten.size && !this.has('1.9'))
        referring = await this.formulasReferring(
          ctx,
          existing,
          existing.sheets.filter((s) => rewritten.has(s.toLowerCase())),
        );
      this.quietStart(ctx);
      // The copies come before any change, so every later step can be undone from them.
      const taken = new Set(existing.sheets.map((s) => s.toLowerCase()));
      for (const { sheet, exists } of sheets)
        if (exists) backups.push(this.backUp(wb, before, sheet.name, spareName('CCHC lưu', taken)));
      // Unprotect first (only sheets that are protected): with a password the batch fails before anything is cleared.
      for (const { sheet, exists } of sheets)
        if (exists && this.protectedSheets.has(sheet.name)) wb.worksheets.getItem(sheet.name).protection.unprotect();
      for (const { sheet, exists } of sheets) {
        const ws = exists ? wb.worksheets.getItem(sheet.name) : wb.worksheets.add(sheet.name);
        const { rows, cols } = planBox(sheet);
        const oldGrid = existing.grids[sheet.name];
        if (exists) {
          // Clear the old block (the previous layout may have had more rows); columns beyond stay the user's.
          const oldBottom = oldGrid ? oldGrid.top + oldGrid.values.length - 1 : rows;
          const clearBox = `A1:${colName(cols)}${Math.max(rows, oldBottom)}`;
          const old = ws.getRange(clearBox);
          old.unmerge();
          old.clear('All');
          old.dataValidation.clear();
          ws.freezePanes.unfreeze();
        }
        report.cells += this.writeSheet(ws, sheet, rows, cols, writes.get(sheet.name) ?? []);
        for (const cell of sheet.cells) {
          if (!cell.name) continue;
          const ref = absoluteRef(sheet.name, cell.address);
          if (existingNames.has(cell.name)) wb.names.getItem(cell.name).formula = ref;
          else wb.names.add(cell.name, ref);
          report.names++;
        }
        if (sheet.freezeRows) ws.freezePanes.freezeRows(sheet.freezeRows);
        if (exists) ws.getRange(`A1:${colName(cols)}${rows}`).conditionalFormats.clearAll();
        // Conditional formats (ExcelApi 1.6): the sheet shows a failing row live, with no add-in write.
        for (const h of sheet.highlights ?? []) {
          const cf = ws.getRange(h.range).conditionalFormats.add('Custom' as Excel.ConditionalFormatType);
          cf.custom.rule.formula = h.formula;
          cf.custom.format.fill.color = `#${h.fill}`;
        }
        if (sheet.veryHidden) ws.visibility = 'VeryHidden';
        if (sheet.protect) {
          ws.protection.protect(PROTECT_OPTIONS as Excel.WorksheetProtectionOptions);
          this.protectedSheets.add(sheet.name);
        } else this.protectedSheets.delete(sheet.name);
        report.sheets.push({ name: sheet.name, created: !exists });
      }
      if (this.has('1.8')) ctx.runtime.enableEvents = true;
      try {
        await this.writeBatch(ctx);
      } catch (err) {
        this.protectedSheets = wasProtected;
        const lost = await this.restore(before, backups, referring);
        if (lost && !lost.length) throw err;
        if (lost) {
          const places = lost
            .slice(0, 10)
            .map((f) =>
              'cell' in f.at
                ? `công thức ở ô ${quoteSheet(f.sheet)}!${f.at.cell} (${f.at.formula})`
                : `công thức của một định dạng có điều kiện trên trang ${quoteSheet(f.sheet)} (${'custom' in f.at ? f.at.custom : f.at.cellValue.formula1})`,
            );
          const more = lost.length > places.length ? ` và ${lost.length - places.length} công thức khác` : '';
          const why = lost.every((f) => f.onProtectedSheet) ? ' (trang được bảo vệ)' : '';
          throw new Error(
            `Chèn biểu mẫu không thành công; các trang đã được khôi phục như trước, nhưng ${places.join(', ')}${more} trỏ tới trang biểu mẫu, đã thành #REF! và không ghi lại được${why}: hãy nhập lại.`,
            { cause: err },
          );
        }
        const where = backups.length
          ? `bản sao các trang trước khi chèn nằm ở ${backups.map((b) => `"${b.spare}"`).join(', ')}`
          : 'có thể còn các trang vừa thêm';
        throw new Error(
          `Chèn biểu mẫu không thành công và không khôi phục được hết: ${where}; hãy kiểm tra và xoá bớt các trang thừa.`,
          { cause: err },
        );
      }
    });
    const left = await this.dropBackups(backups);
    if (left) report.notes = [left];
    this.owned = plan.sheets.map((s) => s.name);
    // Before ExcelApi 1.9 handlers are per sheet: cover the sheets just added.
    if (this.subscription && !this.has('1.9') && report.sheets.some((s) => s.created)) {
      await this.unsubscribe();
      await this.subscribe();
    }
    return report;
  }

  /** The sheets and names as `existing` saw them (listed again when the port has not read that workbook). */
  private async stateBefore(existing: WorkbookSnapshot): Promise<WorkbookState> {
    const same =
      this.lastSheets.length === existing.sheets.length &&
      this.lastSheets.every((s, i) => s.name === existing.sheets[i]);
    if (!same) await this.readInputs();
    return { sheets: this.lastSheets.map((s) => ({ ...s })), names: new Map(this.nameFormulas) };
  }

  /**
   * The formulas that refer to one of the sheets `rewritten` (their names as in the workbook):
   * those of the rewritten sheets themselves from the snapshot (read with formulas), those of
   * every other sheet read now. Each other sheet's used range is read in one sync with its
   * conditional formats and the first rows and columns of its formulas; what lies beyond (a large
   * sheet) is read in further syncs, in chunks of at most FORMULA_CHUNK_CELLS, the parts of a
   * sparse sheet narrowed to their used range first.
   */
  private async formulasReferring(
    ctx: Excel.RequestContext,
    existing: WorkbookSnapshot,
    rewritten: string[],
  ): Promise<ReferringFormula[]> {
    const targets = rewritten.map((n) => n.toLowerCase());
    const found: ReferringFormula[] = [];
    const keep = (sheet: string, top: number, left: number, grid: unknown[][], onForm: boolean, prot: boolean) =>
      grid.forEach((row, r) =>
        row.forEach((f, c) => {
          if (typeof f !== 'string' || !f.startsWith('=')) return;
          const refersTo = sheetsReferred(f, targets);
          if (refersTo.length)
            found.push({
              sheet,
              at: { cell: `${colName(left + c)}${top + r}`, formula: f },
              refersTo,
              onForm,
              onProtectedSheet: prot,
            });
        }),
      );
    for (const name of rewritten) {
      const grid = existing.grids[name];
      if (grid?.formulas) keep(name, grid.top, grid.left, grid.formulas, true, false);
    }
    const others = existing.sheets.filter((s) => !targets.includes(s.toLowerCase()));
    if (!others.length) return found;
    const head = boxAddress({ top: 1, left: 1, bottom: FORMULA_HEAD.rows, right: FORMULA_HEAD.cols });
    const first = others.map((name) => {
      const ws = ctx.workbook.worksheets.getItem(name);
      return {
        name,
        ws,
        used: ws.getUsedRangeOrNullObject(true).load('address'),
        head: ws.getRange(head).getUsedRangeOrNullObject(true).load('address,formulas'),
        prot: ws.protection.load('protected'),
        formats: ws
          .getRange()
          .conditionalFormats.load(
            'items/id,items/type,items/customOrNullObject/rule/formula,items/cellValueOrNullObject/rule',
          ),
      };
    });
    await this.sync(ctx, 'read');
    type Part = { name: string; ws: Excel.Worksheet; prot: boolean; box: Box };
    let pending: Part[] = [];
    for (const s of first) {
      if (s.used.isNullObject) continue;
      const prot = s.prot.protected;
      if (!s.head.isNullObject) {
        const b = parseBox(stripSheet(s.head.address))!;
        keep(s.name, b.top, b.left, s.head.formulas, false, prot);
      }
      // What the first look did not cover: right of it, and below it.
      const box = parseBox(stripSheet(s.used.address))!;
      const part = (b: Box) => pending.push({ name: s.name, ws: s.ws, prot, box: b });
      if (box.right > FORMULA_HEAD.cols && box.top <= FORMULA_HEAD.rows)
        part({
          ...box,
          left: Math.max(box.left, FORMULA_HEAD.cols + 1),
          bottom: Math.min(box.bottom, FORMULA_HEAD.rows),
        });
      if (box.bottom > FORMULA_HEAD.rows) part({ ...box, top: Math.max(box.top, FORMULA_HEAD.rows + 1) });
    }
    for (const s of first)
      for (const cf of s.formats.items) {
        const onProtectedSheet = s.prot.protected;
        const custom = cf.type === 'Custom' && !cf.customOrNullObject.isNullObject ? cf.customOrNullObject : null;
        const cellValue =
          cf.type === 'CellValue' && !cf.cellValueOrNullObject.isNullObject ? cf.cellValueOrNullObject : null;
        const formula = custom
          ? custom.rule.formula
          : cellValue
            ? `${cellValue.rule.formula1} ${cellValue.rule.formula2 ?? ''}`
            : '';
        const refersTo = sheetsReferred(formula, targets);
        if (!refersTo.length) continue;
        const at = custom
          ? { format: cf.id, custom: custom.rule.formula }
          : { format: cf.id, cellValue: { ...cellValue!.rule } };
        found.push({ sheet: s.name, at, refersTo, onForm: false, onProtectedSheet });
      }
    while (pending.length) {
      const next: Part[] = [];
      const asked: { p: Part; range: Excel.Range; formulas: boolean }[] = [];
      let cells = 0;
      let probes = 0;
      for (const p of pending) {
        const area = areaOf(p.box);
        const small = area <= FORMULA_CHUNK_CELLS;
        if (small ? cells + area > FORMULA_SYNC_CELLS : probes >= MAX_PROBES) {
          next.push(p);
          continue;
        }
        if (small) cells += area;
        else probes++;
        const range = p.ws.getRange(boxAddress(p.box)).getUsedRangeOrNullObject(true);
        range.load(small ? 'address,formulas' : 'address');
        asked.push({ p, range, formulas: small });
      }
      await this.sync(ctx, 'read');
      for (const { p, range, formulas } of asked) {
        if (range.isNullObject) continue;
        const b = parseBox(stripSheet(range.address))!;
        if (formulas) keep(p.name, b.top, b.left, range.formulas, false, p.prot);
        else if (areaOf(b) <= FORMULA_CHUNK_CELLS) next.push({ ...p, box: b });
        else next.push(...splitBox(b).map((box) => ({ ...p, box })));
      }
      pending = next;
    }
    return found;
  }

  /**
   * Queues a copy of the sheet at the end, under a spare name. "End": copy "Before"/"After" fails
   * on some builds (office-js #775). A very hidden sheet is copied as hidden and both are hidden
   * again at once (Excel refuses some operations on very hidden sheets).
   */
  private backUp(wb: Excel.Workbook, before: WorkbookState, name: string, spare: string): Backup {
    const ws = wb.worksheets.getItem(name);
    const veryHidden = before.sheets.find((s) => s.name === name)?.visibility === 'VeryHidden';
    if (veryHidden) ws.visibility = 'Hidden';
    const copy = ws.copy('End');
    copy.name = spare;
    if (veryHidden) {
      copy.visibility = 'VeryHidden';
      ws.visibility = 'VeryHidden';
    }
    copy.load('id');
    return { original: name, spare, copy, veryHidden };
  }

  /**
   * The copies go once the injection is written; a failed deletion is tried once more, then the
   * copies stay (the forms are in) and the user is told which sheets to delete.
   */
  private async dropBackups(backups: Backup[]): Promise<string | null> {
    if (!backups.length) return null;
    const ids = backups.map((b) => b.copy.id);
    const drop = (check: boolean) =>
      this.run(async (ctx) => {
        const sheets = ids.map((id) => ctx.workbook.worksheets.getItemOrNullObject(id));
        if (check) {
          sheets.forEach((ws) => ws.load('isNullObject'));
          await this.sync(ctx, 'read');
        }
        this.quietStart(ctx);
        sheets.forEach((ws, i) => {
          if (check && ws.isNullObject) return;
          // Excel refuses to delete a very hidden sheet.
          if (backups[i].veryHidden) ws.visibility = 'Hidden';
          ws.delete();
        });
        if (this.has('1.8')) ctx.runtime.enableEvents = true;
        await this.writeBatch(ctx);
      });
    try {
      await drop(false);
    } catch {
      try {
        await drop(true);
      } catch {
        return `Đã chèn xong biểu mẫu, nhưng không xoá được các trang lưu tạm (${backups.map((b) => `"${b.spare}"`).join(', ')}): đó là bản sao trước khi chèn, bạn có thể tự xoá.`;
      }
    }
    for (const id of ids) this.sheetIds.delete(id);
    return null;
  }

  /**
   * After a failed injection, the workbook as it was: sheets and names it added are removed; each
   * rewritten sheet is deleted and its copy takes its name, place, visibility and protection (the
   * copy was made before anything changed), without the sheet-scoped twins Excel gives a copy of
   * the workbook's names; every defined name gets its formula back (deleting a sheet makes #REF!),
   * and so does every formula of `referring` pointing at a sheet put back, in a batch of its own.
   * Returns null when the sheets could not all be put back, else the formulas not written back.
   */
  private async restore(
    before: WorkbookState,
    backups: Backup[],
    referring: ReferringFormula[],
  ): Promise<ReferringFormula[] | null> {
    if (this.has('1.9')) return (await this.restoreInPlace(before, backups)) ? [] : null;
    const lower = (s: string) => s.toLowerCase();
    let lost: ReferringFormula[] = [];
    const done = await this.run(async (ctx) => {
      const now = ctx.workbook.worksheets.load('items/name,items/id,items/visibility');
      const names = ctx.workbook.names.load('items/name,items/formula');
      await this.sync(ctx, 'read');
      const byName = new Map(now.items.map((s) => [lower(s.name), s]));
      const at = (b: Backup) => before.sheets.findIndex((s) => s.name === b.original);
      // In workbook order, so that each copy moved into its place leaves the earlier places right.
      const made = backups.filter((b) => byName.has(lower(b.spare))).sort((x, y) => at(x) - at(y));
      // Sheet-scoped names of each original and of its copy: the copy's extra ones are Excel's twins.
      // By id: the names change in this batch.
      const idOf = (name: string) => byName.get(lower(name))!.id;
      const wasOf = (b: Backup) => before.sheets.find((s) => s.name === b.original)!;
      const local = made.map((b) => ({
        b,
        original: ctx.workbook.worksheets.getItem(wasOf(b).id).names.load('items/name'),
        copy: ctx.workbook.worksheets.getItem(idOf(b.spare)).names.load('items/name'),
      }));
      if (local.length) await this.sync(ctx, 'read');
      this.quietStart(ctx);
      const hadId = new Set(before.sheets.map((s) => s.id));
      const spares = new Set(made.map((b) => lower(b.spare)));
      const drop = (s: Excel.Worksheet) => {
        if (s.visibility === 'VeryHidden') s.visibility = 'Hidden';
        s.delete();
      };
      for (const s of now.items) if (!hadId.has(s.id) && !spares.has(lower(s.name))) drop(s);
      for (const n of names.items) if (!before.names.has(n.name)) n.delete();
      const restored = new Set<string>();
      for (const { b, original, copy } of local) {
        const was = wasOf(b);
        const current = now.items.find((s) => s.id === was.id);
        if (current) drop(current);
        const ws = ctx.workbook.worksheets.getItem(idOf(b.spare));
        ws.name = b.original;
        ws.position = at(b);
        if (byName.get(lower(b.spare))!.visibility !== was.visibility) ws.visibility = was.visibility;
        const had = new Set(original.items.map((n) => n.name));
        for (const n of copy.items) if (!had.has(n.name)) n.delete();
        restored.add(lower(b.original));
      }
      // A sheet whose copy was never made is as it was, but for its visibility (shown for the copy).
      for (const was of before.sheets) {
        const current = now.items.find((s) => s.id === was.id);
        if (current && !restored.has(lower(was.name)) && current.visibility !== was.visibility)
          current.visibility = was.visibility;
      }
      const formulaNow = new Map(names.items.map((n) => [n.name, String(n.formula)]));
      for (const [name, formula] of before.names) {
        const { sheet } = splitSheetAddress(formula);
        if (formulaNow.get(name) !== formula || (sheet && restored.has(lower(sheet))))
          ctx.workbook.names.getItem(name).formula = formula;
      }
      if (this.has('1.8')) ctx.runtime.enableEvents = true;
      await this.writeBatch(ctx);
      lost = await this.writeBack(
        ctx,
        referring.filter((f) => f.refersTo.some((s) => restored.has(s))),
      );
      return true;
    }).catch(() => false);
    // The restored sheets are new sheets to Excel: new ids, and (before 1.9) no handlers yet.
    await this.sheetNames().catch(() => undefined);
    if (this.subscription && !this.has('1.9') && backups.length) {
      await this.unsubscribe().catch(() => undefined);
      await this.subscribe().catch(() => undefined);
    }
    return done ? lost : null;
  }

  /**
   * Writes each formula back into its cell or conditional format, one batch, the user's sheets
   * before the forms; only these cells, so no value is typed again ("001" would become 1). Returns
   * those not written: the ones on a protected sheet of the user's (unprotecting it is not ours
   * to do), or all when the batch fails.
   */
  private async writeBack(ctx: Excel.RequestContext, formulas: ReferringFormula[]): Promise<ReferringFormula[]> {
    const locked = formulas.filter((f) => f.onProtectedSheet);
    const writable = formulas.filter((f) => !f.onProtectedSheet).sort((a, b) => Number(a.onForm) - Number(b.onForm));
    if (!writable.length) return locked;
    this.quietStart(ctx);
    for (const { sheet, at } of writable) {
      const ws = ctx.workbook.worksheets.getItem(sheet);
      if ('cell' in at) ws.getRange(at.cell).formulas = [[at.formula]];
      else if ('custom' in at) ws.getRange().conditionalFormats.getItem(at.format).custom.rule.formula = at.custom;
      else ws.getRange().conditionalFormats.getItem(at.format).cellValue.rule = at.cellValue;
    }
    if (this.has('1.8')) ctx.runtime.enableEvents = true;
    try {
      await this.writeBatch(ctx);
      return locked;
    } catch {
      return [...writable, ...locked];
    }
  }

  /**
   * After a failed injection, on hosts with Range.copyFrom (ExcelApi 1.9): each rewritten sheet gets
   * its copy's cells back in place (values, formulas, formats, merges, validation, conditional formats,
   * then column widths, frozen rows, protection and visibility), so it keeps its id and every formula
   * of another sheet pointing at it stays whole: deleting it for its copy would make them #REF!. Then
   * the copies, and the sheets and names the injection added, are removed; names get their formulas back.
   */
  private async restoreInPlace(before: WorkbookState, backups: Backup[]): Promise<boolean> {
    const lower = (s: string) => s.toLowerCase();
    const done = await this.run(async (ctx) => {
      const wb = ctx.workbook;
      const now = wb.worksheets.load('items/name,items/id,items/visibility');
      const names = wb.names.load('items/name,items/formula');
      await this.sync(ctx, 'read');
      const byName = new Map(now.items.map((s) => [lower(s.name), s]));
      const wasOf = (b: Backup) => before.sheets.find((s) => s.name === b.original)!;
      const pairs = backups
        .filter((b) => byName.has(lower(b.spare)) && now.items.some((s) => s.id === wasOf(b).id))
        .map((b) => {
          const original = wb.worksheets.getItem(wasOf(b).id);
          const copy = wb.worksheets.getItem(byName.get(lower(b.spare))!.id);
          const used = [original, copy].map((ws) => ws.getUsedRangeOrNullObject().load('address'));
          const frozen = copy.freezePanes.getLocationOrNullObject().load('address');
          original.protection.load('protected');
          copy.protection.load('protected');
          return { b, original, copy, used, frozen, box: null as Box | null, widths: [] as Excel.RangeFormat[] };
        });
      if (pairs.length) await this.sync(ctx, 'read');
      for (const p of pairs) {
        const boxes = p.used.filter((r) => !r.isNullObject).map((r) => parseBox(stripSheet(r.address)));
        p.box = boxes.reduce<Box | null>(
          (u, b) =>
            !b
              ? u
              : !u
                ? { ...b }
                : {
                    top: Math.min(u.top, b.top),
                    left: Math.min(u.left, b.left),
                    bottom: Math.max(u.bottom, b.bottom),
                    right: Math.max(u.right, b.right),
                  },
          null,
        );
        if (!p.box) continue;
        for (let c = 1; c <= p.box.right; c++) {
          const format = p.copy.getRange(`${colName(c)}:${colName(c)}`).format;
          format.load('columnWidth');
          p.widths.push(format);
        }
      }
      if (pairs.some((p) => p.widths.length)) await this.sync(ctx, 'read');
      this.quietStart(ctx);
      const drop = (s: Excel.Worksheet, visibility: string) => {
        // Excel refuses to delete a very hidden sheet.
        if (visibility === 'VeryHidden') s.visibility = 'Hidden';
        s.delete();
      };
      const hadId = new Set(before.sheets.map((s) => s.id));
      const spares = new Set(pairs.map((p) => lower(p.b.spare)));
      for (const s of now.items) if (!hadId.has(s.id) && !spares.has(lower(s.name))) drop(s, s.visibility);
      for (const n of names.items) if (!before.names.has(n.name)) n.delete();
      for (const p of pairs) {
        const { original, copy, box } = p;
        if (original.protection.protected) original.protection.unprotect();
        if (box) {
          const address = boxAddress(box);
          const target = original.getRange(address);
          target.unmerge();
          target.clear('All');
          target.conditionalFormats.clearAll();
          target.dataValidation.clear();
          target.copyFrom(copy.getRange(address), 'All');
          p.widths.forEach((f, i) => {
            if (typeof f.columnWidth === 'number')
              original.getRange(`${colName(i + 1)}:${colName(i + 1)}`).format.columnWidth = f.columnWidth;
          });
        }
        original.freezePanes.unfreeze();
        if (!p.frozen.isNullObject) original.freezePanes.freezeAt(stripSheet(p.frozen.address));
        if (copy.protection.protected) original.protection.protect(PROTECT_OPTIONS as Excel.WorksheetProtectionOptions);
        drop(copy, byName.get(lower(p.b.spare))!.visibility);
      }
      for (const was of before.sheets) {
        const current = now.items.find((s) => s.id === was.id);
        if (current && current.visibility !== was.visibility) current.visibility = was.visibility;
      }
      const formulaNow = new Map(names.items.map((n) => [n.name, String(n.formula)]));
      for (const [name, formula] of before.names)
        if (formulaNow.get(name) !== formula) wb.names.getItem(name).formula = formula;
      if (this.has('1.8')) ctx.runtime.enableEvents = true;
      await this.writeBatch(ctx);
      return true;
    }).catch(() => false);
    await this.sheetNames().catch(() => undefined);
    return done;
  }

  /** Queues one sheet's block: number formats, then values and formulas, then styles. */
  private writeSheet(ws: Excel.Worksheet, sheet: SheetPlan, rows: number, cols: number, values: CellWrite[]): number {
    const formulas: (string | number | boolean)[][] = Array.from({ length: rows }, () => Array(cols).fill(''));
    const formats: string[][] = Array.from({ length: rows }, () => Array(cols).fill('General'));
    const at = (address: string) => {
      const p = parseCell(address)!;
      return { r: p.row - 1, c: p.col - 1 };
    };
    const numFmtOf = new Map<string, string | undefined>();
    for (const cell of sheet.cells) {
      const { r, c } = at(cell.address);
      numFmtOf.set(cell.address, cell.numFmt);
      if (cell.numFmt) formats[r][c] = cell.numFmt;
      if (cell.formula) formulas[r][c] = `=${cell.formula}`;
      else if (cell.value !== undefined && cell.value !== null) formulas[r][c] = cellInput(cell.value, cell.numFmt);
    }
    for (const w of values) {
      const p = parseCell(w.address);
      if (!p || p.row > rows || p.col > cols) continue;
      const numFmt = w.numFmt ?? numFmtOf.get(w.address);
      if (w.numFmt) formats[p.row - 1][p.col - 1] = w.numFmt;
      formulas[p.row - 1][p.col - 1] = w.formula ? w.formula : cellInput(w.value, numFmt);
    }
    const block = ws.getRange(`A1:${colName(cols)}${rows}`);
    block.numberFormat = formats;
    block.formulas = formulas as unknown as string[][];
    block.format.verticalAlignment = 'Center';

    sheet.widths.forEach(
      (w, i) =>
        (ws.getRange(`${colName(i + 1)}:${colName(i + 1)}`).format.columnWidth = Math.round(w * POINTS_PER_CHAR)),
    );
    for (const m of sheet.merges) ws.getRange(m).merge(false);

    const byStyle = new Map<string, string[]>();
    const byValidation = new Map<string, { v: Validation; cells: string[] }>();
    const unlocked: string[] = [];
    for (const cell of sheet.cells) {
      const list = byStyle.get(cell.style) ?? [];
      list.push(cell.address);
      byStyle.set(cell.style, list);
      if (!cell.locked) unlocked.push(cell.address);
      // Excel splits a list source at commas: a value like "Sở, ban, ngành" would become three items
      // and refuse its own label, so such a list is left to the engine instead.
      const commaList = cell.validation?.type === 'list' && cell.validation.values.some((v) => String(v).includes(','));
      if (cell.validation && !commaList) {
        const k = JSON.stringify(cell.validation);
        const entry = byValidation.get(k) ?? { v: cell.validation, cells: [] };
        entry.cells.push(cell.address);
        byValidation.set(k, entry);
      }
    }
    for (const [style, cells] of byStyle) {
      const spec = STYLE_SPECS[style as CellPlan['style']];
      for (const group of areaGroups(coalesce(cells)))
        for (const area of this.areas(ws, group)) {
          const f = area.format;
          f.font.name = FONT_NAME;
          f.font.size = spec.size ?? 11;
          f.font.bold = !!spec.bold;
          f.font.italic = !!spec.italic;
          f.font.color = `#${spec.color ?? '000000'}`;
          if (spec.fill) f.fill.color = `#${spec.fill}`;
          if (spec.align)
            f.horizontalAlignment = spec.align === 'left' ? 'Left' : spec.align === 'center' ? 'Center' : 'Right';
          if (spec.wrap) f.wrapText = true;
          if (spec.border) {
            for (const edge of BORDER_EDGES) {
              const b = f.borders.getItem(edge as Excel.BorderIndex);
              b.style = 'Continuous';
              b.color = '#808080';
            }
          }
        }
    }
    for (const group of areaGroups(coalesce(unlocked)))
      for (const area of this.areas(ws, group)) area.format.protection.locked = false;
    for (const { v, cells } of byValidation.values()) {
      const { rule, message } = validationRule(v);
      for (const group of areaGroups(coalesce(cells)))
        for (const area of this.areas(ws, group)) {
          const dv = area.dataValidation;
          dv.ignoreBlanks = true;
          dv.rule = rule;
          dv.errorAlert = { showAlert: true, style: 'Stop', title: 'Giá trị không hợp lệ', message };
          if (v.prompt) dv.prompt = { showPrompt: true, title: v.prompt.title, message: v.prompt.text };
        }
    }
    return sheet.cells.length;
  }

  /**
   * ExcelApi 1.13: the sheets go in whole from the file (styles and all) at the end of the
   * workbook, taking a suffixed name where the name is in use; one sync. Then the old sheets
   * are renamed aside, the new ones take their names and the old ones are deleted; one sync.
   * Older hosts: the values go in as blocks instead (see writeSheetsByValues). When a step
   * fails, whatever was done is undone, so the workbook is left as it was.
   */
  async replaceSheetsFromXlsx(xlsx: Uint8Array, sheetNames: string[], options: ReplaceOptions = {}): Promise<void> {
    if (!sheetNames.length) return;
    const base64 = this.has('1.13') ? bytesToBase64(xlsx) : '';
    // A file too big for one request goes in as blocks, several requests of at most REQUEST_BUDGET.
    if (!this.has('1.13') || base64.length > this.requestBudget)
      return this.writeSheetsByValues(xlsx, sheetNames, options);
    await this.run(async (ctx) => {
      this.quietStart(ctx);
      const ids = ctx.workbook.insertWorksheetsFromBase64(base64, {
        sheetNamesToInsert: sheetNames,
        positionType: 'End',
      });
      if (this.has('1.8')) ctx.runtime.enableEvents = true;
      const sheets = ctx.workbook.worksheets.load('items/name,items/id');
      // Nothing is changed when this fails: Excel inserts the sheets all together or not at all.
      await this.writeBatch(ctx);
      const inserted = new Set(ids.value);
      const fresh = sheets.items.filter((s) => inserted.has(s.id));
      const used = new Set<string>();
      const byTarget = new Map<string, string>();
      // A new sheet has the name asked for, or that name with Excel's suffix ("Tổng hợp (2)").
      for (const target of sheetNames) {
        const t = target.toLowerCase();
        const match =
          fresh.find((s) => !used.has(s.id) && s.name.toLowerCase() === t) ??
          fresh.find(
            (s) => !used.has(s.id) && s.name.toLowerCase().startsWith(t.slice(0, 20)) && / \(\d+\)$/.test(s.name),
          );
        if (match) {
          byTarget.set(target, match.id);
          used.add(match.id);
        }
      }
      // Anything not matched by name is matched by position (Excel inserts in the file's order).
      sheetNames.forEach((target, i) => {
        const id = ids.value[i];
        if (!byTarget.has(target) && id && !used.has(id)) {
          byTarget.set(target, id);
          used.add(id);
        }
      });
      await this.swapIn(
        ctx,
        sheets.items.map((s) => ({ name: s.name, id: s.id })),
        byTarget,
        ids.value,
      );
    });
  }

  /**
   * Before ExcelApi 1.13: each sheet is added under a spare name and written as blocks (values,
   * number formats, widths, merges, bold and fill); text goes in with a leading apostrophe, so
   * "=…", "+…", "-…", "@…" from a colleague's file stay text. Then swapped in as above.
   */
  private async writeSheetsByValues(xlsx: Uint8Array, sheetNames: string[], options: ReplaceOptions): Promise<void> {
    const ExcelJS = (await import(/* webpackChunkName: "exceljs" */ 'exceljs')).default;
    const source = new ExcelJS.Workbook();
    await source.xlsx.load(xlsx as unknown as ArrayBuffer);
    const wanted = sheetNames.map((name) => {
      const ws = source.worksheets.find((w) => w.name.toLowerCase() === name.toLowerCase());
      if (!ws) throw new Error(`Tệp tổng hợp không có trang "${name}".`);
      return ws;
    });
    await this.run(async (ctx) => {
      const existing = ctx.workbook.worksheets.load('items/name,items/id');
      await this.sync(ctx, 'read');
      const taken = new Set(existing.items.map((s) => s.name.toLowerCase()));
      const totalRows = wanted.reduce((n, src) => n + src.rowCount, 0) || 1;
      let rowsDone = 0;
      let queued = 0;
      const send = async () => {
        if (this.has('1.8')) ctx.runtime.enableEvents = true;
        await this.writeBatch(ctx);
        queued = 0;
        options.onProgress?.(Math.min(1, rowsDone / totalRows));
        this.quietStart(ctx);
      };
      this.quietStart(ctx);
      const added: Excel.Worksheet[] = [];
      try {
        for (const src of wanted) {
          const ws = ctx.workbook.worksheets.add(spareName('CCHC mới', taken));
          ws.load('id');
          added.push(ws);
          // The consolidation's data sheet stays out of sight, as in the file.
          if (src.state === 'veryHidden') ws.visibility = 'VeryHidden' as Excel.SheetVisibility;
          // New sheets under spare names: every request before the swap leaves the old sheets untouched.
          for (const block of this.writeBlocks(ws, src, this.requestBudget / 4)) {
            queued += block.bytes;
            rowsDone += block.rows;
            // A block is at most a quarter of the budget: send before the next one could overflow it.
            if (queued >= (this.requestBudget * 3) / 4) await send();
          }
        }
        await send();
      } catch (err) {
        await this.rollback(
          existing.items.map((s) => ({ name: s.name, id: s.id })),
          null,
        );
        throw err;
      }
      const ids = added.map((ws) => ws.id);
      const byTarget = new Map(sheetNames.map((t, i) => [t, ids[i]]));
      await this.swapIn(
        ctx,
        existing.items.map((s) => ({ name: s.name, id: s.id })),
        byTarget,
        ids,
      );
    });
  }

  /**
   * Queues one sheet read by exceljs as blocks on a new Excel sheet; after each block, yields
   * the bytes queued and the rows covered, so the caller sends a request before it grows too big.
   */
  private *writeBlocks(
    ws: Excel.Worksheet,
    src: ExcelJSWorksheet,
    maxBlockBytes: number,
  ): Generator<{ bytes: number; rows: number }> {
    const rows = src.rowCount;
    const cols = src.columnCount;
    if (rows && cols) {
      // Rows per block: bounded by cells and by bytes (a block is well under one request).
      const step = Math.max(1, Math.floor(MAX_BLOCK_CELLS / cols));
      for (let top = 1; top <= rows;) {
        let bottom = Math.min(rows, top + step - 1);
        const values: (string | number | boolean)[][] = [];
        const formats: string[][] = [];
        for (let r = top; r <= bottom; r++) {
          const row = src.getRow(r);
          const v: (string | number | boolean)[] = [];
          const f: string[] = [];
          for (let c = 1; c <= cols; c++) {
            const cell = row.getCell(c);
            v.push(blockValue(cell.value));
            f.push(typeof cell.value === 'number' && cell.numFmt ? cell.numFmt : 'General');
          }
          values.push(v);
          formats.push(f);
        }
        let bytes = jsonBytes(values) + jsonBytes(formats);
        // A block of long texts: halve it until it fits.
        while (bytes > maxBlockBytes && values.length > 1) {
          const keep = Math.ceil(values.length / 2);
          values.length = keep;
          formats.length = keep;
          bottom = top + keep - 1;
          bytes = jsonBytes(values) + jsonBytes(formats);
        }
        const range = ws.getRange(`A${top}:${colName(cols)}${bottom}`);
        range.numberFormat = formats;
        range.values = values as unknown as string[][];
        yield { bytes: bytes + 200, rows: bottom - top + 1 };
        top = bottom + 1;
      }
    }
    for (let c = 1; c <= cols; c++) {
      const w = src.getColumn(c).width;
      if (w) ws.getRange(`${colName(c)}:${colName(c)}`).format.columnWidth = Math.round(w * POINTS_PER_CHAR);
    }
    for (const m of (src.model as { merges?: string[] }).merges ?? []) ws.getRange(m).merge(false);
    // Bold and fill, once per distinct look over coalesced blocks.
    const looks = new Map<string, { bold: boolean; fill?: string; wrap: boolean; cells: string[] }>();
    src.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const fill = cell.fill as { type?: string; fgColor?: { argb?: string } } | undefined;
        const look = {
          bold: !!cell.font?.bold,
          fill: fill?.type === 'pattern' && fill.fgColor?.argb ? `#${fill.fgColor.argb.slice(-6)}` : undefined,
          wrap: !!cell.alignment?.wrapText,
        };
        if (!look.bold && !look.fill && !look.wrap) return;
        const k = JSON.stringify(look);
        const entry = looks.get(k) ?? { ...look, cells: [] };
        entry.cells.push(cell.address);
        looks.set(k, entry);
      });
    });
    for (const look of looks.values()) {
      for (const range of coalesce(look.cells)) {
        const f = ws.getRange(range).format;
        if (look.bold) f.font.bold = true;
        if (look.fill) f.fill.color = look.fill;
        if (look.wrap) f.wrapText = true;
      }
    }
    const view = src.views?.[0] as { state?: string; ySplit?: number } | undefined;
    if (view?.state === 'frozen' && view.ySplit) ws.freezePanes.freezeRows(view.ySplit);
    yield { bytes: 200 * (cols + looks.size), rows: 0 };
  }

  /**
   * The new sheets (`byTarget`: wanted name → new sheet id) take their names: old sheets of those
   * names are renamed aside first and deleted last, so a failure before the deletions can be undone.
   */
  private async swapIn(
    ctx: Excel.RequestContext,
    sheets: { name: string; id: string }[],
    byTarget: Map<string, string>,
    newIds: string[],
  ): Promise<void> {
    const fresh = new Set(newIds);
    const taken = new Set([
      ...sheets.map((s) => s.name.toLowerCase()),
      ...[...byTarget.keys()].map((t) => t.toLowerCase()),
    ]);
    const old = [...byTarget.keys()].flatMap((target) =>
      sheets.filter((s) => !fresh.has(s.id) && s.name.toLowerCase() === target.toLowerCase()),
    );
    this.quietStart(ctx);
    for (const s of old) ctx.workbook.worksheets.getItem(s.id).name = spareName('CCHC cũ', taken);
    for (const [target, id] of byTarget) ctx.workbook.worksheets.getItem(id).name = target;
    if (this.has('1.8')) ctx.runtime.enableEvents = true;
    try {
      // Renames only: every one of them can be undone, so a failure here leaves the workbook as it was.
      await this.writeBatch(ctx);
    } catch (err) {
      await this.rollback(
        sheets.filter((s) => !fresh.has(s.id)),
        newIds,
      );
      throw err;
    }
    for (const [target, id] of byTarget) this.sheetIds.set(id, target);
    if (old.length) await this.dropOld(old.map((s) => s.id));
  }

  /**
   * The old sheets go once the new ones hold their names. A deleted sheet cannot be brought
   * back, so deletion comes after the swap; a failed deletion is tried once more, and if it
   * fails again the old sheets stay, set aside under "CCHC cũ …" names, and the user is told.
   */
  private async dropOld(ids: string[]): Promise<void> {
    const drop = () =>
      this.run(async (ctx) => {
        const left = ids.map((id) => ctx.workbook.worksheets.getItemOrNullObject(id).load('isNullObject'));
        await this.sync(ctx, 'read');
        this.quietStart(ctx);
        left.forEach((ws) => {
          if (!ws.isNullObject) ws.delete();
        });
        if (this.has('1.8')) ctx.runtime.enableEvents = true;
        await this.writeBatch(ctx);
      });
    try {
      await drop();
    } catch {
      try {
        await drop();
      } catch (err) {
        throw new Error(
          'Đã ghi xong các trang tổng hợp mới, nhưng không xoá được trang cũ: các trang cũ được giữ lại với tên "CCHC cũ …", bạn có thể tự xoá.',
          { cause: err },
        );
      }
    }
    for (const id of ids) this.sheetIds.delete(id);
  }

  /**
   * Undoes a replacement that failed midway: the sheets it added are deleted (by id, or every
   * sheet not in `before` when the ids are unknown) and the old sheets get their names back.
   */
  private async rollback(before: { name: string; id: string }[], newIds: string[] | null): Promise<void> {
    await this.run(async (ctx) => {
      const now = ctx.workbook.worksheets.load('items/name,items/id');
      await this.sync(ctx, 'read');
      const known = new Map(before.map((s) => [s.id, s.name]));
      const added = now.items.filter((s) => (newIds ? newIds.includes(s.id) : !known.has(s.id)));
      this.quietStart(ctx);
      for (const s of added) ctx.workbook.worksheets.getItem(s.id).delete();
      for (const s of now.items) {
        const name = known.get(s.id);
        if (name !== undefined && name !== s.name) ctx.workbook.worksheets.getItem(s.id).name = name;
      }
      if (this.has('1.8')) ctx.runtime.enableEvents = true;
      await this.writeBatch(ctx);
    }).catch(() => undefined);
  }

  // ---------------------------------------------------------------- figures into the forms

  /**
   * A consolidation's totals into the office's own input cells, found by their defined names:
   * one read of the names, one of the cells as they are, every name checked, then one write of
   * values only. No protection change: the injected input cells are unlocked, so a protected
   * form takes the values and the undo stack is kept where the host keeps it for add-in writes.
   * A write that fails midway (a cell locked by hand) is put back from what was read.
   */
  async writeFigures(values: NamedValue[]): Promise<FiguresWritten> {
    this.requireFloor();
    if (!values.length) return { cells: 0, before: [] };
    return this.run(async (ctx) => {
      const names = ctx.workbook.names.load('items/name,items/type,items/formula');
      const sheets = ctx.workbook.worksheets.load('items/name');
      await this.sync(ctx, 'read');
      const { map } = this.namesOf(names.items);
      const present = new Set(sheets.items.map((s) => s.name));
      const missing = values.filter((v) => !map[v.name] || !present.has(map[v.name].sheet)).map((v) => v.name);
      if (missing.length) throw new FiguresNotWritten(missing);
      const cells = values.map((v) => {
        const at = map[v.name];
        const range = ctx.workbook.worksheets.getItem(at.sheet).getRange(at.address);
        range.load('values,formulas,numberFormat');
        return { v, at, range };
      });
      await this.sync(ctx, 'read');
      const before: NamedValue[] = cells.map(({ v, range }) => {
        const f = range.formulas[0][0];
        return typeof f === 'string' && f.startsWith('=')
          ? { name: v.name, value: null, formula: f }
          : { name: v.name, value: toRaw(range.values[0][0]) };
      });
      const numFmts = cells.map(({ range }) => String(range.numberFormat[0][0]));
      const put = (list: NamedValue[]) => {
        this.quietStart(ctx);
        list.forEach((v, i) => {
          const { at } = cells[i];
          const range = ctx.workbook.worksheets.getItem(at.sheet).getRange(at.address);
          if (v.formula) range.formulas = [[v.formula]];
          else range.values = [[cellInput(v.value, numFmts[i])]];
        });
        if (this.has('1.8')) ctx.runtime.enableEvents = true;
      };
      put(values);
      try {
        await this.writeBatch(ctx);
      } catch (err) {
        // Cells before the failing one were written: put them back, in the same order.
        put(before);
        await this.writeBatch(ctx).catch(() => undefined);
        throw err;
      }
      return { cells: values.length, before };
    });
  }

  async select(sheet: string, address: string): Promise<void> {
    await this.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(address).select();
      await this.sync(ctx, 'write');
    });
  }

  /**
   * One write sync with events off (our own write raises nothing), then the edit handed to the
   * handlers as Excel would hand the user's. Writing an unlocked cell needs no unprotect, so the
   * user's undo stack keeps its entries (ExcelApi 1.20 records the write as one undo step).
   */
  async writeAsUser(cell: CellRef, value: RawValue): Promise<void> {
    await this.run(async (ctx) => {
      this.quietStart(ctx);
      ctx.workbook.worksheets.getItem(cell.sheet).getRange(cell.address).values = [[value === null ? '' : value]];
      if (this.has('1.8')) ctx.runtime.enableEvents = true;
      await this.writeBatch(ctx);
    });
    const event: EditEvent = { sheet: cell.sheet, address: cell.address, values: [[value]] };
    for (const h of this.handlers) h(event);
  }

  async onEdit(handler: EditHandler): Promise<() => void> {
    this.handlers.add(handler);
    if (!this.subscription) await this.subscribe();
    return () => {
      this.handlers.delete(handler);
      if (!this.handlers.size) void this.unsubscribe();
    };
  }

  private async subscribe(): Promise<void> {
    await this.run(async (ctx) => {
      const listener = async (args: Excel.WorksheetChangedEventArgs) => this.dispatch(args);
      if (this.has('1.9')) {
        this.subscription = ctx.workbook.worksheets.onChanged.add(listener) as unknown as ExcelPort['subscription'];
      } else {
        // ExcelApi 1.7: one handler per sheet; sheets added later are picked up at the next injection.
        const sheets = ctx.workbook.worksheets.load('items/name,items/id');
        await this.sync(ctx, 'read');
        const results = sheets.items.map((s) => s.onChanged.add(listener));
        this.subscription = {
          remove: () => results.forEach((r) => r.remove()),
          context: ctx,
        };
      }
      const sheets = ctx.workbook.worksheets.load('items/name,items/id');
      await this.sync(ctx, 'read');
      for (const s of sheets.items) this.sheetIds.set(s.id, s.name);
    });
  }

  private async unsubscribe(): Promise<void> {
    const sub = this.subscription;
    this.subscription = null;
    if (!sub) return;
    if (this.host.runIn) {
      await this.host.runIn(sub.context, async (ctx) => {
        sub.remove();
        await ctx.sync();
      });
    } else {
      sub.remove();
      await sub.context.sync();
    }
  }

  private dispatch(args: Excel.WorksheetChangedEventArgs): void {
    // ExcelApi 1.14 names our own writes; older hosts have events switched off while we write.
    if ((args.triggerSource as string | undefined) === 'ThisLocalAddin') return;
    const sheet = this.sheetIds.get(args.worksheetId) ?? '';
    const event: EditEvent = {
      sheet,
      address: splitSheetAddress(args.address).address,
      structural: args.changeType !== 'RangeEdited' && args.changeType !== 'Unknown',
    };
    const box = parseBox(event.address);
    const details = args.details as Excel.ChangedEventDetail | undefined;
    if (details && box && box.top === box.bottom && box.left === box.right && !event.structural) {
      event.values = [[toRaw(details.valueAfter)]];
    }
    for (const h of this.handlers) h(event);
  }
}
