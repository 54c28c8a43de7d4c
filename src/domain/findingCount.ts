import type { Finding } from './validate';

/**
 * How many errors and warnings a check found. The pane's "Kiểm tra" tab, the export dialog, the
 * report tab and the command line all count with this, over the same findings, so one workbook
 * shows one count everywhere.
 */
export interface FindingCount {
  errors: number;
  warnings: number;
}

export function countFindings(findings: readonly Pick<Finding, 'severity'>[]): FindingCount {
  let errors = 0;
  for (const f of findings) if (f.severity === 'error') errors++;
  return { errors, warnings: findings.length - errors };
}

/** "2 lỗi, 1 cảnh báo"; "không có lỗi, 1 cảnh báo"; "không có lỗi hay cảnh báo". */
export function findingCountText({ errors, warnings }: FindingCount): string {
  if (!errors && !warnings) return 'không có lỗi hay cảnh báo';
  const count = (n: number, what: string) => (n ? `${n} ${what}` : `không có ${what}`);
  return `${count(errors, 'lỗi')}, ${count(warnings, 'cảnh báo')}`;
}
