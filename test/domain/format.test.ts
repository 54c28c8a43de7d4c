import {
  formatCount,
  formatDateLong,
  formatDateShort,
  formatNumber,
  formatPercent,
  parseVietnameseDate,
} from '../../src/domain/format';
import { defaultWindow, makePeriod, nextPeriodPhrase, parsePeriodKind, periodPhrase } from '../../src/domain/period';

describe('Vietnamese number style', () => {
  it.each([
    [16183, '16.183'],
    [1234567.5, '1.234.567,5'],
    [49.2, '49,2'],
    [0, '0'],
    [-1200, '-1.200'],
    [0.125, '0,13'],
  ])('%p → %s', (n, s) => expect(formatNumber(n)).toBe(s));

  it('writes percentages with a comma and one decimal', () => {
    expect(formatPercent(49.23)).toBe('49,2%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(48.717948)).toBe('48,7%');
  });

  it('pads small counts as officials write them', () => {
    expect(formatCount(3)).toBe('03');
    expect(formatCount(12)).toBe('12');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(3, false)).toBe('3');
  });
});

describe('Vietnamese dates', () => {
  it('pads days below 10 and months 1–2', () => {
    expect(formatDateLong('2024-02-05')).toBe('ngày 05 tháng 02 năm 2024');
    expect(formatDateLong('2024-06-10')).toBe('ngày 10 tháng 6 năm 2024');
    expect(formatDateLong('2024-12-01')).toBe('ngày 01 tháng 12 năm 2024');
    expect(formatDateShort('2024-06-07')).toBe('07/06/2024');
  });
  it('leaves blanks for a missing or impossible date', () => {
    expect(formatDateLong('')).toBe('ngày … tháng … năm …');
    expect(formatDateLong('2024-02-30')).toBe('ngày … tháng … năm …');
  });
  it('reads dd/mm/yyyy', () => {
    expect(parseVietnameseDate('5/2/2024')).toBe('2024-02-05');
    expect(parseVietnameseDate('31/02/2024')).toBeNull();
    expect(parseVietnameseDate('2024-06-14')).toBe('2024-06-14');
  });
});

describe('report periods', () => {
  it('defaults each window from the reference table', () => {
    expect(defaultWindow('Q1', 2024)).toEqual({ from: '2023-12-15', to: '2024-03-14' });
    expect(defaultWindow('H1', 2024)).toEqual({ from: '2023-12-15', to: '2024-06-14' });
    expect(defaultWindow('Q3', 2024)).toEqual({ from: '2024-06-15', to: '2024-09-14' });
    expect(defaultWindow('M9', 2024)).toEqual({ from: '2023-12-15', to: '2024-09-14' });
    expect(defaultWindow('Y', 2024)).toEqual({ from: '2023-12-15', to: '2024-12-14' });
  });
  it('keeps an edited window', () => {
    expect(makePeriod('H1', 2024, { from: '2023-12-08', to: '2024-06-07' })).toEqual({
      kind: 'H1',
      year: 2024,
      from: '2023-12-08',
      to: '2024-06-07',
    });
  });
  it('names the period and the next one', () => {
    expect(periodPhrase({ kind: 'H1', year: 2024 })).toBe('6 tháng đầu năm 2024');
    expect(nextPeriodPhrase({ kind: 'H1', year: 2024 })).toBe('6 tháng cuối năm 2024');
    expect(nextPeriodPhrase({ kind: 'Y', year: 2024 })).toBe('năm 2025');
  });
  it.each([
    ['6 THÁNG ĐẦU NĂM 2024', 'H1'],
    ['Quý I', 'Q1'],
    ['QUÝ III năm 2024', 'Q3'],
    ['9 tháng', 'M9'],
    ['Năm 2024', 'Y'],
    ['H1', 'H1'],
  ])('reads %s', (t, k) => expect(parsePeriodKind(t)).toBe(k));
});
