/**
 * @jest-environment jsdom
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { TextDecoder, TextEncoder } from 'util';
import { nameForDetail, nameForKey } from '../../src/domain/layout';
import { makePeriod } from '../../src/domain/period';
import { ImportTab } from '../../src/taskpane/ImportTab';
import type { PaneContext } from '../../src/taskpane/paneContext';
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { injectForms } from '../../src/taskpane/usecases';
import { catalog, unitFile } from '../taskpane/importFixtures';

// Browsers have these; jest's jsdom environment does not (the readers use them).
Object.assign(globalThis, { TextEncoder, TextDecoder });

function paneContext(port: MemoryPort): PaneContext {
  return {
    host: 'standalone',
    port,
    catalog,
    check: null,
    busy: false,
    inject: async () => undefined,
    checkAll: async () => undefined,
    select: () => undefined,
    notify: () => undefined,
  };
}

test('the Tổng hợp tab says whose forms the totals go into, then writes them there', async () => {
  const port = MemoryPort.blank();
  await injectForms(port, catalog, { level: 'tinh', period: makePeriod('Q1', 2024) });
  const snap = await port.readInputs();
  const unit = snap.names[nameForDetail('unit')];
  port.edit(unit.sheet, unit.address, [['UBND tỉnh Hà Nam']]);
  const own = snap.names[nameForKey('2.1')];
  port.edit(own.sheet, own.address, [[7]]);
  const files = [
    await unitFile('a.xlsx', 'Sở A', { '1.1.1': 4 }, { periodKind: 'Quý I' }),
    await unitFile('b.xlsx', 'Sở B', { '1.1.1': 6 }, { periodKind: 'Quý I' }),
  ];
  render(
    <FluentProvider theme={webLightTheme}>
      <ImportTab ctx={paneContext(port)} />
    </FluentProvider>,
  );
  const input = screen.getByLabelText('Tệp .xlsx của các đơn vị') as HTMLInputElement;
  fireEvent.change(input, { target: { files: files.map((f) => new File([f.bytes as BlobPart], f.name)) } });
  expect((await screen.findByTestId('own-forms', {}, { timeout: 20000 })).textContent).toBe(
    'Số tổng hợp sẽ được ghi vào các biểu của UBND tỉnh Hà Nam (tỉnh, quý I năm 2024); số liệu đơn vị tự theo dõi và câu trả lời mã hóa của đơn vị giữ nguyên.',
  );
  fireEvent.click(screen.getByRole('button', { name: 'Tổng hợp vào sổ làm việc' }));
  await waitFor(() => expect(screen.getByRole('status').textContent).toContain('các biểu của UBND tỉnh Hà Nam'), {
    timeout: 20000,
  });
  const at = snap.names[nameForKey('1.1.1')];
  expect(port.workbook.getWorksheet(at.sheet)!.getCell(at.address).value).toBe(10);
  expect(port.workbook.getWorksheet(own.sheet)!.getCell(own.address).value).toBe(7);
});
