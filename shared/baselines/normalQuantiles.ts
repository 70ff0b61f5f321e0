import { qnorm } from './qnorm';

/**
 * Quantile forecasts of a Gaussian predictive distribution: q_τ,h = mean_h + Φ⁻¹(τ)·sqrt(var_h),
 * one Float64Array per τ. This is how `forecast` builds its analytic intervals (level L% ↔
 * τ = 0.5 ± L/200). A zero or NaN variance gives degenerate (or NaN) quantiles.
 */
export function normalQuantiles(
  mean: Float64Array,
  variance: ArrayLike<number>,
  taus: readonly number[],
): Float64Array[] {
  const h = mean.length;
  const out: Float64Array[] = [];
  for (const tau of taus) {
    const z = qnorm(tau);
    const q = new Float64Array(h);
    for (let i = 0; i < h; i++) q[i] = mean[i]! + z * Math.sqrt(variance[i]!);
    out.push(q);
  }
  return out;
}
