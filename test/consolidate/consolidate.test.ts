import { getCatalog } from '../../src/domain/catalog';
import { consolidate, duplicateUnits, DuplicateUnitError, mergeUnits, unitNameKey } from '../../src/domain/consolidate';
import { makePeriod } from '../../src/domain/period';
import { unit } from './helpers';

const catalog = getCatalog('2024');

describe('counts and money', () => {
  it('sums over units, with the number of contributors', () => {
    const r = consolidate(catalog, [
      unit('Sở A', { '1.1.1': 10 }),
      unit('Sở B', { '1.1.1': 20 }),
      unit('Sở C', { '1.1.1': 31 }),
    ]);
    expect(r.figures['1.1.1']).toMatchObject({ value: 61, contributors: 3, display: '61' });
    expect(r.totals.values['1.1.1']).toBe(61);
  });

  it('sums money without binary noise', () => {
    const r = consolidate(catalog, [unit('Sở A', { 'BM6/1.1': 0.1 }), unit('Sở B', { 'BM6/1.1': 0.2 })]);
    expect(r.figures['BM6/1.1'].value).toBe(0.3);
  });

  it("treats a unit's empty figure as missing, not zero, and names it", () => {
    const r = consolidate(catalog, [unit('Sở A', { '1.1.3': 0 }), unit('Sở B', { '1.1.3': null })]);
    expect(r.figures['1.1.3']).toMatchObject({ value: 0, contributors: 1 });
    expect(r.figures['1.1.3'].note).toContain('Chưa có số liệu của 1 đơn vị: Sở B');
    // Nobody reported it: no figure at all, never 0.
    expect(r.figures['2.1']).toMatchObject({ value: null, contributors: 0 });
    expect(r.totals.values['2.1']).toBeUndefined();
  });

  it('leaves out figures of rows that do not apply to the unit (1.2.2 is for tỉnh and huyện only)', () => {
    const r = consolidate(catalog, [
      unit('Sở A', { '1.2.2': 4 }, { level: 'so' }),
      unit('UBND huyện B', { '1.2.2': 7 }, { level: 'huyen' }),
    ]);
    expect(r.figures['1.2.2'].value).toBe(7);
    expect(r.figures['1.2.2'].note).toContain('Sở A');
  });
});

describe('stocks', () => {
  it('sums stocks of the same cut-off without a warning', () => {
    const r = consolidate(catalog, [unit('Sở A', { '3.1': 120 }), unit('Sở B', { '3.1': 80 })]);
    expect(r.figures['3.1'].value).toBe(200);
    expect(r.warnings.join('\n')).not.toMatch(/ngày chốt/);
  });

  it('still sums stocks of different cut-offs but warns, naming the units and dates', () => {
    const r = consolidate(catalog, [
      unit('Sở A', { '3.1': 120, '4.2.1': 50 }, { to: '2024-06-14' }),
      unit('Sở B', { '3.1': 80, '4.2.1': 30 }, { to: '2024-06-07' }),
    ]);
    expect(r.figures['3.1'].value).toBe(200);
    const w = r.warnings.filter((x) => x.includes('ngày chốt'));
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('Sở A (đến 14/06/2024)');
    expect(w[0]).toContain('Sở B (đến 07/06/2024)');
    expect(r.figures['3.1'].note).toMatch(/ngày chốt khác nhau/);
    // Flows are not stocks: 1.1.1 summed over different windows needs no cut-off note.
    const flows = consolidate(catalog, [
      unit('Sở A', { '1.1.1': 1 }, { to: '2024-06-14' }),
      unit('Sở B', { '1.1.1': 2 }, { to: '2024-06-07' }),
    ]);
    expect(flows.warnings.join('\n')).not.toMatch(/ngày chốt/);
  });

  it("warns when the units' cut-off differs from the consolidated period's", () => {
    const r = consolidate(catalog, [unit('Sở A', { '3.1': 1 }, { to: '2024-06-07' })], {
      period: makePeriod('H1', 2024),
    });
    expect(r.warnings.join('\n')).toMatch(/Sở A \(đến 07\/06\/2024\); kỳ tổng hợp chốt đến 14\/06\/2024/);
  });
});

