// Builds the damaged, hostile and oversized inputs of the hostile suite from a real template workbook,
// part by part (no binary blobs in the repository). Each input says what every opening path must do.
// Also a script: `node dist/…/test/hostile/inputs.js DIR` writes them all into DIR (bench, manual checks).
import type ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { getCatalog } from '../../src/domain/catalog';
import { nameForDetail, nameForKey } from '../../src/domain/layout';
import { definedCells } from '../../src/io/readWorkbook';
import { buildTemplateWorkbook } from '../../src/io/xlsxTemplate';

export const UNIT = 'Sở Thử nghiệm';
/** The figures every base workbook holds; an input that keeps them must give them back exactly. */
export const FIGURES: Record<string, number> = { '1.1.1': 20, '1.1.2': 10, '3.3.a': 16181, '3.3.b': 16183 };

export type Outcome =
  /** Refused before any figure is read, with a reason matching this. */
  | { refused: RegExp }
  /** Opened: these figures read exactly, these keys an error finding at their cell (never a silent blank). */
  | { figures: Record<string, number | null>; unreadable: string[] };

export interface HostileInput {
  name: string;
  /** What it is, in a few words (for test names). */
  what: string;
  bytes: Uint8Array;
  expect: Outcome;
}

type Parts = Record<string, Uint8Array>;

/** The template workbook of one unit with its figures, given typed values (text, formulas as text…). */
async function baseWorkbook(typed: Record<string, ExcelJS.CellValue> = {}): Promise<{
  parts: Parts;
  cellOf: (key: string) => { sheet: string; address: string };
}> {
  const { workbook } = buildTemplateWorkbook(getCatalog());
  const names = definedCells(workbook);
  const put = (name: string, v: ExcelJS.CellValue) => {
    const at = names.get(name)!;
    workbook.getWorksheet(at.sheet)!.getCell(at.address).value = v;
  };
  put(nameForDetail('unit'), UNIT);
  put(nameForDetail('periodKind'), '6 tháng đầu năm');
  put(nameForDetail('year'), '2024');
  for (const [k, v] of Object.entries({ ...FIGURES, ...typed })) put(nameForKey(k), v);
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  return { parts: unzipSync(bytes), cellOf: (key) => names.get(nameForKey(key))! };
}

