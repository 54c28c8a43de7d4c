import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { validateCommand, withPreviousFile, type Io } from '../../src/cli/commands';
import { reportCommand } from '../../src/cli/reportCommand';
import { getCatalog } from '../../src/domain/catalog';
import { findingsOf, reportInputOf } from '../../src/domain/workbookData';
import { readWorkbookBytes } from '../../src/io/readWorkbook';
import { unitWorkbookBytes } from '../fixtures/unitWorkbook';

const catalog = getCatalog('2024');
const dir = mkdtempSync(path.join(tmpdir(), 'cchc-prev-'));

function capture(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (t) => lines.push(t), err: (t) => errors.push(t) };
}

async function file(name: string, values: Record<string, number>, periodKind: string, year: string) {
  const f = path.join(dir, name);
  writeFileSync(f, await unitWorkbookBytes('Sở Tư pháp', values, { periodKind, year }));
  return f;
}

describe('the previous period', () => {
  let h1: string;
  beforeAll(async () => {
    // 1.1.1 is a flow (tasks in the year so far); 3.1 a stock (procedures in force at the cut-off).
    h1 = await file('h1-2024.xlsx', { '1.1.1': 10, '1.1.2': 8, '3.1': 300 }, '6 tháng đầu năm', '2024');
  });

  it('an earlier window of the same year: a cumulative flow that fell and a stock that jumped are warnings', async () => {
    const q1 = await file('q1-2024.xlsx', { '1.1.1': 15, '1.1.2': 6, '3.1': 100 }, 'Quý I', '2024');
    const io = capture();
    expect(await validateCommand(h1, { previous: q1, json: true }, io)).toBe(0);
    const json = JSON.parse(io.lines.join('\n'));
    expect(json.previous).toMatchObject({ relation: 'earlier-in-year', period: { kind: 'Q1', year: 2024 } });
    const byRule = Object.fromEntries(json.findings.map((f: { rule: string; message: string }) => [f.rule, f]));
    expect(byRule['1.1.1#cumulative'].severity).toBe('warning');
    expect(byRule['1.1.1#cumulative'].message).toContain('nhỏ hơn 15 của quý I năm 2024');
    expect(byRule['1.1.2#cumulative']).toBeUndefined();
    expect(byRule['3.1#jump'].message).toContain('tăng 200%');
    // Text output says them too.
    const text = capture();
    await validateCommand(h1, { previous: q1 }, text);
    expect(text.lines.join('\n')).toContain('số lũy kế từ đầu năm không giảm');
  });

  it('the same period of last year gives the report its comparison data', async () => {
    const last = await file('h1-2023.xlsx', { '1.1.1': 8, '1.1.2': 4, '3.1': 290 }, '6 tháng đầu năm', '2023');
    const read = await readWorkbookBytes(new Uint8Array(readFileSync(h1)), 'h1-2024.xlsx', catalog);
    const { data, findings } = await withPreviousFile(catalog, read, last);
    expect(findings).toEqual([]);
    expect(data.previous!.relation).toBe('same-period-last-year');
    expect(data.previous!.figures['1.1.1']).toEqual({ current: 10, previous: 8, change: 2, changePercent: 25 });
    expect(data.previous!.figures['1.1.2'].changePercent).toBe(100);
    const input = reportInputOf(catalog, data, findingsOf(catalog, data));
    expect(input.previous).toBe(data.previous);
    const io = capture();
    expect(await reportCommand(h1, { previous: last, output: path.join(dir, 'bc.docx') }, io)).toBe(0);
  });

  it('an unrelated period is said, and nothing is compared', async () => {
    const y2022 = await file('y-2022.xlsx', { '1.1.1': 1 }, 'Năm', '2022');
    const read = await readWorkbookBytes(new Uint8Array(readFileSync(h1)), 'h1-2024.xlsx', catalog);
    const { data, findings } = await withPreviousFile(catalog, read, y2022);
    expect(data.previous!.relation).toBe('other');
    expect(data.previous!.figures).toEqual({});
    expect(findings[0].message).toContain('năm 2022');
  });
});