describe('rates', () => {
  it('recomputes a stated rate from the summed parts when every unit has them (Phụ lục I 3.3.1 from Biểu mẫu 3 4.2.x)', () => {
    const a = { 'BM3/4.2': 100, 'BM3/4.2.1': 10, 'BM3/4.2.2': 80, 'BM3/4.2.3': 10, '3.3.1': 90 };
    const b = { 'BM3/4.2': 10, 'BM3/4.2.1': 0, 'BM3/4.2.2': 5, 'BM3/4.2.3': 5, '3.3.1': 50 };
    const r = consolidate(catalog, [unit('Sở A', a), unit('Sở B', b)]);
    const fig = r.figures['3.3.1'];
    expect(fig.value).toBeCloseTo((95 / 110) * 100, 10);
    expect(fig.value).not.toBeCloseTo(70, 1); // the plain mean of 90% and 50%
    expect(fig.contributors).toBe(2);
    expect(fig.note).toContain('95/110');
    expect(fig.approximate).toBeUndefined();
    const parts = [...r.provenance].filter((p) => p.key === '3.3.1');
    expect(parts.map((p) => `${p.unit}:${p.source}:${p.role}`).sort()).toEqual(
      ['BM3/4.2', 'BM3/4.2.1', 'BM3/4.2.2'].flatMap((k) => [`Sở A:${k}:part`, `Sở B:${k}:part`]).sort(),
    );
  });

  it('falls back to the weight the catalog names when a unit lacks the parts (3.3.1 weighted by 3.3.a)', () => {
    const r = consolidate(catalog, [
      unit('Sở A', { 'BM3/4.2': 100, 'BM3/4.2.1': 10, 'BM3/4.2.2': 80, '3.3.1': 90, '3.3.a': 100 }),
      unit('Sở B', { '3.3.1': 50, '3.3.a': 300 }),
    ]);
    // (90·100 + 50·300) / 400 = 60; the plain mean would be 70.
    expect(r.figures['3.3.1'].value).toBe(60);
    expect(r.figures['3.3.1'].note).toContain('gia quyền theo 3.3.a');
  });

  it('weights a percentage by the named denominator, never a plain mean (3.2.1 weighted by 3.1)', () => {
    const r = consolidate(catalog, [
      unit('Sở A', { '3.2.1': 100, '3.1': 300 }),
      unit('Sở B', { '3.2.1': 50, '3.1': 100 }),
      unit('Sở C', { '3.2.1': 0 }),
    ]);
    // (100·300 + 50·100) / 400 = 87.5; the plain mean of the three would be 50, of the first two 75.
    expect(r.figures['3.2.1'].value).toBe(87.5);
    expect(r.figures['3.2.1'].contributors).toBe(2);
    expect(r.figures['3.2.1'].note).toContain('Không tính Sở C: thiếu trọng số 3.1');
    expect(r.figures['3.2.1'].display).toBe('87,5%');
    const rows = [...r.provenance].filter((p) => p.key === '3.2.1');
    expect(rows.filter((p) => p.role === 'value')).toHaveLength(2);
    expect(rows.filter((p) => p.role === 'weight').map((p) => p.source)).toEqual(['3.1', '3.1']);
  });

  it('gives no rate without weights, with a note', () => {
    const r = consolidate(catalog, [unit('Sở A', { '3.2.2': 80 }), unit('Sở B', { '3.2.2': 40 })]);
    expect(r.figures['3.2.2'].value).toBeNull();
    expect(r.figures['3.2.2'].note).toMatch(/Không có trọng số 3\.1/);
  });

  it('gives no rate ("—") for a zero denominator, never 0% or 100%', () => {
    const weighted = consolidate(catalog, [
      unit('Sở A', { '3.2.1': 100, '3.1': 0 }),
      unit('Sở B', { '3.2.1': 0, '3.1': 0 }),
    ]);
    expect(weighted.figures['3.2.1']).toMatchObject({ value: null, display: '—' });
    const recomputed = consolidate(catalog, [
      unit('Sở A', { 'BM3/4.2': 0, 'BM3/4.2.1': 0, 'BM3/4.2.2': 0, '3.3.1': 100 }),
      unit('Sở B', { 'BM3/4.2': 0, 'BM3/4.2.1': 0, 'BM3/4.2.2': 0 }),
    ]);
    expect(recomputed.figures['3.3.1']).toMatchObject({ value: null, display: '—' });
    expect(recomputed.figures['3.3.1'].note).toMatch(/Mẫu số bằng 0/);
    expect(recomputed.totals.values['3.3.1']).toBeUndefined();
  });

  it('marks "so với năm 2015" rates weighted without baselines as approximate', () => {
    const r = consolidate(catalog, [
      unit('Sở A', { '4.1.3': 10, '4.1.2': 20 }),
      unit('Sở B', { '4.1.3': 40, '4.1.2': 10 }),
    ]);
    // (10·20 + 40·10) / 30 = 20
    expect(r.figures['4.1.3']).toMatchObject({ value: 20, approximate: true });
    expect(r.figures['4.1.3'].note).toMatch(/ước tính/i);
    const exact = consolidate(catalog, [unit('Sở A', { '3.2.1': 10, '3.1': 20 })]);
    expect(exact.figures['3.2.1'].approximate).toBeUndefined();
  });
});

