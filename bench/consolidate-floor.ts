/**
 * Consolidation benchmark (issue: 1,000 colleague workbooks within 5× the floor per workbook).
 * The floor is "unzip + XML scan" of the same buffers, measured in the same run.
 *
 * Run: `npm run bench` (bench/run.ts prints these figures with the others).
 * (prints the figures as JSON; benchConsolidate itself prints nothing).
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { applies } from '../src/domain/applicability';
import { getCatalog } from '../src/domain/catalog';
import type { Catalog } from '../src/domain/catalog/types';
import { consolidate, type UnitSubmission } from '../src/domain/consolidate';
import type { DetailField } from '../src/domain/details';
import { evaluate } from '../src/domain/expr';
import { formatNumber } from '../src/domain/format';
import { isInputIndicator, planWorkbook, type CellPlan } from '../src/domain/layout';
import { makePeriod } from '../src/domain/period';
import { computeRate } from '../src/domain/rates';
import { readUnitSubmission, submissionFromLean, type LeanWorkbook } from '../src/io/leanReader';

export interface BenchResult {
  /** Lean read + conversion to a submission, plus consolidation of all, per workbook. */
  perWorkbookMs: number;
  /** jszip unzip + a plain scan of every XML part, per workbook. */
  floorMs: number;
  ratio: number;
  peakRssMb: number;
  reader: string;
  /** The same path with exceljs (load, figures by name, consolidation) on a sample of the same buffers, per workbook. */
  exceljsMs: number;
  exceljsRatio: number;
  /** exceljs `xlsx.load` alone, per workbook. */
  exceljsLoadMs: number;
  exceljsLoadRatio: number;
  workbookBytes: number;
}

/** Small deterministic PRNG (mulberry32): the same seed gives the same workbook. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plausible figures of a sở: random, then repaired so most relations hold (as in real files). */
export function generateFigures(catalog: Catalog, seed: number): Record<string, number | null> {
  const rnd = prng(seed);
  const ctx = { level: 'so' as const, period: makePeriod('H1', 2024) };
  const values: Record<string, number | null> = {};
  for (const ind of catalog.indicators) {
    if (!isInputIndicator(ind)) continue;
    if (!applies(ind, ctx) || rnd() < 0.04) {
      values[ind.key] = null;
      continue;
    }
    switch (ind.kind) {
      case 'count':
        values[ind.key] = Math.floor(rnd() * 200);
        break;
      case 'money':
        values[ind.key] = Math.round(rnd() * 1e7) / 100;
        break;
      case 'percent':
        values[ind.key] = Math.round(600 + rnd() * 400) / 10;
        break;
      case 'code':
        values[ind.key] = ind.codes![Math.floor(rnd() * ind.codes!.length)];
        break;
      default:
        values[ind.key] = null;
    }
  }
  const get = (k: string) => values[k] ?? null;
  for (let pass = 0; pass < 3; pass++) {
    for (const rule of catalog.rules) {
      if (rule.left.t !== 'ref' || rule.op === 'range') continue;
      const key = rule.left.key;
      const right = evaluate(rule.right, get);
      if (right === null || values[key] === null || values[key] === undefined) continue;
      if (rule.op === '=') values[key] = right;
      else if (values[key]! > right) values[key] = Math.floor(right * 0.9);
    }
    for (const def of catalog.rates) {
      if (!def.statedBy || values[def.statedBy] === null || values[def.statedBy] === undefined) continue;
      const rate = computeRate(def, { values });
      if (rate.value !== null) values[def.statedBy] = Math.round(rate.value * 100) / 100;
    }
  }
  return values;
}

const SECTION_TEXT =
  'Trong kỳ, đơn vị đã triển khai đầy đủ các nhiệm vụ cải cách hành chính theo kế hoạch; ' +
  'tăng cường kiểm tra, đôn đốc việc giải quyết thủ tục hành chính, công khai, minh bạch thông tin; ' +
  'đẩy mạnh ứng dụng công nghệ thông tin, số hóa hồ sơ và cung cấp dịch vụ công trực tuyến toàn trình.';

export interface UnitWorkbookSpec {
  unit: string;
  seed: number;
  /** Cut-off of the data ("Số liệu đến ngày"), dd/mm/yyyy. */
  to?: string;
}

