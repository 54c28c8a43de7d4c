import type ExcelJS from 'exceljs';

/** The value of a cell as typed, flattening rich text, hyperlinks and formula results. */
export function cellRaw(cell: ExcelJS.Cell): string | number | boolean | Date | null {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
    if ('result' in o) {
      const r = o.result as unknown;
      if (r === undefined || r === null) return null;
      if (typeof r === 'object' && r && 'error' in (r as object)) return null;
      return r as string | number | boolean | Date;
    }
    if ('text' in o) return String(o.text);
    if ('error' in o) return null;
  }
  return String(v);
}

export function cellString(cell: ExcelJS.Cell): string {
  const raw = cellRaw(cell);
  if (raw === null) return '';
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  return String(raw).trim();
}

export function isFormulaCell(cell: ExcelJS.Cell): boolean {
  const v = cell.value as unknown;
  return !!v && typeof v === 'object' && ('formula' in (v as object) || 'sharedFormula' in (v as object));
}
