/** The narrative report's outline; the unit's own text is kept per section. */
export interface OutlineSection {
  id: string;
  /** Heading as printed ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", "1. Cải cách thể chế"). */
  heading: string;
  /** Forms whose figures are written out in this section. */
  forms?: string[];
  /** Top-level part (I–V) or opening/closing. */
  part: 'open' | 'I' | 'II' | 'III' | 'IV' | 'V';
}

export const OUTLINE: OutlineSection[] = [
  { id: 'mo-dau', part: 'open', heading: 'Mở đầu (căn cứ, kế hoạch được thực hiện)' },
  { id: 'I', part: 'I', heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH' },
  { id: 'I.1', part: 'I', heading: '1. Kế hoạch cải cách hành chính', forms: ['PL1:1.1', 'BM1:1.1'] },
  { id: 'I.2', part: 'I', heading: '2. Văn bản chỉ đạo, điều hành', forms: ['PL1:1.1.3', 'BM1:1.2'] },
  { id: 'I.3', part: 'I', heading: '3. Công tác tuyên truyền cải cách hành chính', forms: ['BM1:2'] },
  { id: 'I.4', part: 'I', heading: '4. Công tác kiểm tra cải cách hành chính', forms: ['PL1:1.2', 'BM1:3'] },
  { id: 'I.5', part: 'I', heading: '5. Thực hiện nhiệm vụ cấp trên giao', forms: ['PL1:1.3', 'BM1:4'] },
  {
    id: 'I.6',
    part: 'I',
    heading: '6. Khảo sát sự hài lòng, tổ chức đối thoại',
    forms: ['PL1:1.4', 'PL1:1.5', 'BM1:5'],
  },
  { id: 'II', part: 'II', heading: 'II. KẾT QUẢ THỰC HIỆN CẢI CÁCH HÀNH CHÍNH' },
  { id: 'II.1', part: 'II', heading: '1. Cải cách thể chế', forms: ['PL1:2', 'BM2'] },
  { id: 'II.2', part: 'II', heading: '2. Cải cách thủ tục hành chính', forms: ['PL1:3', 'BM3'] },
  { id: 'II.3', part: 'II', heading: '3. Cải cách tổ chức bộ máy hành chính nhà nước', forms: ['PL1:4', 'BM4'] },
  { id: 'II.4', part: 'II', heading: '4. Cải cách chế độ công vụ', forms: ['PL1:5', 'BM5'] },
  { id: 'II.5', part: 'II', heading: '5. Cải cách tài chính công', forms: ['PL1:6', 'BM6'] },
  {
    id: 'II.6',
    part: 'II',
    heading: '6. Xây dựng, phát triển Chính quyền điện tử, Chính quyền số',
    forms: ['PL1:7', 'BM7'],
  },
  { id: 'III', part: 'III', heading: 'III. ĐÁNH GIÁ CHUNG' },
  { id: 'III.1', part: 'III', heading: '1. Ưu điểm' },
  { id: 'III.2', part: 'III', heading: '2. Tồn tại, hạn chế' },
  { id: 'III.3', part: 'III', heading: '3. Nguyên nhân' },
  { id: 'IV', part: 'IV', heading: 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI' },
  { id: 'V', part: 'V', heading: 'V. ĐỀ XUẤT, KIẾN NGHỊ' },
];
