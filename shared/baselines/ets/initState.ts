import { classicalDecompose } from '../classicalDecompose';
import { leastSquares, lineFit } from '../leastSquares';

/**
 * Heuristic initial states of R's `forecast:::initstate` (Hyndman et al. 2008, §2.6.1), the starting
 * point that maximum likelihood then refines:
 *
 * - seasonal index estimates: classical decomposition when n ≥ 3m; otherwise a regression
 *   y_t = a + b·t + c·sin(2πt/m) + d·cos(2πt/m) (R's `tslm(y ~ trend + fourier(y, 1))`) and the
 *   "seasonal" values y_t − a − bt (additive) or y_t / (a + bt) (multiplicative);
 *   s_0, …, s_{−m+2} = seasonal values of periods m, m−1, …, 2 (the state for period 1 is implied by
 *   the normalisation Σ s = 0 or m and is not a free parameter); multiplicative indices are floored at
 *   0.01 and rescaled if they sum above m;
 * - level and slope from the first max(10, 2m) seasonally adjusted values: their mean (no trend) or
 *   the intercept and slope of a straight line fitted against t = 1, 2, … (additive trend).
 *
 * Returns (l_0, b_0?, s_0, …, s_{−m+2}): the free initial states, m − 1 seasonal ones.
 */
export function initState(
  y: Float64Array,
  hasTrend: boolean,
  season: 'N' | 'A' | 'M',
  m: number,
): Float64Array {
  const n = y.length;
  let ysa: Float64Array;
  let seas: Float64Array | null = null;
  let period = 1;
  if (season !== 'N') {
    period = m;
    if (n < 4) throw new RangeError('initState: not enough data');
    let seasonal: Float64Array;
    if (n < 3 * m) {
      const t = new Float64Array(n);
      const ones = new Float64Array(n).fill(1);
      const sin = new Float64Array(n);
      const cos = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        t[i] = i + 1;
        sin[i] = Math.sin((2 * Math.PI * (i + 1)) / m);
        cos[i] = Math.cos((2 * Math.PI * (i + 1)) / m);
      }
      // sin(πt) vanishes identically for m = 2: R drops that column.
      const cols = m === 2 ? [ones, t, cos] : [ones, t, sin, cos];
      const coef = leastSquares(cols, y);
      seasonal = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const base = coef[0]! + coef[1]! * (i + 1);
        seasonal[i] = season === 'A' ? y[i]! - base : y[i]! / base;
      }
    } else {
      seasonal = classicalDecompose(y, m, season === 'A' ? 'additive' : 'multiplicative').seasonal;
    }
    seas = new Float64Array(m - 1);
    for (let k = 0; k < m - 1; k++) seas[k] = seasonal[m - 1 - k]!;
    ysa = new Float64Array(n);
    if (season === 'A') {
      for (let i = 0; i < n; i++) ysa[i] = y[i]! - seasonal[i]!;
    } else {
      let sum = 0;
      for (let k = 0; k < m - 1; k++) {
        seas[k] = Math.max(seas[k]!, 0.01);
        sum += seas[k]!;
      }
      if (sum > m) {
        const denom = sum + 0.01 * (m - 1);
        for (let k = 0; k < m - 1; k++) seas[k] = seas[k]! / denom;
      }
      for (let i = 0; i < n; i++) ysa[i] = y[i]! / Math.max(seasonal[i]!, 0.01);
    }
  } else {
    ysa = y;
  }
  const maxn = Math.min(Math.max(10, 2 * period), n);
  const out = new Float64Array(1 + (hasTrend ? 1 : 0) + (seas ? seas.length : 0));
  if (!hasTrend) {
    let s = 0;
    for (let i = 0; i < maxn; i++) s += ysa[i]!;
    out[0] = s / maxn;
  } else {
    const x = new Float64Array(maxn);
    for (let i = 0; i < maxn; i++) x[i] = i + 1;
    let [l0, b0] = lineFit(x, ysa.subarray(0, maxn));
    if (Math.abs(l0 + b0) < 1e-8) {
      l0 *= 1 + 0.001;
      b0 *= 1 - 0.001;
    }
    out[0] = l0;
    out[1] = b0;
  }
  if (seas) out.set(seas, 1 + (hasTrend ? 1 : 0));
  return out;
}
