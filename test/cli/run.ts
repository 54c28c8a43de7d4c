import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/cchc';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `cchc` in-process, as the terminal would, capturing what it prints; `answers` are the replies to its questions. */
export async function cchc(args: string[], answers?: boolean[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const questions = answers ? [...answers] : undefined;
  const code = await runCli(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    ask: questions
      ? async (q) => {
          err.push(q);
          return questions.shift() ?? false;
        }
      : undefined,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}
