import { centredMovingAverage } from './centredMovingAverage';
import { extendTrendEnds } from './extendTrendEnds';
import type { DecompositionModel } from './types';

/**
 * Trend of the classical and Fourier decompositions: the centred (2×)p moving average, with its
 * ⌊p/2⌋ missing values at each end filled by a straight line fitted to the nearest p moving-average
 * values (a log-linear line for multiplicative models, which keeps the trend positive).
 *
 * @returns the trend (defined everywhere) and the range [from, to) where it is the moving average
 *   itself rather than an extrapolation.
 */
export function movingAverageTrend(
  y: Float64Array,
  period: number,
  model: DecompositionModel,
): { trend: Float64Array; from: number; to: number } {
  const trend = centredMovingAverage(y, period);
  const q = Math.floor(period / 2);
  extendTrendEnds(trend, q, period, model === 'multiplicative');
  return { trend, from: q, to: y.length - q };
}
