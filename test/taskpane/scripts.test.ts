import fs from 'fs';
import http from 'http';
import zlib from 'zlib';
import os from 'os';
import path from 'path';
import { execFileSync, spawnSync } from 'child_process';
import type { Server } from 'http';

const ROOT = path.resolve(__dirname, '../..');
const { validateManifest, parseXml } = require('../../scripts/validate-manifest.js') as {
  validateManifest(xml: string, o?: { production?: boolean; assetsDir?: string }): string[];
  parseXml(xml: string): { children: { name: string }[] };
};
const { startServer } = require('../../scripts/serve.js') as {
  startServer(o: { port: number; dir: string }): Promise<{ server: Server; port: number; url: string }>;
};

const manifest = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');

describe('manifest.xml', () => {
  test('is valid for development and names Excel and Word', () => {
    expect(validateManifest(manifest)).toEqual([]);
    expect(manifest).toMatch(/<Host Name="Workbook"\/>/);
    expect(manifest).toMatch(/<Host Name="Document"\/>/);
    expect(manifest).not.toMatch(/<Requirements>/);
  });

  test('production rules refuse localhost; the build step replaces the base URL', () => {
    expect(validateManifest(manifest, { production: true }).some((e) => e.includes('máy cục bộ'))).toBe(true);
    const env = { ...process.env, ADDIN_BASE_URL: 'https://cchc.example.gov.vn/addin/', NODE_ENV: 'production' };
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-manifest.js')], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const built = fs.readFileSync(path.join(ROOT, 'dist/manifest.xml'), 'utf8');
    expect(built).not.toContain('localhost');
    expect(built).toContain('<SourceLocation DefaultValue="https://cchc.example.gov.vn/addin/taskpane.html"/>');
    expect(validateManifest(built, { production: true })).toEqual([]);
    const missing = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-manifest.js')], {
      cwd: ROOT,
      env: { ...process.env, ADDIN_BASE_URL: '', NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('ADDIN_BASE_URL');
  });

  test('each broken rule is reported in Vietnamese, and the CLI exits non-zero', () => {
    const cases: [string, string, RegExp][] = [
      ['<Id>9b849d3f-187b-4013-bd07-1dce950ddae3</Id>', '<Id>cchc</Id>', /không phải GUID/],
      ['<Version>1.0.0.0</Version>', '<Version>1.0</Version>', /bốn phần số/],
      ['<Host Name="Document"/>', '', /thiếu <Host Name="Document"\/>/],
      ['<DefaultLocale>vi-VN</DefaultLocale>', '', /Thiếu <DefaultLocale>/],
      ['<SourceLocation DefaultValue="https://localhost:3000/taskpane.html"/>', '', /SourceLocation/],
      ['https://localhost:3000/assets/icon-80.png', 'http://localhost:3000/assets/icon-81.png', /phải dùng https/],
      [
        'https://localhost:3000/assets/icon-80.png',
        'https://localhost:3000/assets/icon-81.png',
        /không có tệp assets\/icon-81\.png/,
      ],
      [
        '<Permissions>',
        '<Requirements><Sets><Set Name="ExcelApi" MinVersion="1.14"/></Sets></Requirements><Permissions>',
        /không được đòi ExcelApi/,
      ],
      ['resid="Group.Label"', 'resid="Nhom.Khong.Co"', /resid="Nhom\.Khong\.Co"/],
    ];
    for (const [from, to, expected] of cases) {
      const broken = manifest.replace(from, to);
      expect(broken).not.toBe(manifest);
      const errors = validateManifest(broken);
      expect(errors.some((e) => expected.test(e))).toBe(true);
    }
    const file = path.join(os.tmpdir(), `bad-manifest-${process.pid}.xml`);
    fs.writeFileSync(file, manifest.replace('<Version>1.0.0.0</Version>', '<Version>1</Version>'));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/validate-manifest.js'), file], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('không hợp lệ');
    fs.rmSync(file);
    expect(
      execFileSync(process.execPath, [path.join(ROOT, 'scripts/validate-manifest.js')], {
        cwd: ROOT,
        encoding: 'utf8',
      }),
    ).toContain('hợp lệ');
  });

  test('the XML parser rejects a tag left open', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/không khớp/);
    expect(parseXml('<?xml version="1.0"?><!-- x --><a x="1&amp;2"/>').children[0].name).toBe('a');
  });
});

