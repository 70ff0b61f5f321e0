import { fourierBandSplit } from './fourierBandSplit';
import { movingAverageTrend } from './movingAverageTrend';
import type { Decomposition, DecompositionModel } from './types';
import { validateInput } from './validateInput';

export interface FourierOptions {
  period: number;
  model: DecompositionModel;
  /** Cycle = frequencies below this (cycles per observation). Default 1/(2·period). */
  cycleCutoff?: number;
  /** Seasonal band half-width around each harmonic j/period, in DFT bins. Default 1. */
  seasonalHalfWidth?: number;
}

/**
 * Fourier decomposition: the moving-average trend of the classical method, then a frequency split
 * of the detrended series ({@link fourierBandSplit}):
 *
 * - trend T: centred (2×)p moving average, ends extrapolated ({@link movingAverageTrend});
 * - cycle C: low-pass, frequencies below `cycleCutoff` (default 1/(2p), periods > 2 seasons);
 * - seasonal S: the bins at the seasonal harmonics j/p, j = 1..⌊p/2⌋ (high-pass part that repeats
 *   with the period; exactly periodic when p divides n);
 * - irregular I = y − T − C − S: everything else.
 *
 * Multiplicative: the split is done on log(y/T), so C = exp(low), S = exp(seasonal) (S has
 * geometric mean ≈ 1 over a period) and I = y / (T·C·S).
 *
 * Throws `DecompositionError` as {@link classicalDecompose} does.
 */
export function fourierDecompose(y: Float64Array, options: FourierOptions): Decomposition {
  const { period, model } = options;
  validateInput(y, period, model, 'fourier');
  const n = y.length;
  const multiplicative = model === 'multiplicative';
  const { trend } = movingAverageTrend(y, period, model);

  const detrended = new Float64Array(n);
  for (let t = 0; t < n; t++) detrended[t] = multiplicative ? Math.log(y[t]! / trend[t]!) : y[t]! - trend[t]!;
  const bandOptions = { period, cycleCutoff: options.cycleCutoff, seasonalHalfWidth: options.seasonalHalfWidth };
  const { low, seasonal } = fourierBandSplit(detrended, bandOptions);

  const cycle = low;
  const irregular = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    if (multiplicative) {
      cycle[t] = Math.exp(cycle[t]!);
      seasonal[t] = Math.exp(seasonal[t]!);
      irregular[t] = y[t]! / (trend[t]! * cycle[t]! * seasonal[t]!);
    } else {
      irregular[t] = y[t]! - trend[t]! - cycle[t]! - seasonal[t]!;
    }
  }
  return { trend, cycle, seasonal, irregular };
}
