import { fourierBandSplit } from './fourierBandSplit';
import { movingAverageTrend } from './movingAverageTrend';
import { seasonalIndices } from './seasonalIndices';
import type { Decomposition, DecompositionModel } from './types';
import { validateInput } from './validateInput';

export interface ClassicalOptions {
  period: number;
  model: DecompositionModel;
  /**
   * Absent (default): no separate cycle (zeros, or ones when multiplicative); the trend is the
   * trend-cycle, as in the textbook method and statsmodels. A number: the cycle is the Fourier
   * low-pass (frequencies below this, in cycles per observation) of the detrended series.
   */
  cycleCutoff?: number;
}

/**
 * Classical decomposition by moving averages (e.g. Hyndman & Athanasopoulos, FPP3 §3.4):
 *
 * - trend T: centred (2×)p moving average, ends extrapolated linearly ({@link movingAverageTrend});
 * - cycle C: zeros/ones, or the Fourier low-pass of the detrended series when `cycleCutoff` is set;
 * - seasonal S: means per phase (t mod p) of the detrended(-and-decycled) series, taken where T is
 *   the moving average itself (not the extrapolated ends), normalised to sum to 0 (additive) or
 *   average 1 (multiplicative) over a period. Without a cycle this equals statsmodels'
 *   `seasonal_decompose` on its defined (interior) points;
 * - irregular I = y − T − C − S, or y / (T·C·S).
 *
 * Throws `DecompositionError`: period < 2, fewer than two periods, non-finite values, or
 * non-positive values for a multiplicative model.
 */
export function classicalDecompose(y: Float64Array, options: ClassicalOptions): Decomposition {
  const { period, model } = options;
  validateInput(y, period, model, 'classical');
  const n = y.length;
  const multiplicative = model === 'multiplicative';
  const { trend, from, to } = movingAverageTrend(y, period, model);

  // Detrended series: y − T, or y / T (the cycle is split off in log space when multiplicative).
  const detrended = new Float64Array(n);
  for (let t = 0; t < n; t++) detrended[t] = multiplicative ? y[t]! / trend[t]! : y[t]! - trend[t]!;

  const cycle = new Float64Array(n).fill(multiplicative ? 1 : 0);
  if (options.cycleCutoff !== undefined) {
    const input = multiplicative ? detrended.map(Math.log) : detrended;
    const { low } = fourierBandSplit(input, { period, cycleCutoff: options.cycleCutoff });
    for (let t = 0; t < n; t++) {
      cycle[t] = multiplicative ? Math.exp(low[t]!) : low[t]!;
      detrended[t] = multiplicative ? detrended[t]! / cycle[t]! : detrended[t]! - cycle[t]!;
    }
  }

  const indices = seasonalIndices(detrended, period, from, to, model);
  const seasonal = new Float64Array(n);
  const irregular = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const s = indices[t % period]!;
    seasonal[t] = s;
    irregular[t] = multiplicative ? y[t]! / (trend[t]! * cycle[t]! * s) : y[t]! - trend[t]! - cycle[t]! - s;
  }
  return { trend, cycle, seasonal, irregular };
}
