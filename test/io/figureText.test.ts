import type { IndicatorKind } from '../../src/domain/catalog/types';
import {
  cellScalar,
  decimalsOf,
  isPercentFormat,
  parseFigure,
  parseNumberText,
  percentPointsFromStored,
  type ParsedFigure,
} from '../../src/io/figureText';

type Case = [raw: unknown, kind: IndicatorKind, expected: Partial<ParsedFigure>];

describe('parseFigure', () => {
  const cases: Case[] = [
    // Numbers pass through, decimals as stored.
    [39, 'count', { value: 39, decimals: 0, fromText: false }],
    [49.25, 'percent', { value: 49.25, decimals: 2, fromText: false }],
    [1234.5, 'money', { value: 1234.5, decimals: 1, fromText: false }],
    [0.1 + 0.2, 'money', { value: 0.1 + 0.2, decimals: 6, fromText: false }],
    [0, 'count', { value: 0, decimals: 0, fromText: false }],
    // Text in the Vietnamese style.
    ['01', 'count', { value: 1, decimals: 0, fromText: true }],
    ['007', 'count', { value: 7, fromText: true }],
    ['16.183', 'count', { value: 16183, decimals: 0, fromText: true }],
    ['1.234.567', 'money', { value: 1234567, fromText: true }],
    ['49,2', 'percent', { value: 49.2, decimals: 1, fromText: true }],
    ['49,20', 'percent', { value: 49.2, decimals: 2, fromText: true }],
    ['1.234,5', 'money', { value: 1234.5, decimals: 1, fromText: true }],
    ['1,234.5', 'money', { value: 1234.5, decimals: 1, fromText: true }],
    ['16 183', 'count', { value: 16183, fromText: true }],
    ['\u00a039\u00a0', 'count', { value: 39, fromText: true }],
    // A dot not followed by exactly three digits is a decimal point: 1.5 is no count, validation says so.
    ['1.5', 'count', { value: 1.5, decimals: 1, fromText: true }],
    ['49.25', 'percent', { value: 49.25, decimals: 2, fromText: true }],
    ['0.125', 'money', { value: 0.125, decimals: 3, fromText: true }],
    ['1.2345', 'money', { value: 1.2345, decimals: 4, fromText: true }],
    ['-5', 'count', { value: -5, fromText: true }],
    // Percent signs.
    ['10%', 'percent', { value: 10, decimals: 0, fromText: true }],
    ['49,2 %', 'percent', { value: 49.2, decimals: 1, fromText: true }],
    ['10%', 'count', { value: null, note: '10%' }],
    // Ratios.
    [
      '16.181 /16.183',
      'ratio',
      { value: 16181 / 16183, fromText: true, ratio: { numerator: 16181, denominator: 16183 } },
    ],
    ['16181/16183', 'ratio', { ratio: { numerator: 16181, denominator: 16183 }, fromText: true }],
    ['0/0', 'ratio', { value: null, ratio: { numerator: 0, denominator: 0 } }],
    ['127/127', 'percent', { value: null, ratio: { numerator: 127, denominator: 127 }, note: '127/127' }],
    ['16.181 /16.183', 'count', { value: null, ratio: { numerator: 16181, denominator: 16183 } }],
    // Coded answers in words.
    ['Không', 'code', { value: 0, fromText: true }],
    ['Có', 'code', { value: 1, fromText: true }],
    ['có', 'code', { value: 1, fromText: true }],
    ['Khong', 'code', { value: 0, fromText: true }],
    ['Đã thực hiện', 'code', { value: 1, fromText: true }],
    ['Có', 'count', { value: null, note: 'Có' }],
    // Blanks.
    ['', 'count', { value: null, fromText: false, note: undefined }],
    ['   ', 'count', { value: null, note: undefined }],
    ['x', 'count', { value: null, note: undefined }],
    ['X', 'percent', { value: null, note: undefined }],
    ['-', 'count', { value: null, note: undefined }],
    ['—', 'count', { value: null, note: undefined }],
    ['…', 'count', { value: null, note: undefined }],
    [null, 'count', { value: null, note: undefined }],
    [undefined, 'count', { value: null, note: undefined }],
    // Anything else is not guessed.
    ['khoảng 20', 'count', { value: null, note: 'khoảng 20', fromText: false }],
    ['39 nhiệm vụ', 'count', { value: null, note: '39 nhiệm vụ' }],
    ['Đang tổng hợp', 'count', { value: null, note: 'Đang tổng hợp' }],
    ['1.2.3,4', 'money', { value: null, note: '1.2.3,4' }],
    ['12.34.56', 'money', { value: null, note: '12.34.56' }],
    ['15/6/2024', 'count', { value: null, note: '15/6/2024' }],
    [true, 'count', { value: null, note: 'TRUE' }],
    [new Date(Date.UTC(2024, 1, 1)), 'count', { value: null, note: '2024-02-01' }],
    // exceljs shapes: rich text, formula with result, hyperlink, error.
    [{ richText: [{ text: '1' }, { text: '6.183' }] }, 'count', { value: 16183, fromText: true }],
    [{ formula: 'A1+1', result: 40 }, 'count', { value: 40, fromText: false }],
    [{ formula: 'A1+1' }, 'count', { value: null, note: undefined }],
    [{ text: '12', hyperlink: 'http://x' }, 'count', { value: 12, fromText: true }],
    [{ error: '#DIV/0!' }, 'percent', { value: null, note: '#DIV/0!' }],
  ];

  it.each(cases)('%p as %s', (raw, kind, expected) => {
    const got = parseFigure(raw, kind);
    const { note, ...rest } = expected;
    expect(got).toMatchObject(rest as Record<string, unknown>);
    // A listed `note: undefined` means: no note at all (a blank, not prose).
    if ('note' in expected) expect(got.note).toBe(note);
  });

  it('says how text was read', () => {
    expect(parseFigure('16.183', 'count').how).toContain('dấu chấm phân cách hàng nghìn');
    expect(parseFigure('49,2', 'percent').how).toContain('dấu phẩy thập phân');
    expect(parseFigure('01', 'count').how).toContain('bỏ số 0');
  });

  it('reads coded answers with the indicator’s own labels, yes/no words only for 0/1 answers', () => {
    const labels = 'Trực tuyến = 0; Phát phiếu = 1; Kết hợp = 2';
    expect(parseFigure('Kết hợp', 'code', { codeLabels: labels }).value).toBe(2);
    expect(parseFigure('phát phiếu', 'code', { codeLabels: 'Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2' }).value).toBe(
      1,
    );
    expect(parseFigure('Có', 'code', { codeLabels: labels })).toMatchObject({ value: null, note: 'Có' });
    expect(parseFigure('Chưa thực hiện', 'code', { codeLabels: 'Đã thực hiện = 1 Chưa thực hiện = 0' }).value).toBe(0);
  });

  it('turns a number under a percent format into percent points', () => {
    expect(parseFigure(0.1, 'percent', { numFmt: '0%' })).toMatchObject({ value: 10, decimals: 0, fromText: false });
    expect(parseFigure(0.492, 'percent', { numFmt: '0.0%' })).toMatchObject({ value: 49.2, decimals: 1 });
    expect(parseFigure(1, 'percent', '0.00%')).toMatchObject({ value: 100, decimals: 0 });
    // A quoted or escaped % is a literal: no scaling.
    expect(parseFigure(10, 'percent', { numFmt: '0"%"' }).value).toBe(10);
    expect(parseFigure(10, 'percent', { numFmt: '0\\%' }).value).toBe(10);
    expect(parseFigure(0.1, 'percent', { numFmt: 'General' }).value).toBe(0.1);
  });
});

