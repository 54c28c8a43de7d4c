import { buildReportModel } from '../domain/report/model';
import { findingsOf, reportInputOf } from '../domain/workbookData';
import { renderReportDocx } from '../io/docx/report';
import { readForCommand, resolveCatalog, type CatalogOptions, type Io } from './commands';
import { checkOutput, EXIT, writeFileAtomic } from './output';

export interface ReportOptions extends CatalogOptions {
  output?: string;
  /** Refuse to write while any figure has an open error. */
  strict?: boolean;
  /** Replace an existing output without asking. */
  force?: boolean;
}

/** `cchc report FILE.xlsx -o OUT.docx`: the narrative report, headless. */
export async function reportCommand(file: string, opts: ReportOptions, io: Io): Promise<number> {
  const catalog = await resolveCatalog(opts);
  const output = opts.output ?? file.replace(/\.xlsx$/i, '') + '.docx';
  await checkOutput(output, { kind: 'docx', inputs: [file], force: opts.force, ask: io.ask });
  const { result: read, warnings } = await readForCommand(file, catalog);
  for (const w of warnings) io.err(`Cảnh báo: ${w}`);
  const findings = findingsOf(catalog, read);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length && opts.strict) {
    io.err(`Còn ${errors.length} lỗi số liệu:`);
    for (const f of errors) io.err(`  - ${f.message}`);
    io.err('Không xuất báo cáo (--strict). Sửa số liệu rồi chạy lại.');
    return EXIT.findings;
  }
  const model = buildReportModel(reportInputOf(catalog, read, findings));
  // The model's warnings list each open error once, with the others.
  if (errors.length) io.err(`Còn ${errors.length} lỗi số liệu; các câu có số liệu này được đánh dấu trong báo cáo.`);
  for (const w of model.warnings) io.err(`Cảnh báo: ${w}`);
  await writeFileAtomic(output, await renderReportDocx(model));
  io.out(`Đã xuất báo cáo ${output}${errors.length ? ` (còn ${errors.length} lỗi số liệu được đánh dấu)` : ''}.`);
  return errors.length ? EXIT.findings : EXIT.ok;
}
