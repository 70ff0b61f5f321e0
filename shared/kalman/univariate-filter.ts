/**
 * Specialised Kalman filter for time-invariant models with a scalar observation and a sparse transition — the
 * structural models — including Durbin & Koopman's exact initial (diffuse) Kalman filter (Durbin & Koopman 2012,
 * §5.2; Koopman & Durbin 2003). It is the kernel behind `fitStructural` (likelihood-only mode: no storage) and
 * `structuralSmooth`.
 *
 * Model: y_t = Z α_t + ε_t (ε ~ N(0, H)), α_{t+1} = T α_t + η_t (η ~ N(0, RQRᵀ)), α_1 ~ N(a_1, P*_1 + κ P∞_1), κ → ∞.
 *
 * Regular step (P∞ = 0): v = y − Z a, M = P Zᵀ, F = Z M + H,
 *   a_{t|t} = a + M v / F,  P_{t|t} = P − M Mᵀ / F (evaluated in Joseph form, see `josephUpdate`),  a_{t+1} = T a_{t|t},  P_{t+1} = T P_{t|t} Tᵀ + RQRᵀ,
 *   log L_t = −½ (log 2π + log F + v² / F).
 * Diffuse step (P∞ ≠ 0): M∞ = P∞ Zᵀ, F∞ = Z M∞, M* = P* Zᵀ, F* = Z M* + H. If F∞ > tol:
 *   a_{t|t} = a + M∞ v / F∞,  P∞_{t|t} = P∞ − M∞ M∞ᵀ / F∞,
 *   P*_{t|t} = P* + M∞ M∞ᵀ F* / F∞² − (M* M∞ᵀ + M∞ M*ᵀ) / F∞,   log L_t = −½ (log 2π + log F∞)
 * else the regular update with (M*, F*) and P∞ unchanged. P∞ and P* then predict as P above (P∞ without RQRᵀ).
 * The diffuse phase ends when P∞ vanishes. Missing y (NaN) skips the update. This is the same likelihood
 * statsmodels reports for `use_exact_diffuse=True`. Once the predicted covariance stops changing (relative change
 * ≤ STEADY_TOLERANCE) the filter switches to steady state until the next missing value (like statsmodels' converged
 * filter).
 */
import type { SparseMatrix } from './sparse';
import { mulSparseT, sparseMatVec, sparseMul } from './sparse';

const LOG_2PI = Math.log(2 * Math.PI);
/** F∞ above this is "non-zero" (P∞ entries are O(1) for the structural models). */
export const DIFFUSE_TOLERANCE = 1e-8;
/**
 * Relative change of the predicted covariance below which the filter is taken to have reached its steady state
 * (time-invariant model, no gap): from then on only the mean is propagated, saving the O(n²) covariance work.
 */
export const STEADY_TOLERANCE = 1e-14;

/** Time-invariant univariate-observation model with a sparse transition. */
export interface UnivariateModel {
  n: number;
  Z: Float64Array;
  H: number;
  T: SparseMatrix;
  /** State disturbance covariance R Q Rᵀ, n×n. */
  RQR: Float64Array;
}

export interface UnivariateInit {
  /** a_1 (length n). */
  a1: Float64Array;
  /** P*_1: the proper part of the initial covariance, n×n. */
  Pstar1: Float64Array;
  /** P∞_1: the diffuse part (null: none, an ordinary filter). */
  Pinf1: Float64Array | null;
}

export interface UnivariateFilterOptions {
  /** Steps left out of the log-likelihood (statsmodels `loglikelihood_burn`). */
  burn?: number;
  /** Keep everything the smoother needs (default true). False: log-likelihood only, no per-step storage. */
  store?: boolean;
}

export interface UnivariateFilterResult {
  n: number;
  N: number;
  logLikelihood: number;
  /** Observed steps that entered the log-likelihood. */
  nObserved: number;
  /** Steps in the diffuse phase (statsmodels `nobs_diffuse`); 0 without P∞. */
  nDiffuse: number;
  /** Predicted means a_t, N×n (stored mode only; else empty). */
  a: Float64Array;
  /** Predicted covariances P_t (P*_t in the diffuse phase), N×n×n. */
  P: Float64Array;
  /** Filtered means a_{t|t}, N×n. */
  filteredMean: Float64Array;
  /** Diagonal of the filtered covariance P_{t|t} (P*_{t|t} in the diffuse phase), N×n. */
  filteredVar: Float64Array;
  /** Innovations v_t (NaN where y is missing), N. */
  v: Float64Array;
  /** F_t (F*_t in the diffuse phase), N. */
  F: Float64Array;
  /** M_t = P_t Zᵀ (M*_t in the diffuse phase), N×n. */
  M: Float64Array;
  /** Diffuse phase, per step t < nDiffuse: P∞_t (n×n), M∞_t = P∞_t Zᵀ and F∞_t. */
  Pinf: Float64Array[];
  Minf: Float64Array[];
  Finf: number[];
  /** a_{N+1}, P_{N+1}: the prediction after the last step (forecast origin). */
  finalA: Float64Array;
  finalP: Float64Array;
  /** P∞_{N+1} (all zeros unless the sample ended inside the diffuse phase). */
  finalPinf: Float64Array | null;
}

