/* eslint-disable @typescript-eslint/no-explicit-any */
import { boxAddress, cellAddress, colName, inBox, parseBox, splitSheetAddress, type Box } from '../../src/office/a1';
import type { RawValue } from '../../src/office/port';
import apiSets from './apiSets.json';

/**
 * A recording, in-memory stand-in for the part of the Excel JavaScript API the add-in
 * uses. It keeps Office's batching rules: writes and loads are queued and run in order
 * at context.sync(); a property read before its load has synced throws; protected
 * locked cells refuse writes; onChanged fires (after the sync) for the add-in's own
 * writes unless runtime.enableEvents is false. It counts every sync, split into syncs
 * that read and syncs that write, which is what the budget tests and the benchmark use.
 */

export interface FakeCell {
  value: RawValue;
  formula: string | null;
  numFmt: string;
  locked: boolean;
  format: Record<string, unknown>;
  validation: Record<string, unknown> | null;
}

interface FakeSheet {
  id: string;
  name: string;
  cells: Map<string, FakeCell>;
  merges: Box[];
  protected: boolean;
  protectionOptions: Record<string, unknown>;
  password: string | undefined;
  visibility: string;
  frozenRows: number;
  colWidths: Map<number, number>;
  handlers: ((args: any) => unknown)[];
  conditionalFormats: { ranges: string[]; rule: Record<string, unknown> }[];
  /** Names scoped to this sheet (Worksheet.names): a copied sheet gets one for each workbook name pointing at it. */
  localNames: Map<string, string>;
}

export interface SyncRecord {
  loads: number;
  writes: number;
}

export interface ChangedEventArgs {
  type: 'WorksheetChanged';
  worksheetId: string;
  address: string;
  changeType: string;
  source: 'Local' | 'Remote';
  details?: { valueBefore: unknown; valueAfter: unknown; valueTypeBefore: string; valueTypeAfter: string };
  /** ExcelApi 1.14: 'ThisLocalAddin' when the change came from this add-in. */
  triggerSource?: 'Unknown' | 'ThisLocalAddin';
}

class FakeOfficeError extends Error {
  constructor(
    public code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RichApi.Error';
  }
}

const key = (row: number, col: number) => `${row},${col}`;

/** Member → ExcelApi set, generated from @types/office-js by scripts/gen-api-sets.js. */
const API_SETS = (apiSets as { members: Record<string, string> }).members;

/** The minor version of an ExcelApi set ("1.9" → 9); other sets (ExcelApiOnline …) are never present. */
function setMinor(set: string | undefined): number {
  if (!set) return 0;
  return /^1\.\d+$/.test(set) ? Number(set.split('.')[1]) : Infinity;
}

/** The set a member needs, or undefined when the map does not know it (the fake's own helpers). */
export function requiredSet(type: string, member: string): string | undefined {
  return API_SETS[`${type}.${member}`];
}

function apiNotFound(type: string, member: string, set: string): never {
  throw new FakeOfficeError(
    'ApiNotFound',
    `${type}.${member} needs ${/^\d/.test(set) ? `ExcelApi ${set}` : set}; this host does not support it.`,
  );
}

/**
 * The object as a host of the profile exposes it: a member above the profile's set throws
 * ApiNotFound when used (Office fails the batch at the next sync; throwing at once is stricter).
 */
function apiGuard<T extends object>(obj: T, type: string, excel: RecordingExcel): T {
  return new Proxy(obj, {
    get(target, prop, receiver) {
      if (typeof prop === 'string') excel.requireMember(type, prop);
      return Reflect.get(target, prop, receiver) as unknown;
    },
    set(target, prop, value, receiver) {
      if (typeof prop === 'string') excel.requireMember(type, prop);
      return Reflect.set(target, prop, value, receiver);
    },
  });
}

function emptyCell(): FakeCell {
  return { value: null, formula: null, numFmt: 'General', locked: true, format: {}, validation: null };
}

function sheetPrefix(name: string): string {
  return /^[A-Za-z0-9_]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function valueType(v: RawValue): string {
  if (v === null || v === '') return 'Empty';
  if (typeof v === 'number') return 'Double';
  if (typeof v === 'boolean') return 'Boolean';
  return 'String';
}

function propsOf(arg: unknown): string[] {
  if (!arg) return [];
  if (typeof arg === 'string')
    return arg
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(arg)) return arg.map(String);
  if (typeof arg === 'object' && 'select' in (arg as object)) return propsOf((arg as { select: string }).select);
  return [];
}

function notLoaded(prop: string): never {
  throw new FakeOfficeError(
    'PropertyNotLoaded',
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

class Loadable {
  protected data: Record<string, unknown> = {};
  protected loaded = new Set<string>();
  protected read(prop: string): any {
    if (!this.loaded.has(prop)) notLoaded(prop);
    return this.data[prop];
  }
  /** Called while the sync runs. */
  setLoaded(prop: string, value: unknown): void {
    this.data[prop] = value;
    this.loaded.add(prop);
  }
}

/** What a queued write does to the user's undo stack (Microsoft, "Undo capabilities" of Excel add-ins). */
export type UndoEffect = 'none' | 'undoable' | 'clears';

interface QueuedOp {
  kind: 'load' | 'write';
  run: () => void;
  undo: UndoEffect;
  /** Bytes the operation adds to the request (values, formats, a file as base64). */
  bytes: number;
}

/** Excel.RunOptions the fake honours. */
export interface FakeRunOptions {
  delayForCellEdit?: boolean;
  mergeUndoGroup?: boolean;
}

export class FakeContext {
  queue: QueuedOp[] = [];
  /** Work the fake does before the next sync can run (parsing a workbook to insert). */
  pending: Promise<unknown>[] = [];
  readonly workbook: FakeWorkbookProxy;
  readonly runtime: { enableEvents: boolean };
  /** Undo entries this Excel.run has pushed (one in all with mergeUndoGroup). */
  undoPushed = 0;

  constructor(
    readonly excel: RecordingExcel,
    readonly options: FakeRunOptions = {},
  ) {
    this.workbook = apiGuard(new FakeWorkbookProxy(this), 'Workbook', excel);
    const ctx = this;
    const runtime = {
      set enableEvents(v: boolean) {
        ctx.write(() => (excel.eventsEnabled = v), 'none');
      },
      get enableEvents(): boolean {
        return notLoaded('enableEvents');
      },
    };
    this.runtime = apiGuard(runtime, 'Runtime', excel);
    return apiGuard(this, 'RequestContext', excel);
  }

  load(run: () => void): void {
    this.queue.push({ kind: 'load', run, undo: 'none', bytes: 64 });
  }

  write(run: () => void, undo: UndoEffect = 'undoable', bytes = 64): void {
    this.queue.push({ kind: 'write', run, undo, bytes });
  }

  prepare(work: Promise<unknown>): void {
    this.pending.push(work);
  }

  sync(): Promise<void> {
    return this.excel.runQueue(this);
  }
}

/** Bytes of a grid as JSON, as the request carries it. */
function gridBytes(v: unknown): number {
  try {
    return JSON.stringify(v)?.length ?? 0;
  } catch {
    return 0;
  }
}

/** A value the host returns at the next sync (OfficeExtension.ClientResult). */
class FakeClientResult<T> {
  private loaded = false;
  private data: T | undefined;
  get value(): T {
    if (!this.loaded) notLoaded('value');
    return this.data as T;
  }
  set(v: T): void {
    this.data = v;
    this.loaded = true;
  }
}

/** One sheet of an .xlsx handed to insertWorksheetsFromBase64, as the fake stores it. */
interface ParsedSheet {
  name: string;
  cells: Map<string, FakeCell>;
  merges: Box[];
  colWidths: Map<number, number>;
  frozenRows: number;
}

function base64Bytes(base64: string): Uint8Array {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Excel's serial day number of a date. */
function serialOf(d: Date): number {
  return (d.getTime() - Date.UTC(1899, 11, 30)) / 86400000;
}

/** Reads the sheets of an .xlsx with exceljs (loaded on demand: the fake serves tests and the bench). */
async function parseXlsxSheets(base64: string): Promise<ParsedSheet[]> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(base64Bytes(base64) as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const cells = new Map<string, FakeCell>();
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const fake = emptyCell();
        const v = cell.value as unknown;
        if (v && typeof v === 'object' && !(v instanceof Date)) {
          const o = v as Record<string, unknown>;
          if (typeof o.formula === 'string') {
            fake.formula = `=${o.formula}`;
            fake.value = (o.result as RawValue) ?? null;
          } else if (Array.isArray(o.richText))
            fake.value = (o.richText as { text: string }[]).map((t) => t.text).join('');
          else if ('text' in o) fake.value = String(o.text);
        } else if (v instanceof Date) fake.value = serialOf(v);
        else fake.value = (v as RawValue) ?? null;
        fake.numFmt = cell.numFmt || 'General';
        if (cell.font?.bold) fake.format['font.bold'] = true;
        const fill = cell.fill as { type?: string; fgColor?: { argb?: string } } | undefined;
        if (fill?.type === 'pattern' && fill.fgColor?.argb)
          fake.format['fill.color'] = `#${fill.fgColor.argb.slice(-6)}`;
        cells.set(key(r, c), fake);
      });
    });
    const colWidths = new Map<number, number>();
    ws.columns?.forEach((col, i) => {
      if (col.width) colWidths.set(i + 1, Math.round(col.width * 5.6));
    });
    const merges = ((ws.model as { merges?: string[] }).merges ?? []).map((m) => parseBox(m)!).filter(Boolean);
    const view = ws.views?.[0] as { state?: string; ySplit?: number } | undefined;
    return { name: ws.name, cells, merges, colWidths, frozenRows: view?.state === 'frozen' ? (view.ySplit ?? 0) : 0 };
  });
}

