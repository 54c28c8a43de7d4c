import { spawnSync } from 'child_process';
import { existsSync, statSync, writeFileSync } from 'fs';
import JSZip from 'jszip';
import * as path from 'path';
import { version } from '../../package.json';
import { unitWorkbookBytes } from '../fixtures/unitWorkbook';
import { cchc as inProcess, tempDir } from './run';

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
    const sources = [
      'cchc.ts',
      'commands.ts',
      'output.ts',
      'consolidateCommand.ts',
      'readUnits.ts',
      'readWorker.ts',
    ].map((f) => statSync(path.join(root, 'src', 'cli', f)).mtimeMs);
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

  // Built, a long list is read by more than one thread (on a machine of several cores); from the sources
  // (the in-process run) by this one alone. Both give the same answer, refusals and duplicates included.
  it('consolidates a long list the same with reading threads as without', async () => {
    const zip = await JSZip.loadAsync(await unitWorkbookBytes('Đơn vị 00', { '1.1.1': 20, '1.1.2': 10, '3.1': 5 }));
    const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
    expect(strings).toContain('Đơn vị 00');
    const files: string[] = [];
    for (let i = 1; i <= 260; i++) {
      const file = path.join(dir, `don-vi-${i}.xlsx`);
      if (i === 31) writeFileSync(file, 'day khong phai tep excel');
      else if (i !== 45) {
        // The 50th is a second file of the 7th unit.
        zip.file(
          'xl/sharedStrings.xml',
          strings.replace('Đơn vị 00', `Đơn vị ${String(i === 50 ? 7 : i).padStart(3, '0')}`),
        );
        writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
      }
      files.push(file);
    }
    const built = cchc('consolidate', ...files, '-o', 'tong-hop-a.xlsx', '--json');
    const here = await inProcess(['consolidate', ...files, '-o', path.join(dir, 'tong-hop-b.xlsx'), '--json']);
    // Refused files: the exit code for them, the same both ways.
    expect(here.code).not.toBe(0);
    expect(built.code).toBe(here.code);
    const answer = (text: string) => ({ ...JSON.parse(text), output: undefined });
    expect(answer(built.out)).toEqual(answer(here.out));
    const status = answer(built.out).units.map((u: { status: string; reason?: string }) => u.reason ?? u.status);
    expect(status.filter((s: string) => s === 'ok')).toHaveLength(257);
    expect(status[30]).toContain('không phải');
    expect(status[44]).toBe('không tìm thấy tệp');
    expect(status[49]).toContain('hai tệp');
    expect(answer(built.out).consolidated).toHaveLength(257);
  });
});
