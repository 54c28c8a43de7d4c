import { findUnit, unitName } from '../../src/io/legacyCover';

describe('the reporting unit from a legacy letterhead', () => {
  it('keeps the parent line: a sở under UBND TỈNH gets the province', () => {
    expect(unitName('SỞ NỘI VỤ', 'UBND TỈNH HÀ NAM')).toBe('Sở Nội vụ tỉnh Hà Nam');
    expect(unitName('SỞ CÔNG THƯƠNG', 'ỦY BAN NHÂN DÂN TỈNH NINH BÌNH')).toBe('Sở Công Thương tỉnh Ninh Bình');
    expect(unitName('PHÒNG NỘI VỤ', 'UBND HUYỆN KIM BẢNG')).toBe('Phòng Nội vụ huyện Kim Bảng');
  });

  it('writes each sector of a long name with its capital, abbreviations kept', () => {
    expect(unitName('SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI', 'UBND TỈNH HÀ NAM')).toBe(
      'Sở Lao động - Thương binh và Xã hội tỉnh Hà Nam',
    );
    expect(unitName('SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH', null)).toBe('Sở Văn hóa, Thể thao và Du lịch');
    expect(unitName('VĂN PHÒNG UBND TỈNH', 'UBND TỈNH HÀ NAM')).toBe('Văn phòng UBND tỉnh Hà Nam');
  });

  it('does not add a parent to a body that names its own place', () => {
    expect(unitName('UBND HUYỆN KIM BẢNG', 'UBND TỈNH HÀ NAM')).toBe('UBND huyện Kim Bảng');
    expect(unitName('UBND HUYỆN KIM BẢNG', null)).toBe('UBND huyện Kim Bảng');
  });

  it('reads the two letterhead lines above "Số:" and prefers an "Đơn vị:" line', () => {
    expect(findUnit(['UBND TỈNH HÀ NAM', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'SỞ NỘI VỤ', 'Số: 12/BC-SNV'])).toBe(
      'Sở Nội vụ tỉnh Hà Nam',
    );
    expect(findUnit(['Đơn vị: Sở Tư pháp', 'UBND TỈNH HÀ NAM'])).toBe('Sở Tư pháp');
    expect(findUnit(['BÁO CÁO', 'SỞ NỘI VỤ'])).toBeNull();
  });
});