/** Largest absolute entry of a matrix (diffuse-phase end test). */
function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m) m = v;
  }
  return m;
}

/**
 * P ← (I − m Z) P (I − m Z)ᵀ + H m mᵀ with m = M / F (Joseph form), in O(n²) as two rank-1 corrections:
 * A = P − m Mᵀ, then A − (A Zᵀ) mᵀ, then + H m mᵀ. Algebraically P − M Mᵀ / F, but the round-off of the first
 * correction is multiplied by (1 − Z m) ≈ H / F, so a tiny H against a 1e6 prior cannot drive P negative.
 */
function josephUpdate(
  P: Float64Array,
  M: Float64Array,
  f1: number,
  H: number,
  zIdx: Int32Array,
  zVal: Float64Array,
  n: number,
  A: Float64Array,
  Az: Float64Array,
): void {
  const nz = zIdx.length;
  for (let i = 0; i < n; i++) {
    const mi = M[i]! * f1;
    for (let j = 0; j < n; j++) A[i * n + j] = P[i * n + j]! - mi * M[j]!;
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < nz; k++) s += A[i * n + zIdx[k]!]! * zVal[k]!;
    Az[i] = s;
  }
  const hf = H * f1 * f1;
  for (let i = 0; i < n; i++) {
    const ai = Az[i]!;
    const hmi = hf * M[i]!;
    for (let j = 0; j < n; j++) P[i * n + j] = A[i * n + j]! - ai * M[j]! * f1 + hmi * M[j]!;
  }
}

