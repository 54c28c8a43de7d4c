// The browser has no node:zlib (webpack gives an empty module): the zip writer and reader use fflate.
jest.mock('zlib', () => ({}));

import JSZip from 'jszip';
import { getCatalog } from '../../src/domain/catalog';
import { consolidate } from '../../src/domain/consolidate';
import { readLeanWorkbook } from '../../src/io/leanReader';
import { writeConsolidatedWorkbook } from '../../src/io/consolidationXlsx';
import { consolidationWorkbookBytes } from '../../src/taskpane/consolidationWorkbook';
import { unit } from '../consolidate/helpers';

const catalog = getCatalog('2024');

describe('the consolidated workbook written without node:zlib (the pane)', () => {
  const units = [unit('Sở A', { '1.1.1': 3, '1.1.2': 2 }), unit('Sở B', { '1.1.1': 4, '1.1.2': 1 })];
  const result = consolidate(catalog, units, {});

  test('is a whole zip another reader opens, with the totals in it', async () => {
    const bytes = writeConsolidatedWorkbook(catalog, result);
    const zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
    expect(Object.keys(zip.files)).toContain('xl/workbook.xml');
    const back = await readLeanWorkbook(bytes, { file: 'tong-hop.xlsx' });
    const summary = back.sheets.find((s) => s.name === 'Tổng hợp')!;
    const totals = [...summary.cells.values()].map((c) => c.v);
    expect(totals).toContain(7);
    expect(totals).toContain('Sở B');
  });

  test('is made on the page where no worker runs, the same bytes', async () => {
    const bytes = await consolidationWorkbookBytes({
      catalog,
      units,
      options: {},
      scope: 'cả tỉnh',
      withData: false,
      result,
    });
    expect(
      Buffer.from(bytes).equals(Buffer.from(writeConsolidatedWorkbook(catalog, result, { scope: 'cả tỉnh' }))),
    ).toBe(true);
  });
});
