/**
 * Interval calibration on the backtest: the factor c by which every quantile is moved from the
 * median (q → m + c·(q − m), see `scaleQuantiles`) so that the outermost band covers its nominal
 * share of the backtest actuals.
 *
 * For each actual y with median m, lower and upper band edges lo and hi, the smallest factor that
 * puts y inside the band is
 *
 *     r = (y − m) / (hi − m)   if y ≥ m,       r = (m − y) / (m − lo)   otherwise,
 *
 * so the coverage at factor c is the share of cases with r ≤ c, and the calibrated factor is the
 * empirical quantile of r at the nominal level (e.g. 0.8 for p10–p90). Conformal prediction uses
 * the same score (Romano et al. 2019, "Conformalized quantile regression", in multiplicative form).
 *
 * The factor is clamped to [0.2, 5]: a band that must shrink or grow more than that is left to the
 * model's own scale rather than trusted to one backtest.
 */
import { nearestIndex, type ForecastSet } from './candidates';
import type { Observation } from './scoring';

export function calibrateIntervals(origins: { set: ForecastSet; obs: Map<string, Observation> }[], model: string, quantiles: number[]): number {
  if (quantiles.length < 2) return 1;
  const nominal = quantiles[quantiles.length - 1]! - quantiles[0]!;
  const mid = nearestIndex(quantiles, 0.5);
  const ratios: number[] = [];
  for (const { set, obs } of origins) {
    for (const [id, f] of set.get(model) ?? []) {
      const o = obs.get(id);
      if (!o) continue;
      const lo = f.quantiles[0]!;
      const hi = f.quantiles[quantiles.length - 1]!;
      const m = f.quantiles[mid]!;
      for (let k = 0; k < Math.min(o.actual.length, lo.length); k++) {
        const y = o.actual[k]!;
        if (Number.isNaN(y)) continue;
        const gap = y >= m[k]! ? y - m[k]! : m[k]! - y;
        const half = y >= m[k]! ? hi[k]! - m[k]! : m[k]! - lo[k]!;
        ratios.push(gap === 0 ? 0 : half > 0 ? gap / half : Infinity);
      }
    }
  }
  if (ratios.length === 0) return 1;
  ratios.sort((a, b) => a - b);
  // Smallest c with share(r ≤ c) ≥ nominal.
  const c = ratios[Math.min(ratios.length - 1, Math.ceil(nominal * ratios.length) - 1)]!;
  return Math.round(Math.min(5, Math.max(0.2, c)) * 100) / 100;
}
