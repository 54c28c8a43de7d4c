import * as path from 'path';
import { version } from '../../package.json';
import { parsePeriodOption, parseYearOption, levelWarning } from '../../src/cli/commands';
import { makePeriod } from '../../src/domain/period';
import { formatPercentDistinct } from '../../src/domain/format';
import { cchc, tempDir } from './run';

const dir = tempDir('cchc-usage-');
const out = (name: string) => path.join(dir, name);
/** English words commander or Node would print if a message escaped untranslated. */
const ENGLISH = /\b(Usage|Options|Commands|Arguments|error|unknown|missing|argument|default|too many|Did you mean)\b/;

describe('cchc usage errors: Vietnamese, exit 3, a pointer to the help', () => {
  it.each([
    [['raed', 'x.xlsx'], 'Không có lệnh "raed". Có phải là read?', 'cchc --help'],
    [['read'], 'Thiếu tên tệp của lệnh read.', 'cchc read --help'],
    [['read', 'a.xlsx', 'b.xlsx'], 'Thừa đối số của lệnh read', 'cchc read --help'],
    [
      ['validate', '--jsn', 'a.xlsx'],
      'Lệnh validate không có tùy chọn "--jsn". Có phải là --json?',
      'cchc validate --help',
    ],
    [
      ['--catalgo', '2024', 'read', 'a.xlsx'],
      'không có tùy chọn "--catalgo". Có phải là --catalog?',
      'cchc read --help',
    ],
    [['template', '-o'], 'Tùy chọn "-o, --output <tệp>" cần một giá trị.', 'cchc template --help'],
    [['report'], 'Thiếu tên tệp của lệnh report.', 'cchc report --help'],
    [['consolidate'], 'Thiếu tên tệp của lệnh consolidate.', 'cchc consolidate --help'],
  ])('%j', async (args, message, pointer) => {
    const r = await cchc(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
    expect(r.err).toContain(pointer);
    expect(r.err).not.toMatch(ENGLISH);
  });

  it.each([
    [['template', '--year', '24', '--period', 'H1'], 'Năm "24" không hợp lệ: ghi đủ 4 chữ số'],
    [['template', '--year', '1999', '--period', 'H1'], 'Năm 1999 ngoài khoảng hợp lý'],
    [['template', '--year', '2024'], '--year 2024 cần đi cùng --period'],
    [['template', '--period', 'quý 5'], 'Kỳ báo cáo "quý 5" không hợp lệ. Dùng: Q1 hoặc "quý I"'],
    [['template', '--level', 'phuong'], 'Cấp "phuong" không hợp lệ'],
    [['--catalog', '1999', 'template'], 'Không có danh mục phiên bản "1999"'],
    [['--catalog-dir', '/khong/co', 'template'], 'Không nạp được danh mục từ thư mục /khong/co'],
  ])('%j', async (args, message) => {
    const file = out(`t-${args.join('-').replace(/[^\w]+/g, '')}.xlsx`);
    const r = await cchc([...args, '-o', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(ENGLISH);
  });

  it('cchc alone prints the help to stderr and exits 3', async () => {
    const r = await cchc([]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Cách dùng: cchc');
  });
});

describe('cchc help and version', () => {
  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await cchc([flag]);
      expect(r).toEqual({ code: 0, out: version, err: '' });
    }
  });

  it('help is Vietnamese throughout, with the exit codes and the periods explained', async () => {
    const top = await cchc(['--help']);
    expect(top.code).toBe(0);
    expect(top.out).toContain('Cách dùng: cchc');
    expect(top.out).toContain('Lệnh:');
    expect(top.out.replace(/\s+/g, ' ')).toContain(
      'Mã thoát: 0 không có lỗi; 1 số liệu có lỗi; 2 dùng lệnh sai; 3 có tệp không đọc được hoặc bị từ chối.',
    );
    for (const cmd of ['template', 'read', 'validate', 'consolidate', 'report']) {
      const r = await cchc([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Cách dùng: cchc ${cmd} [tùy chọn]`);
      expect(r.out).toContain('Tùy chọn chung');
      expect(r.out).not.toMatch(ENGLISH);
      expect(r.out).not.toContain('[options]');
      expect((await cchc(['help', cmd])).out).toBe(r.out);
    }
    const t = (await cchc(['template', '--help'])).out.replace(/\s+/g, ' ');
    expect(t).toContain('H1 hoặc "6 tháng" (6 tháng đầu năm)');
    expect(t).toContain('huyen (huyện; chỉ kỳ trước 01/7/2025)');
    expect((await cchc(['consolidate', '--help'])).out).toContain('(mặc định: tong-hop-cchc.xlsx)');
  });
});

describe('periods, years and levels on the command line', () => {
  it.each([
    ['Q1', 'Q1'],
    ['quý I', 'Q1'],
    ['quy1', 'Q1'],
    ['H1', 'H1'],
    ['6 tháng', 'H1'],
    ['6 tháng đầu năm', 'H1'],
    ['6t', 'H1'],
    ['Quý III', 'Q3'],
    ['9 tháng', 'M9'],
    ['m9', 'M9'],
    ['năm', 'Y'],
    ['ca-nam', 'Y'],
    ['Y', 'Y'],
  ])('"%s" is %s', (text, kind) => expect(parsePeriodOption(text)).toBe(kind));

  it('rejects what is not a period', () => {
    for (const t of ['quý 5', 'Q2', '13 tháng', '']) expect(parsePeriodOption(t)).toBeNull();
  });

  it('accepts four-digit years from 2015 to next year only', () => {
    const now = new Date('2026-12-02');
    expect(parseYearOption('2024', now)).toBe(2024);
    expect(parseYearOption('2027', now)).toBe(2027);
    for (const y of ['24', '2014', '2028', '20245', '2024.0', 'hai nghìn'])
      expect(() => parseYearOption(y, now)).toThrow();
  });

  it('warns about cấp huyện for a period after 01/7/2025 only', async () => {
    expect(levelWarning('huyen', makePeriod('H1', 2025))).toBeNull();
    expect(levelWarning('huyen', makePeriod('M9', 2025))).toContain('cấp huyện không còn từ ngày 01/7/2025');
    expect(levelWarning('xa', makePeriod('Y', 2026))).toBeNull();
    const r = await cchc([
      'template',
      '--level',
      'huyen',
      '--period',
      '9 tháng',
      '--year',
      '2025',
      '-o',
      out('huyen.xlsx'),
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('Cảnh báo: cấp huyện không còn từ ngày 01/7/2025');
    expect(r.err).toContain('9 tháng đầu năm 2025');
    const early = await cchc([
      'template',
      '--level',
      'huyen',
      '--period',
      'H1',
      '--year',
      '2025',
      '-o',
      out('h2.xlsx'),
    ]);
    expect(early.err).toBe('');
  });
});

describe('rates printed with enough precision', () => {
  it('never rounds to 100% or 0% what is neither', () => {
    expect(formatPercentDistinct((16181 / 16183) * 100)).toBe('99,99%');
    expect(formatPercentDistinct(100)).toBe('100%');
    expect(formatPercentDistinct(49.23)).toBe('49,2%');
    expect(formatPercentDistinct(0.02)).toBe('0,02%');
    expect(formatPercentDistinct(0)).toBe('0%');
    expect(formatPercentDistinct(99.99999)).toBe('99,99999%');
  });
});
