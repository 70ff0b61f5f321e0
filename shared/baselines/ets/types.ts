/** ETS (error, trend, seasonal) innovations state space model types (Hyndman et al. 2008). */

export interface EtsSpec {
  error: 'A' | 'M';
  /** N none, A additive, Ad additive damped. Multiplicative trends are excluded (as R by default). */
  trend: 'N' | 'A' | 'Ad';
  season: 'N' | 'A' | 'M';
}

/** Label in the repository's convention, e.g. `ets(M,Ad,M)`. */
export function etsName(spec: EtsSpec): string {
  return `ets(${spec.error},${spec.trend},${spec.season})`;
}

/** A fitted ETS model (the fields of R's `ets` object that forecasting and reporting need). */
export interface EtsModel {
  spec: EtsSpec;
  name: string;
  /** Seasonal period used by the model (1 when season is N). */
  period: number;
  /** Smoothing parameters; beta = 0 without trend, gamma = 0 without season, phi = 1 undamped. */
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  /** Initial state x_0 = (l_0, b_0?, s_0, s_{−1}, …, s_{−m+1}) — R's `initstate`, most recent season first. */
  initState: Float64Array;
  /** Final state x_n in the same layout: what forecasts start from. */
  state: Float64Array;
  /** R's `loglik` = −½·[n·log Σε² + 2·Σ log|ŷ_t| (multiplicative error)], i.e. up to a constant. */
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** In-sample mean squared one-step error (y − ŷ), R's `mse`. */
  mse: number;
  /** Σε²/(n − k), k = number of estimated parameters and initial states (R's `sigma2`). */
  sigma2: number;
  /** Innovations ε_t: y − ŷ (additive error) or (y − ŷ)/ŷ (multiplicative). */
  residuals: Float64Array;
  /** One-step fitted values ŷ_t. */
  fitted: Float64Array;
  nobs: number;
  /** Number of free parameters counted by the information criteria (estimated values + σ²). */
  npar: number;
  /** Objective evaluations used by the optimiser and whether it met its tolerance before maxit. */
  fncount: number;
  converged: boolean;
}
