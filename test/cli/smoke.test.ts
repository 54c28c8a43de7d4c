import { spawnSync } from 'child_process';
import { existsSync, statSync } from 'fs';
import * as path from 'path';
import { version } from '../../package.json';
import { tempDir } from './run';

// The one test of the built command as a process (the others run the same program in-process): `npm test`
// builds first; a build older than the CLI's sources is reported rather than tested.
const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'dist', 'node', 'src', 'cli', 'cchc.js');
const dir = tempDir('cchc-smoke-');

function cchc(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the built cchc', () => {
  it('is built from the current sources', () => {
    expect(existsSync(bin) ? 'built' : 'chưa build: chạy npm run build:cli').toBe('built');
    const sources = ['cchc.ts', 'commands.ts', 'output.ts'].map(
      (f) => statSync(path.join(root, 'src', 'cli', f)).mtimeMs,
    );
    expect(statSync(bin).mtimeMs).toBeGreaterThanOrEqual(Math.max(...sources) - 1000);
  });

  it('runs as a process: version, a usage error, a template validated clean, a refusal', () => {
    expect(cchc('--version')).toEqual({ code: 0, out: `${version}\n`, err: '' });
    const usage = cchc('raed');
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('Không có lệnh "raed"');
    const made = cchc('template', '-o', 'mau.xlsx', '--level', 'so', '--period', '6 tháng', '--year', '2024');
    expect(made.code).toBe(0);
    expect(made.out).toContain('Đã tạo mau.xlsx');
    expect(cchc('validate', 'mau.xlsx').code).toBe(0);
    expect(cchc('template', '-o', 'mau.xlsx').code).toBe(2);
    const missing = cchc('read', 'khong-co.xlsx');
    expect(missing.code).toBe(3);
    expect(missing.err).toContain('Không tìm thấy tệp khong-co.xlsx');
  });
});