/** A deep copy of plain data (structuredClone is missing in some jest environments). */
function structuredCopy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** A name's formula pointing at the same cells of a sheet now called `prefix` (quoted as needed). */
function repointed(formula: string, prefix: string): string {
  return `=${prefix}!${formula.slice(formula.lastIndexOf('!') + 1)}`;
}

/** The name Excel gives an inserted sheet whose name is taken: "Tổng hợp (2)". */
function freeName(base: string, taken: (name: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const tag = ` (${n})`;
    const name = `${base.slice(0, 31 - tag.length)}${tag}`;
    if (!taken(name)) return name;
  }
}

class FakeWorkbookProxy {
  readonly worksheets: FakeWorksheetCollection;
  readonly names: FakeNameCollection;
  constructor(readonly ctx: FakeContext) {
    this.worksheets = new FakeWorksheetCollection(ctx);
    this.names = new FakeNameCollection(ctx);
  }

  /**
   * ExcelApi 1.13. All or nothing, as in Excel: the file is read and every sheet built before
   * any is added; a name already taken gets a suffix ("Tổng hợp (2)"). Returns the new sheets' ids.
   */
  insertWorksheetsFromBase64(
    base64: string,
    options: { sheetNamesToInsert?: string[]; positionType?: string } = {},
  ): FakeClientResult<string[]> {
    const excel = this.ctx.excel;
    let parsed: ParsedSheet[] | null = null;
    let parseError: unknown = null;
    this.ctx.prepare(
      parseXlsxSheets(base64).then(
        (p) => (parsed = p),
        (e) => (parseError = e),
      ),
    );
    const result = new FakeClientResult<string[]>();
    this.ctx.write(
      () => {
        excel.recordInsert(options.sheetNamesToInsert ?? null);
        excel.maybeFail('insertWorksheets');
        if (parseError || !parsed)
          throw new FakeOfficeError(
            'InvalidArgument',
            'The argument is invalid or missing or has an incorrect format (not a workbook).',
          );
        const source = parsed as ParsedSheet[];
        const wanted = options.sheetNamesToInsert ?? source.map((p) => p.name);
        const chosen = wanted.map((n) => {
          const found = source.find((p) => p.name.toLowerCase() === n.toLowerCase());
          if (!found) throw new FakeOfficeError('ItemNotFound', `The source workbook has no worksheet "${n}".`);
          return found;
        });
        const names = new Set(excel.sheets.map((x) => x.name.toLowerCase()));
        const built = chosen.map((p) => {
          const sheet = excel.newSheet(freeName(p.name, (n) => names.has(n.toLowerCase())));
          names.add(sheet.name.toLowerCase());
          for (const [k, cell] of p.cells) sheet.cells.set(k, { ...cell, format: { ...cell.format } });
          sheet.merges = p.merges.map((m) => ({ ...m }));
          sheet.colWidths = new Map(p.colWidths);
          sheet.frozenRows = p.frozenRows;
          return sheet;
        });
        if (options.positionType === 'Beginning') excel.sheets.unshift(...built);
        else excel.sheets.push(...built);
        result.set(built.map((x) => x.id));
      },
      'undoable',
      base64.length,
    );
    return result;
  }
}

class FakeWorksheetCollection extends Loadable {
  readonly onChanged: { add(handler: (a: any) => unknown): FakeHandlerResult };
  constructor(private ctx: FakeContext) {
    super();
    const excel = ctx.excel;
    this.onChanged = {
      add: (handler) => {
        ctx.write(() => excel.collectionHandlers.push(handler), 'none');
        return new FakeHandlerResult(
          ctx,
          () => (excel.collectionHandlers = excel.collectionHandlers.filter((h) => h !== handler)),
        );
      },
    };
    return apiGuard(this, 'WorksheetCollection', excel);
  }
  get items(): FakeWorksheet[] {
    return this.read('items');
  }
  load(arg?: unknown): this {
    const props = propsOf(arg).map((p) => p.replace(/^items\//, ''));
    this.ctx.load(() => {
      const items = this.ctx.excel.sheets.map((s) => {
        const ws = new FakeWorksheet(this.ctx, () => s);
        ws.loadNow(props.length ? props : ['name', 'id']);
        return ws;
      });
      this.setLoaded('items', items);
    });
    return this;
  }
  add(name: string): FakeWorksheet {
    let id = '';
    this.ctx.write(() => {
      this.ctx.excel.maybeFail('addSheet');
      id = this.ctx.excel.createSheet(name).id;
    });
    return new FakeWorksheet(this.ctx, () => this.ctx.excel.sheetById(id));
  }
  /** By name or by id, as in Excel. */
  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => {
      const s = this.ctx.excel.sheetByName(name) ?? this.ctx.excel.sheetById(name);
      if (!s) throw new FakeOfficeError('ItemNotFound', `The requested resource doesn't exist: worksheet "${name}".`);
      return s;
    });
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => this.ctx.excel.sheetByName(name) ?? this.ctx.excel.sheetById(name), true);
  }
}

class FakeHandlerResult {
  constructor(
    readonly context: FakeContext,
    private removeFn: () => void,
  ) {}
  remove(): void {
    this.context.write(this.removeFn, 'none');
  }
}

class FakeWorksheet extends Loadable {
  readonly protection: {
    protected: boolean;
    load(p?: unknown): unknown;
    protect(options?: Record<string, unknown>, password?: string): void;
    unprotect(password?: string): void;
  };
  readonly freezePanes: {
    freezeRows(n: number): void;
    unfreeze(): void;
    freezeAt(range: FakeRange | string): void;
    getLocationOrNullObject(): FakeRange;
  };
  readonly onChanged: { add(handler: (a: any) => unknown): FakeHandlerResult };

  constructor(
    private ctx: FakeContext,
    private resolveRaw: () => FakeSheet | null,
    private nullable = false,
  ) {
    super();
    const self = this;
    const protLoaded: Record<string, unknown> = {};
    this.protection = {
      get protected(): boolean {
        if (!('protected' in protLoaded)) notLoaded('protected');
        return protLoaded.protected as boolean;
      },
      load: () => {
        ctx.load(() => (protLoaded.protected = self.resolve().protected));
        return self.protection;
      },
      protect: (options?: Record<string, unknown>, password?: string) =>
        ctx.write(() => {
          const s = self.resolve();
          if (s.protected) throw new FakeOfficeError('InvalidOperation', 'The worksheet is already protected.');
          s.protected = true;
          s.protectionOptions = options ?? {};
          s.password = password;
        }, 'clears'),
      unprotect: (password?: string) =>
        ctx.write(() => {
          const s = self.resolve();
          if (s.protected && s.password && s.password !== password)
            throw new FakeOfficeError('InvalidArgument', 'The password is incorrect.');
          s.protected = false;
        }, 'clears'),
    };
    this.protection = apiGuard(this.protection, 'WorksheetProtection', ctx.excel);
    this.freezePanes = {
      freezeRows: (n: number) => ctx.write(() => (self.resolve().frozenRows = n)),
      unfreeze: () => ctx.write(() => (self.resolve().frozenRows = 0)),
      // The fake models frozen rows only: the rows of the range given (from row 1) are frozen.
      freezeAt: (range: FakeRange | string) =>
        ctx.write(() => {
          const s = self.resolve();
          const box = typeof range === 'string' ? ctx.excel.targetOf(range, s).box : range.resolve().box;
          s.frozenRows = box.bottom;
        }),
      getLocationOrNullObject: () =>
        new FakeRange(
          ctx,
          () => {
            const s = self.resolve();
            return s.frozenRows ? { sheet: s, box: { top: 1, left: 1, bottom: s.frozenRows, right: 16384 } } : null;
          },
          true,
        ),
    };
    this.freezePanes = apiGuard(this.freezePanes, 'WorksheetFreezePanes', ctx.excel);
    this.onChanged = {
      add: (handler) => {
        ctx.write(() => self.resolve().handlers.push(handler), 'none');
        return new FakeHandlerResult(ctx, () => {
          const s = self.resolve();
          s.handlers = s.handlers.filter((h) => h !== handler);
        });
      },
    };
    return apiGuard(this, 'Worksheet', ctx.excel);
  }

  resolve(): FakeSheet {
    const s = this.resolveRaw();
    if (!s) throw new FakeOfficeError('ItemNotFound', 'The requested worksheet does not exist.');
    return s;
  }

  get isNullObject(): boolean {
    return this.read('isNullObject');
  }
  get name(): string {
    return this.read('name');
  }
  set name(v: string) {
    this.ctx.write(() => {
      const s = this.resolve();
      this.ctx.excel.maybeFail('renameSheet');
      if (this.ctx.excel.sheetByName(v) && this.ctx.excel.sheetByName(v) !== s)
        throw new FakeOfficeError('InvalidArgument', 'Sheet name taken');
      // Names pointing at the sheet follow it, as in Excel.
      this.ctx.excel.repointNames(s.name, () => sheetPrefix(v));
      s.name = v;
    });
  }
  get id(): string {
    return this.read('id');
  }
  get visibility(): string {
    return this.read('visibility');
  }
  get position(): number {
    return this.read('position');
  }
  /** Moves the sheet to that index (ExcelApi 1.1). */
  set position(v: number) {
    this.ctx.write(() => {
      const excel = this.ctx.excel;
      const s = this.resolve();
      if (!Number.isInteger(v) || v < 0 || v >= excel.sheets.length)
        throw new FakeOfficeError('InvalidArgument', `Bad sheet position ${v}.`);
      const rest = excel.sheets.filter((x) => x !== s);
      rest.splice(v, 0, s);
      excel.sheets = rest;
    });
  }
  /** Names scoped to this sheet (ExcelApi 1.4). */
  get names(): FakeNameCollection {
    return new FakeNameCollection(this.ctx, () => this.resolve().localNames);
  }
  set visibility(v: string) {
    this.ctx.write(() => (this.resolve().visibility = v));
  }

