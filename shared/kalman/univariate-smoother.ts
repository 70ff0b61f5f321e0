/**
 * Fixed-interval state smoother for `univariateFilter` output: the backward r/N recursion (Durbin & Koopman 2012,
 * §4.4.4, eqs. 4.69/4.70 — no matrix inversion) and, over the diffuse phase, the exact initial state smoother
 * (§5.3, eqs. 5.21–5.23 and 5.27; Koopman & Durbin 2003).
 *
 * Regular steps t = N … d+1 (r_N = 0, N_N = 0), with L_t = T − K_t Z, K_t = T M_t / F_t:
 *   r_{t−1} = Zᵀ v_t / F_t + L_tᵀ r_t,   N_{t−1} = Zᵀ Z / F_t + L_tᵀ N_t L_t,
 *   α̂_t = a_t + P_t r_{t−1},            V_t = P_t − P_t N_{t−1} P_t.
 * Writing L = T G with G = I − (M/F) Z keeps T sparse: Lᵀ r = Gᵀ (Tᵀ r), Lᵀ N L = Gᵀ (Tᵀ N T) G.
 * Missing y: r_{t−1} = Tᵀ r_t, N_{t−1} = Tᵀ N_t T.
 * Diffuse steps t = d … 1 (r⁰_d = r_d, r¹_d = 0, N⁰_d = N_d, N¹_d = N²_d = 0); when F∞ > 0, with
 * K⁰ = T M∞/F∞, K¹ = T M* / F∞ − T M∞ F* / F∞², L⁰ = T − K⁰Z, L¹ = −K¹Z, F⁽¹⁾ = 1/F∞, F⁽²⁾ = −F* / F∞²:
 *   r⁰_{t−1} = L⁰ᵀ r⁰_t,   r¹_{t−1} = Zᵀ v F⁽¹⁾ + L⁰ᵀ r¹_t + L¹ᵀ r⁰_t,
 *   N⁰_{t−1} = L⁰ᵀ N⁰ L⁰,  N¹_{t−1} = Zᵀ F⁽¹⁾ Z + L⁰ᵀ N¹ L⁰ + L¹ᵀ N⁰ L⁰,
 *   N²_{t−1} = Zᵀ F⁽²⁾ Z + L⁰ᵀ N² L⁰ + L⁰ᵀ N¹ L¹ + L¹ᵀ N¹ᵀ L⁰ + L¹ᵀ N⁰ L¹;
 * when F∞ = 0: K⁰ = T M* / F*, r⁰_{t−1} = Zᵀ v / F* + L⁰ᵀ r⁰_t, r¹_{t−1} = Tᵀ r¹_t, N⁰_{t−1} = ZᵀZ / F* + L⁰ᵀN⁰L⁰,
 * N¹_{t−1} = Tᵀ N¹ L⁰, N²_{t−1} = Tᵀ N² T; and
 *   α̂_t = a_t + P*_t r⁰_{t−1} + P∞_t r¹_{t−1},
 *   V_t = P*_t − P*_t N⁰ P*_t − (P∞_t N¹ P*_t)ᵀ − P∞_t N¹ P*_t − P∞_t N² P∞_t.
 */
import { matMul, matTMul } from './matrix';
import { mulSparse, sparseTMatVec, sparseTMul, sparseToDense } from './sparse';
import { DIFFUSE_TOLERANCE, type UnivariateFilterResult, type UnivariateModel } from './univariate-filter';

export interface UnivariateSmootherResult {
  n: number;
  N: number;
  /** α̂_t = E[α_t | y_1..y_N], N×n. */
  smoothedMean: Float64Array;
  /** Diagonal of V_t = Var[α_t | y_1..y_N], N×n. */
  smoothedVar: Float64Array;
}

