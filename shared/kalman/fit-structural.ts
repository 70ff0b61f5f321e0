/**
 * Maximum-likelihood variances of a structural model (Harvey 1989, §4.2; Durbin & Koopman 2012, §7.2): maximise the
 * Gaussian log-likelihood from the Kalman filter — the same likelihood statsmodels' `UnobservedComponents.fit()`
 * maximises, burn included — over θ_i = log(σ²_i / s), s = var(y), so the variances stay positive and the problem is
 * scale-free. Nelder–Mead from statsmodels-like starting values gets near the optimum without gradients (robust on
 * flat, ridge-shaped likelihoods); BFGS with central differences then polishes it. θ is boxed to
 * [log 1e-12, log 1e6]; a variance left on the lower bound is reported as 0 when that does not lower the likelihood.
 * The local level model uses the scalar fast path, the others the sparse univariate kernel, for each evaluation.
 */
import { bfgs } from './bfgs';
import { localLevelSmooth, type LocalLevelBuffers } from './local-level';
import { nelderMead } from './nelder-mead';
import { structuralFilter } from './structural-filter';
import {
  checkStructuralPeriod,
  checkStructuralVariances,
  structuralModel,
  structuralVarianceNames,
  type DiffuseInitialization,
  type StructuralKind,
} from './structural-models';
import { structuralStartVariances } from './structural-start';

export interface FitStructuralOptions {
  period?: number;
  initialization?: DiffuseInitialization;
  /** Starting variances (statsmodels order); default: statsmodels-like, from HP filters. */
  startVariances?: number[];
  /** Cap on Nelder–Mead function evaluations (default 400 per parameter). */
  maxEvaluations?: number;
}

export interface FitStructuralResult {
  kind: StructuralKind;
  period: number | undefined;
  initialization: DiffuseInitialization;
  /** Maximum-likelihood variances, statsmodels order (irregular, level[, slope][, seasonal]). */
  variances: number[];
  logLikelihood: number;
  /** −2 log L + 2 k, k = number of variances (statsmodels' aic). */
  aic: number;
  /** Optimiser iterations (Nelder–Mead + BFGS). */
  iterations: number;
  /** Log-likelihood evaluations. */
  evaluations: number;
  /** True when the BFGS polish met its gradient tolerance. */
  converged: boolean;
  startVariances: number[];
}

const LOG_LOWER = Math.log(1e-12);
const LOG_UPPER = Math.log(1e6);

/** Log-likelihood of `y` under a structural model with the given variances (statsmodels' `llf`). */
export function structuralLogLikelihood(
  y: ArrayLike<number>,
  kind: StructuralKind,
  variances: ArrayLike<number>,
  options: { period?: number; initialization?: DiffuseInitialization } = {},
): number {
  const model = structuralModel(kind, variances, options);
  if (kind === 'local-level') {
    return localLevelSmooth(y, model.variances[0]!, model.variances[1]!, model.initialization, { filterOnly: true })
      .logLikelihood;
  }
  return structuralFilter(model, y, { store: false }).logLikelihood;
}

/** Fit the variances of a structural model to `y` (NaN = missing) by maximum likelihood. */
export function fitStructural(y: ArrayLike<number>, kind: StructuralKind, options: FitStructuralOptions = {}): FitStructuralResult {
  const period = checkStructuralPeriod(kind, options.period);
  const initialization = options.initialization ?? 'approximate-diffuse';
  const names = structuralVarianceNames(kind);
  const k = names.length;
  const observed: number[] = [];
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i]!)) observed.push(y[i]!);
  const states = structuralModel(kind, new Array<number>(k).fill(1), { period }).n;
  if (observed.length <= states) {
    // The first `states` observations only pin down the diffuse initial state (burnt or diffuse in the likelihood).
    throw new RangeError(
      `fitStructural: a ${kind} model${period ? ` with period ${period}` : ''} has ${states} diffuse states and needs more than ${states} observed values to fit its variances, got ${observed.length}`,
    );
  }
  let mean = 0;
  for (const v of observed) mean += v;
  mean /= observed.length;
  let scale = 0;
  for (const v of observed) scale += (v - mean) ** 2;
  scale /= observed.length;
  if (!(scale > 1e-24 * Math.max(1, mean * mean))) scale = 1e-12 * Math.max(1, mean * mean); // (near-)constant series

  const start = options.startVariances
    ? checkStructuralVariances(kind, options.startVariances)
    : structuralStartVariances(y, kind, period);
  const theta0 = start.map((v) => Math.min(LOG_UPPER, Math.max(LOG_LOWER, Math.log(v / scale))));
  const lower = new Array<number>(k).fill(LOG_LOWER);
  const upper = new Array<number>(k).fill(LOG_UPPER);

  const N = y.length;
  const buffers: LocalLevelBuffers | null =
    kind === 'local-level'
      ? { filteredMean: new Float64Array(N), filteredVariance: new Float64Array(N), smoothedMean: new Float64Array(N), smoothedVariance: new Float64Array(N) }
      : null;
  const vars = new Float64Array(k);
  const logLik = (v: ArrayLike<number>): number => {
    if (buffers !== null) {
      return localLevelSmooth(y, v[0]!, v[1]!, initialization, { filterOnly: true, out: buffers }).logLikelihood;
    }
    return structuralFilter(structuralModel(kind, v, { period, initialization }), y, { store: false }).logLikelihood;
  };
  const objective = (theta: Float64Array): number => {
    for (let i = 0; i < k; i++) vars[i] = scale * Math.exp(theta[i]!);
    const ll = logLik(vars);
    return Number.isFinite(ll) ? -ll : Infinity;
  };

  // A (near-)degenerate series can make the likelihood break down (F ≤ 0 from round-off against the 1e6 prior) at
  // tiny starting variances: move the start up until the likelihood is finite.
  let start0 = Float64Array.from(theta0);
  for (let shift = 2; !Number.isFinite(objective(start0)); shift += 2) {
    if (shift > LOG_UPPER - LOG_LOWER) {
      throw new RangeError(`fitStructural: the ${kind} log-likelihood is not finite for any starting variances`);
    }
    start0 = Float64Array.from(theta0, (t) => Math.min(LOG_UPPER, t + shift));
  }

  const nm = nelderMead(objective, start0, {
    step: 1,
    maxEvaluations: options.maxEvaluations ?? 400 * k,
    fTolerance: 1e-8,
    xTolerance: 1e-4,
    lower,
    upper,
  });
  const polished = bfgs(objective, nm.x, { lower, upper, gradientTolerance: 1e-5, differenceStep: 1e-4, maxIterations: 200 });
  const best = polished.value <= nm.value || !Number.isFinite(nm.value) ? polished : nm;
  let variances = Array.from(best.x, (t) => scale * Math.exp(t));
  let logLikelihood = -best.value;
  // Variances pinned at the lower bound are zero in substance: report 0 if the likelihood agrees.
  if (best.x.some((t) => t <= LOG_LOWER + 1e-9)) {
    const snapped = variances.map((v, i) => (best.x[i]! <= LOG_LOWER + 1e-9 ? 0 : v));
    const ll = logLik(snapped);
    if (Number.isFinite(ll) && ll >= logLikelihood - 1e-9) {
      variances = snapped;
      logLikelihood = ll;
    }
  }
  return {
    kind,
    period,
    initialization,
    variances,
    logLikelihood,
    aic: -2 * logLikelihood + 2 * k,
    iterations: nm.iterations + polished.iterations,
    evaluations: nm.evaluations + polished.evaluations,
    converged: polished.converged,
    startVariances: start,
  };
}
