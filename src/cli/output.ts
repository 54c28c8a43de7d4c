import { closeSync, fsyncSync, openSync, promises as fs, writeSync } from 'fs';
import * as path from 'path';

/** Exit codes of every command: 0 ok, 1 figures have errors, 2 an input unreadable or refused, 3 usage error. */
export const EXIT = { ok: 0, findings: 1, usage: 2, unreadable: 3 } as const;

export class CliFailure extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.unreadable,
  ) {
    super(message);
  }
}

/** Asks the person at the terminal a yes/no question; absent when nobody is there to answer. */
export type Ask = (question: string) => Promise<boolean>;

export type OutputKind = 'xlsx' | 'docx';

const KIND_NAMES: Record<OutputKind | 'ole2', string> = {
  xlsx: 'sổ tính Excel (.xlsx)',
  docx: 'văn bản Word (.docx)',
  ole2: 'tệp Office 97–2003 (.xls/.doc)',
};

export interface OutputOptions {
  kind: OutputKind;
  /** The command's input files: the output may never be one of them. */
  inputs?: readonly string[];
  /** Replace an existing file of the same kind without asking. */
  force?: boolean;
  ask?: Ask;
}

/** What an existing file is, from its bytes (never from its name). */
async function existingKind(file: string): Promise<OutputKind | 'ole2' | 'empty' | 'other' | null> {
  let data: Buffer;
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) throw new CliFailure(`${file} là thư mục, không ghi tệp vào đó được.`, EXIT.usage);
    if (stat.size === 0) return 'empty';
    // The names of a zip's parts are in its directory at the end; 4 MB covers any Office file's directory.
    const handle = await fs.open(file, 'r');
    try {
      const head = Buffer.alloc(8);
      await handle.read(head, 0, 8, 0);
      if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'ole2';
      if (head.readUInt32LE(0) !== 0x04034b50) return 'other';
      const size = Math.min(stat.size, 4 * 1024 * 1024);
      data = Buffer.alloc(size);
      await handle.read(data, 0, size, stat.size - size);
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (e instanceof CliFailure) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return 'other';
  }
  if (data.includes('xl/workbook.xml')) return 'xlsx';
  if (data.includes('word/document.xml')) return 'docx';
  return 'other';
}

async function sameFile(a: string, b: string): Promise<boolean> {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const [sa, sb] = await Promise.all([fs.stat(a), fs.stat(b)]);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/**
 * Refuses an output that would destroy something: an input of the command, a file of another kind
 * (a report over a workbook), or an existing file nobody agreed to replace (`--force`, or "có" at the
 * terminal). Call it before the long work, and again through writeOutput.
 */
export async function checkOutput(file: string, options: OutputOptions): Promise<void> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== `.${options.kind}`)
    throw new CliFailure(
      `Tệp đầu ra "${file}" phải có đuôi .${options.kind} (lệnh này ghi ${KIND_NAMES[options.kind]}).`,
      EXIT.usage,
    );
  for (const input of options.inputs ?? [])
    if (await sameFile(file, input))
      throw new CliFailure(
        `Tệp đầu ra "${file}" trùng với tệp đầu vào "${input}": không ghi đè lên tệp đầu vào. Chọn tên khác với -o.`,
        EXIT.usage,
      );
  const existing = await existingKind(file);
  if (existing === null || existing === 'empty') return;
  if (existing !== 'other' && existing !== options.kind)
    throw new CliFailure(
      `Tệp "${file}" đã có và là ${KIND_NAMES[existing]}: không ghi ${KIND_NAMES[options.kind]} đè lên. Chọn tên khác với -o.`,
      EXIT.usage,
    );
  if (options.force) return;
  if (options.ask && (await options.ask(`Tệp "${file}" đã có. Ghi đè lên tệp này? (c/k) `))) return;
  throw new CliFailure(
    `Tệp "${file}" đã có: không ghi đè. Thêm --force để ghi đè, hoặc chọn tên khác với -o.`,
    EXIT.usage,
  );
}

/** checkOutput, then writeFileAtomic (a command that checked before its long work writes with writeFileAtomic). */
export async function writeOutput(file: string, data: Uint8Array, options: OutputOptions): Promise<void> {
  await checkOutput(file, options);
  await writeFileAtomic(file, data);
}

