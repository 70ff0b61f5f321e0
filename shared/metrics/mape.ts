/**
 * Mean absolute percentage error, in percent: MAPE = mean_t 100·|y_t − ŷ_t| / |y_t| (FPP §5.8).
 *
 * Pairs whose actual is NaN are skipped. A zero actual with a non-zero error gives Infinity (as
 * R's `forecast::accuracy`): MAPE is undefined for series that touch zero, use sMAPE/MASE/WAPE there.
 * NaN when no actual is present.
 */
export function mape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = Math.min(actual.length, forecast.length);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    if (Number.isNaN(y)) continue;
    const e = Math.abs(y - forecast[i]!);
    sum += e === 0 ? 0 : (100 * e) / Math.abs(y);
    count++;
  }
  return count === 0 ? NaN : sum / count;
}
