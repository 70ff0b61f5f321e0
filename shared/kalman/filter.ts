/**
 * Kalman filter for the general linear Gaussian state-space model (see `model.ts`); Durbin & Koopman 2012, §4.3,
 * with the Joseph-form covariance update (Bucy & Joseph 1968) and Cholesky solves instead of inverses:
 *
 *   v_k = y_k − C x_{k|k−1} − D u_k,                  S_k = C P_{k|k−1} Cᵀ + R = L Lᵀ
 *   K_k = P_{k|k−1} Cᵀ S_k⁻¹                          (solved as Kᵀ = S⁻¹ (P Cᵀ)ᵀ)
 *   x_{k|k} = x_{k|k−1} + K_k v_k
 *   P_{k|k} = (I − K C) P_{k|k−1} (I − K C)ᵀ + K R Kᵀ (Joseph form: stays symmetric positive semi-definite)
 *   x_{k+1|k} = A_k x_{k|k} + B_k u_k,                P_{k+1|k} = A_k P_{k|k} A_kᵀ + Q_k
 *   log L = Σ_{k ≥ burn, observed} −½ (q_k log 2π + log|S_k| + v_kᵀ S_k⁻¹ v_k),   log|S| = 2 Σ log L_ii
 *
 * Missing data (NaN): a step whose observation row is all-NaN skips the update; a partially observed row updates with
 * the observed components only (rows of C, D and the sub-block of R), as statsmodels does. `burn` drops the first
 * `burn` steps from the log-likelihood (statsmodels' `loglikelihood_burn`).
 */
import {
  cholesky,
  choleskySolve,
  forwardSubstitute,
  fromRows,
  matMul,
  matMulT,
  matVec,
  symmetrize,
} from './matrix';
import {
  flattenSeries,
  resolveMatrix,
  validateModel,
  type MatrixSource,
  type SeriesInput,
  type StateSpaceModel,
} from './model';

const LOG_2PI = Math.log(2 * Math.PI);

export interface KalmanFilterOptions {
  /** Steps excluded from the log-likelihood at the start (statsmodels `loglikelihood_burn`). Default 0. */
  burn?: number;
}

export interface KalmanFilterResult {
  n: number;
  p: number;
  /** Number of time steps. */
  N: number;
  /** x_{k|k−1}, N×n row-major. */
  predictedMean: Float64Array;
  /** P_{k|k−1}, N×n×n. */
  predictedCov: Float64Array;
  /** x_{k|k}, N×n. Equals the prediction at fully missing steps. */
  filteredMean: Float64Array;
  /** P_{k|k}, N×n×n. */
  filteredCov: Float64Array;
  /** v_k, N×p; NaN for unobserved components. */
  innovation: Float64Array;
  /** S_k, N×p×p; entries involving an unobserved component are NaN. */
  innovationCov: Float64Array;
  /** K_k, N×n×p; columns of unobserved components are 0. */
  gain: Float64Array;
  /** Gaussian log-likelihood over observed steps k ≥ burn. */
  logLikelihood: number;
  /** Each step's log-likelihood contribution (0 where nothing is observed; burn steps included here). */
  logLikelihoodPerStep: Float64Array;
  /** Number of observed scalar values that entered `logLikelihood`. */
  nObserved: number;
  burn: number;
  /** x_{N|N−1}: the one-step prediction after the last observation (start of a forecast). */
  finalPredictedMean: Float64Array;
  /** P_{N|N−1}. */
  finalPredictedCov: Float64Array;
}

/** Resolved model matrices (shared by filter, smoother and forecast). */
export interface ResolvedModel {
  n: number;
  p: number;
  m: number;
  A: MatrixSource;
  B: MatrixSource | null;
  C: MatrixSource;
  D: MatrixSource | null;
  Q: MatrixSource;
  R: MatrixSource;
}

