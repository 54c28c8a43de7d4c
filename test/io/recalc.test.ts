import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { applies } from '../../src/domain/applicability';
import { getCatalog } from '../../src/domain/catalog';
import type { Catalog } from '../../src/domain/catalog/types';
import { ratioDisplay } from '../../src/domain/display';
import type { FigureSet, ReportContext } from '../../src/domain/figures';
import { COL, DETAILS_SHEET, nameForDetail, planWorkbook, rateInputRules, ratioParts } from '../../src/domain/layout';
import { makePeriod } from '../../src/domain/period';
import { computeRate } from '../../src/domain/rates';
import { validate } from '../../src/domain/validate';
import { buildTemplateWorkbook } from '../../src/io/xlsxTemplate';
import { filledFigures } from '../fixtures/filledFigures';
import { soffice } from '../fixtures/soffice';

/**
 * The sheet's formulas checked by a real spreadsheet engine: injected, filled template
 * workbooks are recalculated by LibreOffice Calc (headless; it computes formulas that have no
 * cached result and writes the results back), and every formula cell — rates, the "a/b"
 * display, the check column, the caption — must equal what the add-in's engine computes.
 * CI installs libreoffice-calc-nogui; without soffice the suite is skipped, saying why.
 */

const catalog: Catalog = getCatalog('2024');
const ctx: ReportContext = { level: 'so', period: makePeriod('H1', 2024) };
const UNIT = 'Sở Tư pháp tỉnh X';

/** The one tolerance for comparing a recalculated cell with the engine: numbers within 1e-9 (relative), text exact. */
function sameComputed(actual: unknown, expected: string | number): boolean {
  if (typeof expected === 'number')
    return typeof actual === 'number' && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  return (actual ?? '') === expected;
}

const office = soffice();
if (!office) console.log('Bỏ qua kiểm tra bằng LibreOffice: không tìm thấy soffice (cài libreoffice-calc-nogui).');
const describeWithOffice = office ? describe : describe.skip;

/** Writes each workbook, recalculates them all in one LibreOffice run, reads them back. */
async function recalc(books: Record<string, ExcelJS.Workbook>): Promise<Record<string, ExcelJS.Workbook>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-recalc-'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-'));
  const out = path.join(dir, 'out');
  try {
    const files: string[] = [];
    for (const [name, wb] of Object.entries(books)) {
      const file = path.join(dir, `${name}.xlsx`);
      await wb.xlsx.writeFile(file);
      files.push(file);
    }
    execFileSync(
      office!,
      [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'xlsx', '--outdir', out, ...files],
      { stdio: 'pipe', timeout: 240000 },
    );
    const result: Record<string, ExcelJS.Workbook> = {};
    for (const name of Object.keys(books)) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(out, `${name}.xlsx`));
      result[name] = wb;
    }
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

const plan = planWorkbook(catalog, ctx);

/** The template with the figures typed into their cells (and the unit's name). */
function filledTemplate(figures: FigureSet): ExcelJS.Workbook {
  const { workbook } = buildTemplateWorkbook(catalog, ctx);
  for (const input of plan.inputs) {
    if (input.kind !== 'figure') continue;
    const v = figures.values[input.id];
    if (v !== null && v !== undefined) workbook.getWorksheet(input.sheet)!.getCell(input.address).value = v;
  }
  const unit = plan.inputs.find((i) => i.name === nameForDetail('unit'))!;
  workbook.getWorksheet(DETAILS_SHEET)!.getCell(unit.address).value = UNIT;
  return workbook;
}

/** What the engine says every formula cell must show. */
function expectedCells(figures: FigureSet): { sheet: string; address: string; what: string; value: string | number }[] {
  const get = (k: string) => figures.values[k] ?? null;
  const findings = validate(catalog, figures, ctx);
  const failing = new Set(findings.map((f) => f.rule));
  const out: { sheet: string; address: string; what: string; value: string | number }[] = [];
  for (const c of plan.computed) {
    if (c.what === 'rate') {
      const def = catalog.rates.find((r) => r.id === c.id)!;
      const rate = computeRate(def, figures);
      const inError = rateInputRules(catalog, def).some((r) => failing.has(r.id));
      const value =
        rate.numerator === null || rate.denominator === null || inError
          ? ''
          : rate.value === null
            ? '—'
            : rate.value / 100;
      out.push({ sheet: c.sheet, address: c.address, what: `rate ${c.id}`, value });
    } else if (c.what === 'ratio') {
      const ratio = catalog.byKey.get(c.key)!.ratio!;
      const a = get(ratio.numerator);
      const b = get(ratio.denominator);
      const inError = rateInputRules(catalog, ratioParts(ratio.numerator, ratio.denominator)).some((r) =>
        failing.has(r.id),
      );
      out.push({
        sheet: c.sheet,
        address: c.address,
        what: `ratio ${c.id}`,
        value: a === null || b === null || inError ? '' : ratioDisplay(a, b),
      });
    }
  }
  for (const sheet of plan.sheets) {
    if (sheet.role !== 'form') continue;
    const form = catalog.forms.find((f) => f.id === sheet.form)!;
    out.push({ sheet: sheet.name, address: 'A3', what: 'caption', value: `(Kèm theo báo cáo của ${UNIT})` });
    form.indicators.forEach((ind, i) => {
      const rules = catalog.rules.filter((r) => r.form === form.id && r.subject === ind.key);
      if (!rules.length || !applies(ind, ctx)) return;
      const row = 6 + i;
      const refs = [...new Set(rules.flatMap((r) => [r.subject, ...refsOfRule(r)]))].filter((k) => k !== '');
      const mark = rules.some((r) => failing.has(r.id)) ? '✗' : refs.every((k) => get(k) !== null) ? '✓' : '';
      out.push({ sheet: sheet.name, address: `${COL.check}${row}`, what: `check ${ind.key}`, value: mark });
    });
  }
  return out;
}

