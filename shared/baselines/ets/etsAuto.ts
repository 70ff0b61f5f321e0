import { fitEtsModel } from './etsFit';
import type { EtsModel, EtsSpec } from './types';

/**
 * Candidate models of R's `ets(y)` (model "ZZZ", restrict = TRUE, no multiplicative trend), in R's
 * search order: error A then M, trend N then A (damped first), season N, A, M. Additive error with
 * multiplicative season is excluded, as are multiplicative-error models when any y ≤ 0, and seasonal
 * models when the period is < 2 or > 24 or the series is not longer than one period.
 */
export function etsCandidates(n: number, period: number, positive: boolean): EtsSpec[] {
  const seasonal = period >= 2 && period <= 24 && n > period;
  const out: EtsSpec[] = [];
  for (const error of ['A', 'M'] as const) {
    if (error === 'M' && !positive) continue;
    for (const trend of ['N', 'A'] as const) {
      for (const season of ['N', 'A', 'M'] as const) {
        if (season !== 'N' && !seasonal) continue;
        if (error === 'A' && season === 'M') continue;
        if (trend === 'A') out.push({ error, trend: 'Ad', season });
        out.push({ error, trend, season });
      }
    }
  }
  return out;
}

/**
 * Automatic ETS selection by AICc, as `forecast::ets(y)`: every candidate of {@link etsCandidates}
 * is fitted by maximum likelihood and the smallest AICc wins (the first one on ties, in R's order).
 * Models with at least n − 1 free values are skipped (R gives them an infinite AICc). Returns null
 * when nothing can be fitted; the caller then falls back (see `ets`).
 */
export function etsSelect(y: Float64Array, period: number): EtsModel | null {
  let positive = true;
  for (let i = 0; i < y.length; i++) if (!(y[i]! > 0)) positive = false;
  let best: EtsModel | null = null;
  for (const spec of etsCandidates(y.length, period, positive)) {
    const fit = fitEtsModel(y, spec, period);
    if (!fit || Number.isNaN(fit.aicc)) continue;
    if (best === null ? fit.aicc < Infinity : fit.aicc < best.aicc) best = fit;
  }
  return best;
}
