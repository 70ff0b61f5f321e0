/**
 * Harvey's basic structural models (Harvey 1989, §2.3; Durbin & Koopman 2012, §3.2) in the state-space form and
 * state order of statsmodels' `UnobservedComponents` (0.13):
 *
 *   local level          y_t = μ_t + ε_t,  μ_{t+1} = μ_t + η_t                         state [μ]
 *   local linear trend   … μ_{t+1} = μ_t + β_t + η_t,  β_{t+1} = β_t + ζ_t             state [μ, β]
 *   seasonal (trend +    y_t = μ_t + γ_t + ε_t,  γ_{t+1} = −Σ_{j=1}^{s−1} γ_{t+1−j} + ω_t   state [μ, β, γ_t, γ_{t−1}, …, γ_{t−s+2}]
 *   dummy seasonal, s)
 *
 * Variances in statsmodels order: irregular σ²_ε, level σ²_η, slope σ²_ζ, seasonal σ²_ω. Every state is diffuse:
 * approximate diffuse = mean 0, covariance 1e6·I (statsmodels' `initial_variance`) with the first n (= number of
 * states) steps burnt from the log-likelihood (`loglikelihood_burn = k_states`); exact diffuse = Durbin & Koopman's
 * exact initial Kalman filter (`univariate-filter.ts`), no burn.
 */
import type { StateSpaceModel } from './model';
import { sparseFromDense, sparseToDense, type SparseMatrix } from './sparse';

export type StructuralKind = 'local-level' | 'local-linear-trend' | 'seasonal';
export type DiffuseInitialization = 'approximate-diffuse' | 'exact-diffuse';

/** statsmodels' `initial_variance` for the approximate diffuse initialisation. */
export const APPROXIMATE_DIFFUSE_VARIANCE = 1e6;

export const STRUCTURAL_KINDS: readonly StructuralKind[] = ['local-level', 'local-linear-trend', 'seasonal'];

export interface StructuralOptions {
  /** Seasonal period s ≥ 2 (required for `seasonal`, ignored otherwise). */
  period?: number;
  initialization?: DiffuseInitialization;
}

export interface StructuralModel {
  kind: StructuralKind;
  /** Seasonal period, or undefined for the non-seasonal models. */
  period: number | undefined;
  /** Variances in statsmodels order (irregular, level[, slope][, seasonal]). */
  variances: number[];
  initialization: DiffuseInitialization;
  /** Number of states. */
  n: number;
  stateNames: string[];
  /** Design row Z (length n): y_t = Z α_t + ε_t. */
  Z: Float64Array;
  /** Irregular variance H = σ²_ε. */
  H: number;
  /** Transition T (sparse). */
  T: SparseMatrix;
  /** State disturbance covariance R Q Rᵀ (n×n, diagonal here). */
  RQR: Float64Array;
  /** Log-likelihood burn statsmodels applies: n for approximate diffuse, 0 for exact diffuse. */
  loglikelihoodBurn: number;
}

/** Names of the variances a kind takes, in statsmodels order. */
export function structuralVarianceNames(kind: StructuralKind): string[] {
  switch (kind) {
    case 'local-level':
      return ['irregular', 'level'];
    case 'local-linear-trend':
      return ['irregular', 'level', 'slope'];
    case 'seasonal':
      return ['irregular', 'level', 'slope', 'seasonal'];
    default:
      throw new RangeError(`unknown structural model "${String(kind)}" (expected ${STRUCTURAL_KINDS.join(', ')})`);
  }
}

/** Check kind/period and return the period in force (undefined for non-seasonal kinds). */
export function checkStructuralPeriod(kind: StructuralKind, period: number | undefined): number | undefined {
  structuralVarianceNames(kind);
  if (kind !== 'seasonal') return undefined;
  if (period === undefined) throw new RangeError('seasonal model: a period is required');
  if (!Number.isInteger(period) || period < 2) {
    throw new RangeError(`seasonal model: period must be an integer ≥ 2, got ${period}`);
  }
  return period;
}

