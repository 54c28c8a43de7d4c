// Measured programs run as their own process, as the user runs them, with their peak memory.
import { spawn } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { summarise, type Sample } from './stats';

/** The repository root (this file runs from dist/bench/bench). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CCHC = path.join(ROOT, 'dist', 'node', 'src', 'cli', 'cchc.js');
const HOOK = path.join(__dirname, 'rssHook.js');
const CHILD = path.join(__dirname, 'child.js');

export interface ProcRun {
  ms: number;
  code: number | null;
  maxRssBytes: number;
  stdout: string;
  stderr: string;
}

/** One run of `node [-r hook] script args`, timed from spawn to exit. */
export function runNode(script: string, args: string[]): Promise<ProcRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cchc-bench-rss-'));
  const rssFile = path.join(dir, 'rss');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-r', HOOK, script, ...args], {
      cwd: ROOT,
      env: { ...process.env, CCHC_BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const maxRssBytes = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) * 1024 : NaN;
      rmSync(dir, { recursive: true, force: true });
      resolve({ ms, code, maxRssBytes, stdout, stderr });
    });
  });
}

export interface ProcSample {
  time: Sample;
  maxRssBytes: number;
  last: ProcRun;
}

/**
 * `runs` runs of a process; the time's median and spread, the highest peak memory. Where one run is
 * long, fewer runs (never under 3) so a figure takes about `budgetMs`; `time.runs` says how many.
 */
export async function measureProcess(
  script: string,
  args: string[],
  runs = 5,
  okCodes = [0, 1],
  budgetMs = 40_000,
): Promise<ProcSample> {
  const all: ProcRun[] = [];
  let wanted = runs;
  while (all.length < wanted) {
    const r = await runNode(script, args);
    if (!okCodes.includes(r.code ?? -1))
      throw new Error(`${path.basename(script)} ${args[0] ?? ''}: mã thoát ${r.code}: ${r.stderr.slice(0, 400)}`);
    all.push(r);
    if (all.length === 1) wanted = Math.max(3, Math.min(runs, Math.floor(budgetMs / r.ms)));
  }
  return {
    time: summarise(all.map((r) => r.ms)),
    maxRssBytes: Math.max(...all.map((r) => r.maxRssBytes)),
    last: all[all.length - 1],
  };
}

/** A bench task (bench/child.ts) in a process of its own, for its peak memory. Returns its JSON answer. */
export async function runTask<T>(task: string, args: unknown): Promise<T & { maxRssBytes: number }> {
  const r = await runNode(CHILD, [task, JSON.stringify(args)]);
  if (r.code !== 0) throw new Error(`bench task ${task}: ${r.stderr.slice(0, 600)}`);
  const lines = r.stdout.trim().split('\n');
  return { ...(JSON.parse(lines[lines.length - 1]) as T), maxRssBytes: r.maxRssBytes };
}