/** A typical unit workbook as the template makes it: Phụ lục I + 7 forms, details, own text, defined names. */
export async function buildUnitWorkbook(catalog: Catalog, spec: UnitWorkbookSpec): Promise<Buffer> {
  const plan = planWorkbook(catalog, { level: 'so', period: makePeriod('H1', 2024) });
  const figures = generateFigures(catalog, spec.seed);
  const details: Partial<Record<DetailField, string | number>> = {
    parentBody: 'UBND TỈNH HÀ NAM',
    unit: spec.unit,
    level: 'Sở, ban, ngành',
    periodKind: '6 tháng đầu năm',
    year: 2024,
    from: '15/12/2023',
    to: spec.to ?? '14/06/2024',
    number: '…/BC-SCT',
    place: 'Hà Nam',
    date: '18/06/2024',
    signerAuthority: 'KT. GIÁM ĐỐC',
    signerTitle: 'PHÓ GIÁM ĐỐC',
    signerName: 'Nguyễn Văn A',
    recipients: '- UBND tỉnh;\n- Sở Nội vụ;\n- Lưu: VT, VP.',
  };
  const rnd = prng(spec.seed * 7919);
  const computedValue = new Map<string, ExcelJS.CellFormulaValue['result']>();
  for (const c of plan.computed) {
    if (c.what === 'rate') {
      const def = catalog.rates.find((r) => r.id === c.id)!;
      const rate = computeRate(def, { values: figures });
      computedValue.set(`${c.sheet}!${c.address}`, rate.value === null ? '' : rate.value / 100);
    } else if (c.what === 'ratio') {
      const ind = catalog.byKey.get(c.key)!;
      const a = figures[ind.ratio!.numerator];
      const b = figures[ind.ratio!.denominator];
      computedValue.set(
        `${c.sheet}!${c.address}`,
        a === null || b === null || a === undefined || b === undefined ? '' : `${formatNumber(a)}/${formatNumber(b)}`,
      );
    }
  }
  const inputValue = (sheet: string, cell: CellPlan): string | number | null => {
    const input = plan.inputs.find((i) => i.sheet === sheet && i.address === cell.address);
    if (!input) return null;
    if (input.kind === 'detail') return details[input.id as DetailField] ?? null;
    if (input.kind === 'text') return `${SECTION_TEXT} (${input.id}, ${Math.floor(rnd() * 1000)})`;
    const v = figures[input.id] ?? null;
    // Real files: some figures typed as text in the Vietnamese style.
    if (v !== null && v >= 1000 && rnd() < 0.3) return formatNumber(v);
    return v;
  };

  const wb = new ExcelJS.Workbook();
  for (const sheet of plan.sheets) {
    const ws = wb.addWorksheet(sheet.name, { state: sheet.veryHidden ? 'veryHidden' : 'visible' });
    sheet.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
    for (const cell of sheet.cells) {
      const c = ws.getCell(cell.address);
      if (cell.formula)
        c.value = {
          formula: cell.formula,
          result: computedValue.get(`${sheet.name}!${cell.address}`) ?? '',
        } as ExcelJS.CellFormulaValue;
      else if (cell.name) {
        const v = inputValue(sheet.name, cell);
        if (v !== null) c.value = v;
      } else if (cell.value !== undefined && cell.value !== null) c.value = cell.value;
      if (cell.numFmt) c.numFmt = cell.numFmt;
      if (cell.style === 'header' || cell.style === 'title' || cell.style === 'group') c.font = { bold: true };
      if (cell.validation?.type === 'list') {
        c.dataValidation = { type: 'list', allowBlank: true, formulae: [`"${cell.validation.values.join(',')}"`] };
      } else if (cell.validation) {
        c.dataValidation = {
          type: cell.validation.type,
          allowBlank: true,
          operator: 'greaterThanOrEqual',
          formulae: [cell.validation.min],
        };
      }
      if (cell.name) {
        const m = /^([A-Z]+)(\d+)$/.exec(cell.address)!;
        wb.definedNames.add(`'${sheet.name}'!$${m[1]}$${m[2]}`, cell.name);
      }
    }
    for (const merge of sheet.merges) ws.mergeCells(merge);
    if (sheet.freezeRows) ws.views = [{ state: 'frozen', ySplit: sheet.freezeRows }];
  }
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The floor: unzip every part with jszip and scan its text once. */
export async function floorScan(buf: Buffer): Promise<number> {
  const zip = await JSZip.loadAsync(buf);
  let tags = 0;
  for (const f of Object.values(zip.files)) {
    if (f.dir || !/\.(xml|rels)$/.test(f.name)) continue;
    const text = await f.async('string');
    for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) tags++;
  }
  return tags;
}

const UNIT_KINDS = ['Sở', 'Ban', 'UBND huyện', 'UBND xã'];
const placeholder = (i: number) => `UNIT-PLACEHOLDER-${String(i).padStart(3, '0')}`;

/** N distinct workbooks: ~20 built with exceljs, then each given its own unit name by patching shared strings. */
export async function benchWorkbooks(catalog: Catalog, n: number, distinct = 20): Promise<Buffer[]> {
  const count = Math.max(1, Math.min(distinct, n));
  const bases: JSZip[] = [];
  const strings: string[] = [];
  for (let i = 0; i < count; i++) {
    const zip = await JSZip.loadAsync(await buildUnitWorkbook(catalog, { unit: placeholder(i), seed: i + 1 }));
    bases.push(zip);
    strings.push(await zip.file('xl/sharedStrings.xml')!.async('string'));
  }
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const b = i % count;
    const name = `${UNIT_KINDS[i % UNIT_KINDS.length]} số ${String(i + 1).padStart(4, '0')}`;
    // jszip reuses the compressed bytes of the unchanged parts: only sharedStrings is deflated again.
    bases[b].file('xl/sharedStrings.xml', strings[b].replace(placeholder(b), name));
    out.push(await bases[b].generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  }
  return out;
}

