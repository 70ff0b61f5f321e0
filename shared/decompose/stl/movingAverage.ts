/**
 * Running mean of length `len` (netlib STL `ma`): ave[j] = (x[j] + … + x[j+len−1]) / len for
 * j = 0..n−len. Updated by adding the entering and subtracting the leaving value, as in the
 * Fortran, so it matches statsmodels to rounding.
 */
export function movingAverage(x: Float64Array, n: number, len: number, ave: Float64Array): void {
  const count = n - len + 1;
  let sum = 0;
  for (let i = 0; i < len; i++) sum += x[i]!;
  ave[0] = sum / len;
  for (let j = 1, enter = len, leave = 0; j < count; j++, enter++, leave++) {
    sum += x[enter]! - x[leave]!;
    ave[j] = sum / len;
  }
}
