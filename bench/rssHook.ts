// Loaded with `node -r` before a measured program: on exit, writes the process's peak RSS (KiB) to
// the file named by CCHC_BENCH_RSS_FILE. The program itself runs unchanged.
// On Linux the peak is VmHWM of /proc/self/status: getrusage's maxRSS keeps the high-water mark of the
// forked copy of the parent from before exec, so a child of a large bench process would report at least
// the parent's size.
import { readFileSync, writeFileSync } from 'fs';

function peakKiB(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // Not Linux: the rusage figure.
  }
  return process.resourceUsage().maxRSS;
}

const out = process.env.CCHC_BENCH_RSS_FILE;
if (out) process.on('exit', () => writeFileSync(out, String(peakKiB())));