/** Smooth the states of a stored `univariateFilter` run of `model`. */
export function univariateSmooth(model: UnivariateModel, filtered: UnivariateFilterResult): UnivariateSmootherResult {
  const { n, Z, T } = model;
  const { N, nDiffuse } = filtered;
  const nn = n * n;
  if (filtered.a.length !== N * n) throw new RangeError('univariateSmooth: the filter ran with store = false');
  const smoothedMean = new Float64Array(N * n);
  const smoothedVar = new Float64Array(N * n);
  const r = new Float64Array(n);
  const Nm = new Float64Array(nn);
  const w = new Float64Array(n);
  const W = new Float64Array(nn);
  const Tmp = new Float64Array(nn);
  const NP = new Float64Array(nn);
  const m = new Float64Array(n);
  const Wm = new Float64Array(n);

  /** α̂_t = a_t + P r, V_t = diag(P − P N P) for the stored P_t. */
  const emit = (t: number, rr: Float64Array, NN: Float64Array): void => {
    const P = filtered.P.subarray(t * nn, (t + 1) * nn);
    matMul(NN, P, n, n, n, NP);
    for (let i = 0; i < n; i++) {
      let s = filtered.a[t * n + i]!;
      let q = 0;
      for (let j = 0; j < n; j++) {
        s += P[i * n + j]! * rr[j]!;
        q += P[i * n + j]! * NP[j * n + i]!;
      }
      smoothedMean[t * n + i] = s;
      smoothedVar[t * n + i] = P[i * n + i]! - q;
    }
  };

  for (let t = N - 1; t >= nDiffuse; t--) {
    const v = filtered.v[t]!;
    // w = Tᵀ r, W = Tᵀ N T
    sparseTMatVec(T, r, w);
    sparseTMul(T, Nm, Tmp);
    mulSparse(Tmp, T, W);
    if (Number.isNaN(v)) {
      r.set(w);
      Nm.set(W);
    } else {
      const F = filtered.F[t]!;
      for (let i = 0; i < n; i++) m[i] = filtered.M[t * n + i]! / F;
      // r = Gᵀ w + Zᵀ v/F = w − Z (mᵀ w) + Z v/F
      let mw = 0;
      for (let i = 0; i < n; i++) mw += m[i]! * w[i]!;
      const coef = v / F - mw;
      for (let i = 0; i < n; i++) r[i] = w[i]! + Z[i]! * coef;
      // N = Gᵀ W G + ZᵀZ/F = W − (W m) Zᵀ − Z (W m)ᵀ + (mᵀ W m + 1/F) Z Zᵀ
      let c = 1 / F;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += W[i * n + j]! * m[j]!;
        Wm[i] = s;
        c += m[i]! * s;
      }
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          Nm[i * n + j] = W[i * n + j]! - Wm[i]! * Z[j]! - Z[i]! * Wm[j]! + c * Z[i]! * Z[j]!;
        }
      }
    }
    emit(t, r, Nm);
  }
  if (nDiffuse > 0) diffuseSmooth(model, filtered, r, Nm, smoothedMean, smoothedVar);
  return { n, N, smoothedMean, smoothedVar };
}