function refsOfRule(rule: (typeof catalog.rules)[number]): string[] {
  const keys: string[] = [];
  const walk = (e: typeof rule.left) => {
    if (e.t === 'ref') keys.push(e.key);
    else if (e.t === 'sum') e.terms.forEach((t) => walk(t.expr));
  };
  walk(rule.left);
  walk(rule.right);
  return keys;
}

function resultOf(wb: ExcelJS.Workbook, sheet: string, address: string): unknown {
  const v = wb.getWorksheet(sheet)?.getCell(address).value as unknown;
  if (v && typeof v === 'object' && 'result' in (v as object)) {
    const r = (v as { result?: unknown }).result;
    return r && typeof r === 'object' && 'error' in (r as object) ? `#${String((r as { error: string }).error)}` : r;
  }
  if (v && typeof v === 'object' && 'formula' in (v as object)) return '';
  return v;
}

// ---- the figure sets

const consistent = filledFigures(catalog);

function variant(changes: Record<string, number | null>): FigureSet {
  return { values: { ...consistent.values, ...changes } };
}

const applicableKeys = plan.inputs.filter((i) => i.kind === 'figure').map((i) => i.id);

const SETS: Record<string, FigureSet> = {
  consistent,
  // A part above its whole: 1.1.2 (done) > 1.1.1 (planned); the done rate must show no percentage.
  // And more files solved than received (3.3.a > 3.3.b): the "a/b" display shows nothing either.
  inconsistent: variant({ '1.1.2': 250, '1.1.1': 39, '3.3.a': 16_200 }),
  // Every other figure left blank.
  partial: {
    values: Object.fromEntries(
      applicableKeys.filter((_, i) => i % 2 === 0).map((k) => [k, consistent.values[k] ?? null]),
    ),
  },
  // Repeating decimals, a zero denominator and thousands in the a/b display.
  rounding: variant({ '1.1.1': 7, '1.1.2': 1, '1.1.3': 3, '1.2.1': 3, '1.2.2': 0, '1.2.3': 0, '1.2.4': 0 }),
};

describeWithOffice('LibreOffice recalculates the injected sheets as the engine computes them', () => {
  let recalculated: Record<string, ExcelJS.Workbook>;
  beforeAll(async () => {
    recalculated = await recalc(Object.fromEntries(Object.entries(SETS).map(([k, f]) => [k, filledTemplate(f)])));
  }, 300000);

  test.each(Object.keys(SETS))('%s figures: every formula cell agrees', (name) => {
    const wb = recalculated[name];
    const wrong: string[] = [];
    const cells = expectedCells(SETS[name]);
    expect(cells.length).toBeGreaterThan(20);
    if (name === 'inconsistent') expect(cells.filter((c) => c.value === '✗').length).toBeGreaterThan(0);
    if (name === 'rounding') expect(cells.some((c) => c.value === '—')).toBe(true);
    for (const c of cells) {
      const actual = resultOf(wb, c.sheet, c.address);
      if (!sameComputed(actual, c.value))
        wrong.push(
          `${c.sheet}!${c.address} (${c.what}): LibreOffice ${JSON.stringify(actual)}, engine ${JSON.stringify(c.value)}`,
        );
    }
    expect(wrong).toEqual([]);
  });

  test('a rate whose inputs are in error shows no percentage', () => {
    const def = catalog.rates.find((r) => rateInputRules(catalog, r).some((x) => x.subject === '1.1.2'))!;
    const at = plan.computed.find((c) => c.id === def.id)!;
    expect(resultOf(recalculated.inconsistent, at.sheet, at.address)).toBe('');
    expect(typeof resultOf(recalculated.consistent, at.sheet, at.address)).toBe('number');
  });

  test('an a/b display whose figures are in error shows nothing', () => {
    const at = plan.computed.find((c) => c.what === 'ratio' && c.key === '3.3')!;
    expect(resultOf(recalculated.inconsistent, at.sheet, at.address)).toBe('');
    expect(resultOf(recalculated.consistent, at.sheet, at.address)).toBe('16.181/16.183');
  });

  test('the a/b display has "." between thousands whatever the locale', () => {
    const ratios = plan.computed.filter((c) => c.what === 'ratio');
    const shown = ratios.map((c) => resultOf(recalculated.consistent, c.sheet, c.address));
    expect(shown).toContain('16.181/16.183');
  });
});
