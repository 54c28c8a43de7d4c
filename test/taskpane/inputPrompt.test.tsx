/**
 * @jest-environment jsdom
 */
import './jsdomCompat';
import ExcelJS from 'exceljs';
import { act, render, screen, waitFor } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { catalog2024 } from '../../src/domain/catalog/data/v2024';
import { CatalogError, loadCatalog, MAX_HINT } from '../../src/domain/catalog/load';
import { ExcelPort } from '../../src/office/excelPort';
import { Grid } from '../../src/taskpane/standalone/Grid';
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { injectForms } from '../../src/taskpane/usecases';
import { RecordingExcel, type HostProfile } from '../fakes/excel';
import { catalog, ctxSo2024, figureCell } from './helpers';

const HINT = '1 = đã ban hành kế hoạch CCHC của kỳ; 0 = chưa ban hành.';

describe('input messages from the catalog hint column', () => {
  test('the catalog carries a user-facing hint apart from the reference note; a hint Excel cannot show whole is refused', () => {
    expect(catalog.byKey.get('1.1')?.hint).toBe(HINT);
    // The reference table's own notes (English, for whoever maintains the catalog) are not hints.
    expect(catalog.byKey.get('1.2.2')?.note).toMatch(/^only where/);
    expect(catalog.byKey.get('1.2.2')?.hint).toBeUndefined();
    expect(catalog.byKey.get('BM3/4.2')?.hint).toMatch(/^Bằng 4\.2\.1 \+ 4\.2\.2 \+ 4\.2\.3/);
    // Every hint is Vietnamese for the user and fits Excel's input message.
    for (const ind of catalog.indicators.filter((i) => i.hint)) {
      expect(ind.hint!.length).toBeLessThanOrEqual(MAX_HINT);
      expect(ind.hint).not.toMatch(/\b(the|only|stock|flow|NOT|cross-check)\b/);
    }

    const long = catalog2024.phuLucI.replace(HINT, 'x'.repeat(MAX_HINT + 1));
    expect(() => loadCatalog({ ...catalog2024, id: 'dai', phuLucI: long })).toThrow(CatalogError);
    expect(() => loadCatalog({ ...catalog2024, id: 'dai', phuLucI: long })).toThrow(
      /^Phụ lục I, dòng \d+: lời nhắc \(cột hint\) dài 256 ký tự, Excel chỉ hiện tối đa 255 ký tự$/,
    );
    // A province's own tables may leave the column out.
    const without = catalog2024.phuLucI
      .split('\n')
      .map((l) => l.split('\t').slice(0, 11).join('\t'))
      .join('\n');
    expect(loadCatalog({ ...catalog2024, id: 'khong-hint', phuLucI: without }).byKey.get('1.1')?.hint).toBeUndefined();
  });

  test.each<HostProfile>(['office2019', 'm365'])(
    'Excel (%s): the hint is the data validation input message of the figure cell, beside its rule',
    async (profile) => {
      const fake = new RecordingExcel({ profile });
      const port = new ExcelPort({ run: fake.run, runIn: fake.runIn, isSetSupported: fake.isSetSupported });
      await injectForms(port, catalog, ctxSo2024);
      const at = figureCell('1.1');
      expect(fake.cell(at.sheet, at.address).validation).toMatchObject({
        rule: { wholeNumber: { operator: 'GreaterThanOrEqualTo', formula1: 0 } },
        prompt: { showPrompt: true, title: 'Chỉ tiêu 1.1', message: HINT },
      });
      const code = figureCell('1.4.2');
      expect(fake.cell(code.sheet, code.address).validation).toMatchObject({
        rule: { list: { source: '0,1,2' } },
        prompt: { title: 'Chỉ tiêu 1.4.2', message: 'Chọn mã: Trực tuyến = 0; Phát phiếu = 1; Kết hợp = 2.' },
      });
      // A figure without a hint gets its rule and no message.
      const plain = figureCell('1.1.1');
      expect(fake.cell(plain.sheet, plain.address).validation?.prompt).toBeUndefined();
    },
  );

  test('standalone: the selected cell shows the same message, read with the cell by a screen reader; the saved file keeps it', async () => {
    const port = MemoryPort.blank();
    await injectForms(port, catalog, ctxSo2024);
    render(
      <FluentProvider theme={webLightTheme}>
        <Grid port={port} />
      </FluentProvider>,
    );
    const at = figureCell('1.1');
    await act(async () => {
      await port.select(at.sheet, at.address);
    });
    const note = await screen.findByRole('note');
    expect(note.textContent).toBe(`Chỉ tiêu 1.1: ${HINT}`);
    await waitFor(() =>
      expect(document.querySelector('[data-selected="true"]')?.getAttribute('aria-describedby')).toBe(note.id),
    );
    await act(async () => {
      await port.select(at.sheet, figureCell('1.1.1').address);
    });
    await waitFor(() => expect(screen.queryByRole('note')).toBeNull());

    const saved = new ExcelJS.Workbook();
    await saved.xlsx.load((await port.save()) as unknown as ArrayBuffer);
    expect(saved.getWorksheet(at.sheet)!.getCell(at.address).dataValidation).toMatchObject({
      showInputMessage: true,
      promptTitle: 'Chỉ tiêu 1.1',
      prompt: HINT,
    });
  });
});
