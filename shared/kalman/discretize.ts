/**
 * Exact discretisation of a continuous-time linear system ẋ = A_c x + B_c u + w(t) sampled every `dt` with the input
 * held constant between samples (zero-order hold).
 *
 * ZOH: exp([[A_c, B_c], [0, 0]]·dt) = [[A, B], [0, I]], i.e. A = e^{A_c dt}, B = ∫₀^dt e^{A_c τ} dτ B_c
 * (e.g. Franklin, Powell & Workman, "Digital Control of Dynamic Systems", §4.3), without inverting A_c.
 * Process noise (Van Loan 1978): with M = [[−A_c, Q_c], [0, A_cᵀ]]·dt and e^M = [[·, G], [0, F]],
 * A = Fᵀ and Q = Fᵀ G = ∫₀^dt e^{A_c τ} Q_c e^{A_cᵀ τ} dτ.
 */
import { expm } from './expm';
import { fromRows, matMul, symmetrize, transpose, type MatrixRows } from './matrix';

function asSquare(a: Float64Array | MatrixRows, what: string): { data: Float64Array; n: number } {
  const data = a instanceof Float64Array ? a : fromRows(a);
  const n = Math.round(Math.sqrt(data.length));
  if (n * n !== data.length) throw new RangeError(`${what}: expected a square matrix, got ${data.length} entries`);
  return { data, n };
}

/**
 * Zero-order-hold discretisation: returns the discrete transition `A` (n×n) and input matrix `B` (n×m).
 * `ac` is n×n, `bc` n×m (row-major, m inferred from its length), `dt` > 0.
 */
export function discretizeZOH(
  ac: Float64Array | MatrixRows,
  bc: Float64Array | MatrixRows,
  dt: number,
): { A: Float64Array; B: Float64Array; n: number; m: number } {
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`discretizeZOH: dt must be a positive number, got ${dt}`);
  const { data: a, n } = asSquare(ac, 'discretizeZOH: Ac');
  const b = bc instanceof Float64Array ? bc : fromRows(bc);
  const m = n === 0 ? 0 : b.length / n;
  if (!Number.isInteger(m)) throw new RangeError(`discretizeZOH: Bc has ${b.length} entries, not a multiple of n = ${n}`);
  const k = n + m;
  const aug = new Float64Array(k * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) aug[i * k + j] = a[i * n + j]! * dt;
    for (let j = 0; j < m; j++) aug[i * k + n + j] = b[i * m + j]! * dt;
  }
  const e = expm(aug, k);
  const A = new Float64Array(n * n);
  const B = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) A[i * n + j] = e[i * k + j]!;
    for (let j = 0; j < m; j++) B[i * m + j] = e[i * k + n + j]!;
  }
  return { A, B, n, m };
}

/**
 * Discrete process-noise covariance of continuous white noise with spectral density `qc` (n×n) over `dt`
 * (Van Loan 1978): Q = ∫₀^dt e^{A_c τ} Q_c e^{A_cᵀ τ} dτ. Returns a new symmetric n×n matrix.
 */
export function discretizeProcessNoise(ac: Float64Array | MatrixRows, qc: Float64Array | MatrixRows, dt: number): Float64Array {
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`discretizeProcessNoise: dt must be a positive number, got ${dt}`);
  const { data: a, n } = asSquare(ac, 'discretizeProcessNoise: Ac');
  const { data: q, n: nq } = asSquare(qc, 'discretizeProcessNoise: Qc');
  if (nq !== n) throw new RangeError(`discretizeProcessNoise: Qc is ${nq}×${nq}, Ac is ${n}×${n}`);
  const k = 2 * n;
  const m = new Float64Array(k * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      m[i * k + j] = -a[i * n + j]! * dt;
      m[i * k + n + j] = q[i * n + j]! * dt;
      m[(n + i) * k + n + j] = a[j * n + i]! * dt;
    }
  }
  const e = expm(m, k);
  const g = new Float64Array(n * n);
  const f = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      g[i * n + j] = e[i * k + n + j]!;
      f[i * n + j] = e[(n + i) * k + n + j]!;
    }
  }
  const ft = transpose(f, n, n, new Float64Array(n * n));
  return symmetrize(matMul(ft, g, n, n, n, new Float64Array(n * n)), n);
}