export function resolveModel(model: StateSpaceModel): ResolvedModel {
  validateModel(model);
  const { n, p } = model;
  const m = model.m ?? 0;
  return {
    n,
    p,
    m,
    A: resolveMatrix(model.A, n, n, 'A'),
    B: model.B === undefined ? null : resolveMatrix(model.B, n, m, 'B'),
    C: resolveMatrix(model.C, p, n, 'C'),
    D: model.D === undefined ? null : resolveMatrix(model.D, p, m, 'D'),
    Q: resolveMatrix(model.Q, n, n, 'Q'),
    R: resolveMatrix(model.R, p, p, 'R'),
  };
}

/** Flatten and check the control input against the model; null when the model has no control matrices. */
export function resolveControls(rm: ResolvedModel, u: SeriesInput | undefined, stepsNeeded: number): Float64Array | null {
  if (rm.B === null && rm.D === null) return null;
  if (u === undefined) throw new RangeError('kalman: the model has B or D, so a control input u is required');
  const flat = flattenSeries(u, rm.m, 'u');
  if (flat.length < stepsNeeded * rm.m) {
    throw new RangeError(`kalman: u has ${flat.length / rm.m} steps, need ${stepsNeeded}`);
  }
  return flat;
}

/** Run the Kalman filter over `y` (N×p, NaN = missing) with optional controls `u` (N×m). */
export function kalmanFilter(
  model: StateSpaceModel,
  y: SeriesInput,
  u?: SeriesInput,
  options: KalmanFilterOptions = {},
): KalmanFilterResult {
  const rm = resolveModel(model);
  const { n, p, m } = rm;
  const obs = flattenSeries(y, p, 'y');
  const N = obs.length / p;
  const burn = options.burn ?? 0;
  if (!Number.isInteger(burn) || burn < 0) throw new RangeError(`kalmanFilter: burn must be a non-negative integer, got ${burn}`);
  const ctrl = resolveControls(rm, u, N);

  const nn = n * n;
  const predictedMean = new Float64Array(N * n);
  const predictedCov = new Float64Array(N * nn);
  const filteredMean = new Float64Array(N * n);
  const filteredCov = new Float64Array(N * nn);
  const innovation = new Float64Array(N * p).fill(NaN);
  const innovationCov = new Float64Array(N * p * p).fill(NaN);
  const gain = new Float64Array(N * n * p);
  const llPerStep = new Float64Array(N);

  // Workspace (allocated once).
  const xp = Float64Array.from(model.x0);
  const Pp = (model.P0 instanceof Float64Array ? model.P0 : fromRows(model.P0)).slice();
  const xf = new Float64Array(n);
  const Pf = new Float64Array(nn);
  const idx = new Int32Array(p);
  const Cq = new Float64Array(p * n);
  const Rq = new Float64Array(p * p);
  const v = new Float64Array(p);
  const z = new Float64Array(p);
  const PCt = new Float64Array(n * p);
  const S = new Float64Array(p * p);
  const L = new Float64Array(p * p);
  const Kt = new Float64Array(p * n);
  const IKC = new Float64Array(nn);
  const T1 = new Float64Array(nn);
  const KR = new Float64Array(n * p);
  const tmpN = new Float64Array(n);

  let logLikelihood = 0;
  let nObserved = 0;
  for (let k = 0; k < N; k++) {
    predictedMean.set(xp, k * n);
    predictedCov.set(Pp, k * nn);
    let q = 0;
    for (let j = 0; j < p; j++) if (!Number.isNaN(obs[k * p + j]!)) idx[q++] = j;
    if (q === 0) {
      xf.set(xp);
      Pf.set(Pp);
    } else {
      const C = rm.C.at(k);
      const R = rm.R.at(k);
      const D = rm.D === null ? null : rm.D.at(k);
      for (let i = 0; i < q; i++) {
        const r = idx[i]!;
        for (let c = 0; c < n; c++) Cq[i * n + c] = C[r * n + c]!;
        for (let j = 0; j < q; j++) Rq[i * q + j] = R[r * p + idx[j]!]!;
      }
      // v = y − C x − D u
      matVec(Cq, xp, q, n, v);
      for (let i = 0; i < q; i++) {
        const r = idx[i]!;
        let du = 0;
        if (D !== null && ctrl !== null) for (let c = 0; c < m; c++) du += D[r * m + c]! * ctrl[k * m + c]!;
        v[i] = obs[k * p + r]! - v[i]! - du;
      }
      // S = C P Cᵀ + R
      matMulT(Pp, Cq, n, n, q, PCt); // n×q
      matMul(Cq, PCt, q, n, q, S);
      for (let i = 0; i < q * q; i++) S[i]! += Rq[i]!;
      symmetrize(S, q);
      if (!cholesky(S, q, L)) {
        throw new RangeError(`kalmanFilter: innovation covariance is not positive definite at step ${k}`);
      }
      // Kᵀ = S⁻¹ (P Cᵀ)ᵀ
      for (let i = 0; i < q; i++) for (let c = 0; c < n; c++) Kt[i * n + c] = PCt[c * q + i]!;
      choleskySolve(L, q, Kt, n);
      // x_f = x_p + K v
      for (let c = 0; c < n; c++) {
        let s = xp[c]!;
        for (let i = 0; i < q; i++) s += Kt[i * n + c]! * v[i]!;
        xf[c] = s;
      }
      // Joseph form: (I − K C) P (I − K C)ᵀ + K R Kᵀ
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          let s = r === c ? 1 : 0;
          for (let i = 0; i < q; i++) s -= Kt[i * n + r]! * Cq[i * n + c]!;
          IKC[r * n + c] = s;
        }
      }
      matMul(IKC, Pp, n, n, n, T1);
      matMulT(T1, IKC, n, n, n, Pf);
      // K R (n×q), then (K R) Kᵀ added
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < q; j++) {
          let s = 0;
          for (let i = 0; i < q; i++) s += Kt[i * n + r]! * Rq[i * q + j]!;
          KR[r * q + j] = s;
        }
      }
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          let s = 0;
          for (let j = 0; j < q; j++) s += KR[r * q + j]! * Kt[j * n + c]!;
          Pf[r * n + c]! += s;
        }
      }
      symmetrize(Pf, n);
      // log-likelihood: z = L⁻¹ v
      let logDet = 0;
      for (let i = 0; i < q; i++) {
        z[i] = v[i]!;
        logDet += Math.log(L[i * q + i]!);
      }
      forwardSubstitute(L, q, z, 1);
      let quad = 0;
      for (let i = 0; i < q; i++) quad += z[i]! * z[i]!;
      const ll = -0.5 * (q * LOG_2PI + 2 * logDet + quad);
      llPerStep[k] = ll;
      if (k >= burn) {
        logLikelihood += ll;
        nObserved += q;
      }
      // Store innovations and gain at the observed component positions.
      for (let i = 0; i < q; i++) {
        const r = idx[i]!;
        innovation[k * p + r] = v[i]!;
        for (let j = 0; j < q; j++) innovationCov[k * p * p + r * p + idx[j]!] = S[i * q + j]!;
        for (let c = 0; c < n; c++) gain[k * n * p + c * p + r] = Kt[i * n + c]!;
      }
    }
    filteredMean.set(xf, k * n);
    filteredCov.set(Pf, k * nn);
    // Predict: x = A x_f + B u, P = A P_f Aᵀ + Q
    const A = rm.A.at(k);
    matVec(A, xf, n, n, xp);
    if (rm.B !== null && ctrl !== null) {
      const B = rm.B.at(k);
      for (let r = 0; r < n; r++) {
        let s = 0;
        for (let c = 0; c < m; c++) s += B[r * m + c]! * ctrl[k * m + c]!;
        tmpN[r] = s;
      }
      for (let r = 0; r < n; r++) xp[r]! += tmpN[r]!;
    }
    matMul(A, Pf, n, n, n, T1);
    matMulT(T1, A, n, n, n, Pp);
    const Q = rm.Q.at(k);
    for (let i = 0; i < nn; i++) Pp[i]! += Q[i]!;
    symmetrize(Pp, n);
  }
  return {
    n,
    p,
    N,
    predictedMean,
    predictedCov,
    filteredMean,
    filteredCov,
    innovation,
    innovationCov,
    gain,
    logLikelihood,
    logLikelihoodPerStep: llPerStep,
    nObserved,
    burn,
    finalPredictedMean: xp.slice(),
    finalPredictedCov: Pp.slice(),
  };
}
