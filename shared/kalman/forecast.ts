/**
 * h-step-ahead forecasts from the end of a filtered sample (Durbin & Koopman 2012, §4.11): starting from the one-step
 * prediction x_{N|N−1}, P_{N|N−1} and for j = 0 … h−1 with k = N + j,
 *
 *   ŷ_k = C_k x_k + D_k u_k,     F_k = C_k P_k C_kᵀ + R_k
 *   x_{k+1} = A_k x_k + B_k u_k, P_{k+1} = A_k P_k A_kᵀ + Q_k
 *
 * Time-varying matrices are evaluated at the absolute step k (so a per-step array must extend past the sample).
 */
import { matMul, matMulT, matVec, symmetrize } from './matrix';
import { flattenSeries, type SeriesInput, type StateSpaceModel } from './model';
import { resolveModel, type KalmanFilterResult } from './filter';

export interface KalmanForecast {
  h: number;
  p: number;
  /** Observation forecast means, h×p. */
  mean: Float64Array;
  /** Observation forecast covariances, h×p×p. */
  cov: Float64Array;
  /** Diagonal of `cov` (per-component variances), h×p. */
  variance: Float64Array;
  /** Predicted state means, h×n. */
  stateMean: Float64Array;
  /** Predicted state covariances, h×n×n. */
  stateCov: Float64Array;
}

/**
 * Forecast h steps past the end of `filtered`. `uFuture` holds the controls for steps N … N+h−1 (h rows of m),
 * required when the model has B or D.
 */
export function kalmanForecast(
  model: StateSpaceModel,
  filtered: Pick<KalmanFilterResult, 'N' | 'finalPredictedMean' | 'finalPredictedCov'>,
  h: number,
  uFuture?: SeriesInput,
): KalmanForecast {
  if (!Number.isInteger(h) || h < 0) throw new RangeError(`kalmanForecast: h must be a non-negative integer, got ${h}`);
  const rm = resolveModel(model);
  const { n, p, m } = rm;
  let ctrl: Float64Array | null = null;
  if (rm.B !== null || rm.D !== null) {
    if (uFuture === undefined) throw new RangeError('kalmanForecast: the model has B or D, so future controls are required');
    ctrl = flattenSeries(uFuture, m, 'uFuture');
    if (ctrl.length < h * m) throw new RangeError(`kalmanForecast: uFuture has ${ctrl.length / m} steps, need ${h}`);
  }
  const nn = n * n;
  const mean = new Float64Array(h * p);
  const cov = new Float64Array(h * p * p);
  const variance = new Float64Array(h * p);
  const stateMean = new Float64Array(h * n);
  const stateCov = new Float64Array(h * nn);
  const x = Float64Array.from(filtered.finalPredictedMean);
  const P = Float64Array.from(filtered.finalPredictedCov);
  const xNext = new Float64Array(n);
  const T1 = new Float64Array(Math.max(nn, n * p));
  const F = new Float64Array(p * p);
  const yhat = new Float64Array(p);
  for (let j = 0; j < h; j++) {
    const k = filtered.N + j;
    stateMean.set(x, j * n);
    stateCov.set(P, j * nn);
    const C = rm.C.at(k);
    matVec(C, x, p, n, yhat);
    if (rm.D !== null && ctrl !== null) {
      const D = rm.D.at(k);
      for (let r = 0; r < p; r++) for (let c = 0; c < m; c++) yhat[r]! += D[r * m + c]! * ctrl[j * m + c]!;
    }
    matMul(C, P, p, n, n, T1);
    matMulT(T1, C, p, n, p, F);
    const R = rm.R.at(k);
    for (let i = 0; i < p * p; i++) F[i]! += R[i]!;
    symmetrize(F, p);
    mean.set(yhat, j * p);
    cov.set(F, j * p * p);
    for (let r = 0; r < p; r++) variance[j * p + r] = F[r * p + r]!;
    const A = rm.A.at(k);
    matVec(A, x, n, n, xNext);
    if (rm.B !== null && ctrl !== null) {
      const B = rm.B.at(k);
      for (let r = 0; r < n; r++) for (let c = 0; c < m; c++) xNext[r]! += B[r * m + c]! * ctrl[j * m + c]!;
    }
    x.set(xNext);
    matMul(A, P, n, n, n, T1);
    matMulT(T1, A, n, n, n, P);
    const Q = rm.Q.at(k);
    for (let i = 0; i < nn; i++) P[i]! += Q[i]!;
    symmetrize(P, n);
  }
  return { h, p, mean, cov, variance, stateMean, stateCov };
}
