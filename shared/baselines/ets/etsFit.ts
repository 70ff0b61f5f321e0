import { nelderMead } from '../nelderMead';
import { admissible } from './admissible';
import { etsFilter, SEASON_ADD, SEASON_MULT, SEASON_NONE, TREND_ADD, TREND_NONE } from './etsFilter';
import { etsLikelihood } from './etsLikelihood';
import { initState } from './initState';
import { etsName, type EtsModel, type EtsSpec } from './types';

/** R's default "usual" bounds: α, β, γ in [1e-4, 0.9999], φ in [0.8, 0.98]. */
const LOWER = [1e-4, 1e-4, 1e-4, 0.8] as const;
const UPPER = [0.9999, 0.9999, 0.9999, 0.98] as const;
const MAXIT = 2000;

export interface EtsFitOptions {
  /** Optimisation criterion: 'lik' (maximum likelihood, default) or 'mse' (R's `ses` uses it). */
  criterion?: 'lik' | 'mse';
}

/**
 * Fits one ETS model by maximum likelihood, as R's `forecast::ets(y, model = "EtS", damped = …)`
 * with the default `bounds = "both"` (Hyndman et al. 2008, ch. 5; Hyndman et al. 2002, IJF 18):
 *
 * - free values θ = (α, β?, γ?, φ?, l_0, b_0?, s_0, …, s_{−m+2}); the last seasonal state is implied
 *   (Σ s = 0 additive, Σ s = m multiplicative) and multiplicative seasonal states must stay ≥ 0;
 * - start: α = 1e-4 + 0.2·(0.9998)/m, β = 1e-4 + 0.1·(α − 1e-4), γ = 1e-4 + 0.05·(1 − α − 1e-4),
 *   φ = 0.9782, states from {@link initState};
 * - constraints: 1e-4 ≤ α ≤ 0.9999, 1e-4 ≤ β ≤ α, 1e-4 ≤ γ ≤ 1 − α, 0.8 ≤ φ ≤ 0.98 and the
 *   admissible (forecastable) region {@link admissible}; violations give +∞;
 * - minimise lik = n·log Σε² + 2Σlog|ŷ| with Nelder–Mead ({@link nelderMead}, R's settings,
 *   2000 evaluations);
 * - information criteria with k = #θ + 1 (σ²): AIC = lik + 2k, BIC = lik + k·log n,
 *   AICc = AIC + 2k(k+1)/(n − k − 1); σ̂² = Σε²/(n − #θ).
 *
 * Throws when the model is not allowed for the data (multiplicative components need y > 0,
 * additive error with multiplicative season is excluded, seasonal models need period 2..24 and
 * n > period) or when there are too few observations (#θ ≥ n − 1, or n ≤ R's `npars + 4`).
 */
export function etsFit(
  y: Float64Array,
  spec: EtsSpec,
  period: number,
  options: EtsFitOptions = {},
): EtsModel {
  const n = y.length;
  if (spec.season !== 'N' && (period < 2 || period > 24 || n <= period)) {
    throw new RangeError(`etsFit: seasonal model needs 2 <= period <= 24 and n > period (n=${n}, period=${period})`);
  }
  if (spec.error === 'A' && spec.season === 'M') throw new RangeError('etsFit: forbidden model combination');
  let positive = true;
  for (let i = 0; i < n; i++) if (!(y[i]! > 0)) positive = false;
  if ((spec.error === 'M' || spec.season === 'M') && !positive) {
    throw new RangeError('etsFit: multiplicative model needs strictly positive data');
  }
  const npars = 2 + (spec.trend !== 'N' ? 2 : 0) + (spec.season !== 'N' ? period : 0) + (spec.trend === 'Ad' ? 1 : 0);
  if (n <= npars + 4) throw new RangeError(`etsFit: not enough data for ${etsName(spec)} (n=${n})`);
  const model = fitEtsModel(y, spec, period, options.criterion ?? 'lik');
  if (!model) throw new RangeError(`etsFit: not enough data or optimisation failed for ${etsName(spec)}`);
  return model;
}

/**
 * R's `etsmodel`: the fit itself, without the data checks of {@link etsFit}. Returns null when the
 * model has at least n − 1 free values or the initial point cannot be evaluated (R's try-error).
 */
