import { performance } from 'perf_hooks';

/** Median time of `runs` calls after `warmup` calls, in milliseconds. */
export async function medianMs(fn: () => unknown | Promise<unknown>, runs = 15, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export function fixed(n: number, digits = 2): string {
  return n.toFixed(digits);
}
