/**
 * Classical decomposition, as R's `stats::decompose` (Kendall & Stuart; FPP §3.4):
 *
 * 1. trend T_t = centred moving average of order m (the 2×m MA, weights [½, 1, …, 1, ½]/m, when m is
 *    even; the plain m-MA when odd), NaN for the first and last ⌊m/2⌋ points;
 * 2. detrended d_t = y_t − T_t (additive) or y_t / T_t (multiplicative);
 * 3. seasonal figure S_j = mean of d over the positions j, j+m, … where the trend is defined,
 *    normalised to sum 0 (additive) or to mean 1 (multiplicative); seasonal_t = S_{t mod m},
 *    aligned with y[0].
 *
 * Built from the decomposition module's {@link centredMovingAverage} and {@link seasonalIndices}
 * (bit-identical to R for gap-free input, which is what the baselines get).
 *
 * Requires m ≥ 2 and at least 2 full periods (n ≥ 2m); throws otherwise, like R.
 */
import { centredMovingAverage } from '../decompose/centredMovingAverage';
import { seasonalIndices } from '../decompose/seasonalIndices';

export interface ClassicalDecomposition {
  trend: Float64Array;
  /** Seasonal component, same length as y (figure repeated from y[0]). */
  seasonal: Float64Array;
  /** The m seasonal indices, figure[j] belongs to y[j], y[j+m], … */
  figure: Float64Array;
}

export function classicalDecompose(
  y: ArrayLike<number>,
  m: number,
  type: 'additive' | 'multiplicative',
): ClassicalDecomposition {
  const n = y.length;
  if (m < 2 || n < 2 * m) throw new RangeError('classicalDecompose: needs m >= 2 and at least 2 periods');
  const trend = centredMovingAverage(y, m);
  const detrended = new Float64Array(n);
  for (let t = 0; t < n; t++) detrended[t] = type === 'additive' ? y[t]! - trend[t]! : y[t]! / trend[t]!;
  // Phase means over the points where the trend is defined, the same sums in the same order as R.
  const half = Math.floor(m / 2);
  const figure = seasonalIndices(detrended, m, half, n - half, type);
  const seasonal = new Float64Array(n);
  for (let t = 0; t < n; t++) seasonal[t] = figure[t % m]!;
  return { trend, seasonal, figure };
}