export async function benchConsolidate(n = 1000): Promise<BenchResult> {
  const catalog = getCatalog('2024');
  const buffers = await benchWorkbooks(catalog, n);
  let peakRss = process.memoryUsage().rss;
  const sample = () => {
    const rss = process.memoryUsage().rss;
    if (rss > peakRss) peakRss = rss;
  };
  const now = () => Number(process.hrtime.bigint()) / 1e6;

  // Warm-up: JIT and caches for both paths.
  for (const buf of buffers.slice(0, 20)) {
    await floorScan(buf);
    await readUnitSubmission(catalog, buf, 'warm-up.xlsx');
  }

  const floorPass = async () => {
    const t0 = now();
    for (const buf of buffers) {
      await floorScan(buf);
      sample();
    }
    return (now() - t0) / buffers.length;
  };

  const floorBefore = await floorPass();

  const t0 = now();
  const units: UnitSubmission[] = [];
  for (let i = 0; i < buffers.length; i++) {
    units.push(await readUnitSubmission(catalog, buffers[i], `don-vi-${String(i + 1).padStart(4, '0')}.xlsx`));
    sample();
  }
  const result = consolidate(catalog, units, { level: 'tinh', period: makePeriod('H1', 2024) });
  sample();
  const perWorkbookMs = (now() - t0) / buffers.length;
  if (result.units.length !== buffers.length) throw new Error('consolidation lost units');

  const floorAfter = await floorPass();
  // The smaller floor: the ratio errs on the strict side.
  const floorMs = Math.min(floorBefore, floorAfter);
  const peakRssMb = peakRss / (1024 * 1024);

  // exceljs on a sample of the same buffers: load alone, and the whole path (load, figures by name, consolidation).
  const exceljsSample = buffers.slice(0, Math.min(buffers.length, 200));
  for (const buf of buffers.slice(0, 10)) await new ExcelJS.Workbook().xlsx.load(buf as unknown as ExcelJS.Buffer);
  let loadMs = 0;
  const e0 = now();
  const viaExcelJS: UnitSubmission[] = [];
  for (let i = 0; i < exceljsSample.length; i++) {
    const l0 = now();
    const wb = await new ExcelJS.Workbook().xlsx.load(exceljsSample[i] as unknown as ExcelJS.Buffer);
    loadMs += now() - l0;
    viaExcelJS.push(submissionFromLean(catalog, namedCellsOf(wb), `don-vi-${i + 1}.xlsx`));
  }
  consolidate(catalog, viaExcelJS, { level: 'tinh', period: makePeriod('H1', 2024) });
  const exceljsMs = (now() - e0) / exceljsSample.length;
  const exceljsLoadMs = loadMs / exceljsSample.length;

  return {
    perWorkbookMs,
    floorMs,
    ratio: perWorkbookMs / floorMs,
    peakRssMb,
    reader: 'lean (jszip + indexOf scanner, src/io/leanReader.ts)',
    exceljsMs,
    exceljsRatio: exceljsMs / floorMs,
    exceljsLoadMs,
    exceljsLoadRatio: exceljsLoadMs / floorMs,
    workbookBytes: Math.round(buffers.reduce((t, b) => t + b.length, 0) / buffers.length),
  };
}

/** The named cells of an exceljs workbook in the lean reader's shape, so both paths share the conversion. */
function namedCellsOf(wb: ExcelJS.Workbook): LeanWorkbook {
  const definedNames: LeanWorkbook['definedNames'] = new Map();
  const sheets = new Map<string, LeanWorkbook['sheets'][number]>();
  for (const dn of wb.definedNames.model as { name: string; ranges: string[] }[]) {
    const m = /^'?(.*?)'?!\$?([A-Z]+)\$?(\d+)$/.exec(dn.ranges[0] ?? '');
    if (!m) continue;
    const address = `${m[2]}${m[3]}`;
    definedNames.set(dn.name, { sheet: m[1], address });
    const ws = wb.getWorksheet(m[1]);
    if (!ws) continue;
    const sheet = sheets.get(m[1]) ?? { name: m[1], cells: new Map() };
    sheets.set(m[1], sheet);
    const cell = ws.getCell(address);
    let v = cell.value as unknown;
    if (v && typeof v === 'object' && 'result' in v) v = (v as { result: unknown }).result;
    if (typeof v === 'number') sheet.cells.set(address, { t: 'n', v, numFmt: cell.numFmt || undefined });
    else if (typeof v === 'string') sheet.cells.set(address, { t: 's', v });
  }
  return { sheets: [...sheets.values()], definedNames };
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 1000);
  benchConsolidate(n).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
