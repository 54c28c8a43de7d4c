// Re-injection in the standalone workbook keeps what the user put around the forms.
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { injectForms } from '../../src/taskpane/usecases';
import { catalog, ctxSo2024, figureCell } from './helpers';

test('the user’s columns beyond a form stay as they are; their cells inside it go below the form', async () => {
  const port = MemoryPort.blank();
  await injectForms(port, catalog, ctxSo2024);
  const whole = figureCell('1.1.1');
  const ws = port.workbook.getWorksheet(whole.sheet)!;
  // As a file edited in Excel would come: a column of the user's own beside the form, and a cell inside it.
  ws.getCell(`K${whole.row}`).value = 'đối chiếu riêng';
  ws.getCell(`K${whole.row + 1}`).value = { formula: 'D8*2' } as never;
  ws.getColumn(11).width = 30;
  const group = figureCell('1.2.1').row - 1; // the group row above 1.2 has no figure
  ws.getCell(`D${group}`).value = 'tự ghi';
  const result = await injectForms(port, catalog, ctxSo2024);
  const again = port.workbook.getWorksheet(whole.sheet)!;
  expect(again.getCell(`K${whole.row}`).value).toBe('đối chiếu riêng');
  expect(again.getCell(`K${whole.row + 1}`).formula).toBe('D8*2');
  expect(again.getColumn(11).width).toBe(30);
  expect(result.moved.map((m) => [m.from.address, m.value])).toEqual([[`D${group}`, 'tự ghi']]);
  const to = result.moved[0].to;
  expect(again.getCell(to.address).value).toBe('tự ghi');
  expect(again.getCell(`D${group}`).value).not.toBe('tự ghi');
});
