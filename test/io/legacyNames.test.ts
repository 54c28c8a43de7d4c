import { getCatalog } from '../../src/domain/catalog';
import {
  ACCEPT,
  formIndexes,
  pickByName,
  prepareName,
  rankByName,
  similarity,
  type FormIndex,
} from '../../src/io/legacyNames';

const catalog = getCatalog('2024');

/** Every indicator scored against the name, as a reader without an index would: the reference. */
function rankByScoringAll(fi: FormIndex, name: string) {
  const p = prepareName(name);
  return fi.names
    .map((other, idx) => ({ idx, sim: similarity(p, other) }))
    .filter((x) => x.sim >= ACCEPT)
    .sort((a, b) => b.sim - a.sim || a.idx - b.idx);
}

/** Names as colleagues type them: exact, shortened, with a word dropped or added, with a typo. */
function variants(name: string): string[] {
  const words = name.split(' ');
  return [
    name,
    name.toUpperCase(),
    `- ${name} (tính đến ngày báo cáo)`,
    words.slice(0, -1).join(' '),
    words.slice(1).join(' '),
    `${name} của đơn vị`,
    name.replace(/a/, 'â').replace(/o/, 'ô'),
    words.filter((_, i) => i % 3 !== 1).join(' '),
  ];
}

describe('the name index of the legacy reader', () => {
  it('is built once per catalog and kept', () => {
    expect(formIndexes(catalog)).toBe(formIndexes(catalog));
    const fi = formIndexes(catalog).get('PL1')!;
    expect(fi.inds.length).toBeGreaterThan(50);
    expect(fi.byCode.get('1.1.1')).toBe(fi.inds.findIndex((i) => i.code === '1.1.1'));
  });

  it('ranks exactly as scoring every indicator would, for every catalog name and its typed variants', () => {
    let compared = 0;
    let matched = 0;
    for (const fi of formIndexes(catalog).values()) {
      for (const ind of fi.inds) {
        for (const typed of variants(ind.name)) {
          const ranked = rankByName(fi, prepareName(typed));
          expect(ranked).toEqual(rankByScoringAll(fi, typed));
          compared++;
          if (ranked.length) matched++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
    // The comparison is not vacuous: most variants do reach the threshold.
    expect(matched / compared).toBeGreaterThan(0.5);
  });

  it('finds a row by its name alone and refuses an unrelated name', () => {
    const fi = formIndexes(catalog).get('PL1')!;
    const idx = fi.inds.findIndex((i) => i.code === '1.1.2');
    const ranked = rankByName(fi, prepareName(`${fi.inds[idx].name} trong kỳ`));
    expect(pickByName(fi, ranked, -1, new Set())?.idx).toBe(idx);
    expect(rankByName(fi, prepareName('Ý kiến khác của đơn vị về thời tiết'))).toEqual([]);
    expect(rankByName(fi, prepareName(''))).toEqual([]);
  });
});
