import type { DecompositionModel } from './types';

/**
 * Classical seasonal indices: the mean of the detrended series at each phase t mod p over
 * t ∈ [from, to), normalised to sum to 0 over a period (additive) or to average 1 (multiplicative),
 * as `statsmodels.tsa.seasonal.seasonal_decompose` does on the points where its trend is defined.
 * A phase with no point in the range gets the neutral value (0 or 1) before normalisation.
 */
export function seasonalIndices(
  detrended: Float64Array,
  period: number,
  from: number,
  to: number,
  model: DecompositionModel,
): Float64Array {
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  for (let t = from; t < to; t++) {
    const phase = t % period;
    sums[phase] = sums[phase]! + detrended[t]!;
    counts[phase] = counts[phase]! + 1;
  }
  const neutral = model === 'additive' ? 0 : 1;
  const indices = new Float64Array(period);
  let mean = 0;
  for (let j = 0; j < period; j++) {
    indices[j] = counts[j]! > 0 ? sums[j]! / counts[j]! : neutral;
    mean += indices[j]!;
  }
  mean /= period;
  for (let j = 0; j < period; j++) indices[j] = model === 'additive' ? indices[j]! - mean : indices[j]! / mean;
  return indices;
}