/** Check a variance vector against a kind: right count, finite, non-negative. */
export function checkStructuralVariances(kind: StructuralKind, variances: ArrayLike<number>): number[] {
  const names = structuralVarianceNames(kind);
  if (variances.length !== names.length) {
    throw new RangeError(
      `${kind} model takes ${names.length} variances (${names.join(', ')}), got ${variances.length}`,
    );
  }
  const out = Array.from(variances);
  out.forEach((v, i) => {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${kind} model: ${names[i]} variance must be finite and ≥ 0, got ${v}`);
  });
  return out;
}

/** Build a structural model for given variances. */
export function structuralModel(
  kind: StructuralKind,
  variances: ArrayLike<number>,
  options: StructuralOptions = {},
): StructuralModel {
  const period = checkStructuralPeriod(kind, options.period);
  const vars = checkStructuralVariances(kind, variances);
  const initialization = options.initialization ?? 'approximate-diffuse';
  if (initialization !== 'approximate-diffuse' && initialization !== 'exact-diffuse') {
    throw new RangeError(`unknown initialization "${String(initialization)}"`);
  }
  const slope = kind !== 'local-level';
  const seasonalStates = period === undefined ? 0 : period - 1;
  const n = 1 + (slope ? 1 : 0) + seasonalStates;
  const T = new Float64Array(n * n);
  const Z = new Float64Array(n);
  const RQR = new Float64Array(n * n);
  const stateNames = ['level'];
  Z[0] = 1;
  T[0] = 1;
  RQR[0] = vars[1]!;
  if (slope) {
    stateNames.push('trend');
    T[0 * n + 1] = 1;
    T[1 * n + 1] = 1;
    RQR[1 * n + 1] = vars[2]!;
  }
  if (seasonalStates > 0) {
    const s0 = slope ? 2 : 1;
    Z[s0] = 1;
    RQR[s0 * n + s0] = vars[3]!;
    stateNames.push('seasonal');
    for (let j = 0; j < seasonalStates; j++) T[s0 * n + s0 + j] = -1;
    for (let j = 1; j < seasonalStates; j++) {
      T[(s0 + j) * n + s0 + j - 1] = 1;
      stateNames.push(`seasonal.L${j}`);
    }
  }
  return {
    kind,
    period,
    variances: vars,
    initialization,
    n,
    stateNames,
    Z,
    H: vars[0]!,
    T: sparseFromDense(T, n),
    RQR,
    loglikelihoodBurn: initialization === 'approximate-diffuse' ? n : 0,
  };
}

/** Local level model: variances [irregular, level]. */
export function localLevelModel(variances: ArrayLike<number>, initialization?: DiffuseInitialization): StructuralModel {
  return structuralModel('local-level', variances, { initialization });
}

/** Local linear trend model: variances [irregular, level, slope]. */
export function localLinearTrendModel(variances: ArrayLike<number>, initialization?: DiffuseInitialization): StructuralModel {
  return structuralModel('local-linear-trend', variances, { initialization });
}

/** Local linear trend + dummy seasonal of period s: variances [irregular, level, slope, seasonal]. */
export function seasonalModel(
  variances: ArrayLike<number>,
  period: number,
  initialization?: DiffuseInitialization,
): StructuralModel {
  return structuralModel('seasonal', variances, { period, initialization });
}

/**
 * The structural model as a general (dense) `StateSpaceModel` with the approximate diffuse prior x0 = 0,
 * P0 = `diffuseVariance`·I, for `kalmanFilter`/`rtsSmooth`/`kalmanForecast`. Filter it with
 * `{ burn: model.loglikelihoodBurn }` to get statsmodels' log-likelihood.
 */
export function structuralToStateSpace(
  model: StructuralModel,
  diffuseVariance = APPROXIMATE_DIFFUSE_VARIANCE,
): StateSpaceModel {
  const { n } = model;
  const P0 = new Float64Array(n * n);
  for (let i = 0; i < n; i++) P0[i * n + i] = diffuseVariance;
  return {
    n,
    p: 1,
    A: sparseToDense(model.T),
    C: model.Z.slice(),
    Q: model.RQR.slice(),
    R: Float64Array.of(model.H),
    x0: new Float64Array(n),
    P0,
  };
}
