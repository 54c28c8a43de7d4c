/**
 * Colleagues' workbooks for the bench and the consolidation tests: the template layout filled with
 * plausible figures, typed text and details, deterministic by seed (bench/consolidate.ts writes them to disk).
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { applies } from '../src/domain/applicability';
import type { Catalog } from '../src/domain/catalog/types';
import type { DetailField } from '../src/domain/details';
import { evaluate } from '../src/domain/expr';
import { formatNumber } from '../src/domain/format';
import { isInputIndicator, planWorkbook, type CellPlan } from '../src/domain/layout';
import { makePeriod } from '../src/domain/period';
import { computeRate } from '../src/domain/rates';

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
