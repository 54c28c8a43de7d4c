// Text helpers of the legacy reader: how names, codes and lines of a hand-made form are compared.
import { stripAccents } from '../domain/text';

const folded = new Map<string, string>();

/** Accent-free lower case with punctuation as spaces: "Số ĐVSNCL (2015)" → "so dvsncl 2015". */
export function foldText(text: string): string {
  let out = folded.get(text);
  if (out === undefined) {
    out = stripAccents(text)
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
    // Labels, names and notes repeat from row to row and file to file; the cache stays small.
    if (folded.size >= 20_000) folded.clear();
    folded.set(text, out);
  }
  return out;
}

/** A name as compared: no tags, no "Trong đó:" prefix, no bullets, no parentheticals, folded. */
export function normaliseName(name: string): string {
  let s = name.normalize('NFC').replace(/<\/?[a-z][^>]*>/gi, ' ');
  s = s.replace(/^\s*([-+*•–]|[a-zđ]\))\s*/i, '');
  s = s.replace(/^\s*trong\s+đó\s*:?\s*/iu, '');
  let prev = '';
  while (prev !== s) {
    prev = s;
    s = s.replace(/\([^()]*\)/g, ' ');
  }
  // A parenthesis left open (the rest went to the next page) or closed without opening.
  s = s.replace(/\(.*$/, ' ').replace(/[()]/g, ' ');
  return foldText(s);
}

const PLAIN_CODE = /^\d+(\.\d+)*\.?$/;
const NOT_A_CODE_START = /^[^\s\d]/;

/** "1.1." → "1.1", "3.3.a" → "3.3.a", " 1 . 2 " → "1.2"; "" when the text is not a code. */
export function normaliseCode(text: string): string {
  // Most cells are empty or a plain code ("1.2", "1.2."): nothing to normalise.
  if (!text) return '';
  if (PLAIN_CODE.test(text)) return text.endsWith('.') ? text.slice(0, -1) : text;
  // Normalising keeps a first character that is neither a digit nor white space: never a code.
  if (NOT_A_CODE_START.test(text)) return '';
  const t = text
    .normalize('NFC')
    .replace(/\s+/g, '')
    .replace(/(\d),(?=\d)/g, '$1.')
    .replace(/[.)]+$/, '');
  return /^\d+(\.\d+)*(\.[a-z])?$/.test(t) ? t : '';
}

export const isTrongDo = (text: string) => foldText(text).startsWith('trong do');

/** Cover and title lines repeat from file to file; each is looked at letter by letter once. */
const upperLines = new Map<string, boolean>();

/** At least three letters, none of them lower case ("BÁO CÁO", "UBND TỈNH HÀ NAM"). */
export function isUpperLine(text: string): boolean {
  let upper = upperLines.get(text);
  if (upper === undefined) {
    if (upperLines.size >= 20_000) upperLines.clear();
    upperLines.set(text, (upper = lettersAllUpper(text)));
  }
  return upper;
}

function lettersAllUpper(text: string): boolean {
  let letters = 0;
  for (const ch of text) {
    if (ch.toLowerCase() === ch.toUpperCase()) continue;
    if (ch !== ch.toUpperCase()) return false;
    letters++;
  }
  return letters >= 3;
}

/** The text goes on from a line above: it starts in lower case or with a closing bracket. */
export function startsLower(text: string): boolean {
  const s = text.replace(/<\/?[a-z][^>]*>/gi, '').replace(/^[\s\-+*•–"“]+/, '');
  if (/^[)\]]/.test(s)) return true;
  const ch = s.charAt(0);
  return ch !== '' && ch.toLowerCase() !== ch.toUpperCase() && ch === ch.toLowerCase();
}

export const unbalanced = (text: string) => (text.match(/\(/g) ?? []).length > (text.match(/\)/g) ?? []).length;
const OTHER_SPACE = /[^\S ]/;
const SPACES = /\s+/g;
/** The same as /\s\s|[^\S ]|^ | $/ without its slow alternation: any white space but a lone inner space. */
const needsFlattening = (text: string) =>
  text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32 || text.includes('  ') || OTHER_SPACE.test(text);
/** Runs of white space as one space, trimmed; most texts need nothing done. */
export const flat = (text: string) => (needsFlattening(text) ? text.replace(SPACES, ' ').trim() : text);
export const quote = (text: string) => `"${text.length > 80 ? `${text.slice(0, 77)}…` : text}"`;
export const cleanName = (name: string) => flat(name.replace(/<\/?[a-z][^>]*>/gi, ''));