describe('coded answers and ratios', () => {
  it('counts units per code and shows "n/total đơn vị"', () => {
    const r = consolidate(catalog, [
      unit('Sở A', { '1.5': 1 }),
      unit('Sở B', { '1.5': 0 }),
      unit('Sở C', { '1.5': 1 }),
      unit('Sở D', { '1.5': null }),
    ]);
    expect(r.figures['1.5']).toMatchObject({
      value: null,
      codeCounts: { '0': 1, '1': 2 },
      display: '2/3 đơn vị',
      contributors: 3,
    });
    expect(r.figures['1.5'].note).toContain('Sở D');
    expect(r.totals.values['1.5']).toBeUndefined();
  });

  it('spells out three-way codes with their labels', () => {
    const r = consolidate(catalog, [
      unit('Sở A', { '1.4.2': 0 }),
      unit('Sở B', { '1.4.2': 2 }),
      unit('Sở C', { '1.4.2': 2 }),
    ]);
    expect(r.figures['1.4.2'].codeCounts).toEqual({ '0': 1, '1': 0, '2': 2 });
    expect(r.figures['1.4.2'].display).toBe('Trực tuyến: 1; Phát phiếu: 0; Kết hợp: 2 (3 đơn vị)');
  });

  it('shows the ratio 3.3 as "a/b" from the summed parts', () => {
    const r = consolidate(catalog, [
      unit('Sở A', { '3.3.a': 16181, '3.3.b': 16183 }),
      unit('Sở B', { '3.3.a': 19, '3.3.b': 20 }),
    ]);
    expect(r.figures['3.3']).toMatchObject({ value: null, display: '16.200/16.203', contributors: 2 });
  });
});

describe('provenance', () => {
  it('keeps one row per contributing figure, with unit, file, sheet and cell', () => {
    const units = [
      unit(
        'Sở A',
        { '1.1.1': 10, '3.1': 5, '3.2.1': 80, '1.5': 1, '3.3.a': 1, '3.3.b': 2 },
        { typed: { '1.1.1': '10' } },
      ),
      unit('Sở B', { '1.1.1': 3, '3.1': 7, '3.2.1': 60, '1.5': 0, 'BM6/1.1': 2.5 }),
    ];
    const r = consolidate(catalog, units);
    for (const [key, fig] of Object.entries(r.figures)) {
      const rows = [...r.provenance].filter((p) => p.key === key);
      if (fig.contributors === 0) expect(rows).toHaveLength(0);
      else expect(new Set(rows.map((p) => p.unit)).size).toBe(fig.contributors);
    }
    const row = [...r.provenance].find((p) => p.key === '1.1.1' && p.unit === 'Sở A')!;
    expect(row).toEqual({
      key: '1.1.1',
      unit: 'Sở A',
      file: 'Sở A.xlsx',
      sheet: 'Phụ lục I',
      cell: 'D6',
      typed: '10',
      value: 10,
      source: '1.1.1',
      role: 'value',
    });
    expect([...r.provenance].find((p) => p.key === 'BM6/1.1')).toMatchObject({
      unit: 'Sở B',
      sheet: 'Biểu mẫu 6',
      value: 2.5,
    });
  });
});