/** Run the filter over `y` (NaN = missing). */
export function univariateFilter(
  model: UnivariateModel,
  y: ArrayLike<number>,
  init: UnivariateInit,
  options: UnivariateFilterOptions = {},
): UnivariateFilterResult {
  const { n, Z, H, T, RQR } = model;
  const nn = n * n;
  const N = y.length;
  const burn = options.burn ?? 0;
  const store = options.store ?? true;
  const zIdx = Int32Array.from(Array.from(Z.keys()).filter((j) => Z[j] !== 0));
  const zVal = Float64Array.from(zIdx, (j) => Z[j]!);
  const nz = zIdx.length;

  const a = Float64Array.from(init.a1);
  let P: Float64Array = Float64Array.from(init.Pstar1);
  let Pinf: Float64Array | null = init.Pinf1 === null ? null : Float64Array.from(init.Pinf1);
  if (Pinf !== null && maxAbs(Pinf) === 0) Pinf = null;
  let Ptmp: Float64Array = new Float64Array(nn);
  const Pwork = new Float64Array(nn);
  const M = new Float64Array(n);
  const Mi = new Float64Array(n);
  const af = new Float64Array(n);
  const Pprev = new Float64Array(nn);
  let steady = false;

  const aStore = new Float64Array(store ? N * n : 0);
  const PStore = new Float64Array(store ? N * nn : 0);
  const filteredMean = new Float64Array(store ? N * n : 0);
  const filteredVar = new Float64Array(store ? N * n : 0);
  const vStore = new Float64Array(store ? N : 0);
  const FStore = new Float64Array(store ? N : 0);
  const MStore = new Float64Array(store ? N * n : 0);
  const PinfStore: Float64Array[] = [];
  const MinfStore: Float64Array[] = [];
  const FinfStore: number[] = [];

  let ll = 0;
  let nObserved = 0;
  let nDiffuse = 0;
  for (let t = 0; t < N; t++) {
    const yt = y[t]!;
    const missing = Number.isNaN(yt);
    // M = P Zᵀ, F = Z M + H, v = y − Z a
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < nz; k++) s += P[i * n + zIdx[k]!]! * zVal[k]!;
      M[i] = s;
    }
    let F = H;
    let za = 0;
    for (let k = 0; k < nz; k++) {
      F += zVal[k]! * M[zIdx[k]!]!;
      za += zVal[k]! * a[zIdx[k]!]!;
    }
    const v = yt - za;
    if (store) {
      aStore.set(a, t * n);
      PStore.set(P, t * nn);
      vStore[t] = missing ? NaN : v;
      FStore[t] = F;
      MStore.set(M, t * n);
    }
    af.set(a);
    if (Pinf !== null) {
      // ---- diffuse step
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < nz; k++) s += Pinf[i * n + zIdx[k]!]! * zVal[k]!;
        Mi[i] = s;
      }
      let Finf = 0;
      for (let k = 0; k < nz; k++) Finf += zVal[k]! * Mi[zIdx[k]!]!;
      if (store) {
        PinfStore.push(Pinf.slice());
        MinfStore.push(Mi.slice());
        FinfStore.push(Finf);
      }
      if (!missing) {
        if (Finf > DIFFUSE_TOLERANCE) {
          const f1 = 1 / Finf;
          const f2 = F / (Finf * Finf);
          for (let i = 0; i < n; i++) af[i]! += Mi[i]! * v * f1;
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              Pinf[i * n + j]! -= Mi[i]! * Mi[j]! * f1;
              P[i * n + j]! += Mi[i]! * Mi[j]! * f2 - (M[i]! * Mi[j]! + Mi[i]! * M[j]!) * f1;
            }
          }
          if (t >= burn) ll += -0.5 * (LOG_2PI + Math.log(Finf));
        } else {
          const f1 = 1 / F;
          for (let i = 0; i < n; i++) af[i]! += M[i]! * v * f1;
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) P[i * n + j]! -= M[i]! * M[j]! * f1;
          if (t >= burn) ll += F > 0 ? -0.5 * (LOG_2PI + Math.log(F) + v * v * f1) : -Infinity;
        }
        if (t >= burn) nObserved++;
      }
      // P∞ ← T P∞ Tᵀ
      sparseMul(T, Pinf, Pwork);
      mulSparseT(Pwork, T, Ptmp);
      const swap = Pinf;
      Pinf = Ptmp;
      Ptmp = swap;
      nDiffuse = t + 1;
      if (maxAbs(Pinf) <= DIFFUSE_TOLERANCE) {
        Pinf = null;
      }
    } else if (!missing) {
      // ---- regular step
      if (F > 0) {
        const f1 = 1 / F;
        const vf = v * f1;
        for (let i = 0; i < n; i++) af[i]! += M[i]! * vf;
        if (!steady) josephUpdate(P, M, f1, H, zIdx, zVal, n, Pwork, Mi);
        if (t >= burn) ll += -0.5 * (LOG_2PI + Math.log(F) + v * vf);
      } else if (t >= burn) {
        ll = -Infinity;
      }
      if (t >= burn) nObserved++;
    } else {
      steady = false; // a gap: the covariance grows again
    }
    if (steady) {
      // Steady state: P_{t+1} = P_t, only the mean moves. P still holds the predicted covariance.
      if (store) {
        filteredMean.set(af, t * n);
        for (let i = 0; i < n; i++) filteredVar[t * n + i] = P[i * n + i]! - (M[i]! * M[i]!) / F;
      }
      sparseMatVec(T, af, a);
      continue;
    }
    if (store) {
      filteredMean.set(af, t * n);
      for (let i = 0; i < n; i++) filteredVar[t * n + i] = P[i * n + i]!;
    }
    // predict: a ← T a_{t|t}, P ← T P Tᵀ + RQR
    sparseMatVec(T, af, a);
    sparseMul(T, P, Pwork);
    mulSparseT(Pwork, T, Ptmp);
    for (let i = 0; i < nn; i++) Ptmp[i]! += RQR[i]!;
    // symmetrise (round-off); track the change from the previous prediction for the steady-state test
    let change = 0;
    let size = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const s = 0.5 * (Ptmp[i * n + j]! + Ptmp[j * n + i]!);
        Ptmp[i * n + j] = s;
        Ptmp[j * n + i] = s;
        change = Math.max(change, Math.abs(s - Pprev[i * n + j]!));
        size = Math.max(size, Math.abs(s));
      }
    }
    if (!missing && Pinf === null && t > 0 && change <= STEADY_TOLERANCE * size) steady = true;
    Pprev.set(Ptmp);
    const swap = P;
    P = Ptmp;
    Ptmp = swap;
  }
  return {
    n,
    N,
    logLikelihood: ll,
    nObserved,
    nDiffuse,
    a: aStore,
    P: PStore,
    filteredMean,
    filteredVar,
    v: vStore,
    F: FStore,
    M: MStore,
    Pinf: PinfStore,
    Minf: MinfStore,
    Finf: FinfStore,
    finalA: a.slice(),
    finalP: P.slice(),
    finalPinf: Pinf === null ? null : Pinf.slice(),
  };
}
