/**
 * Symmetric MAPE as scored in the M3/M4 and tourism competitions, in percent:
 * sMAPE = mean_t 200·|y_t − ŷ_t| / (|y_t| + |ŷ_t|), a term being 0 when y_t = ŷ_t = 0
 * (Makridakis & Hibon 2000; Athanasopoulos et al. 2011). Range [0, 200].
 *
 * Pairs whose actual is NaN are skipped; NaN when no actual is present.
 */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = Math.min(actual.length, forecast.length);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    if (Number.isNaN(y)) continue;
    const f = forecast[i]!;
    const denom = Math.abs(y) + Math.abs(f);
    sum += denom === 0 ? 0 : (200 * Math.abs(y - f)) / denom;
    count++;
  }
  return count === 0 ? NaN : sum / count;
}
