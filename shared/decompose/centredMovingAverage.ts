/**
 * Centred moving average of one seasonal period, the classical trend estimate (as
 * `statsmodels.tsa.seasonal.seasonal_decompose`):
 *
 *   odd m:  MA_t = (1/m) Σ_{j=−q..q} y_{t+j},                       q = (m − 1)/2
 *   even m: MA_t = (1/m) (½y_{t−q} + Σ_{j=−q+1..q−1} y_{t+j} + ½y_{t+q}),  q = m/2   (the 2×m MA)
 *
 * defined for q ≤ t < n − q and NaN elsewhere. Each value is summed directly (O(n·m)), so rounding
 * does not accumulate along the series.
 */
export function centredMovingAverage(y: ArrayLike<number>, period: number): Float64Array {
  const n = y.length;
  const out = new Float64Array(n).fill(NaN);
  const q = Math.floor(period / 2);
  const even = period % 2 === 0;
  for (let t = q; t < n - q; t++) {
    let sum = 0;
    if (even) {
      sum = 0.5 * (y[t - q]! + y[t + q]!);
      for (let j = t - q + 1; j < t + q; j++) sum += y[j]!;
    } else {
      for (let j = t - q; j <= t + q; j++) sum += y[j]!;
    }
    out[t] = sum / period;
  }
  return out;
}