const TEMP_PREFIX = (file: string) => `.${path.basename(file)}.cchc-`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files of this output left by a run that was killed (its process is gone). */
export async function removeStaleTemps(file: string): Promise<string[]> {
  const dir = path.dirname(path.resolve(file));
  const prefix = TEMP_PREFIX(file);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (pid === process.pid || (Number.isInteger(pid) && pid > 0 && alive(pid))) continue;
    await fs.rm(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

let tempCounter = 0;

/** Bytes handed over piece by piece as they are made (a large workbook is never whole in memory). */
export type Producer = (sink: (chunk: Uint8Array) => void) => void;

/**
 * Writes through a temporary file and a rename, so a failure never leaves a partial output. The data may
 * come from a producer, its pieces written as they come; a producer that throws leaves nothing behind.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | Producer): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `${TEMP_PREFIX(file)}${process.pid}-${++tempCounter}.tmp`);
  try {
    await removeStaleTemps(file);
    if (typeof data === 'function') {
      const fd = openSync(tmp, 'w');
      try {
        data((chunk) => {
          for (let at = 0; at < chunk.length;) at += writeSync(fd, chunk, at, chunk.length - at);
        });
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } else await fs.writeFile(tmp, data);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    if (e instanceof CliFailure) throw e;
    throw new CliFailure(`Không ghi được tệp ${file}: ${fileErrorReason(e, 'ghi')}.`);
  }
}

/**
 * JSON as `JSON.stringify(value, null, 2)` prints it, written a batch of lines at a time: a consolidation
 * of thousands of units lists tens of thousands of findings, and one string of it all would be the
 * largest thing the command holds. When `out` says the stream is full (false), the next batch waits
 * for `drain`: a pipe read slowly would otherwise queue the whole text in memory.
 */
/**
 * Characters of JSON handed over at a time: pieces of 32 KB or less stay among the young objects the
 * collector frees cheaply; larger ones are collected only with the whole heap, which grows meanwhile.
 */
const JSON_BATCH = 16 * 1024;

export async function writeJson(
  out: (text: string) => unknown,
  value: unknown,
  drain?: () => Promise<void>,
): Promise<void> {
  let batch = '';
  const send = async (text: string) => {
    if (out(text) === false && drain) await drain();
  };
  for (const piece of jsonPieces(value, '', 0)) {
    batch += piece;
    if (batch.length >= JSON_BATCH) {
      const cut = batch.lastIndexOf('\n');
      if (cut >= 0) {
        const ready = batch.slice(0, cut);
        batch = batch.slice(cut + 1);
        await send(ready);
      }
    }
  }
  await send(batch);
}

/**
 * A list for writeJson whose items are made one at a time as they are written, never all held at once
 * (tens of thousands of findings, each shaped for the output). Elsewhere it is the array of its items.
 */
export class JsonItems {
  constructor(
    readonly length: number,
    readonly at: (i: number) => unknown,
  ) {}

  toJSON(): unknown[] {
    return Array.from({ length: this.length }, (_v, i) => this.at(i));
  }
}

/** Items of a list near the top stringified together (the same text as one by one), in pieces kept small. */
const BATCH = 16;

/**
 * Items of a list at depth 1 (indented by two spaces), as they are written there: stringified inside
 * one more array they come out indented by four, and its brackets are cut off.
 */
function itemsText(items: unknown[]): string {
  return JSON.stringify([items], null, 2).slice('[\n  [\n'.length, -'\n  ]\n]'.length);
}

/** Objects and arrays near the top are written member by member; deeper ones at once. */
function* jsonPieces(value: unknown, indent: string, depth: number): Generator<string> {
  const lazy = value instanceof JsonItems;
  if ((lazy || Array.isArray(value)) && depth === 1) {
    // Its items are written whole: a batch at a time.
    const length = lazy ? value.length : (value as unknown[]).length;
    if (!length) {
      yield '[]';
      return;
    }
    yield '[\n';
    for (let from = 0; from < length; from += BATCH) {
      const to = Math.min(length, from + BATCH);
      const batch = lazy
        ? Array.from({ length: to - from }, (_v, i) => value.at(from + i))
        : (value as unknown[]).slice(from, to);
      yield itemsText(batch);
      yield to < length ? ',\n' : '\n';
    }
    yield indent + ']';
    return;
  }
  if (lazy && depth < 2) {
    if (!value.length) {
      yield '[]';
      return;
    }
    const inner = `${indent}  `;
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      const v = value.at(i);
      yield inner;
      yield* jsonPieces(v === undefined || typeof v === 'function' ? null : v, inner, depth + 1);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield indent + ']';
    return;
  }
  const isArray = Array.isArray(value);
  if (
    depth >= 2 ||
    value === null ||
    typeof value !== 'object' ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    const text = JSON.stringify(value, null, 2) ?? 'null';
    yield indent ? text.replace(/\n/g, `\n${indent}`) : text;
    return;
  }
  const members: [string | null, unknown][] = isArray
    ? (value as unknown[]).map((v) => [null, v === undefined || typeof v === 'function' ? null : v])
    : Object.entries(value as object).filter(([, v]) => v !== undefined && typeof v !== 'function');
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (!members.length) {
    yield open + close;
    return;
  }
  const inner = `${indent}  `;
  yield `${open}\n`;
  for (let i = 0; i < members.length; i++) {
    const [key, v] = members[i];
    yield key === null ? inner : `${inner}${JSON.stringify(key)}: `;
    yield* jsonPieces(v, inner, depth + 1);
    yield i < members.length - 1 ? ',\n' : '\n';
  }
  yield indent + close;
}

/** Why a file could not be read or written, from the system's error code: never its English text. */
export function fileErrorReason(e: unknown, access: 'đọc' | 'ghi'): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return access === 'đọc' ? 'không tìm thấy tệp' : 'thư mục không tồn tại';
    case 'EACCES':
    case 'EPERM':
      return `không có quyền ${access}`;
    case 'EISDIR':
      return 'đó là một thư mục';
    case 'ENOSPC':
      return 'ổ đĩa đã đầy';
    default:
      return `lỗi hệ thống ${code ?? 'không rõ'}`;
  }
}
