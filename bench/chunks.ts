import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';

/**
 * Sizes of the built pane: the page (the first chunk is inline in it) and any script it names, vs chunks loaded
 * on demand.
 */
export function webChunks(
  dir = path.join(__dirname, '..', '..', 'web'),
): { first: string[]; firstGzip: number; onDemand: { name: string; gzip: number }[] } | null {
  const html = path.join(dir, 'taskpane.html');
  if (!existsSync(html)) return null;
  const page = readFileSync(html, 'utf8');
  const scripts = [...page.matchAll(/<script[^>]+src=["']?([^"' >]+\.js)/g)].map((m) => path.basename(m[1]));
  const gz = (f: string) => gzipSync(readFileSync(path.join(dir, f)), { level: 9 }).length;
  const all = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const first = ['taskpane.html', ...all.filter((f) => scripts.includes(f))];
  return {
    first,
    firstGzip: first.reduce((t, f) => t + gz(f), 0),
    onDemand: all.filter((f) => !scripts.includes(f)).map((name) => ({ name, gzip: gz(name) })),
  };
}
