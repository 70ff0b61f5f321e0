/**
 * Weighted absolute percentage error (a.k.a. MAD/mean ratio), as a fraction:
 * WAPE = Σ_t |y_t − ŷ_t| / Σ_t |y_t|.
 *
 * Robust to zero actuals as long as not all of them are 0 (Kolassa & Schütz 2007). Pairs whose actual
 * is NaN are skipped; NaN when no actual is present, Infinity when every actual is 0 and an error is not.
 */
export function wape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = Math.min(actual.length, forecast.length);
  let num = 0;
  let den = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    if (Number.isNaN(y)) continue;
    num += Math.abs(y - forecast[i]!);
    den += Math.abs(y);
    count++;
  }
  return count === 0 ? NaN : num / den;
}