describe('units', () => {
  it('refuses a unit given twice, naming the unit and both files', () => {
    const units = [
      unit('Sở Nội vụ', { '1.1.1': 1 }, { file: 'snv.xlsx' }),
      unit(' SỞ NỘI VỤ ', { '1.1.1': 2 }, { file: 'snv-sua.xlsx' }),
    ];
    expect(() => consolidate(catalog, units)).toThrow(DuplicateUnitError);
    expect(() => consolidate(catalog, units)).toThrow(/Đơn vị "Sở Nội vụ" có hai tệp: "snv\.xlsx" và "snv-sua\.xlsx"/);
    expect(duplicateUnits(units)).toEqual([{ unit: 'Sở Nội vụ', files: ['snv.xlsx', 'snv-sua.xlsx'] }]);
  });

  it('refuses a submission without a unit name', () => {
    expect(() => consolidate(catalog, [unit('  ', { '1.1.1': 1 }, { file: 'x.xlsx' })])).toThrow(
      /Tệp "x\.xlsx" chưa ghi tên/,
    );
  });

  it('reports expected units that sent nothing, comparing names without case and accents', () => {
    const r = consolidate(
      catalog,
      [unit('SỞ NỘI VỤ', { '1.1.1': 1 }), unit('So Tai Chinh', { '1.1.1': 2 }), unit('Sở Xây dựng', { '1.1.1': 3 })],
      {
        expectedUnits: [' Sở Nội vụ', 'Sở Tài chính', 'UBND huyện Kim Bảng', 'Ubnd Huyện Kim Bảng'],
      },
    );
    expect(r.missingUnits).toEqual(['UBND huyện Kim Bảng']);
    expect(r.warnings.find((w) => w.startsWith('Chưa có số liệu'))).toContain(
      '1/3 đơn vị phải báo cáo: UBND huyện Kim Bảng',
    );
    expect(r.warnings.find((w) => w.includes('không có trong danh sách'))).toContain('Sở Xây dựng');
    expect(unitNameKey('  Sở  Nội vụ ')).toBe(unitNameKey('so noi vu'));
  });

  it('replaces a re-imported unit by name and recomputes', () => {
    const units = [unit('Sở A', { '1.1.1': 10 }), unit('Sở B', { '1.1.1': 20 }, { file: 'b.xlsx' })];
    expect(consolidate(catalog, units).figures['1.1.1'].value).toBe(30);
    const updated = unit('sở b', { '1.1.1': 5 }, { file: 'b-cap-nhat.xlsx' });
    const replaced = mergeUnits(units, [updated]);
    expect(replaced).toHaveLength(2);
    expect(replaced[1]).toBe(updated);
    expect(units[1].file).toBe('b.xlsx'); // the input list is left alone
    const r = consolidate(catalog, replaced);
    expect(r.figures['1.1.1'].value).toBe(15);
    expect([...r.provenance].filter((p) => p.key === '1.1.1').map((p) => p.file)).toEqual([
      'Sở A.xlsx',
      'b-cap-nhat.xlsx',
    ]);
    expect(mergeUnits(units, [unit('Sở C', { '1.1.1': 1 })]).map((u) => u.unit)).toEqual(['Sở A', 'Sở B', 'Sở C']);
  });

  it('checks every unit (findings carry the unit and file) and the totals', () => {
    const r = consolidate(catalog, [
      unit('Sở A', { '1.1.1': 10, '1.1.2': 12 }, { file: 'a.xlsx' }),
      unit('Sở B', { '1.1.1': 10, '1.1.2': 9 }, { file: 'b.xlsx' }),
    ]);
    const own = r.findings.filter((f) => f.rule === '1.1.2#1');
    // Sở A breaks 1.1.2 <= 1.1.1; Sở B does not; the totals 21 <= 20 break it too.
    expect(own.map((f) => f.unit)).toEqual(['Sở A', undefined]);
    expect(own[0].file).toBe('a.xlsx');
    expect(own[0].cells[0]).toEqual({ sheet: 'Phụ lục I', address: 'D7' });
  });

  it('reports files the caller refused, never dropping them silently', () => {
    const r = consolidate(catalog, [unit('Sở A', { '1.1.1': 1 })], {
      refused: [{ file: 'sxd.xlsx', unit: 'Sở Xây dựng', reason: 'tệp bị hỏng' }],
    });
    expect(r.refused).toEqual([{ file: 'sxd.xlsx', unit: 'Sở Xây dựng', reason: 'tệp bị hỏng' }]);
    expect(r.warnings).toContain('Không tổng hợp 1 tệp: sxd.xlsx (Sở Xây dựng): tệp bị hỏng.');
  });

  it('warns about a file without any figure', () => {
    const r = consolidate(catalog, [unit('Sở A', { '1.1.1': null }, { file: 'trong.xlsx' })]);
    expect(r.warnings.join('\n')).toContain('Tệp "trong.xlsx" của Sở A không có số liệu nào');
  });
});