  loadNow(props: string[]): void {
    const s = this.resolveRaw();
    this.setLoaded('isNullObject', !s);
    if (!s) {
      if (!this.nullable) throw new FakeOfficeError('ItemNotFound', 'The requested worksheet does not exist.');
      return;
    }
    for (const p of props) {
      if (p === 'name' || p === 'id' || p === 'visibility') this.setLoaded(p, s[p]);
      else if (p === 'position') this.setLoaded(p, this.ctx.excel.sheets.indexOf(s));
    }
  }

  load(arg?: unknown): this {
    const props = propsOf(arg);
    for (const p of props) this.ctx.excel.requireMember('Worksheet', p);
    this.ctx.load(() => this.loadNow(props.length ? props : ['name', 'id', 'visibility']));
    return this;
  }

  activate(): void {
    this.ctx.write(() => (this.ctx.excel.activeSheet = this.resolve().name), 'none');
  }

  delete(): void {
    this.ctx.write(() => {
      const s = this.resolve();
      this.ctx.excel.maybeFail('deleteSheet');
      // Office: "if the worksheet's visibility is set to VeryHidden, the delete operation will fail".
      if (s.visibility === 'VeryHidden')
        throw new FakeOfficeError('InvalidOperation', 'A very hidden worksheet cannot be deleted.');
      this.ctx.excel.deleteSheet(s);
    });
  }

  /**
   * ExcelApi 1.7: a copy with everything the sheet holds (cells, formats, merges, widths, panes,
   * conditional formats, validation, protection, visibility), named as Excel names it ("X (2)").
   * "None" (the default) and "Beginning" put it first, "End" last, "Before"/"After" next to
   * `relativeTo`. Workbook names pointing at the sheet get a sheet-scoped twin on the copy.
   */
  copy(positionType: string = 'None', relativeTo?: FakeWorksheet): FakeWorksheet {
    let id = '';
    this.ctx.write(() => {
      const excel = this.ctx.excel;
      const s = this.resolve();
      excel.maybeFail('copySheet');
      const anchor = relativeTo?.resolve();
      if ((positionType === 'Before' || positionType === 'After') && !anchor)
        throw new FakeOfficeError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
      const copy = excel.newSheet(freeName(s.name, (n) => !!excel.sheetByName(n)));
      for (const [k, cell] of s.cells)
        copy.cells.set(k, {
          ...cell,
          format: { ...cell.format },
          validation: cell.validation && structuredCopy(cell.validation),
        });
      copy.merges = s.merges.map((m) => ({ ...m }));
      copy.protected = s.protected;
      copy.protectionOptions = { ...s.protectionOptions };
      copy.password = s.password;
      copy.visibility = s.visibility;
      copy.frozenRows = s.frozenRows;
      copy.colWidths = new Map(s.colWidths);
      copy.conditionalFormats = s.conditionalFormats.map((f) => ({ ranges: [...f.ranges], rule: { ...f.rule } }));
      const own = (formula: string) => splitSheetAddress(formula).sheet?.toLowerCase() === s.name.toLowerCase();
      for (const [n, formula] of [...excel.names, ...s.localNames])
        if (own(formula)) copy.localNames.set(n, repointed(formula, sheetPrefix(copy.name)));
      const at =
        positionType === 'End'
          ? excel.sheets.length
          : positionType === 'Before'
            ? excel.sheets.indexOf(anchor!)
            : positionType === 'After'
              ? excel.sheets.indexOf(anchor!) + 1
              : 0;
      excel.sheets.splice(at, 0, copy);
      id = copy.id;
    });
    return new FakeWorksheet(this.ctx, () => this.ctx.excel.sheetById(id));
  }

  getRange(address?: string): FakeRange {
    return new FakeRange(this.ctx, () => {
      const s = this.resolve();
      if (!address) return { sheet: s, box: { top: 1, left: 1, bottom: 1048576, right: 16384 } };
      const box = parseBox(address);
      if (!box) throw new FakeOfficeError('InvalidArgument', `Bad address "${address}"`);
      return { sheet: s, box };
    });
  }

  getRanges(addresses: string): FakeRangeAreas {
    return new FakeRangeAreas(this.ctx, () => {
      const s = this.resolve();
      const boxes = addresses.split(',').map((a) => {
        const box = parseBox(a.trim());
        if (!box) throw new FakeOfficeError('InvalidArgument', `Bad address "${a}"`);
        return box;
      });
      return { sheet: s, boxes };
    });
  }

  getUsedRange(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.ctx, () => {
      const s = this.resolve();
      return { sheet: s, box: this.ctx.excel.usedBox(s, !!valuesOnly) ?? { top: 1, left: 1, bottom: 1, right: 1 } };
    });
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return new FakeRange(
      this.ctx,
      () => {
        const s = this.resolveRaw();
        if (!s) return null;
        const box = this.ctx.excel.usedBox(s, !!valuesOnly);
        return box ? { sheet: s, box } : null;
      },
      true,
    );
  }
}

type Target = { sheet: FakeSheet; box: Box };
/** Excel's standard column width (8.43 characters), in points. */
const DEFAULT_COLUMN_WIDTH = 48;
type Targets = { sheet: FakeSheet; boxes: Box[] };

/** The Office type behind a path of RangeFormat ("font" → RangeFont, "borders.EdgeTop" → RangeBorder). */
function formatType(path: string[]): string {
  if (!path.length) return 'RangeFormat';
  if (path[0] === 'font') return 'RangeFont';
  if (path[0] === 'fill') return 'RangeFill';
  if (path[0] === 'protection') return 'FormatProtection';
  if (path[0] === 'borders') return path.length > 1 ? 'RangeBorder' : 'RangeBorderCollection';
  return `RangeFormat.${path.join('.')}`;
}

function formatProxy(ctx: FakeContext, resolve: () => Targets, path: string[] = []): any {
  const excel = ctx.excel;
  // RangeFormat.columnWidth can be loaded (one column's width, in points; null when the columns differ).
  const loaded: Record<string, unknown> = {};
  return new Proxy(
    {},
    {
      get(_t, prop: string) {
        excel.requireMember(formatType(path), prop);
        if (prop === 'getItem') return (item: string) => formatProxy(ctx, resolve, [...path, item]);
        if (prop === 'load')
          return (arg?: unknown) => {
            if (path.length || !propsOf(arg).includes('columnWidth')) return undefined;
            ctx.load(() => {
              const { sheet, boxes } = resolve();
              const widths = new Set<number>();
              for (const b of boxes)
                for (let c = b.left; c <= b.right; c++) widths.add(sheet.colWidths.get(c) ?? DEFAULT_COLUMN_WIDTH);
              loaded.columnWidth = widths.size === 1 ? [...widths][0] : null;
            });
            return undefined;
          };
        if (!path.length && prop === 'columnWidth') {
          if (!('columnWidth' in loaded)) notLoaded('columnWidth');
          return loaded.columnWidth;
        }
        return formatProxy(ctx, resolve, [...path, prop]);
      },
      set(_t, prop: string, value: unknown) {
        excel.requireMember(formatType(path), prop);
        const full = [...path, prop].join('.');
        ctx.write(() => {
          const { sheet, boxes } = resolve();
          if (full === 'columnWidth') {
            if (sheet.protected && !sheet.protectionOptions.allowFormatColumns)
              throw new FakeOfficeError('AccessDenied', 'The sheet is protected.');
            for (const b of boxes) for (let c = b.left; c <= b.right; c++) sheet.colWidths.set(c, Number(value));
            return;
          }
          for (const b of boxes) excel.guard(sheet, b);
          for (const b of boxes) {
            excel.forEachCell(sheet, b, (cell) => {
              if (full === 'protection.locked') cell.locked = Boolean(value);
              else cell.format[full] = value;
            });
          }
        });
        return true;
      },
    },
  );
}

type FakeConditionalFormat = FakeSheet['conditionalFormats'][number];

/**
 * One conditional format as Office hands it out (ExcelApi 1.6): `custom` (rule.formula, fill and
 * font colour) for a Custom rule, `cellValue` (rule: formula1, formula2, operator) for a CellValue
 * one; using the other kind's part fails the batch, as in Excel. `find` gives the stored format
 * when the queued operation runs.
 */
