/**
 * Scalar fast path for the local level model (Durbin & Koopman 2012, ch. 2): y_t = μ_t + ε_t, μ_{t+1} = μ_t + η_t,
 * ε ~ N(0, σ²_ε), η ~ N(0, σ²_η). Filter (§2.2):
 *
 *   F_t = P_t + σ²_ε,  v_t = y_t − a_t,  a_{t|t} = a_t + P_t v_t / F_t,  P_{t|t} = P_t σ²_ε / F_t,
 *   a_{t+1} = a_{t|t},  P_{t+1} = P_{t|t} + σ²_η,  log L = −½ Σ (log 2π + log F_t + v_t² / F_t)
 *
 * and the RTS smoother (§2.4 in its classical form): J_t = P_{t|t} / P_{t+1},
 *   μ̂_t = a_{t|t} + J_t (μ̂_{t+1} − a_{t+1}),  V_t = P_{t|t} + J_t² (V_{t+1} − P_{t+1}).
 *
 * Initialisation: approximate diffuse (a₁ = 0, P₁ = 1e6, the first step burnt — statsmodels' default), exact diffuse
 * (the first observation fixes the level: a_{t|t} = y_t, P_{t|t} = σ²_ε, contributing −½ log 2π, as D&K §2.9 and
 * statsmodels `use_exact_diffuse`), or a known N(mean, variance). Missing values (NaN) skip the update.
 * Σ log F is accumulated as the log of a running product (renormalised before it over/underflows): one `Math.log`
 * per ~100 steps instead of one per step. No allocation inside the loops; outputs can be passed in and reused.
 */
import { APPROXIMATE_DIFFUSE_VARIANCE } from './structural-models';

const LOG_2PI = Math.log(2 * Math.PI);

export type LocalLevelInit = 'approximate-diffuse' | 'exact-diffuse' | { mean: number; variance: number };

/** Output arrays (length N each); pass them back in `options.out` to reuse the memory. */
export interface LocalLevelBuffers {
  filteredMean: Float64Array;
  filteredVariance: Float64Array;
  smoothedMean: Float64Array;
  smoothedVariance: Float64Array;
}

export interface LocalLevelResult extends LocalLevelBuffers {
  logLikelihood: number;
  /** Observations that entered the log-likelihood. */
  nObserved: number;
  /** Steps left out of the log-likelihood (1 for approximate diffuse, else 0, unless overridden). */
  burn: number;
  /** a_{N+1} and P_{N+1}: the one-step prediction after the sample (forecast origin; infinite P if nothing observed). */
  finalPredictedMean: number;
  finalPredictedVariance: number;
}

export interface LocalLevelOptions {
  /** Override the log-likelihood burn. */
  burn?: number;
  /** Preallocated outputs (each of length N). */
  out?: LocalLevelBuffers;
  /** Skip the smoother (smoothed arrays are left untouched). */
  filterOnly?: boolean;
}

/** Local level filter + smoother over `y` (NaN = missing). */
export function localLevelSmooth(
  y: ArrayLike<number>,
  sigma2Irregular: number,
  sigma2Level: number,
  init: LocalLevelInit = 'approximate-diffuse',
  options: LocalLevelOptions = {},
): LocalLevelResult {
  const N = y.length;
  const h = sigma2Irregular;
  const q = sigma2Level;
  if (!(h >= 0) || !(q >= 0) || !Number.isFinite(h) || !Number.isFinite(q)) {
    throw new RangeError(`localLevelSmooth: variances must be finite and ≥ 0, got ${h}, ${q}`);
  }
  let a: number;
  let P: number;
  let diffuse = false;
  let burn: number;
  if (init === 'approximate-diffuse') {
    a = 0;
    P = APPROXIMATE_DIFFUSE_VARIANCE;
    burn = 1;
  } else if (init === 'exact-diffuse') {
    a = 0;
    P = 0;
    diffuse = true;
    burn = 0;
  } else {
    a = init.mean;
    P = init.variance;
    burn = 0;
  }
  burn = options.burn ?? burn;
  const out = options.out;
  if (out !== undefined) {
    for (const [k, arr] of Object.entries(out)) {
      if ((arr as Float64Array).length !== N) throw new RangeError(`localLevelSmooth: out.${k} has length ${(arr as Float64Array).length}, expected ${N}`);
    }
  }
  const fm = out?.filteredMean ?? new Float64Array(N);
  const fv = out?.filteredVariance ?? new Float64Array(N);

  let logProd = 0;
  let prod = 1;
  let quad = 0;
  let count = 0;
  let t = 0;
  let firstProper = 0; // first step whose filtered variance is finite (exact diffuse: after the first observation)
  if (diffuse) {
    // Diffuse phase: until the first observation the level is unknown (infinite variance).
    for (; t < N; t++) {
      const yt = y[t]!;
      if (yt === yt) {
        a = yt;
        P = h;
        fm[t] = a;
        fv[t] = P;
        if (t >= burn) count++; // F∞ = 1: contributes −½ (log 2π + log 1)
        P += q;
        t++;
        break;
      }
      fm[t] = NaN;
      fv[t] = Infinity;
    }
    firstProper = t - 1;
    if (firstProper < 0 || Number.isNaN(fm[firstProper]!)) firstProper = N; // nothing observed
  }
  for (; t < N; t++) {
    const yt = y[t]!;
    if (yt === yt) {
      const F = P + h;
      const v = yt - a;
      const k = P / F;
      a += k * v;
      P = h * k; // P h / F: exact, and non-negative
      if (t >= burn) {
        quad += v * v / F;
        prod *= F;
        if (prod > 1e150 || prod < 1e-150) {
          logProd += Math.log(prod);
          prod = 1;
        }
        count++;
      }
    }
    fm[t] = a;
    fv[t] = P;
    P += q;
  }
  const logLikelihood = -0.5 * (count * LOG_2PI + logProd + Math.log(prod) + quad);
  const finalPredictedMean = a;
  const finalPredictedVariance = diffuse && firstProper >= N ? Infinity : P;

  const sm = out?.smoothedMean ?? new Float64Array(options.filterOnly ? 0 : N);
  const sv = out?.smoothedVariance ?? new Float64Array(options.filterOnly ? 0 : N);
  if (!options.filterOnly && N > 0) {
    const last = N - 1;
    let s = fm[last]!;
    let V = fv[last]!;
    sm[last] = s;
    sv[last] = V;
    const stop = diffuse ? Math.min(firstProper, N) : 0;
    for (let i = last - 1; i >= stop; i--) {
      const pf = fv[i]!;
      const pp = pf + q;
      const j = pf / pp;
      s = fm[i]! + j * (s - fm[i]!);
      V = pf + j * j * (V - pp);
      sm[i] = s;
      sv[i] = V;
    }
    // Before the first observation (exact diffuse): J = 1, the level walks back with variance growing by q a step.
    for (let i = stop - 1; i >= 0; i--) {
      V += q;
      sm[i] = s;
      sv[i] = V;
    }
  }
  return {
    filteredMean: fm,
    filteredVariance: fv,
    smoothedMean: sm,
    smoothedVariance: sv,
    logLikelihood,
    nObserved: count,
    burn,
    finalPredictedMean,
    finalPredictedVariance,
  };
}
