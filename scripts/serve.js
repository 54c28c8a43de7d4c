#!/usr/bin/env node
// A tiny static server for dist/web, bound to 127.0.0.1 (no dependencies).
//   node scripts/serve.js [--port 3000] [--dir dist/web] [--https]
// With --https it uses the Office dev certificate (~/.office-addin-dev-certs) or HTTPS_CERT/HTTPS_KEY.
// Sends the build's precompressed copies (file.br, file.gz) to browsers that accept them, and 304 to a
// revalidation of an unchanged file; any request path, however odd, gets an answer and never stops the server.
'use strict';
const fs = require('fs');
const http = require('http');
const https = require('https');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const HOST = '127.0.0.1';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

function certificate() {
  const cert = process.env.HTTPS_CERT || path.join(os.homedir(), '.office-addin-dev-certs', 'localhost.crt');
  const key = process.env.HTTPS_KEY || path.join(os.homedir(), '.office-addin-dev-certs', 'localhost.key');
  if (!fs.existsSync(cert) || !fs.existsSync(key)) return null;
  return { cert: fs.readFileSync(cert), key: fs.readFileSync(key) };
}

/** The precompressed copies to try, best first, for a request's Accept-Encoding. */
function encodingsAccepted(header) {
  const accepted = new Set();
  for (const part of String(header || '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)).find(Boolean);
    if (name && (!q || Number(q[1]) > 0)) accepted.add(name);
  }
  return [
    ['br', '.br'],
    ['gzip', '.gz'],
  ].filter(([name]) => accepted.has(name));
}

/** If-None-Match against an ETag (weak comparison, as for GET and HEAD). */
function etagMatches(header, etag) {
  if (!header) return false;
  const weak = (tag) => tag.trim().replace(/^W\//, '');
  return String(header)
    .split(',')
    .some((tag) => tag.trim() === '*' || weak(tag) === weak(etag));
}

function statFile(file) {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? stat : null;
  } catch {
    return null;
  }
}

function handler(dir) {
  const base = path.resolve(dir);
  const serve = (req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Chỉ hỗ trợ GET.');
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(400, 'Địa chỉ không hợp lệ.');
    }
    // A NUL byte or a control character is never part of a file name we serve.
    if ([...pathname].some((ch) => ch.charCodeAt(0) < 32)) return send(400, 'Địa chỉ không hợp lệ.');
    if (pathname === '/') {
      res.writeHead(302, { Location: '/taskpane.html' });
      return res.end();
    }
    const file = path.resolve(base, `.${pathname}`);
    if (file !== base && !file.startsWith(base + path.sep))
      return send(403, 'Không được truy cập ngoài thư mục phục vụ.');
    const stat = statFile(file);
    if (!stat) {
      // Browsers ask for it on every page: an older build without one gets "nothing", not an error.
      if (pathname === '/favicon.ico') {
        res.writeHead(204, { 'Cache-Control': 'no-cache' });
        return res.end();
      }
      return send(404, `Không có ${pathname}.`);
    }
    const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
    const immutable = /\.[0-9a-f]{8}\.js$/.test(file);
    let body = file;
    let size = stat.size;
    let sentStat = stat;
    const headers = {
      'Content-Type': type,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      Vary: 'Accept-Encoding',
    };
    for (const [encoding, suffix] of encodingsAccepted(req.headers['accept-encoding'])) {
      const packed = statFile(file + suffix);
      if (packed) {
        body = file + suffix;
        size = packed.size;
        sentStat = packed;
        headers['Content-Encoding'] = encoding;
        break;
      }
    }
    // One tag per copy sent (Vary: Accept-Encoding). The page is no-cache: a repeat load revalidates it, and an
    // unchanged page costs a round trip, not its bytes (the first chunk is inline in it).
    headers.ETag = `W/"${size.toString(16)}-${Math.floor(sentStat.mtimeMs).toString(16)}"`;
    if (etagMatches(req.headers['if-none-match'], headers.ETag)) {
      res.writeHead(304, headers);
      return res.end();
    }
    headers['Content-Length'] = size;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    const stream = fs.createReadStream(body);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
  return (req, res) => {
    try {
      serve(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Lỗi máy chủ cục bộ.');
    }
  };
}

/** Starts the server; port 0 picks a free one. Resolves with the address to open. */
function startServer({ port = 3000, dir = path.join(ROOT, 'dist', 'web'), secure = false } = {}) {
  return new Promise((resolve, reject) => {
    let server;
    if (secure) {
      const creds = certificate();
      if (!creds) {
        reject(
          new Error(
            'Không có chứng chỉ HTTPS: chạy "npx office-addin-dev-certs install" hoặc đặt HTTPS_CERT và HTTPS_KEY.',
          ),
        );
        return;
      }
      server = https.createServer(creds, handler(dir));
    } else {
      server = http.createServer(handler(dir));
    }
    server.once('error', reject);
    server.listen(port, HOST, () => {
      const actual = server.address().port;
      resolve({ server, port: actual, url: `${secure ? 'https' : 'http'}://${HOST}:${actual}/taskpane.html` });
    });
  });
}

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

module.exports = { startServer, MIME, encodingsAccepted };

if (require.main === module) {
  const port = Number(arg('--port', process.env.PORT || 3000));
  const dir = path.resolve(arg('--dir', path.join(ROOT, 'dist', 'web')));
  if (!fs.existsSync(path.join(dir, 'taskpane.html'))) {
    console.error(
      `Chưa có ${path.relative(process.cwd(), path.join(dir, 'taskpane.html'))}: chạy "npm run build:web" trước.`,
    );
    process.exit(1);
  }
  startServer({ port, dir, secure: process.argv.includes('--https') }).then(
    ({ url }) => console.log(`Đang phục vụ ${path.relative(process.cwd(), dir) || dir} tại ${url} (Ctrl+C để dừng).`),
    (err) => {
      console.error(
        err.code === 'EADDRINUSE'
          ? `Cổng ${port} đang bận: dùng --port khác hoặc dừng chương trình đang chiếm cổng.`
          : err.message,
      );
      process.exit(1);
    },
  );
}
