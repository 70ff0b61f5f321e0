/**
 * Hodrick–Prescott filter (Hodrick & Prescott 1997): the trend τ minimising Σ (y_t − τ_t)² + λ Σ (Δ²τ_t)², i.e. the
 * solution of (I + λ KᵀK) τ = y with K the (N−2)×N second-difference matrix — a symmetric positive-definite
 * pentadiagonal system, solved here by a banded LDLᵀ factorisation in O(N). Used for statsmodels-like starting
 * values of the structural-model variances (statsmodels `hpfilter`, λ = 1600 by default).
 */

/** HP trend and cycle (y − trend) of a series without missing values. */
export function hpFilter(y: ArrayLike<number>, lambda = 1600): { trend: Float64Array; cycle: Float64Array } {
  const N = y.length;
  const trend = new Float64Array(N);
  const cycle = new Float64Array(N);
  if (N === 0) return { trend, cycle };
  if (N < 3) {
    for (let i = 0; i < N; i++) trend[i] = y[i]!;
    return { trend, cycle };
  }
  // Bands of A = I + λ KᵀK: d0 (diagonal), d1 (first off-diagonal), d2 (second off-diagonal).
  const d0 = new Float64Array(N);
  const d1 = new Float64Array(N);
  const d2 = new Float64Array(N);
  for (let r = 0; r < N - 2; r++) {
    // row r of K is [1, −2, 1] at columns r, r+1, r+2: KᵀK += kᵀk
    const k = [1, -2, 1];
    for (let a = 0; a < 3; a++) {
      d0[r + a]! += lambda * k[a]! * k[a]!;
      if (a < 2) d1[r + a]! += lambda * k[a]! * k[a + 1]!;
    }
    d2[r]! += lambda * k[0]! * k[2]!;
  }
  for (let i = 0; i < N; i++) d0[i]! += 1;
  // LDLᵀ with unit lower L having bands l1 (sub-diagonal) and l2 (second sub-diagonal).
  const D = new Float64Array(N);
  const l1 = new Float64Array(N);
  const l2 = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let di = d0[i]!;
    if (i >= 1) di -= l1[i - 1]! * l1[i - 1]! * D[i - 1]!;
    if (i >= 2) di -= l2[i - 2]! * l2[i - 2]! * D[i - 2]!;
    D[i] = di;
    if (i + 1 < N) {
      let s = d1[i]!;
      if (i >= 1) s -= l2[i - 1]! * l1[i - 1]! * D[i - 1]!;
      l1[i] = s / di; // L[i+1][i]
    }
    if (i + 2 < N) l2[i] = d2[i]! / di; // L[i+2][i]
  }
  // Solve L z = y, D w = z, Lᵀ τ = w.
  for (let i = 0; i < N; i++) {
    let s = y[i]!;
    if (i >= 1) s -= l1[i - 1]! * trend[i - 1]!;
    if (i >= 2) s -= l2[i - 2]! * trend[i - 2]!;
    trend[i] = s;
  }
  for (let i = 0; i < N; i++) trend[i]! /= D[i]!;
  for (let i = N - 1; i >= 0; i--) {
    let s = trend[i]!;
    if (i + 1 < N) s -= l1[i]! * trend[i + 1]!;
    if (i + 2 < N) s -= l2[i]! * trend[i + 2]!;
    trend[i] = s;
  }
  for (let i = 0; i < N; i++) cycle[i] = y[i]! - trend[i]!;
  return { trend, cycle };
}
