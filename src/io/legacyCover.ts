// The block above a hand-made form's tables: who reports ("UBND TỈNH HÀ NAM" / "SỞ CÔNG THƯƠNG")
// and for which period.
import { flat, foldText, isUpperLine } from './legacyText';

/** Kinds of body a letterhead line starts with, longest first. */
const BODY_KINDS = [
  'ỦY BAN NHÂN DÂN',
  'UỶ BAN NHÂN DÂN',
  'HỘI ĐỒNG NHÂN DÂN',
  'BẢO HIỂM XÃ HỘI',
  'BỘ CHỈ HUY',
  'VĂN PHÒNG',
  'THANH TRA',
  'TRUNG TÂM',
  'CHI CỤC',
  'ĐẢNG ỦY',
  'ĐẢNG UỶ',
  'CÔNG AN',
  'KHO BẠC',
  'BỆNH VIỆN',
  'TRƯỜNG',
  'PHÒNG',
  'UBND',
  'HĐND',
  'SỞ',
  'BAN',
  'CỤC',
  'BỘ',
  'ĐÀI',
];
const UNIT_LINE = new RegExp(`^(${BODY_KINDS.join('|')})(?=\\s|$)`, 'u');
/** Administrative units a body belongs to, longest first. */
const PLACE_KINDS = ['THÀNH PHỐ', 'THỊ TRẤN', 'THỊ XÃ', 'PHƯỜNG', 'HUYỆN', 'TỈNH', 'QUẬN', 'XÃ'];
/** Abbreviations kept in capitals. */
const ACRONYMS = new Set(['UBND', 'HĐND', 'MTTQ', 'BHXH', 'KBNN', 'CNTT', 'CCHC', 'TTHC', 'VN']);
/** Sector names whose every word is capitalised by convention. */
const WHOLE_NAMES = new Map([['CÔNG THƯƠNG', 'Công Thương']]);

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
const keepOrLower = (word: string) => (ACRONYMS.has(word) ? word : word.toLowerCase());

/** Each phrase split into words once, not once per line and word. */
const wordsOfPhrase = new Map([...BODY_KINDS, ...PLACE_KINDS].map((p) => [p, p.split(' ')]));

function startsWithWords(words: string[], phrase: string, at = 0): boolean {
  const p = wordsOfPhrase.get(phrase) ?? phrase.split(' ');
  return p.every((w, i) => words[at + i] === w);
}

/** A place kind starts at word i ("TỈNH HÀ NAM"), not the sector "XÃ HỘI". */
const isPlaceAt = (words: string[], i: number) =>
  !(words[i] === 'XÃ' && words[i + 1] === 'HỘI') && PLACE_KINDS.some((p) => startsWithWords(words, p, i));

interface Letterhead {
  /** "Sở", "Ủy ban nhân dân", "UBND". */
  kind: string;
  /** "Công Thương", "Nội vụ", "" for a body named by its place alone. */
  sector: string;
  /** "tỉnh", "huyện" when the line names an administrative unit. */
  placeKind: string;
  /** "Hà Nam", "" when the line ends with its place kind ("VĂN PHÒNG UBND TỈNH"). */
  placeName: string;
}

/** Parses a letterhead line in capitals: "VĂN PHÒNG UBND TỈNH" → Văn phòng / UBND / tỉnh / "". */
function parseLetterhead(line: string): Letterhead {
  const words = flat(line).split(' ');
  const kindPhrase = BODY_KINDS.find((k) => startsWithWords(words, k)) ?? '';
  const kindWords = kindPhrase ? kindPhrase.split(' ').length : 0;
  const kind = ACRONYMS.has(kindPhrase) ? kindPhrase : capitalise(kindPhrase);
  const rest = words.slice(kindWords);
  let at = rest.findIndex((_, i) => isPlaceAt(rest, i));
  if (at < 0) at = rest.length;
  const sectorWords = rest.slice(0, at);
  const placeWords = rest.slice(at);
  const placeKindPhrase = PLACE_KINDS.find((p) => startsWithWords(placeWords, p)) ?? '';
  const placeName = placeWords.slice(placeKindPhrase ? placeKindPhrase.split(' ').length : 0);
  return {
    kind,
    sector: sectorName(sectorWords),
    placeKind: placeKindPhrase.toLowerCase(),
    placeName: placeName.map((w) => (ACRONYMS.has(w) ? w : capitalise(w))).join(' '),
  };
}

