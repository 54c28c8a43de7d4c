// Loaded with `node -r` before a measured program: on exit, writes the process's peak RSS (KiB) to
// the file named by CCHC_BENCH_RSS_FILE. The program itself runs unchanged.
import { writeFileSync } from 'fs';

const out = process.env.CCHC_BENCH_RSS_FILE;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