/** Exact initial smoother over t = nDiffuse−1 … 0 (dense: the diffuse phase is only ≈ n steps). */
function diffuseSmooth(
  model: UnivariateModel,
  filtered: UnivariateFilterResult,
  rStart: Float64Array,
  NStart: Float64Array,
  smoothedMean: Float64Array,
  smoothedVar: Float64Array,
): void {
  const { n, Z } = model;
  const nn = n * n;
  const Td = sparseToDense(model.T);
  let r0: Float64Array = Float64Array.from(rStart);
  let r1 = new Float64Array(n);
  let N0: Float64Array = Float64Array.from(NStart);
  let N1 = new Float64Array(nn);
  let N2 = new Float64Array(nn);
  const L0 = new Float64Array(nn);
  const L1 = new Float64Array(nn);
  const K0 = new Float64Array(n);
  const K1 = new Float64Array(n);
  const A = new Float64Array(nn);
  const B = new Float64Array(nn);
  const tmpv = new Float64Array(n);
  /** out += Xᵀ Y Z' for n×n matrices (Z' = right factor). */
  const addTripleT = (out: Float64Array, x: Float64Array, y: Float64Array, z: Float64Array, transposeY = false): void => {
    if (transposeY) {
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B[i * n + j] = y[j * n + i]!;
      matTMul(x, B, n, n, n, A);
    } else {
      matTMul(x, y, n, n, n, A);
    }
    matMul(A, z, n, n, n, B);
    for (let i = 0; i < nn; i++) out[i]! += B[i]!;
  };
  /** out = Mᵀ x. */
  const tVec = (mat: Float64Array, x: Float64Array, out: Float64Array): Float64Array => {
    out.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j]! += mat[i * n + j]! * x[i]!;
    return out;
  };

  for (let t = filtered.nDiffuse - 1; t >= 0; t--) {
    const v = filtered.v[t]!;
    const Fstar = filtered.F[t]!;
    const Finf = filtered.Finf[t]!;
    const Mstar = filtered.M.subarray(t * n, (t + 1) * n);
    const Minf = filtered.Minf[t]!;
    const nr0 = new Float64Array(n);
    const nr1 = new Float64Array(n);
    const nN0 = new Float64Array(nn);
    const nN1 = new Float64Array(nn);
    const nN2 = new Float64Array(nn);
    if (Number.isNaN(v)) {
      tVec(Td, r0, nr0);
      tVec(Td, r1, nr1);
      addTripleT(nN0, Td, N0, Td);
      addTripleT(nN1, Td, N1, Td);
      addTripleT(nN2, Td, N2, Td);
    } else if (Finf > DIFFUSE_TOLERANCE) {
      const f1 = 1 / Finf;
      const f2 = -Fstar / (Finf * Finf);
      // K0 = T M∞ / F∞, K1 = T M* / F∞ + T M∞ F⁽²⁾
      for (let i = 0; i < n; i++) {
        let s0 = 0;
        let s1 = 0;
        for (let j = 0; j < n; j++) {
          s0 += Td[i * n + j]! * Minf[j]!;
          s1 += Td[i * n + j]! * Mstar[j]!;
        }
        K0[i] = s0 * f1;
        K1[i] = s1 * f1 + s0 * f2;
      }
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          L0[i * n + j] = Td[i * n + j]! - K0[i]! * Z[j]!;
          L1[i * n + j] = -K1[i]! * Z[j]!;
        }
      }
      tVec(L0, r0, nr0);
      tVec(L0, r1, nr1);
      tVec(L1, r0, tmpv);
      for (let i = 0; i < n; i++) nr1[i]! += tmpv[i]! + Z[i]! * v * f1;
      addTripleT(nN0, L0, N0, L0);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) nN1[i * n + j] = Z[i]! * Z[j]! * f1;
      addTripleT(nN1, L0, N1, L0);
      addTripleT(nN1, L1, N0, L0);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) nN2[i * n + j] = Z[i]! * Z[j]! * f2;
      addTripleT(nN2, L0, N2, L0);
      addTripleT(nN2, L0, N1, L1);
      addTripleT(nN2, L1, N1, L0, true);
      addTripleT(nN2, L1, N0, L1);
    } else {
      const f = 1 / Fstar;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += Td[i * n + j]! * Mstar[j]!;
        K0[i] = s * f;
      }
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) L0[i * n + j] = Td[i * n + j]! - K0[i]! * Z[j]!;
      tVec(L0, r0, nr0);
      for (let i = 0; i < n; i++) nr0[i]! += Z[i]! * v * f;
      tVec(Td, r1, nr1);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) nN0[i * n + j] = Z[i]! * Z[j]! * f;
      addTripleT(nN0, L0, N0, L0);
      addTripleT(nN1, Td, N1, L0);
      addTripleT(nN2, Td, N2, Td);
    }
    r0 = nr0;
    r1 = nr1;
    N0 = nN0;
    N1 = nN1;
    N2 = nN2;
    // α̂ and V
    const Ps = filtered.P.subarray(t * nn, (t + 1) * nn);
    const Pi = filtered.Pinf[t]!;
    for (let i = 0; i < n; i++) {
      let s = filtered.a[t * n + i]!;
      for (let j = 0; j < n; j++) s += Ps[i * n + j]! * r0[j]! + Pi[i * n + j]! * r1[j]!;
      smoothedMean[t * n + i] = s;
    }
    // diag of P* N0 P* + 2 sym(P∞ N1 P*) + P∞ N2 P∞
    matMul(N0, Ps, n, n, n, A); // N0 P*
    matMul(N1, Ps, n, n, n, B); // N1 P*
    const C2 = matMul(N2, Pi, n, n, n, new Float64Array(nn)); // N2 P∞
    for (let i = 0; i < n; i++) {
      let q = 0;
      for (let j = 0; j < n; j++) {
        q += Ps[i * n + j]! * A[j * n + i]! + 2 * Pi[i * n + j]! * B[j * n + i]! + Pi[i * n + j]! * C2[j * n + i]!;
      }
      smoothedVar[t * n + i] = Ps[i * n + i]! - q;
    }
  }
}
