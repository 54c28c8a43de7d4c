// The standalone open in a Web Worker gives the workbook the page would have opened itself: the
// worker's function is run here directly, its answer cloned as postMessage clones it.
import { buildRealSoWorkbook } from '../fixtures/legacyForms';
import { buildHostileInputs, millionRowWorkbook } from '../hostile/inputs';
import { WorkbookRejected } from '../../src/io/openArchive';
import { openWorkbook } from '../../src/io/safeOpen';
import { DeferredPort } from '../../src/taskpane/standalone/deferredPort';
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { openForTransfer } from '../../src/taskpane/standalone/openWorkbook.worker';
import { workbookOfReply } from '../../src/taskpane/standalone/workbookTransfer';
import { injectForms } from '../../src/taskpane/usecases';
import { catalog, ctxSo2024, figureCell } from './helpers';

/** The worker's path: open there, cross as postMessage would (a structured clone), build here. */
async function throughWorker(data: Uint8Array, fileName: string) {
  return workbookOfReply(structuredClone(await openForTransfer(data, fileName)));
}

/** Everything the pane sees of a workbook: the sheets, every grid, the forms read back, and the file it saves. */
async function seen(port: MemoryPort) {
  const views = port.visibleSheets().map((s) => port.view(s));
  const snapshot = await port.readInputs({ formulas: true });
  const saved = await MemoryPort.open(await port.save(), port.fileName);
  return {
    sheets: await port.sheetNames(),
    views,
    snapshot,
    names: port.workbook.definedNames.model,
    savedSnapshot: await saved.readInputs({ formulas: true }),
    savedViews: saved.visibleSheets().map((s) => saved.view(s)),
  };
}

async function sameBothWays(data: Uint8Array, fileName: string) {
  const direct = new MemoryPort(await openWorkbook(data, fileName), fileName);
  const viaWorker = new MemoryPort(await throughWorker(data, fileName), fileName);
  expect(await seen(viaWorker)).toEqual(await seen(direct));
}

/** A workbook the standalone pane made: forms injected (protection, lists, merges, panes, formats), figures typed. */
async function injectedWorkbook(): Promise<Uint8Array> {
  const port = MemoryPort.blank();
  await injectForms(port, catalog, ctxSo2024);
  const whole = figureCell('1.1.1');
  port.edit(whole.sheet, whole.address, [[39]], 'type');
  port.edit(whole.sheet, whole.note, [['ghi chú']], 'type');
  return port.save();
}

describe('opening a file in the worker', () => {
  test('a workbook with the forms injected and filled: the same sheets, grids, figures and saved file', async () => {
    await sameBothWays(await injectedWorkbook(), 'bao-cao.xlsx');
  });

  test("a colleague's hand-made form (merges, two-row headers, text figures): the same", async () => {
    await sameBothWays(new Uint8Array(await buildRealSoWorkbook()), 'so-cong-thuong.xlsx');
  });

  test('every hostile input: refused with the same Vietnamese reason, or opened the same', async () => {
    for (const input of await buildHostileInputs()) {
      const direct = await openWorkbook(input.bytes, input.name).then(
        () => null,
        (err: Error) => err,
      );
      if (direct) {
        expect(direct).toBeInstanceOf(WorkbookRejected);
        await expect(throughWorker(input.bytes, input.name)).rejects.toThrow(
          new WorkbookRejected((direct as WorkbookRejected).reason, input.name),
        );
      } else await sameBothWays(input.bytes, input.name);
    }
  });

  test('a million rows is refused in the worker, naming the bound', async () => {
    const reply = await openForTransfer(await millionRowWorkbook(), 'trieu-dong.xlsx');
    expect(reply.ok).toBe(false);
    expect(reply).toMatchObject({ rejected: { file: 'trieu-dong.xlsx', reason: expect.stringMatching(/100\.000/) } });
  });

  test('the standalone port opens through its opener and shows the file; a refusal leaves the open workbook as it was', async () => {
    const opened: string[] = [];
    const port = new DeferredPort(
      async () => MemoryPort.blank(),
      async (data, fileName) => {
        opened.push(fileName);
        return throughWorker(data, fileName);
      },
    );
    await port.openBytes(await injectedWorkbook(), 'bao-cao.xlsx');
    expect(opened).toEqual(['bao-cao.xlsx']);
    expect(port.fileName).toBe('bao-cao.xlsx');
    const whole = figureCell('1.1.1');
    expect(port.view(whole.sheet)!.cells[whole.row - 1][3].raw).toBe(39);
    await expect(port.openBytes(new Uint8Array([1, 2, 3]), 'hong.xlsx')).rejects.toThrow(WorkbookRejected);
    expect(port.fileName).toBe('bao-cao.xlsx');
    expect(port.view(whole.sheet)!.cells[whole.row - 1][3].raw).toBe(39);
  });
});
