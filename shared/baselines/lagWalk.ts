import { normalQuantiles } from './normalQuantiles';
import type { BaselineForecast } from './types';

/**
 * Lag-k random walk ("lag walk"), the model behind `forecast::naive` (k = 1) and `forecast::snaive`
 * (k = m) without drift (Hyndman & Athanasopoulos, FPP §5.2 and §5.5):
 *
 *   ŷ_{n+h} = y_{n+h−k(⌊(h−1)/k⌋+1)},   fitted_t = y_{t−k},
 *   σ̂² = mean_{t>k} (y_t − y_{t−k})²,   Var(ŷ_{n+h}) = σ̂² · (⌊(h−1)/k⌋ + 1),
 *
 * i.e. the variance grows with the number of seasonal cycles ahead (√h growth for k = 1).
 * Intervals are normal, as R's analytic ones. A series no longer than k has σ̂² = NaN.
 */
export function lagWalk(
  y: Float64Array,
  h: number,
  lag: number,
  quantiles: readonly number[],
  model: string,
): BaselineForecast {
  const n = y.length;
  const k = Math.max(1, Math.floor(lag));
  const fitted = new Float64Array(n).fill(NaN);
  let sse = 0;
  let count = 0;
  for (let t = k; t < n; t++) {
    fitted[t] = y[t - k]!;
    const e = y[t]! - y[t - k]!;
    if (Number.isNaN(e)) continue;
    sse += e * e;
    count++;
  }
  const sigma2 = count > 0 ? sse / count : NaN;
  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  for (let i = 0; i < h; i++) {
    const cycles = Math.floor(i / k) + 1;
    // Last k observations repeated: step i+1 uses y[n − k + (i mod k)].
    mean[i] = n >= k ? y[n - k + (i % k)]! : y[n - 1]!;
    variance[i] = sigma2 * cycles;
  }
  return { model, mean, quantiles: normalQuantiles(mean, variance, quantiles), fitted, sigma2 };
}
