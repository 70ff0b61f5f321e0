/**
 * Ordinary least-squares straight line through (t, y_t), t = 0..n−1, evaluated at every t
 * (a constant for n = 1). Used as the trend when a series is too short, or has no seasonal period,
 * for a seasonal decomposition.
 */
export function linearTrend(y: Float64Array): Float64Array {
  const n = y.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const tMean = (n - 1) / 2;
  let yMean = 0;
  for (let t = 0; t < n; t++) yMean += y[t]!;
  yMean /= n;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < n; t++) {
    sxy += (t - tMean) * (y[t]! - yMean);
    sxx += (t - tMean) * (t - tMean);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  for (let t = 0; t < n; t++) out[t] = yMean + slope * (t - tMean);
  return out;
}
