import fs from 'fs';
import path from 'path';
import vm from 'vm';
import zlib from 'zlib';
import { parse } from 'acorn';

/** The built pane (npm run build:web) as the oldest supported hosts receive it. */
const WEB = path.resolve(__dirname, '../../dist/web');

function built(): string[] {
  if (!fs.existsSync(path.join(WEB, 'taskpane.html')))
    throw new Error('Chưa có dist/web/taskpane.html: chạy "npm run build:web" trước.');
  return fs.readdirSync(WEB).filter((f) => f.endsWith('.js'));
}

function inlineScripts(): string[] {
  const html = fs.readFileSync(path.join(WEB, 'taskpane.html'), 'utf8');
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

/** The first chunk: inline in the page, as its last script (where a <script defer src> would be). */
function firstChunk(): string {
  const html = fs.readFileSync(path.join(WEB, 'taskpane.html'), 'utf8');
  expect(html).not.toMatch(/<script[^>]*\bsrc=/);
  expect(html).toMatch(/<script>[^<]*(<(?!\/script)[^<]*)*<\/script><\/body>/);
  return inlineScripts().at(-1)!;
}

test('every chunk parses as ES2017: EdgeHTML 18 (Office 2019 on Windows 10) and Safari 12 can load it', () => {
  const files = built();
  expect(files.length).toBeGreaterThan(3);
  const failures: string[] = [];
  for (const [file, code] of [
    ['taskpane.html (first chunk)', firstChunk()],
    ...files.map((f) => [f, fs.readFileSync(path.join(WEB, f), 'utf8')]),
  ]) {
    try {
      // acorn also checks regular expressions (no lookbehind, named groups, /s or \p{} at 2017).
      parse(code, { ecmaVersion: 2017, sourceType: 'script' });
    } catch (err) {
      failures.push(`${file}: ${(err as Error).message}`);
    }
  }
  expect(failures).toEqual([]);
});

test('the first chunk stays small: the page that carries it is ≤ 150 KiB gzip, and exceljs is not in it', () => {
  const code = firstChunk();
  // React and the webpack runtime, which loads the other chunks by name.
  expect(code).toContain('react.dev/errors');
  expect(code).toMatch(/standalone/);
  expect(fs.statSync(path.join(WEB, 'taskpane.html.gz')).size).toBeLessThanOrEqual(150 * 1024);
  expect(code).not.toContain('xl/workbook.xml');
  // The separate file is not emitted: nothing would load it.
  expect(built().filter((f) => /^taskpane\./.test(f))).toEqual([]);
});

/** The files the page preloads at a location: its <link rel="preload"> tags, then those its preload script adds. */
function preloadsAt(location: { search: string; hash: string }): string[] {
  const html = fs.readFileSync(path.join(WEB, 'taskpane.html'), 'utf8');
  const tags = [...html.matchAll(/<link([^>]*)>/g)]
    .map((m) => m[1])
    .filter((attrs) => /\brel="?preload\b/.test(attrs))
    .map((attrs) => {
      expect(attrs).toMatch(/\bas="?script\b/);
      return /\bhref="?([^"\s>]+)/.exec(attrs)![1];
    });
  const [script, ...others] = inlineScripts()
    .slice(0, -1)
    .filter((s) => s.includes("rel='preload'") || s.includes('"preload"'));
  expect(others).toEqual([]);
  parse(script, { ecmaVersion: 5, sourceType: 'script' });
  const links: { rel: string; as: string; href: string }[] = [];
  const document = {
    createElement: () => ({ rel: '', as: '', href: '' }),
    head: { appendChild: (l: { rel: string; as: string; href: string }) => links.push(l) },
  };
  vm.runInNewContext(script, { document, location });
  for (const l of links) expect([l.rel, l.as]).toEqual(['preload', 'script']);
  return [...tags, ...links.map((l) => l.href)];
}

test("the first screen's chunks are preloaded while the page (with the first chunk in it) arrives: the standalone group in a browser tab, the pane and office.js in Office", () => {
  const files = fs.readdirSync(WEB);
  const standalone = preloadsAt({ search: '', hash: '' });
  expect(standalone.some((f) => /^standalone\./.test(f))).toBe(true);
  expect(standalone.some((f) => /^pane\./.test(f))).toBe(true);
  // Every one is a built file; exceljs and the lazy tabs are not among them.
  for (const f of standalone) expect(files).toContain(f);
  expect(standalone.some((f) => /^(exceljs|workbook|tab-|docx)/.test(f))).toBe(false);
  const office = preloadsAt({ search: '?_host_Info=Excel$Win32$16.01$vi-VN', hash: '' });
  expect(office.some((f) => /^pane\./.test(f))).toBe(true);
  expect(office.some((f) => /^standalone\./.test(f))).toBe(false);
  expect(office.at(-1)).toMatch(/office\.js$/);
});

test("the first screen's scripts ask V8 to compile them as they arrive; the chunks loaded on demand do not", () => {
  const hint = '//# allFunctionsCalledOnLoad\n';
  const files = fs.readdirSync(WEB).filter((f) => f.endsWith('.js'));
  const hinted = files.filter((f) => fs.readFileSync(path.join(WEB, f), 'utf8').startsWith(hint));
  const standalone = preloadsAt({ search: '', hash: '' });
  const office = preloadsAt({ search: '?_host_Info=Excel$Win32$16.01$vi-VN', hash: '' }).slice(0, -1);
  expect(hinted.sort()).toEqual([...new Set([...standalone, ...office])].sort());
  for (const onDemand of files.filter((f) => /^(exceljs|workbook|tab-|docx|checks|catalog|excel)\./.test(f)))
    expect(hinted).not.toContain(onDemand);
  expect(firstChunk().startsWith(hint)).toBe(true);
  // The compressed copies the server sends are of the hinted files.
  expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(WEB, `${standalone[0]}.br`))).toString('utf8')).toMatch(
    /^\/\/# all/,
  );
  expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(WEB, 'taskpane.html.br'))).toString('utf8')).toContain(
    `<script>${hint}`,
  );
});

