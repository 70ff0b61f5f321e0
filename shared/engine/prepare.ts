/**
 * Per-series preparation for the global network and the baselines.
 *
 * Each series is (1) interpolated where values are missing, (2) put on a common scale — log for
 * strictly positive series, division by the mean absolute level otherwise — and (3) seasonally
 * adjusted with the configured decomposition (STL by default) in that space. The network then
 * learns on seasonally adjusted, level-normalised windows, which is what makes one model work
 * across series of very different size (cross-learning, as in the M4-winning ES-RNN).
 */
import type { Series } from '../types';
import { SEASONAL_PERIOD } from '../types';
import type { DecompositionConfig } from '../schemas/config';
import { decomposeSeries, interpolateMissing as interpolateGaps } from '../decompose';

export interface PreparedSeries {
  id: string;
  dates: string[];
  /** Observed values with gaps linearly interpolated. */
  y: Float64Array;
  /** 1 where the original value was missing. */
  missing: Uint8Array;
  period: number;
  transform: 'log' | 'scale';
  /** Divisor used when `transform === 'scale'` (1 for log). */
  scale: number;
  /** Transformed series: log(y) or y / scale. */
  z: Float64Array;
  /** Seasonal component of z (additive in the transformed space); zeros when not seasonal. */
  seasonal: Float64Array;
  /** z − seasonal. */
  adjusted: Float64Array;
}

/**
 * Linear interpolation of missing values; leading/trailing gaps take the nearest value
 * (the decomposition's own routine, under the engine's names).
 */
export function interpolateMissing(values: Float64Array): { y: Float64Array; missing: Uint8Array } {
  if (values.length > 0 && !values.some((v) => Number.isFinite(v))) throw new Error('series has no observed values');
  const { filled, imputed } = interpolateGaps(values);
  return { y: filled, missing: imputed };
}

export function prepareSeries(series: Series, decomposition: DecompositionConfig, periodOverride?: number): PreparedSeries {
  const { y, missing } = interpolateMissing(series.values);
  const period = periodOverride ?? decomposition.period ?? SEASONAL_PERIOD[series.frequency];
  let positive = true;
  let absSum = 0;
  for (let i = 0; i < y.length; i++) {
    if (!(y[i]! > 0)) positive = false;
    absSum += Math.abs(y[i]!);
  }
  const transform = positive ? 'log' : 'scale';
  const scale = positive ? 1 : absSum / y.length || 1;
  const z = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) z[i] = positive ? Math.log(y[i]!) : y[i]! / scale;

  let seasonal = new Float64Array(y.length);
  if (period > 1 && y.length >= 2 * period + 1) {
    // Additive decomposition of the transformed series (log makes multiplicative seasonality additive).
    const d = decomposeSeries(z, { method: decomposition.method, model: 'additive', period, robust: decomposition.robust });
    seasonal = Float64Array.from(d.seasonal);
  }
  const adjusted = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) adjusted[i] = z[i]! - seasonal[i]!;
  return { id: series.id, dates: series.dates, y, missing, period, transform, scale, z, seasonal, adjusted };
}

/** Seasonal component for `h` future steps: the last full period repeated. */
export function futureSeasonal(p: PreparedSeries, h: number, end = p.z.length): Float64Array {
  const out = new Float64Array(h);
  if (p.period <= 1 || end < p.period) return out;
  for (let k = 0; k < h; k++) out[k] = p.seasonal[end - p.period + (k % p.period)]!;
  return out;
}

/** Back from the transformed space to the data's units. */
export function untransform(p: PreparedSeries, z: number): number {
  return p.transform === 'log' ? Math.exp(z) : z * p.scale;
}
