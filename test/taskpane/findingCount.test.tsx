/**
 * @jest-environment jsdom
 */
import './jsdomCompat';
import { writeFileSync } from 'fs';
import * as path from 'path';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { countFindings, findingCountText } from '../../src/domain/findingCount';
import { planWorkbook } from '../../src/domain/layout';
import { ReportTab } from '../../src/taskpane/ReportTab';
import { checkAll } from '../../src/taskpane/usecases';
import { cchc, tempDir } from '../cli/run';
import { catalog } from './helpers';
import { paneContext, recordDownloads } from './paneContext';
import { filledPort } from './reportWorkbook';

const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

describe('one error count', () => {
  test('counts and words: "không có" for none', () => {
    const e = { severity: 'error' as const };
    const w = { severity: 'warning' as const };
    expect(countFindings([e, w, e])).toEqual({ errors: 2, warnings: 1 });
    expect(findingCountText(countFindings([e, w, e]))).toBe('2 lỗi, 1 cảnh báo');
    expect(findingCountText(countFindings([w]))).toBe('không có lỗi, 1 cảnh báo');
    expect(findingCountText(countFindings([e]))).toBe('1 lỗi, không có cảnh báo');
    expect(findingCountText(countFindings([]))).toBe('không có lỗi hay cảnh báo');
  });

  test('a relation error, an unreadable figure and an own-text error: Kiểm tra, the export dialog and cchc validate say 3', async () => {
    // The section's words give parts that do not add up (5 + 12 ≠ 12).
    const section = planWorkbook(catalog).inputs.find((i) => i.kind === 'text' && i.id !== 'mo-dau')!.id;
    const port = await filledPort({
      figures: { '1.1.2': '45', '1.1.3': 'khoảng 20' },
      texts: { [section]: 'Ban hành 12 văn bản QPPL (05 Nghị quyết và 12 Quyết định).' },
    });

    const live = await checkAll(port);
    expect(countFindings(live.findings).errors).toBe(3);
    expect(live.summary).toMatch(/^3 lỗi, /);
    expect(live.findings.some((f) => f.rule.startsWith('own-text:'))).toBe(true);

    const downloads = recordDownloads();
    try {
      wrap(<ReportTab ctx={paneContext('standalone', port)} office={null} />);
      fireEvent.click(screen.getByRole('button', { name: 'Xuất báo cáo Word' }));
      const dialog = await screen.findByRole('alertdialog');
      expect(within(dialog).getByText('Còn 3 lỗi số liệu')).toBeTruthy();
    } finally {
      downloads.stop();
    }

    const file = path.join(tempDir('cchc-count-'), 'so.xlsx');
    writeFileSync(file, await port.save());
    const run = await cchc(['validate', file]);
    expect(run.out).toMatch(/— 3 lỗi, /);
  });

  test('fixing the words in the text cell clears its error in the live check', async () => {
    const section = planWorkbook(catalog).inputs.find((i) => i.kind === 'text' && i.id !== 'mo-dau')!;
    const port = await filledPort({
      texts: { [section.id]: 'Ban hành 12 văn bản QPPL (05 Nghị quyết và 12 Quyết định).' },
    });
    const { attachLiveValidation } = await import('../../src/taskpane/usecases');
    const results: string[] = [];
    expect(countFindings((await checkAll(port)).findings).errors).toBe(1);
    const live = await attachLiveValidation(port, (r) => results.push(r.summary));
    port.edit(section.sheet, section.address, [['Ban hành 17 văn bản QPPL (05 Nghị quyết và 12 Quyết định).']], 'type');
    await live.idle();
    live.detach();
    expect(results.at(-1)).toMatch(/^Không có lỗi/);
  });
});
