import { getCatalog } from '../../src/domain/catalog';
import { computeRate, ratePoints } from '../../src/domain/rates';
import { makePeriod } from '../../src/domain/period';
import { validate } from '../../src/domain/validate';

const catalog = getCatalog('2024');
const rules = (values: Record<string, number | null>, extra = {}) => validate(catalog, { values, ...extra });

describe('findings', () => {
  it('a part above its whole blames the part, quotes both values and the excess, and points at the cells', () => {
    const [f] = rules(
      { '1.1.1': 39, '1.1.2': 45 },
      { cells: { '1.1.1': { sheet: 'Phụ lục I', address: 'D8' }, '1.1.2': { sheet: 'Phụ lục I', address: 'D9' } } },
    );
    expect(f).toMatchObject({ severity: 'error', rule: '1.1.2#1', blame: '1.1.2', keys: ['1.1.2', '1.1.1'] });
    expect(f.cells).toEqual([
      { sheet: 'Phụ lục I', address: 'D9' },
      { sheet: 'Phụ lục I', address: 'D8' },
    ]);
    expect(f.message).toContain('1.1.2 «Số nhiệm vụ đã hoàn thành» = 45');
    expect(f.message).toContain('1.1.1 «Số nhiệm vụ đề ra trong kế hoạch» = 39');
    expect(f.message).toContain('vượt 6');
    expect(f.message).toContain('Số cần xem lại: 1.1.2');
  });

  it('an unbalanced total names its parts, the imbalance and the total', () => {
    const fs = rules({ 'BM3/1.2': 385, 'BM3/1.2.1': 80, 'BM3/1.2.2': 226, 'BM3/1.2.3': 17, 'BM3/1.2.4': 52 });
    const f = fs.find((x) => x.rule === 'BM3/1.2#1')!;
    expect(f.message).toContain('1.2.1 + 1.2.2 + 1.2.3 + 1.2.4 = 80 + 226 + 17 + 52 = 375');
    expect(f.message).toContain('lệch 10');
    expect(f.blame).toBe('BM3/1.2');
  });

  it('a single part above the total is blamed rather than the total', () => {
    const f = rules({ 'BM2/1': 20, 'BM2/1.1': 3, 'BM2/1.2': 240 }).find((x) => x.rule === 'BM2/1#1')!;
    expect(f.blame).toBe('BM2/1.2');
  });

  it('reports a sure excess even when a part is still empty', () => {
    const f = rules({ '5.4': 1, '5.4.1': 1, '5.4.2': 1 }).find((x) => x.rule === '5.4.1#1');
    expect(f).toBeDefined();
    expect(rules({ '5.4': 3, '5.4.1': 1, '5.4.2': 1 }).find((x) => x.rule === '5.4.1#1')).toBeUndefined();
  });

  it('counts balance exactly; money and percentages within half a unit of what was typed', () => {
    expect(rules({ 'BM1/4.1': 10, 'BM1/4.2': 6, 'BM1/4.3': 3 }).map((f) => f.rule)).toContain('BM1/4.1#1');
    // 10,4 + 20,3 ≈ 30,7 typed with one decimal each: 30,7 balances, 30,9 does not.
    const money = (total: number) =>
      rules({ 'BM6/2.1': total, 'BM6/2.2': total + 0.04 }, { decimals: { 'BM6/2.1': 1, 'BM6/2.2': 2 } }).map(
        (f) => f.rule,
      );
    expect(money(30.7)).not.toContain('BM6/2.2#1');
    expect(
      rules({ 'BM6/2.1': 30.7, 'BM6/2.2': 30.9 }, { decimals: { 'BM6/2.1': 1, 'BM6/2.2': 1 } }).map((f) => f.rule),
    ).toContain('BM6/2.2#1');
  });

  it('checks kinds: whole counts, codes, percent range', () => {
    const fs = rules({ '1.1.1': 2.5, '1.4.2': 3, '1.5': 1, '3.2.1': 101 });
    expect(fs.find((f) => f.rule === '1.1.1#kind')!.message).toContain('số nguyên không âm');
    expect(fs.find((f) => f.rule === '1.4.2#kind')!.message).toContain('0 hoặc 1 hoặc 2');
    expect(fs.find((f) => f.rule === '1.5#kind')).toBeUndefined();
    expect(fs.find((f) => f.rule === '3.2.1#1')!.message).toContain('ngoài khoảng 0–100');
  });

  it('a stated rate must agree with its parts, within its rounding', () => {
    const parts = { 'BM3/4.2': 90, 'BM3/4.2.1': 40, 'BM3/4.2.2': 40, 'BM3/4.2.3': 10 };
    const f = rules({ ...parts, '3.3.1': 100 }).find((x) => x.rule === 'BM3:giai-quyet-dung-han~3.3.1')!;
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('88,89%');
    expect(f.blame).toBe('3.3.1');
    expect(
      rules({ ...parts, '3.3.1': 88.9 }, { decimals: { '3.3.1': 1 } }).find((x) => x.rule.includes('~')),
    ).toBeUndefined();
    expect(rules({ ...parts, '3.3.1': 89 }).find((x) => x.rule.includes('~'))).toBeUndefined();
  });

  it('skips rows that do not apply to the level or period', () => {
    const values = { '4.1.2': 2, '4.1.2.1': 2, '4.1.2.2': 5 };
    expect(
      validate(catalog, { values }, { level: 'tinh', period: makePeriod('H1', 2024) }).map((f) => f.rule),
    ).toContain('4.1.2.1#1');
    expect(
      validate(catalog, { values }, { level: 'tinh', period: makePeriod('H1', 2026) }).map((f) => f.rule),
    ).not.toContain('4.1.2.1#1');
  });

  it('flags a computed cell whose formula was overwritten', () => {
    const fs = rules(
      {},
      {
        computed: {
          'PL1:hoan-thanh-ke-hoach': { cell: { sheet: 'Phụ lục I', address: 'F9' }, isFormula: false, value: 0.9 },
        },
      },
    );
    expect(fs[0]).toMatchObject({
      rule: 'PL1:hoan-thanh-ke-hoach#formula',
      cells: [{ sheet: 'Phụ lục I', address: 'F9' }],
    });
    expect(fs[0].message).toContain('công thức đã bị ghi đè');
  });

  it('orders errors before warnings', () => {
    const fs = rules({ '4.2.1': 40, '4.2.2': 41, '1.1.1': 1, '1.1.2': 2 });
    expect(fs.map((f) => f.severity)).toEqual(['error', 'warning']);
  });
});