function conditionalFormatHandle(ctx: FakeContext, find: () => FakeConditionalFormat): any {
  const excel = ctx.excel;
  const ofType = (type: string) => {
    const f = find();
    if (f.rule.type !== type)
      throw new FakeOfficeError('InvalidOperation', `The conditional format is not of type ${type}.`);
    return f.rule;
  };
  const format = (type: string) => {
    const color = (key: string, kind: string) =>
      apiGuard(
        {
          set color(v: string) {
            ctx.write(() => (ofType(type)[key] = v));
          },
        },
        kind,
        excel,
      );
    return apiGuard(
      { fill: color('fill', 'ConditionalRangeFill'), font: color('fontColor', 'ConditionalRangeFont') },
      'ConditionalRangeFormat',
      excel,
    );
  };
  const ruleProxy = apiGuard(
    {
      set formula(v: string) {
        ctx.write(() => (ofType('Custom').formula = v));
      },
    },
    'ConditionalFormatRule',
    excel,
  );
  const custom = apiGuard({ rule: ruleProxy, format: format('Custom') }, 'CustomConditionalFormat', excel);
  const cellValue = apiGuard(
    {
      set rule(v: Record<string, unknown>) {
        ctx.write(() => (ofType('CellValue').cellValue = { ...v }));
      },
      format: format('CellValue'),
    },
    'CellValueConditionalFormat',
    excel,
  );
  return apiGuard({ custom, cellValue }, 'ConditionalFormat', excel);
}

/** A conditional format as a collection load returns it: id, type and the rule of its kind (or a null object). */
function loadedConditionalFormat(excel: RecordingExcel, f: FakeConditionalFormat): any {
  const part = (type: string, kind: string, rule: unknown) =>
    apiGuard({ isNullObject: f.rule.type !== type, rule: f.rule.type === type ? rule : undefined }, kind, excel);
  return apiGuard(
    {
      id: excel.conditionalFormatId(f),
      type: String(f.rule.type),
      customOrNullObject: part('Custom', 'CustomConditionalFormat', { formula: f.rule.formula }),
      cellValueOrNullObject: part('CellValue', 'CellValueConditionalFormat', { ...(f.rule.cellValue as object) }),
    },
    'ConditionalFormat',
    excel,
  );
}

/**
 * Range.conditionalFormats (ExcelApi 1.6): Custom and CellValue rules, stored on the sheet with
 * their ranges; the fake does not evaluate them (LibreOffice does, in the recalc test). A load
 * gives the formats overlapping the range; getItem finds one by id.
 */
function conditionalFormatsOf(ctx: FakeContext, resolve: () => Targets): any {
  const excel = ctx.excel;
  let items: unknown[] | null = null;
  const collection = {
    add(type: string) {
      const entry: FakeConditionalFormat = { ranges: [], rule: { type } };
      ctx.write(() => {
        const { sheet, boxes } = resolve();
        for (const b of boxes) excel.guard(sheet, b);
        entry.ranges = boxes.map(boxAddress);
        sheet.conditionalFormats.push(entry);
      });
      return conditionalFormatHandle(ctx, () => entry);
    },
    get items(): unknown[] {
      if (!items) notLoaded('items');
      return items;
    },
    load() {
      ctx.load(() => {
        const { sheet, boxes } = resolve();
        const inside = (a: string) => boxes.some((b) => overlaps(parseBox(a)!, b));
        items = sheet.conditionalFormats
          .filter((f) => f.ranges.some(inside))
          .map((f) => loadedConditionalFormat(excel, f));
      });
      return collection;
    },
    getItem(id: string) {
      return conditionalFormatHandle(ctx, () => {
        const { sheet } = resolve();
        const found = sheet.conditionalFormats.find((f) => excel.conditionalFormatId(f) === id);
        if (!found) throw new FakeOfficeError('ItemNotFound', `No conditional format with id ${id}.`);
        // A protected sheet refuses changes to the formats of its locked cells, as it refuses new ones.
        for (const a of found.ranges) excel.guard(sheet, parseBox(a)!);
        return found;
      });
    },
    clearAll() {
      ctx.write(() => {
        const { sheet, boxes } = resolve();
        const inside = (a: string) => boxes.some((b) => overlaps(parseBox(a)!, b));
        sheet.conditionalFormats = sheet.conditionalFormats.filter((f) => !f.ranges.some(inside));
      });
    },
  };
  return apiGuard(collection, 'ConditionalFormatCollection', excel);
}

function overlaps(a: Box, b: Box): boolean {
  return !(a.bottom < b.top || a.top > b.bottom || a.right < b.left || a.left > b.right);
}

function validationProxy(ctx: FakeContext, resolve: () => Targets): any {
  const excel = ctx.excel;
  const setPart = (part: string, value: unknown) =>
    ctx.write(() => {
      const { sheet, boxes } = resolve();
      for (const b of boxes) excel.guard(sheet, b);
      for (const b of boxes)
        excel.forEachCell(sheet, b, (cell) => (cell.validation = { ...(cell.validation ?? {}), [part]: value }));
    });
  const validation = {
    set rule(v: unknown) {
      setPart('rule', v);
    },
    set errorAlert(v: unknown) {
      setPart('errorAlert', v);
    },
    set ignoreBlanks(v: unknown) {
      setPart('ignoreBlanks', v);
    },
    set prompt(v: unknown) {
      setPart('prompt', v);
    },
    clear: () =>
      ctx.write(() => {
        const { sheet, boxes } = resolve();
        for (const b of boxes) {
          for (const cell of excel.cellsIn(sheet, b)) cell.validation = null;
        }
      }),
  };
  return apiGuard(validation, 'DataValidation', excel);
}

class FakeRange extends Loadable {
  readonly format: any;
  readonly dataValidation: any;
  readonly conditionalFormats: any;

  constructor(
    private ctx: FakeContext,
    private resolveRaw: () => Target | null,
    private nullable = false,
  ) {
    super();
    this.format = formatProxy(ctx, () => {
      const t = this.resolve();
      return { sheet: t.sheet, boxes: [t.box] };
    });
    this.dataValidation = validationProxy(ctx, () => {
      const t = this.resolve();
      return { sheet: t.sheet, boxes: [t.box] };
    });
    this.conditionalFormats = conditionalFormatsOf(ctx, () => {
      const t = this.resolve();
      return { sheet: t.sheet, boxes: [t.box] };
    });
    return apiGuard(this, 'Range', ctx.excel);
  }

  resolve(): Target {
    const t = this.resolveRaw();
    if (!t) throw new FakeOfficeError('ItemNotFound', 'The range does not exist.');
    return t;
  }

  get isNullObject(): boolean {
    return this.read('isNullObject');
  }
  get address(): string {
    return this.read('address');
  }
  get values(): RawValue[][] {
    return this.read('values');
  }
  set values(v: RawValue[][]) {
    this.writeGrid(v, false);
  }
  get formulas(): RawValue[][] {
    return this.read('formulas');
  }
  set formulas(v: RawValue[][]) {
    this.writeGrid(v, true);
  }
  get numberFormat(): string[][] {
    return this.read('numberFormat');
  }
  set numberFormat(v: string[][]) {
    this.ctx.write(
      () => {
        const { sheet, box } = this.resolve();
        this.ctx.excel.checkDims(box, v);
        this.ctx.excel.guard(sheet, box);
        v.forEach((row, r) =>
          row.forEach(
            (f, c) => (this.ctx.excel.cellAt(sheet, box.top + r, box.left + c, true)!.numFmt = f || 'General'),
          ),
        );
      },
      'undoable',
      gridBytes(v),
    );
  }

  private writeGrid(v: RawValue[][], asFormulas: boolean): void {
    void asFormulas;
    this.ctx.write(
      () => {
        const { sheet, box } = this.resolve();
        this.ctx.excel.maybeFail('writeRange');
        this.ctx.excel.checkDims(box, v);
        this.ctx.excel.guard(sheet, box);
        const before = this.ctx.excel.singleValue(sheet, box);
        v.forEach((row, r) =>
          row.forEach((x, c) =>
            this.ctx.excel.typeInto(this.ctx.excel.cellAt(sheet, box.top + r, box.left + c, true)!, x),
          ),
        );
        this.ctx.excel.changed(sheet, box, before, 'Local');
      },
      'undoable',
      gridBytes(v),
    );
  }

  load(arg?: unknown): this {
    const props = propsOf(arg);
    for (const p of props) this.ctx.excel.requireMember('Range', p);
    this.ctx.load(() => {
      const t = this.resolveRaw();
      this.setLoaded('isNullObject', !t);
      if (!t) {
        if (!this.nullable) throw new FakeOfficeError('ItemNotFound', 'The range does not exist.');
        return;
      }
      const { sheet, box } = t;
      const wanted = props.length ? props : ['address', 'values', 'formulas', 'numberFormat'];
      const cellGrid = <T>(f: (cell: FakeCell | undefined) => T): T[][] => {
        const rows: T[][] = [];
        for (let r = box.top; r <= box.bottom; r++) {
          const row: T[] = [];
          for (let c = box.left; c <= box.right; c++) row.push(f(sheet.cells.get(key(r, c))));
          rows.push(row);
        }
        return rows;
      };
      const big = (box.bottom - box.top + 1) * (box.right - box.left + 1) > 5_000_000;
      const grid = <T>(f: (cell: FakeCell | undefined) => T): T[][] => {
        const rows = cellGrid(f);
        this.ctx.excel.responseBytes += gridBytes(rows);
        return rows;
      };
      for (const p of wanted) {
        if (p === 'address') this.setLoaded('address', `${sheetPrefix(sheet.name)}!${boxAddress(box)}`);
        else if (big) throw new FakeOfficeError('ResponsePayloadSizeLimitExceeded', 'The range is too large to load.');
        else if (p === 'values')
          this.setLoaded(
            'values',
            grid((c) => (c?.formula ? '' : (c?.value ?? ''))),
          );
        else if (p === 'formulas')
          this.setLoaded(
            'formulas',
            grid((c) => (c?.formula ? c.formula : (c?.value ?? ''))),
          );
        else if (p === 'numberFormat')
          this.setLoaded(
            'numberFormat',
            grid((c) => c?.numFmt ?? 'General'),
          );
        else if (p === 'rowCount') this.setLoaded('rowCount', box.bottom - box.top + 1);
        else if (p === 'columnCount') this.setLoaded('columnCount', box.right - box.left + 1);
      }
    });
    return this;
  }

