import { classicalDecompose } from './classical';
import { DecompositionError } from './errors';
import { fourierDecompose } from './fourier';
import { interpolateMissing } from './interpolateMissing';
import { linearTrend } from './linearTrend';
import { stlDecompose } from './stl/stl';
import type { DecompositionMethod, DecompositionModel } from './types';
import { requirePositive } from './validateInput';

/** The fields of the dataset config's `decomposition` section, with the period resolved. */
export interface DecomposeSeriesConfig {
  method: DecompositionMethod;
  model: DecompositionModel;
  /** Seasonal period (e.g. `config.period ?? SEASONAL_PERIOD[frequency]`). */
  period: number;
  /** STL robustness iterations; default true (the config schema's default). Ignored by other methods. */
  robust?: boolean;
}

export interface SeriesDecomposition {
  trend: Float64Array;
  /** Null for STL, which has no separate cycle (its trend is the trend-cycle). */
  cycle: Float64Array | null;
  seasonal: Float64Array;
  irregular: Float64Array;
  /** 1 where the input was missing (NaN or ±Infinity) and was interpolated. */
  imputed: Uint8Array;
  method: DecompositionMethod;
  model: DecompositionModel;
  period: number;
}

/**
 * Decompose one series of the pipeline, missing values included:
 *
 * 1. gaps are filled by linear interpolation (ends: nearest observed value) and flagged in `imputed`;
 * 2. a multiplicative model needs every (filled) value > 0, else `DecompositionError` ('non-positive')
 *    is thrown: the caller decides (e.g. fall back to additive);
 * 3. period < 2 or fewer than two full periods: trend only, no throw. The trend is the
 *    least-squares line (fitted to log y and exponentiated when multiplicative), seasonal and cycle
 *    are neutral (0 / 1; cycle null for STL) and the irregular is the rest;
 * 4. otherwise the method runs: `classicalDecompose` (cycle neutral), `fourierDecompose`, or
 *    `stlDecompose` (statsmodels defaults, `robust` as configured). STL multiplicative decomposes
 *    log y and exponentiates trend and seasonal; the irregular is y / (T·S).
 *
 * The identity y = T + C + S + I (T·C·S·I; C omitted for STL) holds to rounding on the filled series.
 */
export function decomposeSeries(values: Float64Array, config: DecomposeSeriesConfig): SeriesDecomposition {
  const { method, model, period } = config;
  if (!Number.isInteger(period) || period < 1) {
    throw new DecompositionError(`period must be an integer >= 1; got ${period}`, 'invalid-option');
  }
  const { filled: y, imputed } = interpolateMissing(values);
  const n = y.length;
  const multiplicative = model === 'multiplicative';
  if (multiplicative) requirePositive(y, method);
  const result = (trend: Float64Array, cycle: Float64Array | null, seasonal: Float64Array, irregular: Float64Array): SeriesDecomposition => ({
    trend, cycle, seasonal, irregular, imputed, method, model, period,
  });

  if (period < 2 || n < 2 * period) {
    const neutral = multiplicative ? 1 : 0;
    const trend = multiplicative ? linearTrend(y.map(Math.log)).map(Math.exp) : linearTrend(y);
    const irregular = new Float64Array(n);
    for (let t = 0; t < n; t++) irregular[t] = multiplicative ? y[t]! / trend[t]! : y[t]! - trend[t]!;
    const cycle = method === 'stl' ? null : new Float64Array(n).fill(neutral);
    return result(trend, cycle, new Float64Array(n).fill(neutral), irregular);
  }

  if (method === 'classical' || method === 'fourier') {
    const d = method === 'classical' ? classicalDecompose(y, { period, model }) : fourierDecompose(y, { period, model });
    return result(d.trend, d.cycle, d.seasonal, d.irregular);
  }
  if (method !== 'stl') throw new DecompositionError(`unknown decomposition method '${String(method)}'`, 'invalid-option');

  const stl = stlDecompose(multiplicative ? y.map(Math.log) : y, { period, robust: config.robust ?? true });
  if (!multiplicative) return result(stl.trend, null, stl.seasonal, stl.resid);
  const trend = stl.trend.map(Math.exp);
  const seasonal = stl.seasonal.map(Math.exp);
  const irregular = new Float64Array(n);
  for (let t = 0; t < n; t++) irregular[t] = y[t]! / (trend[t]! * seasonal[t]!);
  return result(trend, null, seasonal, irregular);
}
