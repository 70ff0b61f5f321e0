/**
 * Root mean squared error: RMSE = sqrt(mean_t (y_t − ŷ_t)²) (FPP §5.8).
 *
 * Pairs whose actual is NaN are skipped; NaN when no actual is present.
 */
export function rmse(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = Math.min(actual.length, forecast.length);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    if (Number.isNaN(y)) continue;
    const e = y - forecast[i]!;
    sum += e * e;
    count++;
  }
  return count === 0 ? NaN : Math.sqrt(sum / count);
}
