import type { CellRef } from '../../domain/figures';
import type { WorkbookPlan } from '../../domain/layout';
import type {
  ApplyOptions,
  ComputedResult,
  EditHandler,
  FiguresWritten,
  InjectionReport,
  NamedValue,
  RawValue,
  ReadOptions,
  StatusMark,
  WorkbookPort,
  WorkbookSnapshot,
} from '../../office/port';
import type { EditOutcome, GridView, MemoryPort } from './memoryPort';
import type { WorkbookOpener } from './workerOpen';

/** The sheet a new workbook starts with, as in Excel. */
export const FIRST_SHEET = 'Trang tính 1';

/** What the grid and the toolbar of standalone mode need from the workbook. */
export interface GridPort {
  readonly fileName: string;
  visibleSheets(): string[];
  view(sheet: string): GridView | null;
  edit(sheet: string, address: string, values: RawValue[][], how?: 'type' | 'paste'): EditOutcome;
  undo(): EditOutcome;
  onChange(handler: () => void): () => void;
  onSelect(handler: (sel: { sheet: string; address: string }) => void): () => void;
  openBytes(data: Uint8Array, fileName: string): Promise<void>;
  save(): Promise<Uint8Array>;
  /** Whether the workbook holds work not yet saved to a file. */
  hasUnsavedWork(): boolean;
}

/**
 * The standalone workbook before exceljs (about 250 KiB compressed) has arrived: one empty sheet,
 * as Excel starts. The pane is usable at once; whatever needs the workbook (inject, open, save,
 * typing) waits for the memory port, whose loading starts as soon as the page is idle.
 */
export class DeferredPort implements WorkbookPort, GridPort {
  readonly mode = 'standalone' as const;
  readonly syncCount = 0;
  private inner: MemoryPort | null = null;
  private loading: Promise<MemoryPort> | null = null;
  private readonly editHandlers = new Set<EditHandler>();
  private readonly selectHandlers = new Set<(sel: { sheet: string; address: string }) => void>();
  private readonly changeHandlers = new Set<() => void>();

  /** `opener`: how a chosen file is opened (a Web Worker in the browser); the memory port's own otherwise. */
  constructor(
    private readonly load: () => Promise<MemoryPort>,
    private readonly opener?: WorkbookOpener,
  ) {}

  /** The memory port, loading it on first use. */
  ready(): Promise<MemoryPort> {
    if (!this.loading) {
      this.loading = this.load().then((port) => {
        port.onChange(() => this.changed());
        port.onSelect((sel) => this.selectHandlers.forEach((h) => h(sel)));
        void port.onEdit((event) => this.editHandlers.forEach((h) => h(event)));
        this.inner = port;
        this.changed();
        return port;
      });
      // A failed load (a dropped connection) may be tried again by the next action.
      this.loading.catch(() => (this.loading = null));
    }
    return this.loading;
  }

  get loaded(): MemoryPort | null {
    return this.inner;
  }

  get fileName(): string {
    return this.inner?.fileName ?? 'bao-cao-cchc.xlsx';
  }

  private changed(): void {
    for (const h of this.changeHandlers) h();
  }

  private blankSnapshot(): WorkbookSnapshot {
    return { sheets: [FIRST_SHEET], names: {}, nameList: [], grids: {} };
  }

  // ---- WorkbookPort ----

  async sheetNames(): Promise<string[]> {
    return this.inner ? this.inner.sheetNames() : [FIRST_SHEET];
  }

  async readInputs(options?: ReadOptions): Promise<WorkbookSnapshot> {
    return this.inner ? this.inner.readInputs(options) : this.blankSnapshot();
  }

  async readFormValues(sheets?: string[], options?: ReadOptions): Promise<WorkbookSnapshot> {
    return this.inner ? this.inner.readFormValues(sheets, options) : this.blankSnapshot();
  }

  async applyPlan(plan: WorkbookPlan, options?: ApplyOptions): Promise<InjectionReport> {
    return (await this.ready()).applyPlan(plan, options);
  }

  async writeStatus(marks: StatusMark[]): Promise<void> {
    if (marks.length) await (await this.ready()).writeStatus(marks);
  }

  async writeComputed(cells: ComputedResult[]): Promise<void> {
    if (cells.length) await (await this.ready()).writeComputed(cells);
  }

  async writeFigures(values: NamedValue[]): Promise<FiguresWritten> {
    return (await this.ready()).writeFigures(values);
  }

  async select(sheet: string, address: string): Promise<void> {
    if (this.inner) return this.inner.select(sheet, address);
    for (const h of this.selectHandlers) h({ sheet, address });
  }

  async writeAsUser(cell: CellRef, value: RawValue): Promise<void> {
    return (await this.ready()).writeAsUser(cell, value);
  }

  async onEdit(handler: EditHandler): Promise<() => void> {
    this.editHandlers.add(handler);
    return () => this.editHandlers.delete(handler);
  }

  async replaceSheetsFromXlsx(xlsx: Uint8Array, sheetNames: string[]): Promise<void> {
    return (await this.ready()).replaceSheetsFromXlsx(xlsx, sheetNames);
  }

  // ---- GridPort ----

  visibleSheets(): string[] {
    return this.inner ? this.inner.visibleSheets() : [FIRST_SHEET];
  }

  view(sheet: string): GridView | null {
    if (this.inner) return this.inner.view(sheet);
    if (sheet !== FIRST_SHEET) return null;
    return {
      sheet,
      rows: 1,
      cols: 1,
      truncated: false,
      protected: false,
      widths: [10],
      frozen: null,
      cells: [[{ address: 'A1', text: '', raw: null, isFormula: false, locked: true }]],
    };
  }

  edit(sheet: string, address: string, values: RawValue[][], how?: 'type' | 'paste'): EditOutcome {
    if (this.inner) return this.inner.edit(sheet, address, values, how);
    void this.ready().catch(() => undefined);
    return { ok: false, message: 'Sổ tính đang được chuẩn bị, xin nhập lại sau giây lát.' };
  }

  undo(): EditOutcome {
    if (this.inner) return this.inner.undo();
    return { ok: false, message: 'Không có thao tác nào để hoàn tác.' };
  }

  onChange(handler: () => void): () => void {
    this.changeHandlers.add(handler);
    return () => this.changeHandlers.delete(handler);
  }

  onSelect(handler: (sel: { sheet: string; address: string }) => void): () => void {
    this.selectHandlers.add(handler);
    return () => this.selectHandlers.delete(handler);
  }

  async openBytes(data: Uint8Array, fileName: string): Promise<void> {
    const port = await this.ready();
    if (!this.opener) return port.openBytes(data, fileName);
    // The file is read off the page; the workbook shown is replaced only once it is open.
    port.replace(await this.opener(data, fileName), fileName);
  }

  async save(): Promise<Uint8Array> {
    return (await this.ready()).save();
  }

  hasUnsavedWork(): boolean {
    return this.inner?.hasUnsavedWork() ?? false;
  }
}