  merge(): void {
    this.ctx.write(() => {
      const { sheet, box } = this.resolve();
      this.ctx.excel.guard(sheet, box);
      sheet.merges.push(box);
    });
  }

  unmerge(): void {
    this.ctx.write(() => {
      const { sheet, box } = this.resolve();
      sheet.merges = sheet.merges.filter(
        (m) => m.bottom < box.top || m.top > box.bottom || m.right < box.left || m.left > box.right,
      );
    });
  }

  clear(applyTo: string = 'All'): void {
    this.ctx.write(() => {
      const { sheet, box } = this.resolve();
      this.ctx.excel.guard(sheet, box);
      const before = this.ctx.excel.singleValue(sheet, box);
      let contents = false;
      for (const [k, cell] of [...sheet.cells.entries()]) {
        const [r, c] = k.split(',').map(Number);
        if (!inBox(box, r, c)) continue;
        if (applyTo === 'All' || applyTo === 'Contents') {
          contents ||= cell.value !== null || cell.formula !== null;
          cell.value = null;
          cell.formula = null;
        }
        if (applyTo === 'All' || applyTo === 'Formats') {
          cell.format = {};
          cell.numFmt = 'General';
          cell.locked = true;
        }
        if (
          cell.value === null &&
          cell.formula === null &&
          !Object.keys(cell.format).length &&
          cell.numFmt === 'General' &&
          cell.locked &&
          !cell.validation
        )
          sheet.cells.delete(k);
      }
      if (contents) this.ctx.excel.changed(sheet, box, before, 'Local');
    });
  }

  /**
   * Range.copyFrom (ExcelApi 1.9), copy type "All" or "Formulas"/"Values"/"Formats", without transpose:
   * the source's cells (values, formulas, number formats, formats, locking, validation), merges and
   * conditional formats, placed from this range's top-left cell. Column widths are not copied (that
   * copy type is preview only).
   */
  copyFrom(source: FakeRange | string, copyType = 'All', skipBlanks = false, transpose = false): void {
    this.ctx.write(() => {
      const excel = this.ctx.excel;
      const { sheet, box } = this.resolve();
      const from = typeof source === 'string' ? excel.targetOf(source, sheet) : source.resolve();
      if (transpose) throw new FakeOfficeError('InvalidArgument', 'transpose is not modelled by the fake');
      const rows = from.box.bottom - from.box.top;
      const cols = from.box.right - from.box.left;
      const dest: Box = { top: box.top, left: box.left, bottom: box.top + rows, right: box.left + cols };
      excel.guard(sheet, dest);
      const before = excel.singleValue(sheet, dest);
      const content = copyType === 'All' || copyType === 'Formulas' || copyType === 'Values';
      const looks = copyType === 'All' || copyType === 'Formats';
      const copied: [string, FakeCell | undefined][] = [];
      for (let r = 0; r <= rows; r++)
        for (let c = 0; c <= cols; c++)
          copied.push([
            key(dest.top + r, dest.left + c),
            from.sheet.cells.get(key(from.box.top + r, from.box.left + c)),
          ]);
      for (const [k, src] of copied) {
        if (skipBlanks && (!src || (src.value === null && src.formula === null))) continue;
        const cell = sheet.cells.get(k) ?? emptyCell();
        const s = src ?? emptyCell();
        if (content) {
          cell.value = s.value;
          cell.formula = copyType === 'Values' ? null : s.formula;
        }
        if (looks) {
          cell.numFmt = s.numFmt;
          cell.format = { ...s.format };
          cell.locked = s.locked;
          cell.validation = s.validation && structuredCopy(s.validation);
        }
        sheet.cells.set(k, cell);
      }
      if (looks) {
        const shift = (b: Box): Box => ({
          top: b.top - from.box.top + dest.top,
          bottom: b.bottom - from.box.top + dest.top,
          left: b.left - from.box.left + dest.left,
          right: b.right - from.box.left + dest.left,
        });
        const inside = (b: Box) =>
          b.top >= from.box.top && b.bottom <= from.box.bottom && b.left >= from.box.left && b.right <= from.box.right;
        sheet.merges = sheet.merges.filter((m) => !overlaps(m, dest));
        for (const m of from.sheet.merges) if (inside(m)) sheet.merges.push(shift(m));
        for (const f of from.sheet.conditionalFormats) {
          const boxes = f.ranges.map((a) => parseBox(a)!).filter(inside);
          if (boxes.length)
            sheet.conditionalFormats.push({ ranges: boxes.map((b) => boxAddress(shift(b))), rule: { ...f.rule } });
        }
      }
      if (content) excel.changed(sheet, dest, before, 'Local');
    });
  }

  /**
   * ExcelApi 1.4: the used cells within this range, as a tight box (cells with values or formulas
   * when `valuesOnly`, with formats too otherwise), or a null object when none is used.
   */
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return new FakeRange(
      this.ctx,
      () => {
        const t = this.resolveRaw();
        if (!t) return null;
        const box = this.ctx.excel.usedBox(t.sheet, !!valuesOnly, t.box);
        return box ? { sheet: t.sheet, box } : null;
      },
      true,
    );
  }

  select(): void {
    this.ctx.write(() => {
      const { sheet, box } = this.resolve();
      this.ctx.excel.activeSheet = sheet.name;
      this.ctx.excel.selection = { sheet: sheet.name, address: boxAddress(box) };
    }, 'none');
  }
}

class FakeRangeAreas extends Loadable {
  readonly format: any;
  readonly dataValidation: any;
  constructor(
    private ctx: FakeContext,
    private resolve: () => Targets,
  ) {
    super();
    this.format = formatProxy(ctx, resolve);
    this.dataValidation = validationProxy(ctx, resolve);
    return apiGuard(this, 'RangeAreas', ctx.excel);
  }
  get address(): string {
    return this.read('address');
  }
  load(): this {
    this.ctx.load(() => {
      const { sheet, boxes } = this.resolve();
      this.setLoaded('address', boxes.map((b) => `${sheetPrefix(sheet.name)}!${boxAddress(b)}`).join(','));
    });
    return this;
  }
}

