/**
 * Matrix exponential by scaling and squaring with Padé approximants (Higham 2005, "The scaling and squaring method
 * for the matrix exponential revisited", SIAM J. Matrix Anal. Appl. 26(4), Algorithm 2.3 — the algorithm behind
 * MATLAB's and SciPy's `expm`).
 *
 * With θ_m the largest ‖A‖₁ for which the degree-m diagonal Padé approximant r_m(A) = q_m(A)⁻¹ p_m(A) is accurate to
 * unit round-off, use the lowest m ∈ {3, 5, 7, 9} with ‖A‖₁ ≤ θ_m; otherwise scale A by 2⁻ˢ so ‖A/2ˢ‖₁ ≤ θ₁₃, take
 * r₁₃ and square s times: e^A = (r₁₃(A/2ˢ))^(2ˢ). p_m(A) = U + V, q_m(A) = −U + V with U the odd and V the even part.
 */
import { identity, luFactor, luSolve, matMul, norm1 } from './matrix';

const THETA = { 3: 1.495585217958292e-2, 5: 2.539398330063230e-1, 7: 9.504178996162932e-1, 9: 2.097847961257068, 13: 5.371920351148152 };

/** Padé coefficients b_0..b_m (Higham 2005, Table 2.3 / eq. 2.3). */
const PADE: Record<3 | 5 | 7 | 9 | 13, readonly number[]> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
  9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
  13: [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600,
    670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
  ],
};

/** e^A for an n×n row-major matrix `a` (not modified); returns a new array. */
export function expm(a: Float64Array, n: number): Float64Array {
  if (a.length !== n * n) throw new RangeError(`expm: expected ${n * n} entries, got ${a.length}`);
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) throw new RangeError('expm: matrix has a non-finite entry');
  if (n === 0) return new Float64Array(0);
  const nn = n * n;
  const norm = norm1(a, n);
  const eye = identity(n);
  const a2 = matMul(a, a, n, n, n, new Float64Array(nn));
  const u = new Float64Array(nn);
  const v = new Float64Array(nn);
  const tmp = new Float64Array(nn);
  let s = 0;
  let m: 3 | 5 | 7 | 9 | 13 = 13;
  for (const cand of [3, 5, 7, 9] as const) {
    if (norm <= THETA[cand]) {
      m = cand;
      break;
    }
  }
  let scaled = a;
  if (m === 13) {
    s = Math.max(0, Math.ceil(Math.log2(norm / THETA[13])));
    if (s > 0) {
      const f = 2 ** -s;
      scaled = new Float64Array(nn);
      for (let i = 0; i < nn; i++) scaled[i] = a[i]! * f;
      const f2 = f * f;
      for (let i = 0; i < nn; i++) a2[i]! *= f2;
    }
    const b = PADE[13];
    const a4 = matMul(a2, a2, n, n, n, new Float64Array(nn));
    const a6 = matMul(a4, a2, n, n, n, new Float64Array(nn));
    // U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I]
    for (let i = 0; i < nn; i++) tmp[i] = b[13]! * a6[i]! + b[11]! * a4[i]! + b[9]! * a2[i]!;
    const inner = matMul(a6, tmp, n, n, n, new Float64Array(nn));
    for (let i = 0; i < nn; i++) inner[i]! += b[7]! * a6[i]! + b[5]! * a4[i]! + b[3]! * a2[i]! + b[1]! * eye[i]!;
    matMul(scaled, inner, n, n, n, u);
    // V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I
    for (let i = 0; i < nn; i++) tmp[i] = b[12]! * a6[i]! + b[10]! * a4[i]! + b[8]! * a2[i]!;
    matMul(a6, tmp, n, n, n, v);
    for (let i = 0; i < nn; i++) v[i]! += b[6]! * a6[i]! + b[4]! * a4[i]! + b[2]! * a2[i]! + b[0]! * eye[i]!;
  } else {
    // Powers A^0, A^2, …, A^(m-1); U = A Σ_k odd b_k A^(k-1), V = Σ_k even b_k A^k.
    const b = PADE[m];
    const odd = new Float64Array(nn);
    let pow = eye;
    for (let k = 0; k <= m; k += 2) {
      if (k > 0) pow = matMul(pow, a2, n, n, n, new Float64Array(nn));
      for (let i = 0; i < nn; i++) {
        v[i]! += b[k]! * pow[i]!;
        odd[i]! += b[k + 1]! * pow[i]!;
      }
    }
    matMul(a, odd, n, n, n, u);
  }
  // Solve (V − U) R = (V + U).
  const q = new Float64Array(nn);
  const r = new Float64Array(nn);
  for (let i = 0; i < nn; i++) {
    q[i] = v[i]! - u[i]!;
    r[i] = v[i]! + u[i]!;
  }
  const perm = new Int32Array(n);
  if (!luFactor(q, n, perm)) throw new RangeError('expm: Padé denominator is singular');
  luSolve(q, n, perm, r, n, tmp);
  let result = r;
  let spare = new Float64Array(nn);
  for (let k = 0; k < s; k++) {
    matMul(result, result, n, n, n, spare);
    const t = result;
    result = spare;
    spare = t;
  }
  return result;
}