describe('scripts/serve.js', () => {
  test('serves files with their MIME types, on 127.0.0.1, and nothing outside its folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'web-'));
    fs.writeFileSync(path.join(dir, 'taskpane.html'), '<!doctype html><p>xin chào</p>');
    fs.writeFileSync(path.join(dir, 'app.12345678.js'), 'console.log(1)');
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.copyFileSync(path.join(ROOT, 'assets/icon-16.png'), path.join(dir, 'assets/icon-16.png'));
    const { server, port, url } = await startServer({ port: 0, dir });
    try {
      expect(url).toBe(`http://127.0.0.1:${port}/taskpane.html`);
      expect(server.address()).toMatchObject({ address: '127.0.0.1' });
      const html = await fetch(url);
      expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await html.text()).toContain('xin chào');
      const js = await fetch(`http://127.0.0.1:${port}/app.12345678.js`);
      expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(js.headers.get('cache-control')).toContain('immutable');
      expect((await fetch(`http://127.0.0.1:${port}/assets/icon-16.png`)).headers.get('content-type')).toBe(
        'image/png',
      );
      const root = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect((await fetch(`http://127.0.0.1:${port}/khong-co.js`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/%2e%2e/%2e%2e/etc/passwd`)).status).toBeGreaterThanOrEqual(403);
    } finally {
      await new Promise((r) => server.close(r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** One raw request, so the test controls Accept-Encoding and sees the bytes as sent. */
function rawGet(
  port: number,
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

describe('scripts/serve.js delivery', () => {
  let dir: string;
  let server: Server;
  let port: number;
  const script = 'console.log("xin chào");'.repeat(200);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'web-'));
    fs.writeFileSync(path.join(dir, 'taskpane.html'), '<!doctype html><p>xin chào</p>');
    fs.writeFileSync(path.join(dir, 'app.12345678.js'), script);
    fs.writeFileSync(path.join(dir, 'app.12345678.js.br'), zlib.brotliCompressSync(script));
    fs.writeFileSync(path.join(dir, 'app.12345678.js.gz'), zlib.gzipSync(script));
    fs.writeFileSync(path.join(dir, 'only-gz.12345678.js'), script);
    fs.writeFileSync(path.join(dir, 'only-gz.12345678.js.gz'), zlib.gzipSync(script));
    ({ server, port } = await startServer({ port: 0, dir }));
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('sends the precompressed copy the browser accepts, brotli first, and the plain file otherwise', async () => {
    const br = await rawGet(port, '/app.12345678.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toBe('Accept-Encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(script.length / 10);
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(script);

    const gz = await rawGet(port, '/app.12345678.js', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(script);

    const refused = await rawGet(port, '/app.12345678.js', { 'Accept-Encoding': 'br;q=0, gzip' });
    expect(refused.headers['content-encoding']).toBe('gzip');

    const onlyGz = await rawGet(port, '/only-gz.12345678.js', { 'Accept-Encoding': 'br, gzip' });
    expect(onlyGz.headers['content-encoding']).toBe('gzip');

    const plain = await rawGet(port, '/app.12345678.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  test('survives any path: NUL bytes, control characters, climbing out, bad escapes', async () => {
    for (const odd of [
      '/%00',
      '/taskpane.html%00.js',
      '/%01',
      '/%',
      '/%E0%A4%A',
      '/..%2f..%2fetc%2fpasswd',
      '/a/../../x',
    ]) {
      const r = await rawGet(port, odd);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.toString()).not.toMatch(/[A-Za-z]{4,} (error|Error)/);
    }
    // Still serving.
    expect((await rawGet(port, '/taskpane.html')).status).toBe(200);
  });

  test('answers a revalidation of an unchanged file with 304 and no body, per compressed copy; a changed file is sent again', async () => {
    const page = path.join(dir, 'revalidated.html');
    fs.writeFileSync(page, `<!doctype html><script>${script}</script>`);
    fs.writeFileSync(`${page}.br`, zlib.brotliCompressSync(fs.readFileSync(page)));
    const first = await rawGet(port, '/revalidated.html', { 'Accept-Encoding': 'br' });
    expect(first.status).toBe(200);
    const tag = String(first.headers['etag']);
    expect(tag).toMatch(/^W\/".+"$/);
    const again = await rawGet(port, '/revalidated.html', { 'Accept-Encoding': 'br', 'If-None-Match': tag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers['etag']).toBe(tag);
    expect(again.headers['cache-control']).toBe('no-cache');
    // The plain copy is another representation: the brotli copy's tag does not validate it.
    const plain = await rawGet(port, '/revalidated.html', { 'If-None-Match': tag });
    expect(plain.status).toBe(200);
    expect(plain.headers['etag']).not.toBe(tag);
    // A new build of the page: new size and time, so the old tag no longer matches.
    fs.writeFileSync(`${page}.br`, zlib.brotliCompressSync(Buffer.from('<!doctype html><p>bản mới</p>')));
    fs.utimesSync(`${page}.br`, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
    const changed = await rawGet(port, '/revalidated.html', { 'Accept-Encoding': 'br', 'If-None-Match': tag });
    expect(changed.status).toBe(200);
    expect(zlib.brotliDecompressSync(changed.body).toString()).toBe('<!doctype html><p>bản mới</p>');
  });

  test('a favicon is never a 404: the build\'s one, or "no content" from an older build', async () => {
    expect((await rawGet(port, '/favicon.ico')).status).toBe(204);
    fs.writeFileSync(path.join(dir, 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
    const r = await rawGet(port, '/favicon.ico');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('image/x-icon');
  });
});

describe('scripts/start.js', () => {
  const { staleReason } = require('../../scripts/start.js') as {
    staleReason(root: string, web?: string): string | null;
  };

  test('rebuilds when there is no build or a source is newer than it, and not otherwise', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'start-'));
    try {
      fs.mkdirSync(path.join(root, 'src', 'taskpane'), { recursive: true });
      const source = path.join(root, 'src', 'taskpane', 'App.tsx');
      fs.writeFileSync(source, 'export {};');
      expect(staleReason(root)).toMatch(/^Chưa có bản build web/);

      fs.mkdirSync(path.join(root, 'dist', 'web'), { recursive: true });
      const built = path.join(root, 'dist', 'web', 'taskpane.html');
      fs.writeFileSync(built, '<!doctype html>');
      const t0 = new Date('2026-01-01T00:00:00Z');
      const t1 = new Date('2026-01-01T01:00:00Z');
      fs.utimesSync(source, t0, t0);
      fs.utimesSync(built, t1, t1);
      expect(staleReason(root)).toBeNull();

      const t2 = new Date('2026-01-01T02:00:00Z');
      fs.utimesSync(source, t2, t2);
      expect(staleReason(root)).toBe('Mã nguồn (src) mới hơn bản build web');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
