/**
 * Empirical coverage of a prediction interval: the fraction of actuals with lower_t ≤ y_t ≤ upper_t
 * (bounds inclusive). A well calibrated 80% interval covers about 0.8. Pairs whose actual is NaN are
 * skipped; NaN when no actual is present.
 */
export function coverage(
  actual: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
): number {
  const n = Math.min(actual.length, lower.length, upper.length);
  let inside = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    if (Number.isNaN(y)) continue;
    if (y >= lower[i]! && y <= upper[i]!) inside++;
    count++;
  }
  return count === 0 ? NaN : inside / count;
}