describe('rates', () => {
  it('a zero or missing denominator gives no rate, never 0% or 100%', () => {
    expect(ratePoints(0, 0)).toBeNull();
    expect(ratePoints(5, 0)).toBeNull();
    expect(ratePoints(null, 4)).toBeNull();
    expect(ratePoints(19, 39)).toBeCloseTo(48.7179, 3);
  });
  it('computes a rate from expressions of parts', () => {
    const def = catalog.rates.find((r) => r.id === 'BM3:cat-giam-thoi-gian')!;
    expect(computeRate(def, { values: { 'BM3/3.3': 200, 'BM3/3.4': 150 } }).value).toBe(25);
    expect(computeRate(def, { values: { 'BM3/3.3': 0, 'BM3/3.4': 0 } }).value).toBeNull();
  });
});

describe('messages with empty parts', () => {
  it('sums the parts present and says the empty ones were left out', () => {
    const f = validate(catalog, { values: { '5.4': 1, '5.4.1': 1, '5.4.2': 1 } }).find((x) => x.rule === '5.4.1#1')!;
    expect(f.message).toContain('5.4.1 + 5.4.2 + 5.4.3 = 1 + 1 + (trống) = 2 (chưa tính ô trống)');
    expect(f.message).toContain('vượt 1');
  });
});

describe('partial data: a blank part is bounded by its own filled parts', () => {
  // Biểu mẫu 1: 4.1 = 4.2 + 4.3; 4.2 = 4.2.1 + 4.2.2; 4.3 = 4.3.1 + 4.3.2 + 4.3.3.
  it('catches a breach hidden behind blank subtotals and blames the whole both filled parts contradict', () => {
    const fs = validate(catalog, { values: { 'BM1/4.1': 5, 'BM1/4.2.1': 18, 'BM1/4.3.1': 7 } });
    const f = fs.find((x) => x.rule === 'BM1/4.1#1')!;
    expect(f).toMatchObject({ severity: 'error', blame: 'BM1/4.1' });
    expect(f.keys).toEqual(expect.arrayContaining(['BM1/4.1', 'BM1/4.2.1', 'BM1/4.3.1']));
    expect(f.message).toContain('(trống, ít nhất 18 theo 4.2.1)');
    expect(f.message).toContain('(trống, ít nhất 7 theo 4.3.1)');
    expect(f.message).toContain('≥ 25');
    expect(f.message).toContain('lệch ít nhất 20');
    expect(f.message).toContain('Số cần xem lại: 4.1');
  });

  it('blames the one filled sub-part that alone exceeds the whole', () => {
    const f = validate(catalog, { values: { 'BM1/4.1': 20, 'BM1/4.2.1': 25 } }).find((x) => x.rule === 'BM1/4.1#1')!;
    expect(f.blame).toBe('BM1/4.2.1');
  });

  it('raises nothing while the filled sub-parts stay within the whole', () => {
    const fs = validate(catalog, { values: { 'BM1/4.1': 30, 'BM1/4.2.1': 18, 'BM1/4.3.1': 7 } });
    expect(fs.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('an edit is checked against the rules touching the edited figure and the wholes resting on it, and only those', () => {
    const values = { 'BM1/4.1': 5, 'BM1/4.2.1': 18, 'BM1/4.3.1': 7, '1.1.1': 39, '1.1.2': 45 };
    const all = validate(catalog, { values }).map((f) => f.rule);
    expect(all).toEqual(expect.arrayContaining(['BM1/4.1#1', '1.1.2#1']));
    const edit = validate(catalog, { values }, { keys: ['BM1/4.2.1'] }).map((f) => f.rule);
    expect(edit).toContain('BM1/4.1#1');
    expect(edit).not.toContain('1.1.2#1');
    expect(validate(catalog, { values }, { keys: ['1.1.2'] }).map((f) => f.rule)).toEqual(['1.1.2#1']);
  });
});