/** Runs the page's inline scripts against a minimal document, with the given script engine. */
function runInlineCheck(engine: 'ie11' | 'modern'): { text: string | null; flagged: boolean } {
  const inline = inlineScripts()
    .slice(0, -1)
    .filter((s) => s.includes('__cchcOldHost'));
  expect(inline.length).toBe(1);
  // The check itself must be ES5: IE11 parses it.
  parse(inline[0], { ecmaVersion: 5, sourceType: 'script' });
  let text: string | null = null;
  const root = {
    innerHTML: '',
    appendChild(p: { text: string }) {
      text = p.text;
    },
  };
  const document = {
    getElementById: (id: string) => (id === 'root' ? root : null),
    createElement: () => ({
      text: '',
      style: {},
      setAttribute() {},
      appendChild(t: { data: string }) {
        this.text = t.data;
      },
    }),
    createTextNode: (data: string) => ({ data }),
    addEventListener() {},
  };
  const sandbox: Record<string, unknown> = { document, Promise };
  if (engine === 'ie11') {
    // IE11 has no Promise, and its Function() throws on syntax it does not know.
    delete sandbox.Promise;
    sandbox.Function = function ie11Function(...args: string[]) {
      const body = args[args.length - 1] ?? '';
      if (/\basync\b|=>|\bclass\b/.test(body)) throw new SyntaxError('Expected identifier');
      return () => undefined;
    };
  } else {
    sandbox.Function = Function;
  }
  vm.runInNewContext(inline[0], sandbox);
  return { text, flagged: sandbox.__cchcOldHost === true };
}

test('on an IE11 host the page says in Vietnamese what to use instead; a current host sees nothing', () => {
  const old = runInlineCheck('ie11');
  expect(old.flagged).toBe(true);
  expect(old.text).toMatch(/Internet Explorer/);
  expect(old.text).toMatch(/Microsoft 365|Office 2021/);
  expect(old.text).toMatch(/cchc/);
  const current = runInlineCheck('modern');
  expect(current).toEqual({ text: null, flagged: false });
});