/** The part holding a sheet, from the workbook's own relationships. */
export function sheetPart(parts: Parts, sheet: string): string {
  const wb = strFromU8(parts['xl/workbook.xml']);
  const rels = strFromU8(parts['xl/_rels/workbook.xml.rels']);
  const escaped = sheet.replace(/&/g, '&amp;');
  const rid = new RegExp(`<sheet [^>]*name="${escaped}"[^>]*r:id="([^"]+)"`).exec(wb)?.[1];
  const target = new RegExp(`<Relationship [^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
  if (!rid || !target) throw new Error(`no part for sheet ${sheet}`);
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Zips parts; `stored` parts are not compressed, `streamed` ones are produced chunk by chunk (bombs). */
function zip(
  parts: Parts,
  options: { stored?: string[]; streamed?: Record<string, () => Iterable<Uint8Array>> } = {},
): Uint8Array {
  const chunks: Uint8Array[] = [];
  const z = new Zip((err, chunk) => {
    if (err) throw err;
    chunks.push(chunk);
  });
  for (const [name, data] of Object.entries(parts)) {
    const stream = options.streamed?.[name];
    const entry = options.stored?.includes(name) ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
    z.add(entry);
    if (stream) {
      for (const chunk of stream()) entry.push(chunk);
      entry.push(new Uint8Array(0), true);
    } else entry.push(data, true);
  }
  z.end();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A worksheet part of `rows` rows, produced in chunks (never one huge string). */
function* sheetRows(rows: number, cell: (r: number) => string = (r) => `<c r="A${r}"><v>${r}</v></c>`) {
  yield strToU8(
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  );
  const batch = 10_000;
  for (let start = 1; start <= rows; start += batch) {
    let text = '';
    for (let r = start; r < Math.min(rows + 1, start + batch); r++) text += `<row r="${r}">${cell(r)}</row>`;
    yield strToU8(text);
  }
  yield strToU8('</sheetData></worksheet>');
}

/** A sheet part of `megabytes` of blanks inside <sheetData>: tiny compressed, huge inflated. */
function* blankSheet(megabytes: number) {
  yield strToU8('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
  const mb = new Uint8Array(1024 * 1024).fill(0x20);
  for (let i = 0; i < megabytes; i++) yield mb;
  yield strToU8('</sheetData></worksheet>');
}

const text = (parts: Parts, name: string) => strFromU8(parts[name]);

/** Overwrites a 32-bit field of an entry in both its local header and the central directory. */
function patchEntry(data: Uint8Array, name: string, patch: (view: DataView, header: number, central: boolean) => void) {
  const out = new Uint8Array(data);
  const view = new DataView(out.buffer);
  const needle = strToU8(name);
  for (let p = 0; p + 46 < out.length; p++) {
    const sig = view.getUint32(p, true);
    const nameAt = sig === 0x04034b50 ? p + 30 : sig === 0x02014b50 ? p + 46 : -1;
    if (nameAt < 0 || !needle.every((b, i) => out[nameAt + i] === b) || out[nameAt + needle.length] === undefined)
      continue;
    const len = view.getUint16(p + (sig === 0x04034b50 ? 26 : 28), true);
    if (len !== needle.length) continue;
    patch(view, p, sig === 0x02014b50);
  }
  return out;
}

/** An OLE2 compound file whose directory names these streams (what an encrypted .xlsx or an .xls is). */
function ole2(...streamNames: string[]): Uint8Array {
  const data = new Uint8Array(4096);
  data.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  let at = 1024;
  for (const name of streamNames) {
    for (let i = 0; i < name.length; i++) data[at + 2 * i] = name.charCodeAt(i);
    at += 128;
  }
  return data;
}

const PL1 = 'Phụ lục I';
const figuresKept = (extra: Record<string, number | null> = {}) => ({ ...FIGURES, ...extra });

/** A zip bomb in a real workbook's clothes: the Phụ lục I part inflates to `megabytes` of blanks. */
export async function bombWorkbook(megabytes = 300): Promise<Uint8Array> {
  const { parts } = await baseWorkbook();
  const pl1 = sheetPart(parts, PL1);
  return zip(parts, { streamed: { [pl1]: () => blankSheet(megabytes) } });
}

/** `copies` zip bombs (the set `cchc consolidate` must refuse, each in bounded time and memory). */
export async function bombSet(copies = 20, megabytes = 300): Promise<Uint8Array[]> {
  const one = await bombWorkbook(megabytes);
  return Array.from({ length: copies }, () => one);
}

/** A workbook whose Phụ lục I sheet has a million rows (refused at the row bound, not read). */
export async function millionRowWorkbook(rows = 1_000_000): Promise<Uint8Array> {
  const { parts } = await baseWorkbook();
  return zip(parts, { streamed: { [sheetPart(parts, PL1)]: () => sheetRows(rows) } });
}

/** Every input of the suite but the million rows and the bomb set, which have their own builders. */
export async function buildHostileInputs(): Promise<HostileInput[]> {
  const out: HostileInput[] = [];
  const add = (name: string, what: string, bytes: Uint8Array, expect: Outcome) =>
    out.push({ name, what, bytes, expect });

  const base = await baseWorkbook();
  const pl1 = sheetPart(base.parts, PL1);
  const sst = 'xl/sharedStrings.xml';
  add('nguyen-ven.xlsx', 'an untouched workbook', zip(base.parts), { figures: figuresKept(), unreadable: [] });

  add('bom-nen.xlsx', 'a zip bomb (one part inflating 1000:1)', await bombWorkbook(64), { refused: /zip bomb/ });

  const liar = patchEntry(zip(base.parts), pl1, (v, p, central) => v.setUint32(p + (central ? 24 : 22), 100, true));
  add('noi-doi-kich-thuoc.xlsx', 'a part that inflates past the size it declares', liar, {
    refused: /nhiều hơn kích thước khai báo/,
  });

  const crcBad = zip(base.parts, { stored: [pl1] });
  const at = (() => {
    const needle = strToU8('<v>16183</v>');
    for (let i = 0; i < crcBad.length; i++) if (needle.every((b, j) => crcBad[i + j] === b)) return i;
    throw new Error('figure not found');
  })();
  const flipped = new Uint8Array(crcBad);
  flipped[at + 3] = 0x39; // 16183 → 96183, the zip's structure intact
  add('sai-crc.xlsx', 'a figure changed in transit (CRC mismatch)', flipped, { refused: /CRC/ });

  add('cat-do.xlsx', 'a download cut in half', zip(base.parts).subarray(0, 20_000), {
    refused: /hỏng|chưa hết/,
  });

  add('trang-rong.xlsx', 'a 0-byte Phụ lục I sheet', zip({ ...base.parts, [pl1]: new Uint8Array(0) }), {
    refused: /trang tính "Phụ lục I" rỗng \(0 byte\)/,
  });

  add(
    'trang-bi-cat.xlsx',
    'a Phụ lục I sheet cut short inside',
    zip({ ...base.parts, [pl1]: base.parts[pl1].subarray(0, base.parts[pl1].length - 500) }),
    { refused: /trang tính "Phụ lục I" bị cắt hoặc hỏng/ },
  );

  // Shared strings: one item dropped shifts every later string (the unit name would become another cell's text).
  const strings = text(base.parts, sst);
  const items = [...strings.matchAll(/<si>.*?<\/si>/gs)];
  const dropped = strings.replace(items[Math.floor(items.length / 2)][0], '');
  add('chuoi-lech.xlsx', 'shared strings with one item dropped', zip({ ...base.parts, [sst]: strToU8(dropped) }), {
    refused: /bảng chuỗi dùng chung .*khai báo/,
  });
  const uncounted = dropped.replace(/\s(count|uniqueCount)="\d+"/g, '');
  add(
    'chuoi-thieu.xlsx',
    'shared strings one short, without counts',
    zip({ ...base.parts, [sst]: strToU8(uncounted) }),
    { refused: /bảng chuỗi dùng chung chỉ có/ },
  );
  add('chuoi-rong.xlsx', 'a 0-byte sharedStrings.xml', zip({ ...base.parts, [sst]: new Uint8Array(0) }), {
    refused: /bảng chuỗi dùng chung .*rỗng \(0 byte\)/,
  });
  add(
    'chuoi-hong.xlsx',
    'a string item left open',
    zip({ ...base.parts, [sst]: strToU8(strings.replace('</si>', '')) }),
    { refused: /thẻ chuỗi không đóng/ },
  );

  const lol = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE lolz [<!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
    ']>',
  ].join('\n');
  add(
    'thuc-the.xlsx',
    'entity expansion (billion laughs) in shared strings',
    zip({ ...base.parts, [sst]: strToU8(strings.replace(/^<\?xml[^>]*\?>/, lol).replace('<t>', '<t>&lol9;')) }),
    { refused: /DOCTYPE\/ENTITY/ },
  );

  add('mat-khau.xlsx', 'a password-protected workbook', ole2('EncryptionInfo', 'EncryptedPackage'), {
    refused: /mật khẩu/,
  });
  const flagged = patchEntry(zip(base.parts), pl1, (v, p, central) => {
    const flags = p + (central ? 8 : 6);
    v.setUint16(flags, v.getUint16(flags, true) | 1, true);
  });
  add('zip-ma-hoa.xlsx', 'a zip entry with the encryption flag', flagged, { refused: /mã hóa/ });
  add('xls-cu.xlsx', 'an old .xls renamed', ole2('Workbook', 'SummaryInformation'), { refused: /97–2003/ });

  const long = 'x'.repeat(40_000);
  add(
    'o-qua-dai.xlsx',
    'a cell over Excel’s 32,767 characters',
    zip({ ...base.parts, [sst]: strToU8(strings.replace(/<t>([^<]*)<\/t>/, `<t>${long}</t>`)) }),
    { refused: /vượt giới hạn 32\.767 ký tự/ },
  );

  // One cell at the last row and column Excel has: a valid file, read sparsely, its figures intact.
  const far = text(base.parts, pl1).replace(
    '</sheetData>',
    '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>cuối</t></is></c></row></sheetData>',
  );
  add('o-xa-nhat.xlsx', 'a cell at XFD1048576', zip({ ...base.parts, [pl1]: strToU8(far) }), {
    figures: figuresKept(),
    unreadable: [],
  });

  // Figures that cannot be read: each an error at its cell, never a blank, never a formula run.
  const typed = await baseWorkbook({
    '1.1.1': '=1+1',
    '1.1.2': 'khoảng 20',
    '1.5': "=cmd|' /C calc'!A0",
    '2.1': "@SUM(1+1)*cmd|' /C calc'!A0",
  });
  add('so-lieu-chu.xlsx', 'figures typed as formula text, prose and DDE', zip(typed.parts), {
    figures: { '1.1.1': null, '1.1.2': null, '1.5': null, '2.1': null, '3.3.a': 16181, '3.3.b': 16183 },
    unreadable: ['1.1.1', '1.1.2', '1.5', '2.1'],
  });

  // A number cell holding NaN: Excel never writes it; a generator might.
  const nanCell = base.cellOf('3.3.a').address;
  const nan = text(base.parts, pl1).replace(
    new RegExp(`(<c r="${nanCell}"[^>]*>)<v>16181</v>`),
    (_m, open: string) => `${open}<v>NaN</v>`,
  );
  if (nan === text(base.parts, pl1)) throw new Error('NaN cell not placed');
  add('nan.xlsx', 'a number cell holding NaN', zip({ ...base.parts, [pl1]: strToU8(nan) }), {
    figures: figuresKept({ '3.3.a': null }),
    unreadable: ['3.3.a'],
  });

  return out;
}

if (require.main === module) {
  void (async () => {
    const fs = await import('fs');
    const path = await import('path');
    const dir = process.argv[2] ?? 'hostile-inputs';
    fs.mkdirSync(dir, { recursive: true });
    for (const input of await buildHostileInputs()) fs.writeFileSync(path.join(dir, input.name), input.bytes);
    fs.writeFileSync(path.join(dir, 'trieu-dong.xlsx'), await millionRowWorkbook());
    (await bombSet()).forEach((b, i) =>
      fs.writeFileSync(path.join(dir, `bom-${String(i + 1).padStart(2, '0')}.xlsx`), b),
    );
    process.stdout.write(`Đã ghi các tệp thử vào ${dir}\n`);
  })();
}
