import { getCatalog, registerCatalog, CatalogError, loadCatalog, catalogIds } from '../../src/domain/catalog';
import { catalog2024 } from '../../src/domain/catalog/data/v2024';
import { applies } from '../../src/domain/applicability';
import { makePeriod } from '../../src/domain/period';
import { printExpr } from '../../src/domain/expr';

const catalog = getCatalog('2024');

describe('catalog 2024', () => {
  it('holds Phụ lục I and Biểu mẫu 1–7 with their kinds', () => {
    expect(catalog.forms.map((f) => f.id)).toEqual(['PL1', 'BM1', 'BM2', 'BM3', 'BM4', 'BM5', 'BM6', 'BM7']);
    expect(catalog.byKey.get('1.1.2')).toMatchObject({
      name: 'Số nhiệm vụ đã hoàn thành',
      unit: 'Nhiệm vụ',
      kind: 'count',
      parent: '1.1',
    });
    expect(catalog.byKey.get('1.4.2')).toMatchObject({ kind: 'code', codes: [0, 1, 2] });
    expect(catalog.byKey.get('3.3')).toMatchObject({
      kind: 'ratio',
      ratio: { numerator: '3.3.a', denominator: '3.3.b' },
    });
    expect(catalog.byKey.get('BM3/4.2.1')).toMatchObject({ form: 'BM3', code: '4.2.1', parent: 'BM3/4.2' });
    expect(catalog.byKey.get('BM6/1.1')?.kind).toBe('money');
    expect(catalog.forms.find((f) => f.id === 'BM3')!.title).toBe('CẢI CÁCH THỦ TỤC HÀNH CHÍNH');
  });

  it('reads consolidation rules and applicability', () => {
    expect(catalog.byKey.get('3.2.1')!.consolidation).toEqual({ kind: 'weighted', by: '3.1', approximate: false });
    expect(catalog.byKey.get('4.1.3')!.consolidation).toEqual({ kind: 'weighted', by: '4.1.2', approximate: true });
    expect(catalog.byKey.get('1.5')!.consolidation).toEqual({ kind: 'codes' });
    const huyen = catalog.byKey.get('4.1.2.2')!;
    expect(applies(huyen, { level: 'tinh', period: makePeriod('H1', 2024) })).toBe(true);
    expect(applies(huyen, { level: 'tinh', period: makePeriod('H1', 2026) })).toBe(false);
    expect(applies(huyen, { level: 'so', period: makePeriod('H1', 2024) })).toBe(false);
    expect(applies(catalog.byKey.get('1.2.2')!, { level: 'so' })).toBe(false);
  });

  it('defines rates once, with parts from the catalog', () => {
    const onTime = catalog.rates.find((r) => r.id === 'BM3:giai-quyet-dung-han')!;
    expect(printExpr(onTime.numerator, (k) => k)).toBe('BM3/4.2.1 + BM3/4.2.2');
    expect(onTime.statedBy).toBe('3.3.1');
    expect(catalog.rates.find((r) => r.id === 'PL1:hoan-thanh-ke-hoach')!.label).toContain('hoàn thành');
  });

  it('splits a relation into clauses with their own severity', () => {
    const rules = catalog.rules.filter((r) => r.subject === '7.1');
    expect(rules.map((r) => [r.op, r.severity])).toEqual([
      ['=', 'error'],
      ['<=', 'warning'],
    ]);
  });
});

describe('catalog versions as data', () => {
  it('loads a second version without code: a province adds a row and a relation', () => {
    const phuLucI = catalog2024.phuLucI.replace(
      '1.1.3\tSố văn bản',
      '1.1.4\tSố cuộc họp về CCHC\tCuộc\tcount\t<= 1.1.1 (warning)\t\t\t\t\t\t\n1.1.3\tSố văn bản',
    );
    const v2 = registerCatalog({ id: 'test-2025', title: 'Thử', phuLucI, bieuMau: catalog2024.bieuMau });
    expect(catalogIds()).toContain('test-2025');
    expect(getCatalog('test-2025').byKey.get('1.1.4')!.name).toBe('Số cuộc họp về CCHC');
    expect(v2.rules.find((r) => r.subject === '1.1.4')).toMatchObject({ op: '<=', severity: 'warning' });
    expect(getCatalog('2024').byKey.has('1.1.4')).toBe(false);
  });

  it('names the row at fault in a broken catalog', () => {
    const broken = catalog2024.phuLucI.replace('<= 1.1.1\t', '<= 9.9.9\t');
    expect(() => loadCatalog({ ...catalog2024, id: 'x', phuLucI: broken })).toThrow(CatalogError);
    expect(() => loadCatalog({ ...catalog2024, id: 'x', phuLucI: broken })).toThrow(/Phụ lục I, dòng \d+: .*9\.9\.9/);
    expect(() => getCatalog('1999')).toThrow(/Không có danh mục phiên bản "1999"/);
  });
});
