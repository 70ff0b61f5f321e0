/**
 * Rauch–Tung–Striebel fixed-interval smoother (Rauch, Tung & Striebel 1965; Durbin & Koopman 2012, §4.4.4 eq. 4.70
 * in the "classical" form) run backwards over a `kalmanFilter` result:
 *
 *   J_k   = P_{k|k} A_kᵀ P_{k+1|k}⁻¹          (solved as J_kᵀ = P_{k+1|k}⁻¹ (A_k P_{k|k}) with a Cholesky factor)
 *   x̂_k  = x_{k|k} + J_k (x̂_{k+1} − x_{k+1|k})
 *   P̂_k  = P_{k|k} + J_k (P̂_{k+1} − P_{k+1|k}) J_kᵀ
 *
 * starting from x̂_{N−1} = x_{N−1|N−1}. The control terms cancel (they are inside x_{k+1|k}). A singular P_{k+1|k}
 * (e.g. a deterministic state) gets a tiny diagonal jitter, growing from 1e-12 to 1e-6 of its largest diagonal entry.
 */
import { cholesky, choleskySolve, matMul, symmetrize } from './matrix';
import type { StateSpaceModel } from './model';
import { resolveModel, type KalmanFilterResult } from './filter';

export interface RtsSmootherResult {
  n: number;
  N: number;
  /** x̂_k = E[x_k | all y], N×n. */
  smoothedMean: Float64Array;
  /** P̂_k = Var[x_k | all y], N×n×n. */
  smoothedCov: Float64Array;
}

/** Cholesky of `a` into `l`, adding diagonal jitter if needed; returns false if even 1e-6·max diag fails. */
function choleskyWithJitter(a: Float64Array, n: number, l: Float64Array, work: Float64Array): boolean {
  if (cholesky(a, n, l)) return true;
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * n + i]!));
  if (maxDiag === 0) maxDiag = 1;
  for (let eps = 1e-12; eps <= 1e-6; eps *= 10) {
    work.set(a.subarray(0, n * n));
    for (let i = 0; i < n; i++) work[i * n + i]! += eps * maxDiag;
    if (cholesky(work, n, l)) return true;
  }
  return false;
}

/** Smooth the states of a filtered model (`filtered` from `kalmanFilter(model, …)`). */
export function rtsSmooth(model: StateSpaceModel, filtered: KalmanFilterResult): RtsSmootherResult {
  const rm = resolveModel(model);
  const { n } = rm;
  const { N } = filtered;
  if (filtered.n !== n) throw new RangeError(`rtsSmooth: filter result has n = ${filtered.n}, model n = ${n}`);
  const nn = n * n;
  const smoothedMean = new Float64Array(N * n);
  const smoothedCov = new Float64Array(N * nn);
  if (N === 0) return { n, N, smoothedMean, smoothedCov };
  const xf = filtered.filteredMean;
  const Pf = filtered.filteredCov;
  const xp = filtered.predictedMean;
  const Pp = filtered.predictedCov;
  smoothedMean.set(xf.subarray((N - 1) * n, N * n), (N - 1) * n);
  smoothedCov.set(Pf.subarray((N - 1) * nn, N * nn), (N - 1) * nn);

  const L = new Float64Array(nn);
  const work = new Float64Array(nn);
  const Jt = new Float64Array(nn);
  const dP = new Float64Array(nn);
  const T1 = new Float64Array(nn);
  const dx = new Float64Array(n);
  for (let k = N - 2; k >= 0; k--) {
    const A = rm.A.at(k);
    const PfK = Pf.subarray(k * nn, (k + 1) * nn);
    const PpK1 = Pp.subarray((k + 1) * nn, (k + 2) * nn);
    if (!choleskyWithJitter(PpK1, n, L, work)) {
      throw new RangeError(`rtsSmooth: predicted covariance at step ${k + 1} is not positive definite`);
    }
    // Jᵀ = P_{k+1|k}⁻¹ (A P_{k|k})
    matMul(A, PfK, n, n, n, Jt);
    choleskySolve(L, n, Jt, n);
    // mean
    for (let i = 0; i < n; i++) dx[i] = smoothedMean[(k + 1) * n + i]! - xp[(k + 1) * n + i]!;
    for (let i = 0; i < n; i++) {
      let s = xf[k * n + i]!;
      for (let j = 0; j < n; j++) s += Jt[j * n + i]! * dx[j]!;
      smoothedMean[k * n + i] = s;
    }
    // covariance: P_f + J (P̂_{k+1} − P_{k+1|k}) Jᵀ
    for (let i = 0; i < nn; i++) dP[i] = smoothedCov[(k + 1) * nn + i]! - PpK1[i]!;
    matMul(dP, Jt, n, n, n, T1); // (dP Jᵀ)
    // J (dP Jᵀ) = Jtᵀ T1
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = PfK[i * n + j]!;
        for (let l = 0; l < n; l++) s += Jt[l * n + i]! * T1[l * n + j]!;
        work[i * n + j] = s;
      }
    }
    symmetrize(work, n);
    smoothedCov.set(work, k * nn);
  }
  return { n, N, smoothedMean, smoothedCov };
}
