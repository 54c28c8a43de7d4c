import { flat, normaliseCode } from '../../src/io/legacyText';
import { prepareName, similarity } from '../../src/io/legacyNames';

/** The texts as the reader used to treat them, before the fast paths: the reference. */
const flatByRegex = (text: string) => (/\s\s|[^\S ]|^ | $/.test(text) ? text.replace(/\s+/g, ' ').trim() : text);
function normaliseCodeInFull(text: string): string {
  const t = text
    .normalize('NFC')
    .replace(/\s+/g, '')
    .replace(/(\d),(?=\d)/g, '$1.')
    .replace(/[.)]+$/, '');
  return /^\d+(\.\d+)*(\.[a-z])?$/.test(t) ? t : '';
}

describe('legacy text helpers', () => {
  const texts = [
    '',
    ' ',
    '1',
    '1.',
    '1.1.',
    '1.2.3',
    ' 1 . 2 ',
    '1,2',
    '3.3.a',
    '3.3.a)',
    '1)',
    'I',
    'II.',
    'a)',
    '\u00a01.1',
    '1.1\u00a0',
    '１.1',
    'Số văn bản',
    'Số  văn bản',
    ' Số văn bản',
    'Số văn bản ',
    'Số\tvăn\nbản',
    'Số\u00a0văn bản',
    'Số\u202fvăn bản',
    'Trong đó:',
  ];

  it('flattens white space exactly as the regular expression did', () => {
    for (const t of texts) expect(flat(t)).toBe(flatByRegex(t));
    expect(flat('  Số \n văn\tbản  ')).toBe('Số văn bản');
  });

  it('reads codes exactly as the full normalisation did', () => {
    for (const t of texts) expect(normaliseCode(t)).toBe(normaliseCodeInFull(t));
    expect(normaliseCode('1.1.')).toBe('1.1');
    expect(normaliseCode('I')).toBe('');
  });

  it('counts repeated character pairs once per occurrence in both names', () => {
    // "aaaa" holds "aa" three times, "aa" once: one shared pair, one shared token of none.
    const sim = similarity(prepareName('aaaa'), prepareName('aa'));
    expect(sim).toBeCloseTo((0 + (2 * 1) / (3 + 1)) / 2, 10);
    expect(similarity(prepareName('số văn bản'), prepareName('Số văn bản'))).toBe(1);
  });
});
