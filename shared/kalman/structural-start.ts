/**
 * statsmodels-like starting values for structural-model variances (statsmodels 0.13
 * `UnobservedComponents.start_params`): with (c₁, τ₁) = HP(y) and (c₂, τ₂) = HP(τ₁) (λ = 1600, NaNs dropped first),
 *   irregular = var(c₁), level = var(τ₁) (local level) or var(c₂) (with slope), slope = var(τ₂), seasonal = var(c₁),
 * all population variances. Deliberately coarse: they only set the order of magnitude for the optimiser.
 */
import { hpFilter } from './hp-filter';
import { checkStructuralPeriod, type StructuralKind } from './structural-models';

function populationVariance(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i]! - mean) ** 2;
  return s / n;
}

/** Starting variances in statsmodels order for `kind`. */
export function structuralStartVariances(y: ArrayLike<number>, kind: StructuralKind, period?: number): number[] {
  checkStructuralPeriod(kind, period);
  const observed = Array.from(y as ArrayLike<number>).filter((v) => !Number.isNaN(v));
  const { cycle: resid, trend: trend1 } = hpFilter(observed);
  const varResid = populationVariance(resid);
  if (kind === 'local-level') return [varResid, populationVariance(trend1)];
  const { cycle: cycle2, trend: trend2 } = hpFilter(trend1);
  const out = [varResid, populationVariance(cycle2), populationVariance(trend2)];
  if (kind === 'seasonal') out.push(varResid);
  return out;
}