class FakeNameCollection extends Loadable {
  /** `scope`: a sheet's own names (Worksheet.names); the workbook's otherwise. */
  constructor(
    private ctx: FakeContext,
    private scope?: () => Map<string, string>,
  ) {
    super();
    return apiGuard(this, 'NamedItemCollection', ctx.excel);
  }
  private get store(): Map<string, string> {
    return this.scope ? this.scope() : this.ctx.excel.names;
  }
  get items(): FakeNamedItem[] {
    return this.read('items');
  }
  load(arg?: unknown): this {
    const props = propsOf(arg).map((p) => p.replace(/^items\//, ''));
    this.ctx.load(() => {
      const store = this.scope;
      const items = [...this.store.keys()].map((n) => {
        const item = new FakeNamedItem(this.ctx, n, store);
        item.loadNow(props.length ? props : ['name', 'type', 'formula', 'value']);
        return item;
      });
      this.setLoaded('items', items);
    });
    return this;
  }
  add(name: string, reference: FakeRange | string): FakeNamedItem {
    this.ctx.write(() => {
      const excel = this.ctx.excel;
      if ([...this.store.keys()].some((n) => n.toLowerCase() === name.toLowerCase())) {
        throw new FakeOfficeError('ItemAlreadyExists', `A name "${name}" already exists.`);
      }
      this.store.set(name, excel.refFormula(reference));
    });
    return new FakeNamedItem(this.ctx, name, this.scope);
  }
  getItem(name: string): FakeNamedItem {
    return new FakeNamedItem(this.ctx, name, this.scope);
  }
}

class FakeNamedItem extends Loadable {
  constructor(
    private ctx: FakeContext,
    private itemName: string,
    private scope?: () => Map<string, string>,
  ) {
    super();
    return apiGuard(this, 'NamedItem', ctx.excel);
  }
  private get store(): Map<string, string> {
    return this.scope ? this.scope() : this.ctx.excel.names;
  }
  get name(): string {
    return this.read('name');
  }
  get type(): string {
    return this.read('type');
  }
  get formula(): string {
    return this.read('formula');
  }
  set formula(v: string) {
    this.ctx.write(() => {
      const excel = this.ctx.excel;
      if (!this.store.has(this.itemName))
        throw new FakeOfficeError('ItemNotFound', `Name "${this.itemName}" not found.`);
      this.store.set(this.itemName, excel.refFormula(v));
    });
  }
  get value(): string {
    return this.read('value');
  }
  loadNow(props: string[]): void {
    const formula = this.store.get(this.itemName);
    if (formula === undefined) throw new FakeOfficeError('ItemNotFound', `Name "${this.itemName}" not found.`);
    const { sheet } = splitSheetAddress(formula);
    const type = sheet && this.ctx.excel.sheetByName(sheet) ? 'Range' : 'Error';
    for (const p of props) {
      if (p === 'name') this.setLoaded('name', this.itemName);
      else if (p === 'formula') this.setLoaded('formula', formula);
      else if (p === 'type') this.setLoaded('type', type);
      else if (p === 'value') this.setLoaded('value', type === 'Range' ? formula.slice(1) : '#REF!');
    }
  }
  load(arg?: unknown): this {
    const props = propsOf(arg);
    this.ctx.load(() => this.loadNow(props.length ? props : ['name', 'type', 'formula', 'value']));
    return this;
  }
  delete(): void {
    this.ctx.write(() => this.store.delete(this.itemName));
  }
}

/** Operations a test can make fail (failOn), to check that a failure midway leaves the workbook as it was. */
export type FakeOperation =
  'insertWorksheets' | 'addSheet' | 'copySheet' | 'deleteSheet' | 'renameSheet' | 'writeRange';

/** The hosts the tests play, by the highest ExcelApi set they support. */
export const HOST_PROFILES = {
  /** Excel 2016 retail (MSI / volume licence): ExcelApi 1.4 at most (1.1 without updates). */
  excel2016: { excelApi: '1.4', label: 'Excel 2016', web: false },
  /** Office 2019 (perpetual): ExcelApi 1.8. */
  office2019: { excelApi: '1.8', label: 'Office 2019', web: false },
  /** Office 2021 (perpetual): ExcelApi 1.14. */
  office2021: { excelApi: '1.14', label: 'Office 2021', web: false },
  /** Microsoft 365 on Windows and Mac: the newest set in @types/office-js. */
  m365: { excelApi: '1.21', label: 'Microsoft 365', web: false },
  /** Excel on the web: the newest set, and the 5 MB limit on a request. */
  web: { excelApi: '1.21', label: 'Excel trên web', web: true },
} as const;

export type HostProfile = keyof typeof HOST_PROFILES;

/** Excel on the web refuses a request (or a response) larger than 5 MB. */
export const WEB_PAYLOAD_LIMIT = 5 * 1024 * 1024;

export interface RecordingExcelOptions {
  /** Highest ExcelApi requirement set the fake host supports (default 1.14). */
  excelApi?: string;
  /** A named host profile (sets excelApi and the web's payload limit). */
  profile?: HostProfile;
}

/** One entry of the user's undo stack: who made it and the cells as they were before. */
export interface UndoEntry {
  by: 'user' | 'addin';
  sheet?: string;
  before?: { row: number; col: number; cell: FakeCell | undefined }[];
}

export class RecordingExcel {
  sheets: FakeSheet[] = [];
  names = new Map<string, string>();
  eventsEnabled = true;
  collectionHandlers: ((args: any) => unknown)[] = [];
  activeSheet: string | null = null;
  selection: { sheet: string; address: string } | null = null;
  syncCount = 0;
  readSyncs = 0;
  writeSyncs = 0;
  syncLog: SyncRecord[] = [];
  /** Requests larger than 5 MB (refused on the web profile, counted on every profile). */
  oversizedRequests = 0;
  /** Largest request seen, in bytes. */
  largestRequest = 0;
  /** Largest response seen, in bytes: the JSON of the grids the loads of one sync return. */
  largestResponse = 0;
  /** Bytes of grids loaded by the sync running now. */
  responseBytes = 0;
  /** Document-changing operations run by the add-in (any write other than events, selection, handlers). */
  addinWrites = 0;
  /** The user's undo stack, newest last. */
  undoStack: UndoEntry[] = [];
  /** Every insertWorksheetsFromBase64 run: the sheet names asked for (null: all). */
  inserts: (string[] | null)[] = [];
  readonly profile: HostProfile | null;
  private nextId = 1;
  /** Conditional formats' ids, given when first asked (a format copied or put back is a new one). */
  private formatIds = new WeakMap<object, string>();
  private failures: { op: FakeOperation; skip: number }[] = [];
  private failWriteAt: number | null = null;
  private writeSteps = 0;
  private pendingEvents: { sheet: FakeSheet; args: ChangedEventArgs }[] = [];
  private dispatching: Promise<void> = Promise.resolve();
  private readonly apiMinor: number;
  private readonly web: boolean;
  private cellEdit: { done: Promise<void>; exit: () => void } | null = null;

  constructor(options: RecordingExcelOptions = {}) {
    this.profile = options.profile ?? null;
    const profile = options.profile ? HOST_PROFILES[options.profile] : null;
    this.apiMinor = Number((profile?.excelApi ?? options.excelApi ?? '1.14').split('.')[1]);
    this.web = !!profile?.web;
  }

  /** Stand-in for Excel.run(batch), with Excel.run(options, batch)'s options as a second argument. */
  run = async <T>(fn: (ctx: Excel.RequestContext) => Promise<T>, options: FakeRunOptions = {}): Promise<T> => {
    if (options.mergeUndoGroup) this.requireMember('RunOptions', 'mergeUndoGroup');
    const ctx = new FakeContext(this, options);
    const out = await fn(ctx as unknown as Excel.RequestContext);
    if (ctx.queue.length) await ctx.sync();
    return out;
  };

  /** Stand-in for Excel.run(context, batch). */
  runIn = async <T>(context: unknown, fn: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> => {
    const ctx = context as FakeContext;
    const out = await fn(ctx as unknown as Excel.RequestContext);
    if (ctx.queue.length) await ctx.sync();
    return out;
  };

  /** Stand-in for Office.context.requirements.isSetSupported. */
  isSetSupported = (name: string, version?: string): boolean => {
    if (name !== 'ExcelApi') return false;
    const minor = Number((version ?? '1.1').split('.')[1] ?? 1);
    return minor <= this.apiMinor;
  };

  /** Throws ApiNotFound when `type.member` needs a set above this host's. */
  requireMember(type: string, member: string): void {
    const set = requiredSet(type, member);
    if (set && setMinor(set) > this.apiMinor) apiNotFound(type, member, set);
  }

  /** Whether this host has `type.member` (for the fake's own behaviour, such as event details). */
  hasMember(type: string, member: string): boolean {
    const set = requiredSet(type, member);
    return !set || setMinor(set) <= this.apiMinor;
  }

  resetCounts(): void {
    this.syncCount = 0;
    this.readSyncs = 0;
    this.writeSyncs = 0;
    this.syncLog = [];
    this.oversizedRequests = 0;
    this.largestRequest = 0;
    this.largestResponse = 0;
    this.addinWrites = 0;
  }

  /** The user double-clicks a cell (or presses F2): batches fail or wait until exitCellEdit. */
  enterCellEdit(): void {
    if (this.cellEdit) return;
    let exit = () => undefined as void;
    const done = new Promise<void>((r) => (exit = r));
    this.cellEdit = { done, exit };
  }

  exitCellEdit(): void {
    const edit = this.cellEdit;
    this.cellEdit = null;
    edit?.exit();
  }

  get inCellEdit(): boolean {
    return !!this.cellEdit;
  }

  async runQueue(ctx: FakeContext): Promise<void> {
    const pending = ctx.pending;
    ctx.pending = [];
    await Promise.all(pending);
    // In cell-edit mode a batch fails, unless it asked to wait (delayForCellEdit, ExcelApi 1.11).
    while (this.cellEdit) {
      if (ctx.options.delayForCellEdit && this.apiMinor >= 11) await this.cellEdit.done;
      else {
        ctx.queue = [];
        throw new FakeOfficeError(
          'InvalidOperationInCellEditMode',
          'Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.',
        );
      }
    }
    const ops = ctx.queue;
    ctx.queue = [];
    const record = {
      loads: ops.filter((o) => o.kind === 'load').length,
      writes: ops.filter((o) => o.kind === 'write').length,
    };
    this.syncCount++;
    if (record.loads) this.readSyncs++;
    if (record.writes) this.writeSyncs++;
    this.syncLog.push(record);
    const bytes = ops.reduce((n, o) => n + o.bytes, 0);
    this.largestRequest = Math.max(this.largestRequest, bytes);
    if (bytes > WEB_PAYLOAD_LIMIT) {
      this.oversizedRequests++;
      if (this.web)
        throw new FakeOfficeError(
          'RequestPayloadSizeLimitExceeded',
          'The request payload size has exceeded the limit. Please refer to the documentation: "https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-rendering-performance#excel-add-ins".',
        );
    }
    if (ctx.options.mergeUndoGroup && ops.some((o) => o.undo === 'clears'))
      throw new FakeOfficeError('UndoNotSupported', 'An operation in this batch does not support undo.');
    await Promise.resolve();
    let changed = false;
    let cleared = false;
    this.responseBytes = 0;
    try {
      for (const op of ops) {
        if (op.undo !== 'none') {
          this.writeSteps++;
          if (this.failWriteAt !== null && this.writeSteps > this.failWriteAt) {
            this.failWriteAt = null;
            throw new FakeOfficeError('GeneralException', `Injected failure at write step ${this.writeSteps}.`);
          }
        }
        op.run();
        if (op.undo === 'undoable') changed = true;
        if (op.undo === 'clears') cleared = true;
        if (op.undo !== 'none') this.addinWrites++;
      }
    } finally {
      this.largestResponse = Math.max(this.largestResponse, this.responseBytes);
      this.recordUndo(ctx, changed, cleared);
      this.scheduleEvents();
    }
  }

  /**
   * What the add-in's writes do to the user's undo stack. Protection changes (and, before ExcelApi
   * 1.20, any add-in write) clear it; from 1.20 each sync of writes is one entry, or one per
   * Excel.run with mergeUndoGroup.
   */
  private recordUndo(ctx: FakeContext, changed: boolean, cleared: boolean): void {
    if (cleared || (changed && this.apiMinor < 20)) {
      this.undoStack = [];
      return;
    }
    if (!changed) return;
    if (ctx.options.mergeUndoGroup && ctx.undoPushed) return;
    this.undoStack.push({ by: 'addin' });
    ctx.undoPushed++;
  }

  /**
   * Ctrl+Z: takes the newest entry off the undo stack and, for the user's own edit, puts the
   * cells back and raises onChanged as Excel does. Returns the entry, or null when there is none.
   */
  userUndo(): UndoEntry | null {
    const entry = this.undoStack.pop() ?? null;
    if (!entry || entry.by !== 'user' || !entry.sheet || !entry.before) return entry;
    const s = this.sheetByName(entry.sheet);
    if (!s) return entry;
    let box: Box | null = null;
    for (const { row, col, cell } of entry.before) {
      if (cell) s.cells.set(key(row, col), cell);
      else s.cells.delete(key(row, col));
      box = box
        ? {
            top: Math.min(box.top, row),
            left: Math.min(box.left, col),
            bottom: Math.max(box.bottom, row),
            right: Math.max(box.right, col),
          }
        : { top: row, left: col, bottom: row, right: col };
    }
    if (box) {
      this.changed(s, box, null, 'Local', 'RangeEdited', false);
      this.scheduleEvents();
    }
    return entry;
  }

  /** Resolves once every change event raised so far has been handed to its handlers. */
  async flushEvents(): Promise<void> {
    await new Promise((r) => setTimeout(r, 0));
    await this.dispatching;
  }

  private scheduleEvents(): void {
    if (!this.pendingEvents.length) return;
    const batch = this.pendingEvents;
    this.pendingEvents = [];
    this.dispatching = this.dispatching.then(
      () =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            for (const { sheet, args } of batch) {
              for (const h of [...sheet.handlers, ...this.collectionHandlers]) void h(args);
            }
            resolve();
          }, 0),
        ),
    );
  }

