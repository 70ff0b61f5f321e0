/**
 * Mean absolute scaled error (Hyndman & Koehler 2006; FPP §5.8):
 *
 *   MASE = mean_t |y_t − ŷ_t| / Q,   Q = mean_{t>m} |x_t − x_{t−m}|
 *
 * where x is the in-sample (training) series and m the seasonal period, i.e. the in-sample MAE of
 * the seasonal naive method — the scaling of `forecast::accuracy` and of the M4/tourism competitions.
 * When the in-sample series is too short for a seasonal difference (length < m + 1) the scale falls
 * back to m = 1. In-sample differences involving a NaN are skipped, as are NaN actuals.
 *
 * Returns Infinity when the scale is 0 and the error is not (a constant training series), NaN when
 * no actual is present or both are 0.
 */
export function mase(
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  insample: ArrayLike<number>,
  m = 1,
): number {
  const lag = Math.max(1, Math.floor(m)) < insample.length ? Math.max(1, Math.floor(m)) : 1;
  let scaleSum = 0;
  let scaleCount = 0;
  for (let t = lag; t < insample.length; t++) {
    const d = insample[t]! - insample[t - lag]!;
    if (Number.isNaN(d)) continue;
    scaleSum += Math.abs(d);
    scaleCount++;
  }
  const scale = scaleCount === 0 ? NaN : scaleSum / scaleCount;

  const n = Math.min(actual.length, forecast.length);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    if (Number.isNaN(y)) continue;
    sum += Math.abs(y - forecast[i]!);
    count++;
  }
  if (count === 0) return NaN;
  return sum / count / scale;
}
