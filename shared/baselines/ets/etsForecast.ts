import type { EtsModel } from './types';

export interface EtsPointAndVariance {
  /** Forecast means E[y_{n+h} | x_n]. */
  mean: Float64Array;
  /** Forecast variances Var[y_{n+h} | x_n]. */
  variance: Float64Array;
}

/**
 * Analytic h-step forecast mean and variance of a fitted ETS model (Hyndman et al. 2008, ch. 6;
 * Hyndman, Koehler, Ord & Snyder 2005, J. Forecasting 24), the three classes of R's `forecast.ets`:
 *
 * - class 1, additive error with N/A/Ad trend and N/A season (linear homoscedastic):
 *   μ_h = w' F^{h−1} x_n, Var = σ² (1 + Σ_{j=1}^{h−1} c_j²), c_j = w' F^{j−1} g  (Table 6.1);
 * - class 2, multiplicative error with the same trend/season (linear heteroscedastic):
 *   μ_h as class 1, θ_1 = μ_1², θ_h = μ_h² + σ² Σ_{j=1}^{h−1} c_j² θ_{h−j},
 *   Var = (1 + σ²) θ_h − μ_h²  (§6.4);
 * - class 3, multiplicative error and multiplicative season (N/A/Ad trend): the exact first two
 *   moments of y = (H₁x)(H₂z)(1 + ε) with x_t = (F₁ + G₁ε_t) x_{t−1}, z_t = (F₂ + G₂ε_t) z_{t−1},
 *   propagating M_h = E[x z'] and V_h = Var(vec(x z')) (§6.5). The mean includes the σ² term,
 *   so it differs slightly from the plain point forecast.
 *
 * Two deliberate differences from `forecast` 8.20, whose code deviates from the book here:
 * R puts γ on the second seasonal state for ETS(·,N,A) in class 1/2 (c_j peaks at j ≡ m−1 instead
 * of j ≡ 0 mod m), and uses the undamped H₁ = (1, 1), F₁ = [[1, 1], [0, φ]], G₁ = [[α, α], [β, β]]
 * for ETS(M,Ad,M) in class 3. This module uses the book's matrices: H₁ = (1, φ),
 * F₁ = [[1, φ], [0, φ]], G₁ = [[α, αφ], [β, βφ]] (identical when φ = 1).
 */
export function etsForecast(model: EtsModel, h: number): EtsPointAndVariance {
  if (model.spec.error === 'M' && model.spec.season === 'M') return class3(model, h);
  const { mu, c } = class1Terms(model, h);
  const sigma2 = model.sigma2;
  const variance = new Float64Array(h);
  if (model.spec.error === 'A') {
    let acc = 1;
    for (let i = 0; i < h; i++) {
      variance[i] = sigma2 * acc;
      acc += c[i]! * c[i]!;
    }
  } else {
    const theta = new Float64Array(h);
    for (let j = 0; j < h; j++) {
      let s = 0;
      for (let i = 0; i < j; i++) s += c[i]! * c[i]! * theta[j - 1 - i]!;
      theta[j] = mu[j]! * mu[j]! + sigma2 * s;
      variance[j] = (1 + sigma2) * theta[j]! - mu[j]! * mu[j]!;
    }
  }
  return { mean: mu, variance };
}

/**
 * Linear state space terms of class 1/2 models: μ_h = w'F^{h−1}x and c_j = w'F^{j−1}g, j = 1..h,
 * with state x = (l, b?, s_1..s_m) (s_1 most recent), computed by propagating the row vector w'F^{j}.
 */
function class1Terms(model: EtsModel, h: number): { mu: Float64Array; c: Float64Array } {
  const x = model.state;
  const p = x.length;
  const hasTrend = model.spec.trend !== 'N';
  const hasSeason = model.spec.season !== 'N';
  const m = model.period;
  const phi = model.phi;
  const sOff = hasTrend ? 2 : 1;
  // Transition x_t = F x_{t−1} (+ g ε): l' = l + φb, b' = φb, s'_1 = s_m, s'_{k+1} = s_k.
  const g = new Float64Array(p);
  g[0] = model.alpha;
  if (hasTrend) g[1] = model.beta;
  if (hasSeason) g[sOff] = model.gamma;
  let w = new Float64Array(p);
  w[0] = 1;
  if (hasTrend) w[1] = phi;
  if (hasSeason) w[sOff + m - 1] = 1;
  let next = new Float64Array(p);
  const mu = new Float64Array(h);
  const c = new Float64Array(h);
  for (let j = 0; j < h; j++) {
    let mj = 0;
    let cj = 0;
    for (let k = 0; k < p; k++) {
      mj += w[k]! * x[k]!;
      cj += w[k]! * g[k]!;
    }
    mu[j] = mj;
    c[j] = cj;
    // next = w F  (row vector times F).
    next[0] = w[0]!;
    if (hasTrend) next[1] = phi * w[0]! + phi * w[1]!;
    if (hasSeason) {
      // (wF)_{s_k} = w_{s_{k+1}} for k < m, (wF)_{s_m} = w_{s_1}.
      for (let k = 0; k < m - 1; k++) next[sOff + k] = w[sOff + k + 1]!;
      next[sOff + m - 1] = w[sOff]!;
    }
    const t = w;
    w = next;
    next = t;
  }
  return { mu, c };
}