  /**
   * The next `op` after `skip` successful ones throws, once; operations queued before it in the
   * same sync stay done, as in Excel.
   */
  failOn(op: FakeOperation, options: { skip?: number } = {}): void {
    this.failures.push({ op, skip: options.skip ?? 0 });
  }

  /**
   * The write operation after the next `done` ones throws, once, whatever it is (a value, a
   * format, a name, a sheet, protection): fault injection at every step of a write.
   */
  failAfterWrites(done: number): void {
    this.failWriteAt = this.writeSteps + done;
  }

  /** Whether a failure armed by failAfterWrites is still waiting (the write finished first). */
  get writeFailureArmed(): boolean {
    return this.failWriteAt !== null;
  }

  disarmWriteFailure(): void {
    this.failWriteAt = null;
  }

  maybeFail(op: FakeOperation): void {
    const armed = this.failures.find((f) => f.op === op);
    if (!armed) return;
    if (armed.skip > 0) {
      armed.skip--;
      return;
    }
    this.failures = this.failures.filter((f) => f !== armed);
    throw new FakeOfficeError('GeneralException', `Injected failure of ${op}.`);
  }

  conditionalFormatId(f: object): string {
    let id = this.formatIds.get(f);
    if (!id) {
      id = `{cf-${this.nextId++}}`;
      this.formatIds.set(f, id);
    }
    return id;
  }

  recordInsert(names: string[] | null): void {
    this.inserts.push(names ? [...names] : null);
  }

  // ---- model ----

  createSheet(name: string): FakeSheet {
    if (this.sheetByName(name))
      throw new FakeOfficeError('ItemAlreadyExists', `A worksheet named "${name}" already exists.`);
    const sheet = this.newSheet(name);
    this.sheets.push(sheet);
    return sheet;
  }

  /** A sheet not yet in the workbook. */
  newSheet(name: string): FakeSheet {
    if (name.length > 31 || /[\\/?*[\]:]/.test(name))
      throw new FakeOfficeError('InvalidArgument', `Bad sheet name "${name}".`);
    const sheet: FakeSheet = {
      id: `{sheet-${this.nextId++}}`,
      name,
      cells: new Map(),
      merges: [],
      protected: false,
      protectionOptions: {},
      password: undefined,
      visibility: 'Visible',
      frozenRows: 0,
      colWidths: new Map(),
      handlers: [],
      conditionalFormats: [],
      localNames: new Map(),
    };
    return sheet;
  }

  /** As in Excel, names pointing at a deleted sheet become #REF!. */
  deleteSheet(sheet: FakeSheet): void {
    this.sheets = this.sheets.filter((s) => s !== sheet);
    this.repointNames(sheet.name, () => '#REF');
    // Formulas of the other sheets pointing at it lose their reference: ='Phụ lục I'!D7 → =#REF!D7.
    // Excel keeps a reference as the sheet is named; a formula typed in another case is matched too.
    const quoted = new RegExp(`'${sheet.name.replace(/'/g, "''").replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'!`, 'gi');
    const plain = /^[A-Za-z0-9_]+$/.test(sheet.name) ? new RegExp(`(?<![A-Za-z0-9_'.])${sheet.name}!`, 'gi') : null;
    const broken = (formula: string) => {
      const f = formula.replace(quoted, '#REF!');
      return plain ? f.replace(plain, '#REF!') : f;
    };
    for (const other of this.sheets) {
      for (const cell of other.cells.values()) {
        if (!cell.formula) continue;
        const f = broken(cell.formula);
        if (f !== cell.formula) {
          cell.formula = f;
          cell.value = '#REF!';
        }
      }
      // So do the formulas of conditional formats.
      for (const { rule } of other.conditionalFormats) {
        if (typeof rule.formula === 'string') rule.formula = broken(rule.formula);
        const cv = rule.cellValue as Record<string, unknown> | undefined;
        if (cv)
          rule.cellValue = Object.fromEntries(
            Object.entries(cv).map(([k, v]) => [k, k.startsWith('formula') && typeof v === 'string' ? broken(v) : v]),
          );
      }
    }
  }

  /** A range address as Office takes it ("'Sheet'!A1:B2", or "A1:B2" on `on`). */
  targetOf(address: string, on: FakeSheet): Target {
    const bang = address.lastIndexOf('!');
    let sheet = on;
    if (bang >= 0) {
      const raw = address.slice(0, bang);
      const name = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
      const found = this.sheetByName(name);
      if (!found) throw new FakeOfficeError('ItemNotFound', `The worksheet "${name}" does not exist.`);
      sheet = found;
    }
    const box = parseBox(address.slice(bang + 1));
    if (!box) throw new FakeOfficeError('InvalidArgument', `Bad address "${address}"`);
    return { sheet, box };
  }

  /** Rewrites every name (workbook- and sheet-scoped) pointing at `sheet` to point at `prefix()`. */
  repointNames(sheet: string, prefix: () => string): void {
    const points = (f: string) => splitSheetAddress(f).sheet?.toLowerCase() === sheet.toLowerCase();
    for (const store of [this.names, ...this.sheets.map((s) => s.localNames)])
      for (const [n, f] of store) if (points(f)) store.set(n, repointed(f, prefix()));
  }

