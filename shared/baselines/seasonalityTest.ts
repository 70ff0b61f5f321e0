import { qnorm } from './qnorm';

/**
 * The seasonality test of `forecast::thetaf` (Assimakopoulos & Nikolopoulos 2000; the M3 Theta
 * method's 90% test): with the sample autocorrelations r_k of y (mean removed, denominator Σ(y − ȳ)²),
 *
 *   seasonal ⇔ |r_m| / sqrt((1 + 2 Σ_{k=1}^{m−1} r_k²) / n) > Φ⁻¹(0.95),
 *
 * applied only when m > 1, n > 2m and y is not constant (false otherwise).
 */
export function isSeasonalAcf(y: Float64Array, m: number): boolean {
  const n = y.length;
  if (m <= 1 || n <= 2 * m) return false;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += (y[i]! - mean) * (y[i]! - mean);
  if (c0 === 0) return false;
  let sumSq = 0;
  let rm = 0;
  for (let k = 1; k <= m; k++) {
    let ck = 0;
    for (let i = 0; i + k < n; i++) ck += (y[i]! - mean) * (y[i + k]! - mean);
    const r = ck / c0;
    if (k < m) sumSq += r * r;
    else rm = r;
  }
  const stat = Math.sqrt((1 + 2 * sumSq) / n);
  return Math.abs(rm) / stat > qnorm(0.95);
}
