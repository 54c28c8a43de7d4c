import { planWorkbook } from '../../src/domain/layout';
import { attachLiveValidation, checkAll, type CheckResult } from '../../src/taskpane/usecases';
import type { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { catalog, ctxSo2024, figureCell } from './helpers';
import { filledPort } from './reportWorkbook';

const plan = planWorkbook(catalog, ctxSo2024);

/** What the standalone grid shows in a computed cell (the engine's result, as the port stores it). */
function shown(port: MemoryPort, id: string): string {
  const c = plan.computed.find((x) => x.id === id)!;
  const p = /^([A-Z]+)(\d+)$/.exec(c.address)!;
  const view = port.view(c.sheet)!;
  return view.cells[Number(p[2]) - 1][p[1].charCodeAt(0) - 65].text;
}

async function typing(port: MemoryPort) {
  const results: CheckResult[] = [];
  await checkAll(port);
  const live = await attachLiveValidation(port, (r) => results.push(r));
  return {
    results,
    type: async (key: string, value: number) => {
      const at = figureCell(key);
      expect(port.edit(at.sheet, at.address, [[value]], 'type')).toEqual({ ok: true });
      await live.idle();
      return results.at(-1)!;
    },
    stop: () => live.detach(),
  };
}

describe('rates and "a/b" are not shown from figures in error', () => {
  test('the a/b display of 3.3 goes blank while more files are solved than received, and comes back when fixed', async () => {
    const port = await filledPort();
    const live = await typing(port);
    await live.type('3.3.a', 16_181);
    expect(shown(port, '3.3')).toBe('16.181/16.183');
    const wrong = await live.type('3.3.a', 16_200);
    expect(wrong.findings.map((f) => f.rule)).toContain('3.3.a#1');
    expect(shown(port, '3.3')).toBe('');
    await live.type('3.3.a', 16_181);
    expect(shown(port, '3.3')).toBe('16.181/16.183');
    live.stop();
  });

  test('a stated rate is not compared with a rate worked out from figures in error (no "16.000%" in Kiểm tra)', async () => {
    const port = await filledPort();
    const live = await typing(port);
    const def = catalog.rates.find((r) => r.statedBy === '3.3.1')!;
    const statedRule = `${def.id}~${def.statedBy}`;
    // The stated 50% is far from the rate of the forms: a finding that quotes both.
    const stated = await live.type('3.3.1', 50);
    expect(stated.findings.find((f) => f.rule === statedRule)?.message).toMatch(/ghi 50% nhưng/);
    expect(shown(port, def.id)).not.toBe('');

    // 4.2 typed as 100 although its parts add up to 16.181: the rate would be 16.000%.
    const broken = await live.type('BM3/4.2', 100);
    expect(broken.findings.map((f) => f.rule)).toContain('BM3/4.2#1');
    expect(broken.findings.find((f) => f.rule === statedRule)).toBeUndefined();
    expect(broken.findings.map((f) => f.message).join('\n')).not.toMatch(/\d{3,}(\.\d{3})*(,\d+)?%/);
    expect(shown(port, def.id)).toBe('');

    // Fixed: the comparison is back.
    const fixed = await live.type('BM3/4.2', 16_181);
    expect(fixed.findings.find((f) => f.rule === statedRule)?.message).toMatch(/ghi 50% nhưng/);
    live.stop();
  });
});
