/**
 * Classical decomposition, as R's `stats::decompose` (Kendall & Stuart; FPP §3.4):
 *
 * 1. trend T_t = centred moving average of order m (the 2×m MA, weights [½, 1, …, 1, ½]/m, when m is
 *    even; the plain m-MA when odd), NaN for the first and last ⌊m/2⌋ points;
 * 2. detrended d_t = y_t − T_t (additive) or y_t / T_t (multiplicative);
 * 3. seasonal figure S_j = mean of d over the positions j, j+m, … (NaN skipped), normalised to sum 0
 *    (additive) or to mean 1 (multiplicative); seasonal_t = S_{t mod m}, aligned with y[0].
 *
 * Requires m ≥ 2 and at least 2 full periods (n ≥ 2m); throws otherwise, like R.
 */
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
  const trend = new Float64Array(n).fill(NaN);
  const half = Math.floor(m / 2);
  const even = m % 2 === 0;
  for (let t = half; t < n - half; t++) {
    let s = 0;
    if (even) {
      s = 0.5 * y[t - half]! + 0.5 * y[t + half]!;
      for (let j = -half + 1; j <= half - 1; j++) s += y[t + j]!;
    } else {
      for (let j = -half; j <= half; j++) s += y[t + j]!;
    }
    trend[t] = s / m;
  }
  const figure = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    let c = 0;
    for (let t = j; t < n; t += m) {
      const d = type === 'additive' ? y[t]! - trend[t]! : y[t]! / trend[t]!;
      if (Number.isNaN(d)) continue;
      s += d;
      c++;
    }
    figure[j] = s / c;
  }
  let mean = 0;
  for (let j = 0; j < m; j++) mean += figure[j]!;
  mean /= m;
  for (let j = 0; j < m; j++) figure[j] = type === 'additive' ? figure[j]! - mean : figure[j]! / mean;
  const seasonal = new Float64Array(n);
  for (let t = 0; t < n; t++) seasonal[t] = figure[t % m]!;
  return { trend, seasonal, figure };
}
