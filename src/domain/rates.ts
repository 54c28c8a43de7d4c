import type { Catalog, RateDef } from './catalog/types';
import { evaluate } from './expr';
import type { FigureSet } from './figures';

export interface RateValue {
  def: RateDef;
  numerator: number | null;
  denominator: number | null;
  /** Percent points; null when a part is missing or the denominator is zero (never 0% or 100%). */
  value: number | null;
}

/** Percent points of n/d, or null for a zero or missing denominator. */
export function ratePoints(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return (numerator / denominator) * 100;
}

export function computeRate(def: RateDef, figures: FigureSet): RateValue {
  const get = (k: string) => figures.values[k] ?? null;
  const numerator = evaluate(def.numerator, get);
  const denominator = evaluate(def.denominator, get);
  return { def, numerator, denominator, value: ratePoints(numerator, denominator) };
}

export function computeRates(catalog: Catalog, figures: FigureSet): Map<string, RateValue> {
  const out = new Map<string, RateValue>();
  for (const def of catalog.rates) out.set(def.id, computeRate(def, figures));
  return out;
}
