import { performance } from 'perf_hooks';

/** Repeated timings of one measurement, in milliseconds. */
export interface Sample {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarise(times: number[]): Sample {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** `runs` timed calls after `warmup` untimed ones. */
export async function measure(fn: () => unknown, runs = 7, warmup = 2): Promise<Sample> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return summarise(times);
}

/** Interleaved measurement of several alternatives: round r times each in turn, so load drift hits all alike. */
export async function measureSideBySide(
  fns: Record<string, () => unknown>,
  runs = 7,
  warmup = 2,
): Promise<Record<string, Sample>> {
  const names = Object.keys(fns);
  for (let i = 0; i < warmup; i++) for (const n of names) await fns[n]();
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) {
    // Rotated each run: a function measured right after one that leaves much garbage (SheetJS, exceljs)
    // pays for its collection; rotating spreads that cost over all of them.
    for (let j = 0; j < names.length; j++) {
      const n = names[(i + j) % names.length];
      const t0 = performance.now();
      await fns[n]();
      times[n].push(performance.now() - t0);
    }
  }
  return Object.fromEntries(names.map((n) => [n, summarise(times[n])]));
}

const digits = (v: number) => (v >= 100 ? 0 : v >= 10 ? 1 : v >= 1 ? 2 : 3);
export const num = (v: number) => v.toFixed(digits(Math.abs(v)));

/** "12.3 ms (11.9–13.0)" */
export function ms(s: Sample): string {
  return `${num(s.median)} ms (${num(s.min)}–${num(s.max)})`;
}

export const times = (a: number, b: number) => `${num(a / b)}×`;
export const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(0)} MiB`;
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** A compact table: first column left-aligned, the others right-aligned. */
export function table(title: string, head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [`\n== ${title}`, line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
