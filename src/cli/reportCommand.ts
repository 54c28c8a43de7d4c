import { promises as fs } from 'fs';
import * as path from 'path';
import { buildReportModel } from '../domain/report/model';
import { findingsOf, reportInputOf } from '../domain/workbookData';
import { readWorkbookBytes } from '../io/readWorkbook';
import { renderReportDocx } from '../io/docx/report';
import { WorkbookRejected } from '../io/safeOpen';
import { resolveCatalog, withPreviousFile, type CatalogOptions, type Io } from './commands';
import { CliFailure, EXIT, writeFileAtomic } from './output';

export interface ReportOptions extends CatalogOptions {
  output?: string;
  /** Refuse to write while any figure has an open error. */
  strict?: boolean;
  /** The unit's previous report: comparison with it and the cumulative warnings. */
  previous?: string;
}

/** `cchc report FILE.xlsx -o OUT.docx`: the narrative report, headless. */
export async function reportCommand(file: string, opts: ReportOptions, io: Io): Promise<number> {
  const catalog = await resolveCatalog(opts);
  const data = await fs.readFile(file).catch(() => {
    throw new CliFailure(`Không tìm thấy hoặc không mở được tệp ${file}.`);
  });
  const read = await readWorkbookBytes(new Uint8Array(data), path.basename(file), catalog).catch((e) => {
    throw new CliFailure(
      e instanceof WorkbookRejected ? e.message : `Không đọc được tệp ${file}: ${(e as Error).message}`,
    );
  });
  const { data: withPrev, findings: previousFindings } = await withPreviousFile(catalog, read, opts.previous);
  for (const f of previousFindings) io.err(`Cảnh báo: ${f.message}`);
  const findings = findingsOf(catalog, withPrev);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length) {
    io.err(`Còn ${errors.length} lỗi số liệu; các câu có số liệu này được đánh dấu trong báo cáo:`);
    for (const f of errors) io.err(`  - ${f.message}`);
    if (opts.strict) {
      io.err('Không xuất báo cáo (--strict). Sửa số liệu rồi chạy lại.');
      return EXIT.findings;
    }
  }
  const model = buildReportModel(reportInputOf(catalog, withPrev, findings));
  for (const w of model.warnings) io.err(`Cảnh báo: ${w}`);
  const output = opts.output ?? file.replace(/\.xlsx$/i, '') + '.docx';
  await writeFileAtomic(output, await renderReportDocx(model));
  io.out(`Đã xuất báo cáo ${output}${errors.length ? ` (còn ${errors.length} lỗi số liệu được đánh dấu)` : ''}.`);
  return EXIT.ok;
}