describe('relations on the totals, over the units that gave both sides', () => {
  // Biểu mẫu 2: 1 = 1.1 + 1.2.
  const full = (name: string, whole: number, a: number, b: number) =>
    unit(name, { 'BM2/1': whole, 'BM2/1.1': a, 'BM2/1.2': b });
  const wholeOnly = (name: string, whole: number) => unit(name, { 'BM2/1': whole });

  it('raises no error when some units gave only the whole, and says the coverage', () => {
    const r = consolidate(catalog, [
      full('Sở A', 10, 4, 6),
      full('Sở B', 5, 2, 3),
      full('Sở C', 3, 1, 2),
      wholeOnly('Sở D', 20),
      wholeOnly('Sở E', 7),
    ]);
    expect(r.figures['BM2/1'].value).toBe(45);
    expect(r.figures['BM2/1.1'].value).toBe(7);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const w = r.warnings.find((x) => x.includes('Biểu mẫu 2 1:'))!;
    expect(w).toContain('tổng các phần (1.1 + 1.2) chỉ gồm 3/5 đơn vị có số liệu chi tiết');
    expect(w).toContain('quan hệ "1 = 1.1 + 1.2" được kiểm tra trên các đơn vị này');
    expect(w).toContain('Sở D, Sở E');
    expect(r.figures['BM2/1'].note).toContain('3/5 đơn vị');
  });

  it("names a relation across forms as the forms write it, never in the catalog's own syntax", () => {
    // Phụ lục I 1.1.3 = Biểu mẫu 1 1.2 (a warning): one unit gave both, one only 1.1.3.
    const r = consolidate(catalog, [unit('Sở A', { '1.1.3': 3, 'BM1/1.2': 3 }), unit('Sở B', { '1.1.3': 2 })]);
    const w = r.warnings.find((x) => x.startsWith('Phụ lục I 1.1.3:'))!;
    expect(w).toBe(
      'Phụ lục I 1.1.3: quan hệ "1.1.3 = Biểu mẫu 1 1.2" chỉ kiểm tra được trên 1/2 đơn vị có đủ số liệu. Chỉ có một phần số liệu: Sở B.',
    );
    for (const text of r.warnings) expect(text).not.toMatch(/\((warning|error)\)|BM\d\//);
  });

  it('still finds a relation broken by a unit, on the totals of the complete units, naming the unit', () => {
    const r = consolidate(catalog, [full('Sở A', 10, 4, 6), full('Sở F', 10, 3, 4), wholeOnly('Sở D', 20)]);
    const own = r.findings.find((f) => f.unit === 'Sở F' && f.rule === 'BM2/1#1');
    expect(own).toBeDefined();
    const total = r.findings.find((f) => !f.unit && f.rule === 'BM2/1#1')!;
    expect(total.message).toContain('trên 2/3 đơn vị có đủ số liệu');
    expect(total.message).toContain('Đơn vị có sai lệch: Sở F');
  });
});
