import { DecompositionError } from './errors';

/**
 * Fill missing values (NaN, and ±Infinity, which no decomposition can use) by linear
 * interpolation between the nearest observed neighbours; leading and trailing gaps take the
 * nearest observed value.
 *
 * @returns the filled copy and a mask with 1 where a value was filled.
 * @throws DecompositionError (code 'no-observations') when a non-empty series has no finite value.
 */
export function interpolateMissing(values: Float64Array): { filled: Float64Array; imputed: Uint8Array } {
  const n = values.length;
  const filled = Float64Array.from(values);
  const imputed = new Uint8Array(n);
  let previous = -1; // index of the last observed value
  for (let t = 0; t < n; t++) {
    if (Number.isFinite(values[t]!)) {
      if (previous === -1) {
        for (let g = 0; g < t; g++) filled[g] = values[t]!;
      } else if (t - previous > 1) {
        const a = values[previous]!;
        const slope = (values[t]! - a) / (t - previous);
        for (let g = previous + 1; g < t; g++) filled[g] = a + slope * (g - previous);
      }
      previous = t;
    } else {
      imputed[t] = 1;
    }
  }
  if (previous === -1) {
    if (n === 0) return { filled, imputed };
    throw new DecompositionError('cannot decompose a series with no observed value', 'no-observations');
  }
  for (let g = previous + 1; g < n; g++) filled[g] = values[previous]!;
  return { filled, imputed };
}
