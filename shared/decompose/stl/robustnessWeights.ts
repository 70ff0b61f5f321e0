import { kthSmallest } from './kthSmallest';

/**
 * STL robustness weights (netlib `rwts`, with the corrected median of statsmodels 0.13):
 * r_i = |y_i − fit_i|, h = 6·median(r) (the median as the mean of the order statistics ⌊n/2⌋ and
 * n − ⌊n/2⌋ − 1), and the bisquare rw_i = (1 − (r_i/h)²)², with rw = 1 for r ≤ 0.001h and 0 for
 * r > 0.999h. All weights are 1 when h = 0.
 *
 * @param sorted scratch of length ≥ n
 */
export function robustnessWeights(y: Float64Array, fit: Float64Array, n: number, rw: Float64Array, sorted: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const r = Math.abs(y[i]! - fit[i]!);
    rw[i] = r;
    sorted[i] = r;
  }
  const upper = Math.floor(n / 2);
  const lower = n - upper - 1;
  const a = kthSmallest(sorted, n, upper);
  const b = lower === upper ? a : kthSmallest(sorted, n, lower);
  const cmad = 3 * (a + b);
  if (cmad === 0) {
    rw.fill(1, 0, n);
    return;
  }
  const c9 = 0.999 * cmad;
  const c1 = 0.001 * cmad;
  for (let i = 0; i < n; i++) {
    const r = rw[i]!;
    if (r <= c1) {
      rw[i] = 1;
    } else if (r <= c9) {
      const u = r / cmad;
      const v = 1 - u * u;
      rw[i] = v * v;
    } else {
      rw[i] = 0;
    }
  }
}