export function fitEtsModel(
  y: Float64Array,
  spec: EtsSpec,
  period: number,
  criterion: 'lik' | 'mse' = 'lik',
): EtsModel | null {
  const n = y.length;
  const hasTrend = spec.trend !== 'N';
  const damped = spec.trend === 'Ad';
  const season = spec.season === 'N' ? SEASON_NONE : spec.season === 'A' ? SEASON_ADD : SEASON_MULT;
  const trend = hasTrend ? TREND_ADD : TREND_NONE;
  const m = season === SEASON_NONE ? 1 : period;
  const multError = spec.error === 'M';

  // initparam()
  let alpha = LOWER[0] + (0.2 * (UPPER[0] - LOWER[0])) / m;
  if (alpha > 1 || alpha < 0) alpha = LOWER[0] + 2e-3;
  const start: number[] = [alpha];
  if (hasTrend) {
    const up = Math.min(UPPER[1], alpha);
    let beta = LOWER[1] + 0.1 * (up - LOWER[1]);
    if (beta < 0 || beta > alpha) beta = alpha - 0.001;
    start.push(beta);
  }
  if (season !== SEASON_NONE) {
    const up = Math.min(UPPER[2], 1 - alpha);
    let gamma = LOWER[2] + 0.05 * (up - LOWER[2]);
    if (gamma < 0 || gamma > 1 - alpha) gamma = 1 - alpha - 0.001;
    start.push(gamma);
  }
  if (damped) {
    let phi = LOWER[3] + 0.99 * (UPPER[3] - LOWER[3]);
    if (phi < 0 || phi > 1) phi = UPPER[3] - 0.001;
    start.push(phi);
  }
  const nParams = start.length;
  let states: Float64Array;
  try {
    states = initState(y, hasTrend, spec.season, m);
  } catch {
    return null;
  }
  for (const s of states) start.push(s);
  const np = start.length;
  if (np >= n - 1) return null;

  const seasOffset = nParams + 1 + (hasTrend ? 1 : 0); // index of s_0 in θ
  const seas = new Float64Array(Math.max(m, 1));
  const work = new Float64Array(2 * m + 6);
  const mse = criterion === 'mse';

  /** Decodes θ into (α, β, γ, φ) and the ring buffer; returns false when θ is infeasible. */
  let a = 0;
  let b = 0;
  let g = 0;
  let ph = 1;
  const load = (par: Float64Array): boolean => {
    let k = 0;
    a = par[k++]!;
    b = hasTrend ? par[k++]! : 0;
    g = season !== SEASON_NONE ? par[k++]! : 0;
    ph = damped ? par[k++]! : 1;
    // check.param(): usual bounds ...
    if (a < LOWER[0] || a > UPPER[0]) return false;
    if (hasTrend && (b < LOWER[1] || b > a || b > UPPER[1])) return false;
    if (damped && (ph < LOWER[3] || ph > UPPER[3])) return false;
    if (season !== SEASON_NONE && (g < LOWER[2] || g > 1 - a || g > UPPER[2])) return false;
    // ... and the admissible region.
    if (!admissible(a, b, g, ph, m, hasTrend, season !== SEASON_NONE, work)) return false;
    if (season !== SEASON_NONE) {
      // θ holds s_0..s_{m−2}; s_{m−1} is implied. Ring: seas[0] = s_{m−1}, seas[k] = s_{m−1−k}.
      let sum = 0;
      for (let i = 0; i < m - 1; i++) sum += par[seasOffset + i]!;
      const last = (season === SEASON_MULT ? m : 0) - sum;
      seas[0] = last;
      for (let k2 = 1; k2 < m; k2++) seas[k2] = par[seasOffset + m - 1 - k2]!;
      if (season === SEASON_MULT) {
        for (let k2 = 0; k2 < m; k2++) if (seas[k2]! < 0) return false;
      }
    }
    return true;
  };

  const objective = (par: Float64Array): number => {
    if (!load(par)) return Infinity;
    const l0 = par[nParams]!;
    const b0 = hasTrend ? par[nParams + 1]! : 0;
    let v = mse
      ? etsFilter(y, multError, trend, season, m, a, b, g, ph, l0, b0, seas, true)
      : etsLikelihood(y, multError, trend, season, m, a, b, g, ph, l0, b0, seas);
    if (!mse) {
      if (v < -1e10) v = -1e10;
      if (Number.isNaN(v)) v = Infinity;
    }
    return v;
  };

  let opt;
  try {
    opt = nelderMead(objective, start, { maxit: MAXIT });
  } catch {
    return null;
  }
  const par = opt.x;
  if (!load(par)) {
    // The optimiser never moves to an infeasible point from a feasible start, but be defensive.
    return null;
  }
  const l0 = par[nParams]!;
  const b0 = hasTrend ? par[nParams + 1]! : 0;
  const initFull = new Float64Array(1 + (hasTrend ? 1 : 0) + (season !== SEASON_NONE ? m : 0));
  initFull[0] = l0;
  if (hasTrend) initFull[1] = b0;
  const sOff = 1 + (hasTrend ? 1 : 0);
  if (season !== SEASON_NONE) for (let k = 0; k < m; k++) initFull[sOff + k] = seas[m - 1 - k]!;

  const residuals = new Float64Array(n);
  const fitted = new Float64Array(n);
  const last = new Float64Array(2);
  let lik = etsFilter(y, multError, trend, season, m, a, b, g, ph, l0, b0, seas, false, {
    residuals,
    fitted,
    last,
  });
  if (Number.isNaN(lik)) lik = Infinity;
  const state = new Float64Array(initFull.length);
  state[0] = last[0]!;
  if (hasTrend) state[1] = last[1]!;
  if (season !== SEASON_NONE) {
    for (let i = 0; i < m; i++) state[sOff + i] = seas[(((n - 1 - i) % m) + m) % m]!;
  }
  let sse = 0;
  let sse1 = 0;
  for (let t = 0; t < n; t++) {
    sse += residuals[t]! * residuals[t]!;
    const d = y[t]! - fitted[t]!;
    sse1 += d * d;
  }
  const k = np + 1;
  const aic = lik + 2 * k;
  return {
    spec: { ...spec },
    name: etsName(spec),
    period: m,
    alpha: a,
    beta: b,
    gamma: g,
    phi: ph,
    initState: initFull,
    state,
    loglik: -0.5 * lik,
    aic,
    aicc: aic + (2 * k * (k + 1)) / (n - k - 1),
    bic: lik + Math.log(n) * k,
    mse: sse1 / n,
    sigma2: sse / (n - np),
    residuals,
    fitted,
    nobs: n,
    npar: k,
    fncount: opt.fncount,
    converged: opt.fail === 0,
  };
}
