/**
 * Filter and smooth a structural model (`structural-models.ts`) with the specialised univariate kernels, under the
 * model's initialisation: approximate diffuse (a₁ = 0, P₁ = 1e6·I, burn = number of states, as statsmodels 0.13) or
 * exact diffuse (a₁ = 0, P*₁ = 0, P∞₁ = I; Durbin & Koopman 2012, §5.2).
 */
import { APPROXIMATE_DIFFUSE_VARIANCE, type StructuralModel } from './structural-models';
import { univariateFilter, type UnivariateFilterResult, type UnivariateInit } from './univariate-filter';
import { univariateSmooth } from './univariate-smoother';

/** Initial state of a structural model under its initialisation. */
export function structuralInit(model: StructuralModel): UnivariateInit {
  const { n } = model;
  const a1 = new Float64Array(n);
  const Pstar1 = new Float64Array(n * n);
  if (model.initialization === 'approximate-diffuse') {
    for (let i = 0; i < n; i++) Pstar1[i * n + i] = APPROXIMATE_DIFFUSE_VARIANCE;
    return { a1, Pstar1, Pinf1: null };
  }
  const Pinf1 = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Pinf1[i * n + i] = 1;
  return { a1, Pstar1, Pinf1 };
}

/** Kalman filter of a structural model; `store: false` computes only the log-likelihood (statsmodels' `llf`). */
export function structuralFilter(
  model: StructuralModel,
  y: ArrayLike<number>,
  options: { store?: boolean } = {},
): UnivariateFilterResult {
  return univariateFilter(model, y, structuralInit(model), { burn: model.loglikelihoodBurn, store: options.store ?? true });
}

export interface StructuralSmoothResult {
  filter: UnivariateFilterResult;
  /** E[α_t | all y], N×n in `model.stateNames` order. */
  smoothedMean: Float64Array;
  /** Var[α_t | all y] diagonal, N×n. */
  smoothedVar: Float64Array;
  logLikelihood: number;
}

/** Filter + smoother (states and their variances) of a structural model over `y` (NaN = missing). */
export function structuralSmooth(model: StructuralModel, y: ArrayLike<number>): StructuralSmoothResult {
  const filter = structuralFilter(model, y);
  const s = univariateSmooth(model, filter);
  return { filter, smoothedMean: s.smoothedMean, smoothedVar: s.smoothedVar, logLikelihood: filter.logLikelihood };
}