/** "LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" → "Lao động - Thương binh và Xã hội": each sector's first word capitalised. */
function sectorName(words: string[]): string {
  const whole = WHOLE_NAMES.get(words.join(' '));
  if (whole) return whole;
  let startOfSector = true;
  return words
    .map((w) => {
      const out = startOfSector && !ACRONYMS.has(w) ? capitalise(w) : keepOrLower(w);
      startOfSector = w === 'VÀ' || w === '-' || w === '–' || w.endsWith(',');
      return w === 'VÀ' ? 'và' : out;
    })
    .join(' ');
}

const join = (...parts: string[]) => parts.filter(Boolean).join(' ');

/**
 * The reporting body's name in ordinary case, its parent's place kept:
 * "SỞ NỘI VỤ" under "UBND TỈNH HÀ NAM" → "Sở Nội vụ tỉnh Hà Nam";
 * "VĂN PHÒNG UBND TỈNH" → "Văn phòng UBND tỉnh Hà Nam"; "UBND HUYỆN KIM BẢNG" → "UBND huyện Kim Bảng".
 */
export function unitName(line: string, parentLine: string | null): string {
  const unit = parseLetterhead(line);
  const parent = parentLine ? parseLetterhead(parentLine) : null;
  let { placeKind, placeName } = unit;
  if (!placeName && parent?.placeName) {
    if (!placeKind) placeKind = parent.placeKind;
    if (placeKind === parent.placeKind) placeName = parent.placeName;
  }
  return join(unit.kind, unit.sector, placeKind, placeName);
}

export function findUnit(lines: string[]): string | null {
  for (const line of lines) {
    const m = /^(?:tên\s+)?đơn\s+vị(?:\s+báo\s+cáo)?\s*:\s*(.+)$/iu.exec(line);
    if (m && !foldText(line).startsWith('don vi tinh') && /\p{L}/u.test(m[1])) return flat(m[1]).replace(/[.;,]+$/, '');
  }
  const candidates: string[] = [];
  for (const line of lines) {
    if (/^Số\s*:/u.test(line) || foldText(line) === 'bao cao') break;
    if (isUpperLine(line) && UNIT_LINE.test(line)) candidates.push(flat(line).replace(/[.;,:]+$/, ''));
  }
  // The issuing body sits under its parent ("UBND TỈNH HÀ NAM" / "SỞ CÔNG THƯƠNG").
  if (!candidates.length) return null;
  const n = candidates.length;
  return unitName(candidates[n - 1], n > 1 ? candidates[n - 2] : null);
}

const PERIOD_SPECIFIC =
  /(quý\s+(?:iv|i{1,3}|[1-4])|\d{1,2}\s+tháng(?:\s+đầu|\s+cuối)?)(?:\s+|\s*\/\s*)(?:năm\s+)?\d{4}/iu;

export function findPeriod(lines: string[]): string | null {
  for (let i = 0; i < lines.length; i++) {
    for (const text of [lines[i], i + 1 < lines.length ? `${lines[i]} ${lines[i + 1]}` : '']) {
      const m = PERIOD_SPECIFIC.exec(text);
      if (m) return flat(m[0]);
    }
  }
  for (const line of lines) {
    if (!isUpperLine(line) || /ngày/iu.test(line)) continue;
    const m = /năm\s+\d{4}/iu.exec(line);
    if (m) return flat(m[0]);
  }
  return null;
}
