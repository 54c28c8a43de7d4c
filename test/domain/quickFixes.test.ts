import { getCatalog } from '../../src/domain/catalog';
import type { FigureSet } from '../../src/domain/figures';
import { makePeriod } from '../../src/domain/period';
import { quickFixes } from '../../src/domain/quickFixes';
import { validate } from '../../src/domain/validate';

const catalog = getCatalog('2024');
const ctx = { level: 'so' as const, period: makePeriod('H1', 2024) };

/** Figures as a reader gives them: each at a cell of its own. */
function figures(values: Record<string, number | null>, decimals: Record<string, number> = {}): FigureSet {
  const cells = Object.fromEntries(Object.keys(values).map((k, i) => [k, { sheet: 'Biểu', address: `D${i + 1}` }]));
  return { values, cells, decimals };
}

function fixesFor(values: Record<string, number | null>, decimals?: Record<string, number>) {
  const f = figures(values, decimals);
  return quickFixes(catalog, f, validate(catalog, f, ctx), ctx);
}

describe('quick fixes: a total from its parts, only where certain', () => {
  test('a blank total whose parts are all filled: fill it with their sum', () => {
    const [fix, ...rest] = fixesFor({ '7.1': null, '7.1.1': 3, '7.1.2': 7 });
    expect(rest).toEqual([]);
    expect(fix).toMatchObject({
      rule: '7.1#1',
      key: '7.1',
      cell: { sheet: 'Biểu', address: 'D1' },
      value: 10,
      label: 'Điền tổng = 10 từ các phần',
    });
    expect(fix.finding).toBeUndefined();
  });

  test('a wrong total the check blames: the fix resolves that finding', () => {
    const values = { '7.1': 12, '7.1.1': 3_000, '7.1.2': 13_183 };
    const found = validate(catalog, figures(values), ctx).find((f) => f.rule === '7.1#1');
    // 13.183 alone is above 12: the check blames that part, so no total is offered.
    expect(found?.blame).toBe('7.1.2');
    expect(fixesFor(values)).toEqual([]);

    const [fix] = fixesFor({ '7.1': 16_000, '7.1.1': 3_000, '7.1.2': 13_183 });
    expect(fix.value).toBe(16_183);
    expect(fix.label).toBe('Điền tổng = 16.183 từ các phần');
    expect(fix.finding?.rule).toBe('7.1#1');
  });

  test('not certain, not offered: a blank part, a part in error, a total already right', () => {
    expect(fixesFor({ '7.1': null, '7.1.1': 3, '7.1.2': null })).toEqual([]);
    // A count of 2,5 is itself an error: its sum is no answer.
    expect(fixesFor({ '7.1': null, '7.1.1': 2.5, '7.1.2': 7 }, { '7.1.1': 1 })).toEqual([]);
    expect(fixesFor({ '7.1': 10, '7.1.1': 3, '7.1.2': 7 })).toEqual([]);
  });

  test('a total that is itself a part: offered only when its sum also fits the larger total', () => {
    const base = { 'BM1/4.2.1': 2, 'BM1/4.2.2': 3, 'BM1/4.3': 4, 'BM1/4.3.1': 1, 'BM1/4.3.2': 1, 'BM1/4.3.3': 2 };
    // 4.1 = 4.2 + 4.3 = 5 + 4: filling 4.2 with 5 fits.
    expect(fixesFor({ ...base, 'BM1/4.2': null, 'BM1/4.1': 9 }).map((f) => [f.key, f.value])).toEqual([['BM1/4.2', 5]]);
    // 4.1 = 20 cannot hold 5 + 4: filling 4.2 would only move the error.
    expect(fixesFor({ ...base, 'BM1/4.2': null, 'BM1/4.1': 20 }).map((f) => f.key)).not.toContain('BM1/4.2');
  });
});
