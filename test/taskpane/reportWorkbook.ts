import { LEVEL_LABELS, type ReportDetails } from '../../src/domain/details';
import { formatDateShort } from '../../src/domain/format';
import { isInputIndicator, nameForDetail, nameForKey, nameForText } from '../../src/domain/layout';
import type { RawValue } from '../../src/office/port';
import { MemoryPort } from '../../src/taskpane/standalone/memoryPort';
import { injectForms } from '../../src/taskpane/usecases';
import { filledDetails, filledFigures, filledTexts } from '../fixtures/filledFigures';
import { catalog, ctxSo2024 } from './helpers';

/** A figure as a user types it in a Vietnamese Excel: "16.183", "1.115,137". */
export function typedFigure(value: number, decimals = 0): string {
  const [int, frac] = value.toFixed(decimals).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return frac ? `${grouped},${frac}` : grouped;
}

function detailText(field: keyof ReportDetails, d: ReportDetails): string | null {
  const v = d[field];
  if (field === 'level') return d.level ? LEVEL_LABELS[d.level] : null;
  if (field === 'date' || field === 'from' || field === 'to') return v ? formatDateShort(String(v)) : null;
  if (field === 'recipients') return d.recipients.join('\n');
  if (field === 'periodKind' || field === 'year') return null; // written by the injection
  return v === null || v === undefined || v === '' ? null : String(v);
}

export interface FillOptions {
  /** Figures typed instead of the fixture's (as typed: text or number). */
  figures?: Record<string, RawValue>;
  details?: Partial<ReportDetails>;
  texts?: Record<string, string>;
}

/**
 * A memory workbook with the forms inserted for a sở, 6 tháng 2024, and filled by typing in the
 * cells as a user would: the fixture's figures (cells locked for a sở refuse, as in Excel),
 * the details and the unit's own text.
 */
export async function filledPort(options: FillOptions = {}): Promise<MemoryPort> {
  const port = MemoryPort.blank();
  await injectForms(port, catalog, ctxSo2024);
  const { names } = await port.readInputs();
  const figures = filledFigures(catalog);
  for (const ind of catalog.indicators) {
    if (!isInputIndicator(ind)) continue;
    const at = names[nameForKey(ind.key)];
    const value = options.figures && ind.key in options.figures ? options.figures[ind.key] : figures.values[ind.key];
    if (!at || value === undefined) continue;
    const text = typeof value === 'number' ? typedFigure(value, figures.decimals?.[ind.key] ?? 0) : value;
    port.edit(at.sheet, at.address, [[text]]);
  }
  const details = { ...filledDetails(), ...options.details };
  for (const field of Object.keys(details) as (keyof ReportDetails)[]) {
    const at = names[nameForDetail(field)];
    const text = detailText(field, details);
    if (at && text !== null) port.edit(at.sheet, at.address, [[text]]);
  }
  for (const [id, text] of Object.entries(options.texts ?? filledTexts())) {
    const at = names[nameForText(id)];
    if (at) port.edit(at.sheet, at.address, [[text]]);
  }
  return port;
}
