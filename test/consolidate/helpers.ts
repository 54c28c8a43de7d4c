import { formOfKey, formLabel } from '../../src/domain/catalog';
import type { Level } from '../../src/domain/catalog/types';
import type { UnitSubmission } from '../../src/domain/consolidate';
import { makePeriod } from '../../src/domain/period';

/** A unit's submission as a reader would make it: each figure in its own cell of its form's sheet. */
export function unit(
  name: string,
  values: Record<string, number | null>,
  opts: { file?: string; to?: string; level?: Level; typed?: Record<string, string | number> } = {},
): UnitSubmission {
  const provenance: UnitSubmission['provenance'] = {};
  const cells: Record<string, { sheet: string; address: string }> = {};
  Object.keys(values).forEach((key, i) => {
    const sheet = formLabel(formOfKey(key));
    const address = `D${6 + i}`;
    cells[key] = { sheet, address };
    provenance[key] = { sheet, cell: address, typed: opts.typed?.[key] ?? values[key] };
  });
  return {
    unit: name,
    file: opts.file ?? `${name}.xlsx`,
    figures: { values, cells },
    period: makePeriod('H1', 2024, opts.to ? { to: opts.to } : undefined),
    level: opts.level ?? 'so',
    provenance,
  };
}
