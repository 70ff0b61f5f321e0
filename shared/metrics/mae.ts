/**
 * Mean absolute error: MAE = mean_t |y_t − ŷ_t| (Hyndman & Athanasopoulos, FPP §5.8).
 *
 * Pairs whose actual is NaN are skipped (a missing observation is not an error); a NaN forecast
 * for a present actual propagates. Returns NaN when no actual is present.
 */
export function mae(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = Math.min(actual.length, forecast.length);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    if (Number.isNaN(y)) continue;
    sum += Math.abs(y - forecast[i]!);
    count++;
  }
  return count === 0 ? NaN : sum / count;
}
