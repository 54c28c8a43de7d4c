#!/usr/bin/env node
// npm start: on Windows or macOS with Office, sideload the add-in; elsewhere (Linux, no Office)
// serve the pane in standalone mode on http://127.0.0.1:3000 (localhost). Keeps running.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { startServer } = require('./serve');

const ROOT = path.resolve(__dirname, '..');
const WEB = path.join(ROOT, 'dist', 'web');
const PORT = Number(process.env.PORT || 3000);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

// What the web build is made from: a change to any of them makes dist/web stale.
const SOURCES = ['src', 'assets', 'webpack.config.js', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** The newest modification time (ms) among files under `p`, 0 when nothing is there. */
function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Why dist/web must be (re)built before serving, or null when it is current. */
function staleReason(root = ROOT, web = path.join(root, 'dist', 'web')) {
  const built = path.join(web, 'taskpane.html');
  if (!fs.existsSync(built)) return 'Chưa có bản build web';
  const builtAt = fs.statSync(built).mtimeMs;
  const newer = SOURCES.find((s) => newestMtime(path.join(root, s)) > builtAt);
  return newer ? `Mã nguồn (${newer}) mới hơn bản build web` : null;
}

function ensureBuilt() {
  const reason = process.argv.includes('--rebuild') ? 'Yêu cầu build lại' : staleReason();
  if (!reason) return;
  console.log(`${reason}: đang build (webpack --mode production)…`);
  const r = spawnSync(npx, ['webpack', '--mode', 'production'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('Build thất bại.');
    process.exit(r.status || 1);
  }
}

function hasPackage(name) {
  try {
    require.resolve(`${name}/package.json`, { paths: [ROOT] });
    return true;
  } catch {
    return false;
  }
}

function keepAlive(server) {
  const stop = () => {
    server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function standalone() {
  ensureBuilt();
  const { server, url } = await startServer({ port: PORT, dir: WEB });
  keepAlive(server);
  console.log('');
  console.log('Máy này không có Excel: chạy ở CHẾ ĐỘ ĐỘC LẬP (standalone).');
  console.log(`Mở ${url} (hoặc http://localhost:${PORT}/taskpane.html) trong trình duyệt.`);
  console.log('Sổ tính nằm trong trang; "Mở tệp .xlsx" và "Lưu .xlsx" để làm việc với tệp. Không có kết nối mạng nào.');
  console.log('Ctrl+C để dừng.');
}

function printSideloadHelp() {
  console.log('');
  console.log('Chưa cài office-addin-debugging ("npm install --no-save office-addin-debugging" để nạp tự động).');
  console.log('Nạp add-in thủ công (sideload):');
  console.log(
    '  Excel/Word trên web: Trang đầu → Phần bổ trợ → Phần bổ trợ khác → Tải lên Phần bổ trợ của tôi → chọn manifest.xml.',
  );
  console.log('  Excel/Word trên Windows: đặt manifest.xml vào một thư mục chia sẻ, thêm thư mục đó vào');
  console.log(
    '    Tệp → Tùy chọn → Trung tâm Tin cậy → Danh mục Phần bổ trợ Tin cậy, rồi Chèn → Phần bổ trợ của tôi → THƯ MỤC DÙNG CHUNG.',
  );
  console.log(
    '  Excel/Word trên macOS: chép manifest.xml vào ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef (Word: com.microsoft.Word).',
  );
  console.log(
    'Manifest trỏ tới https://localhost:3000/taskpane.html: cần chứng chỉ HTTPS cho localhost (npx office-addin-dev-certs install).',
  );
}

async function withOffice() {
  ensureBuilt();
  if (hasPackage('office-addin-debugging')) {
    console.log('Nạp add-in vào Excel bằng office-addin-debugging…');
    const child = spawn(
      npx,
      [
        'office-addin-debugging',
        'start',
        'manifest.xml',
        '--dev-server',
        `node scripts/serve.js --https --port ${PORT}`,
        '--dev-server-port',
        String(PORT),
      ],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    child.on('exit', (code) => process.exit(code || 0));
    return;
  }
  printSideloadHelp();
  try {
    const { server, url } = await startServer({ port: PORT, dir: WEB, secure: true });
    keepAlive(server);
    console.log(`Đang phục vụ ngăn tác vụ tại ${url}. Ctrl+C để dừng.`);
  } catch (err) {
    console.log(`Không mở được HTTPS (${err.message}); phục vụ ở chế độ độc lập thay thế.`);
    await standalone();
  }
}

module.exports = { staleReason, newestMtime, SOURCES };

if (require.main === module) {
  const officePlatform = process.platform === 'win32' || process.platform === 'darwin';
  (officePlatform && !process.argv.includes('--standalone') ? withOffice() : standalone()).catch((err) => {
    console.error(
      err.code === 'EADDRINUSE'
        ? `Cổng ${PORT} đang bận: đặt PORT=… hoặc dừng chương trình đang chiếm cổng.`
        : err.message,
    );
    process.exit(1);
  });
}