describe('figure helpers', () => {
  it('isPercentFormat', () => {
    expect(isPercentFormat('0%')).toBe(true);
    expect(isPercentFormat('#,##0.00%')).toBe(true);
    expect(isPercentFormat('[Red]0.0%')).toBe(true);
    expect(isPercentFormat('0"%"')).toBe(false);
    expect(isPercentFormat('#,##0')).toBe(false);
    expect(isPercentFormat(undefined)).toBe(false);
  });

  it('percentPointsFromStored removes the noise of ×100', () => {
    expect(percentPointsFromStored(0.1)).toEqual({ value: 10, decimals: 0 });
    expect(percentPointsFromStored(0.07)).toEqual({ value: 7, decimals: 0 });
    expect(percentPointsFromStored(0.4925)).toEqual({ value: 49.25, decimals: 2 });
  });

  it('decimalsOf counts stored digits, capped at 6', () => {
    expect(decimalsOf(12)).toBe(0);
    expect(decimalsOf(12.5)).toBe(1);
    expect(decimalsOf(1e-7)).toBe(6);
    expect(decimalsOf(1.25e-3)).toBe(5);
    expect(decimalsOf(1e21)).toBe(0);
  });

  it('parseNumberText refuses what is not one number', () => {
    expect(parseNumberText('')).toBeNull();
    expect(parseNumberText('.5')).toBeNull();
    expect(parseNumberText('5.')).toBeNull();
    expect(parseNumberText('1,2,3')).toBeNull();
    expect(parseNumberText('1 2')).toBeNull();
    expect(parseNumberText('0.125')).toEqual({ value: 0.125, decimals: 3, how: 'dấu chấm thập phân' });
  });

  it('cellScalar flattens exceljs values', () => {
    expect(cellScalar({ richText: [{ text: 'a' }, { text: 'b' }] })).toBe('ab');
    expect(cellScalar({ sharedFormula: 'A1', result: 3 })).toBe(3);
    expect(cellScalar({ formula: 'A1', result: { error: '#REF!' } })).toEqual({ error: '#REF!' });
  });
});
