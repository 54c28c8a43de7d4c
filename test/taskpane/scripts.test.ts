import fs from 'fs';
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