  sheetByName(name: string): FakeSheet | null {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase()) ?? null;
  }

  sheetById(id: string): FakeSheet | null {
    return this.sheets.find((s) => s.id === id) ?? null;
  }

  cellAt(sheet: FakeSheet, row: number, col: number, create: boolean): FakeCell | undefined {
    const k = key(row, col);
    let cell = sheet.cells.get(k);
    if (!cell && create) {
      cell = emptyCell();
      sheet.cells.set(k, cell);
    }
    return cell;
  }

  cellsIn(sheet: FakeSheet, box: Box): FakeCell[] {
    const out: FakeCell[] = [];
    for (const [k, cell] of sheet.cells) {
      const [r, c] = k.split(',').map(Number);
      if (inBox(box, r, c)) out.push(cell);
    }
    return out;
  }

  forEachCell(sheet: FakeSheet, box: Box, fn: (cell: FakeCell) => void): void {
    if ((box.bottom - box.top + 1) * (box.right - box.left + 1) > 200_000) {
      for (const cell of this.cellsIn(sheet, box)) fn(cell);
      return;
    }
    for (let r = box.top; r <= box.bottom; r++)
      for (let c = box.left; c <= box.right; c++) fn(this.cellAt(sheet, r, c, true)!);
  }

  checkDims(box: Box, v: unknown[][]): void {
    const rows = box.bottom - box.top + 1;
    const cols = box.right - box.left + 1;
    if (!Array.isArray(v) || v.length !== rows || v.some((r) => !Array.isArray(r) || r.length !== cols)) {
      throw new FakeOfficeError(
        'InvalidArgument',
        `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${rows}×${cols}).`,
      );
    }
  }

  /** Protected sheets refuse changes to locked cells (cells are locked unless unlocked). */
  guard(sheet: FakeSheet, box: Box): void {
    if (!sheet.protected) return;
    for (let r = box.top; r <= Math.min(box.bottom, box.top + 5000); r++) {
      for (let c = box.left; c <= Math.min(box.right, box.left + 100); c++) {
        const cell = sheet.cells.get(key(r, c));
        if (!cell || cell.locked)
          throw new FakeOfficeError(
            'AccessDenied',
            `The cell ${cellAddress(r, c)} you're trying to change is on a protected sheet.`,
          );
      }
    }
  }

  /** What typing a value does: '=…' a formula, a leading apostrophe forces text, numbers parse unless the cell is Text. */
  typeInto(cell: FakeCell, x: RawValue | undefined): void {
    cell.formula = null;
    if (x === null || x === undefined || x === '') {
      cell.value = null;
      return;
    }
    if (typeof x !== 'string') {
      cell.value = x;
      return;
    }
    if (x.startsWith("'")) {
      cell.value = x.slice(1);
      return;
    }
    if (cell.numFmt === '@') {
      cell.value = x;
      return;
    }
    if (x.startsWith('=') && x.length > 1) {
      cell.formula = x;
      cell.value = null;
      return;
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(x.trim())) {
      cell.value = Number(x);
      return;
    }
    // "49,2%" or "49.2%": Excel stores 0.492 and gives a General cell a percent format with the typed decimals.
    const percent = /^([+-]?\d+)(?:[.,](\d+))?\s*%$/.exec(x.trim());
    if (percent) {
      const decimals = percent[2]?.length ?? 0;
      cell.value = Number(`${percent[1]}.${percent[2] ?? '0'}e-2`);
      if (cell.numFmt === 'General') cell.numFmt = decimals ? `0.${'0'.repeat(decimals)}%` : '0%';
      return;
    }
    if (/^(true|false)$/i.test(x)) {
      cell.value = x.toLowerCase() === 'true';
      return;
    }
    cell.value = x;
  }

  singleValue(sheet: FakeSheet, box: Box): RawValue {
    if (box.top !== box.bottom || box.left !== box.right) return null;
    return sheet.cells.get(key(box.top, box.left))?.value ?? null;
  }

  changed(
    sheet: FakeSheet,
    box: Box,
    before: RawValue,
    source: 'Local' | 'Remote',
    changeType = 'RangeEdited',
    byAddin = true,
  ): void {
    if (!this.eventsEnabled) return;
    if (!sheet.handlers.length && !this.collectionHandlers.length) return;
    const args: ChangedEventArgs = {
      type: 'WorksheetChanged',
      worksheetId: sheet.id,
      address: boxAddress(box),
      changeType,
      source,
    };
    if (this.hasMember('WorksheetChangedEventArgs', 'triggerSource'))
      args.triggerSource = byAddin ? 'ThisLocalAddin' : 'Unknown';
    const single = box.top === box.bottom && box.left === box.right;
    if (this.hasMember('WorksheetChangedEventArgs', 'details') && single && changeType === 'RangeEdited') {
      const after = sheet.cells.get(key(box.top, box.left))?.value ?? null;
      args.details = {
        valueBefore: before ?? '',
        valueAfter: after ?? '',
        valueTypeBefore: valueType(before),
        valueTypeAfter: valueType(after),
      };
    }
    this.pendingEvents.push({ sheet, args });
  }

  /** The box of the used cells of the sheet, or of those within `within`. */
  usedBox(sheet: FakeSheet, valuesOnly: boolean, within?: Box): Box | null {
    let box: Box | null = null;
    for (const [k, cell] of sheet.cells) {
      if (valuesOnly && cell.value === null && cell.formula === null) continue;
      const [r, c] = k.split(',').map(Number);
      if (within && !inBox(within, r, c)) continue;
      if (!box) box = { top: r, left: c, bottom: r, right: c };
      else {
        box.top = Math.min(box.top, r);
        box.left = Math.min(box.left, c);
        box.bottom = Math.max(box.bottom, r);
        box.right = Math.max(box.right, c);
      }
    }
    return box;
  }

  refFormula(reference: FakeRange | string): string {
    if (typeof reference === 'string') return reference.startsWith('=') ? reference : `=${reference}`;
    const t = (reference as unknown as { resolveRaw: () => Target | null }).resolveRaw();
    if (!t) throw new FakeOfficeError('InvalidArgument', 'Bad range for name.');
    return `=${sheetPrefix(t.sheet.name)}!$${colName(t.box.left)}$${t.box.top}`;
  }

  // ---- test and dev helpers (what a user does in Excel) ----

  sheetNames(): string[] {
    return this.sheets.map((s) => s.name);
  }

  sheetInfo(
    name: string,
  ): { protected: boolean; visibility: string; frozenRows: number; merges: string[]; columnWidths: number[] } | null {
    const s = this.sheetByName(name);
    if (!s) return null;
    const widths: number[] = [];
    for (const [c, w] of s.colWidths) widths[c - 1] = w;
    return {
      protected: s.protected,
      visibility: s.visibility,
      frozenRows: s.frozenRows,
      merges: s.merges.map(boxAddress),
      columnWidths: widths,
    };
  }

  cell(sheet: string, address: string): FakeCell {
    const s = this.sheetByName(sheet);
    const box = parseBox(address);
    if (!s || !box) return emptyCell();
    return { ...(s.cells.get(key(box.top, box.left)) ?? emptyCell()) };
  }

  nameFormula(name: string): string | undefined {
    return this.names.get(name);
  }

  /** The whole workbook as plain data, to compare before and after. */
  dump(): unknown {
    return {
      sheets: this.sheets.map((s) => ({
        id: s.id,
        name: s.name,
        visibility: s.visibility,
        protected: s.protected,
        frozenRows: s.frozenRows,
        merges: s.merges.map(boxAddress),
        conditionalFormats: s.conditionalFormats.map((f) => ({ ranges: [...f.ranges], rule: { ...f.rule } })),
        colWidths: [...s.colWidths.entries()].sort((a, b) => a[0] - b[0]),
        localNames: [...s.localNames.entries()].sort(),
        cells: [...s.cells.entries()]
          .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
          .map(([k, c]) => [k, { ...c, format: { ...c.format } }]),
      })),
      names: [...this.names.entries()].sort(),
    };
  }

  /**
   * Another workbook holding the same sheets and names (no handlers, undo stack or counts), so a
   * fault-injection loop can start each try from one prepared state without preparing it again.
   */
  clone(): RecordingExcel {
    const twin = new RecordingExcel(this.profile ? { profile: this.profile } : { excelApi: `1.${this.apiMinor}` });
    twin.nextId = this.nextId;
    twin.names = new Map(this.names);
    twin.sheets = this.sheets.map((s) => ({
      ...s,
      cells: new Map(
        [...s.cells].map(([k, c]) => [
          k,
          { ...c, format: { ...c.format }, validation: c.validation && structuredCopy(c.validation) },
        ]),
      ),
      merges: s.merges.map((m) => ({ ...m })),
      protectionOptions: { ...s.protectionOptions },
      colWidths: new Map(s.colWidths),
      handlers: [],
      conditionalFormats: s.conditionalFormats.map((f) => ({ ranges: [...f.ranges], rule: { ...f.rule } })),
      localNames: new Map(s.localNames),
    }));
    return twin;
  }

  /** A workbook-level name the user defined (Formulas → Define Name). */
  addUserName(name: string, formula: string): void {
    this.names.set(name, this.refFormula(formula));
  }

  /** A sheet the user made, with some content. */
  addUserSheet(name: string, cells: Record<string, RawValue> = {}): void {
    const s = this.createSheet(name);
    for (const [address, v] of Object.entries(cells)) {
      const box = parseBox(address)!;
      this.typeInto(this.cellAt(s, box.top, box.left, true)!, v);
    }
  }

  /** The user types, pastes or fills `values` from the range's top-left cell. Raises onChanged like Excel. */
  userEdit(sheet: string, address: string, values: RawValue[][], source: 'Local' | 'Remote' = 'Local'): void {
    const s = this.sheetByName(sheet);
    const top = parseBox(address);
    if (!s || !top) throw new Error(`Không có ô ${sheet}!${address}`);
    const box: Box = {
      top: top.top,
      left: top.left,
      bottom: top.top + values.length - 1,
      right: top.left + (values[0]?.length ?? 1) - 1,
    };
    this.guard(s, box);
    const before = this.singleValue(s, box);
    const saved: UndoEntry['before'] = [];
    for (let r = box.top; r <= box.bottom; r++)
      for (let c = box.left; c <= box.right; c++) {
        const cell = s.cells.get(key(r, c));
        saved.push({ row: r, col: c, cell: cell && { ...cell, format: { ...cell.format } } });
      }
    values.forEach((row, r) =>
      row.forEach((x, c) => this.typeInto(this.cellAt(s, box.top + r, box.left + c, true)!, x)),
    );
    // A co-author's edit is on their undo stack, not on this user's.
    if (source === 'Local') this.undoStack.push({ by: 'user', sheet: s.name, before: saved });
    this.changed(s, box, before, source, 'RangeEdited', false);
    this.scheduleEvents();
  }

  /** The user lifts a sheet's protection from the ribbon (Review → Unprotect Sheet). */
  userUnprotect(sheet: string): void {
    const s = this.sheetByName(sheet);
    if (!s) throw new Error(`Không có trang ${sheet}`);
    if (s.password) throw new Error(`Trang ${sheet} có mật khẩu`);
    s.protected = false;
    this.undoStack = [];
  }

  /** The user inserts rows above `row`: cells and defined names below move down. */
  insertRows(sheet: string, row: number, count: number): void {
    const s = this.sheetByName(sheet);
    if (!s) throw new Error(`Không có trang ${sheet}`);
    const moved = new Map<string, FakeCell>();
    for (const [k, cell] of s.cells) {
      const [r, c] = k.split(',').map(Number);
      moved.set(r >= row ? key(r + count, c) : k, cell);
    }
    s.cells = moved;
    for (const [n, f] of this.names) {
      const { sheet: target, address } = splitSheetAddress(f);
      const box = parseBox(address);
      if (target?.toLowerCase() === s.name.toLowerCase() && box && box.top >= row) {
        this.names.set(n, `=${sheetPrefix(s.name)}!$${colName(box.left)}$${box.top + count}`);
      }
    }
    this.changed(s, { top: row, left: 1, bottom: row + count - 1, right: 16384 }, null, 'Local', 'RowInserted', false);
    this.scheduleEvents();
  }
}