/** Class 3: ETS(M,N,M), (M,A,M), (M,Ad,M) exact moments via M_h and V_h (Kronecker form). */
function class3(model: EtsModel, h: number): EtsPointAndVariance {
  const hasTrend = model.spec.trend !== 'N';
  const m = model.period;
  const sigma2 = model.sigma2;
  const p1 = hasTrend ? 2 : 1;
  const { alpha, beta, gamma, phi } = model;
  const x = model.state;
  // F1, G1 (p1×p1), H1 (p1).
  const F1 = hasTrend ? [1, phi, 0, phi] : [1];
  const G1 = hasTrend ? [alpha, alpha * phi, beta, beta * phi] : [alpha];
  const H1 = hasTrend ? [1, phi] : [1];
  // F2 (m×m): z' = F2 z, z'_1 = z_m, z'_{k+1} = z_k; G2: only (1, m) = γ; H2 picks z_m.
  const F2 = new Float64Array(m * m);
  F2[0 * m + (m - 1)] = 1;
  for (let k = 1; k < m; k++) F2[k * m + (k - 1)] = 1;
  const G2 = new Float64Array(m * m);
  G2[0 * m + (m - 1)] = gamma;
  const d = p1 * m;
  // Kronecker products A ⊗ B (A m×m, B p1×p1) → d×d with vec stacking columns of the p1×m matrix.
  const kron = (A: ArrayLike<number>, B: ArrayLike<number>): Float64Array => {
    const out = new Float64Array(d * d);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        const aij = A[i * m + j]!;
        if (aij === 0) continue;
        for (let r = 0; r < p1; r++)
          for (let c = 0; c < p1; c++) out[(i * p1 + r) * d + (j * p1 + c)] = aij * B[r * p1 + c]!;
      }
    return out;
  };
  const F21 = kron(F2, F1);
  const G21 = kron(G2, G1);
  const K = kron(G2, F1);
  const K2 = kron(F2, G1);
  for (let i = 0; i < d * d; i++) K[i] = K[i]! + K2[i]!;
  // H21 = H2 ⊗ H1: nonzero only in the block of z_m.
  const H21 = new Float64Array(d);
  for (let r = 0; r < p1; r++) H21[(m - 1) * p1 + r] = H1[r]!;

  // M (p1×m, row-major) = x_{1:p1} z'
  let M = new Float64Array(p1 * m);
  for (let r = 0; r < p1; r++) for (let c = 0; c < m; c++) M[r * m + c] = x[r]! * x[p1 + c]!;
  let V = new Float64Array(d * d);
  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  const vecM = new Float64Array(d);
  const tmp = new Float64Array(d * d);
  const mul = (A: Float64Array, B: Float64Array, out: Float64Array, transB: boolean) => {
    out.fill(0);
    for (let i = 0; i < d; i++)
      for (let k = 0; k < d; k++) {
        const aik = A[i * d + k]!;
        if (aik === 0) continue;
        if (transB) for (let j = 0; j < d; j++) out[i * d + j] += aik * B[j * d + k]!;
        else for (let j = 0; j < d; j++) out[i * d + j] += aik * B[k * d + j]!;
      }
  };
  // A X B' for d×d matrices.
  const sandwich = (A: Float64Array, X: Float64Array, B: Float64Array): Float64Array => {
    const out = new Float64Array(d * d);
    mul(A, X, tmp, false);
    mul(tmp, B, out, true);
    return out;
  };
  for (let step = 0; step < h; step++) {
    // μ = H1 M H2' = Σ_r H1_r M[r, m−1]
    let mu = 0;
    for (let r = 0; r < p1; r++) mu += H1[r]! * M[r * m + (m - 1)]!;
    let hvh = 0;
    for (let i = 0; i < d; i++) {
      if (H21[i] === 0) continue;
      for (let j = 0; j < d; j++) hvh += H21[i]! * V[i * d + j]! * H21[j]!;
    }
    mean[step] = mu;
    variance[step] = (1 + sigma2) * hvh + sigma2 * mu * mu;
    if (step === h - 1) break;
    // vec(M), column-major over the p1×m matrix.
    for (let c = 0; c < m; c++) for (let r = 0; r < p1; r++) vecM[c * p1 + r] = M[r * m + c]!;
    const VplusMM = new Float64Array(d * d);
    const V3MM = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        const mm = vecM[i]! * vecM[j]!;
        VplusMM[i * d + j] = V[i * d + j]! + mm;
        V3MM[i * d + j] = 3 * V[i * d + j]! + 2 * mm;
      }
    const a1 = sandwich(F21, V, F21);
    const a2 = sandwich(F21, V, G21);
    const a3 = sandwich(G21, V, F21);
    const a4 = sandwich(K, VplusMM, K);
    const a5 = sandwich(G21, V3MM, G21);
    const Vn = new Float64Array(d * d);
    for (let i = 0; i < d * d; i++) Vn[i] = a1[i]! + sigma2 * (a2[i]! + a3[i]! + a4[i]! + sigma2 * a5[i]!);
    V = Vn;
    // M ← F1 M F2' + σ² G1 M G2'
    const Mn = new Float64Array(p1 * m);
    for (let r = 0; r < p1; r++)
      for (let c = 0; c < m; c++) {
        let s = 0;
        for (let r2 = 0; r2 < p1; r2++) {
          const f = F1[r * p1 + r2]!;
          const gg = G1[r * p1 + r2]!;
          for (let c2 = 0; c2 < m; c2++) {
            const mv = M[r2 * m + c2]!;
            s += f * mv * F2[c * m + c2]! + sigma2 * gg * mv * G2[c * m + c2]!;
          }
        }
        Mn[r * m + c] = s;
      }
    M = Mn;
  }
  return { mean, variance };
}
