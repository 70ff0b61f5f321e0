import { movingAverage } from './movingAverage';

/**
 * STL low-pass filter of the cycle-subseries smooth (netlib `fts`): moving averages of lengths
 * np, np and 3 applied in turn to `x[0..n+2np)`, leaving n values in `out`.
 * `work` is scratch of length ≥ n + np + 1.
 */
export function lowPassFilter(x: Float64Array, n: number, period: number, out: Float64Array, work: Float64Array): void {
  const extended = n + 2 * period;
  movingAverage(x, extended, period, out);
  movingAverage(out, extended - period + 1, period, work);
  movingAverage(work, extended - 2 * period + 2, 3, out);
}
