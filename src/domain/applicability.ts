import type { Indicator } from './catalog/types';
import type { ReportContext } from './figures';
import { periodEndsBefore } from './period';

/** Whether a row applies to a unit's level and period (e.g. cấp huyện rows end on 01/7/2025). */
export function applies(ind: Indicator, ctx: ReportContext): boolean {
  if (ctx.level && ind.levels.length > 0 && !ind.levels.includes(ctx.level)) return false;
  if (ctx.period && ind.until && !periodEndsBefore(ctx.period, ind.until)) return false;
  return true;
}
