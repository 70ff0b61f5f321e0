/**
 * Sparse square matrices in coordinate form for time-invariant transitions with few non-zeros (the structural models'
 * T has ≈ 2 per row), so T P Tᵀ costs O(nnz·n) instead of O(n³).
 */

export interface SparseMatrix {
  n: number;
  rows: Int32Array;
  cols: Int32Array;
  values: Float64Array;
}

/** Coordinate form of a dense n×n row-major matrix (exact zeros dropped). */
export function sparseFromDense(a: Float64Array, n: number): SparseMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = a[i * n + j]!;
      if (v !== 0) {
        rows.push(i);
        cols.push(j);
        values.push(v);
      }
    }
  }
  return { n, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Float64Array.from(values) };
}

/** Dense n×n row-major copy. */
export function sparseToDense(t: SparseMatrix): Float64Array {
  const out = new Float64Array(t.n * t.n);
  for (let e = 0; e < t.values.length; e++) out[t.rows[e]! * t.n + t.cols[e]!]! += t.values[e]!;
  return out;
}

/** out = T x. */
export function sparseMatVec(t: SparseMatrix, x: Float64Array, out: Float64Array): Float64Array {
  out.fill(0, 0, t.n);
  for (let e = 0; e < t.values.length; e++) out[t.rows[e]!]! += t.values[e]! * x[t.cols[e]!]!;
  return out;
}

/** out = Tᵀ x. */
export function sparseTMatVec(t: SparseMatrix, x: Float64Array, out: Float64Array): Float64Array {
  out.fill(0, 0, t.n);
  for (let e = 0; e < t.values.length; e++) out[t.cols[e]!]! += t.values[e]! * x[t.rows[e]!]!;
  return out;
}

/** out = T X for a dense n×n X. */
export function sparseMul(t: SparseMatrix, x: Float64Array, out: Float64Array): Float64Array {
  const n = t.n;
  out.fill(0, 0, n * n);
  for (let e = 0; e < t.values.length; e++) {
    const ro = t.rows[e]! * n;
    const co = t.cols[e]! * n;
    const v = t.values[e]!;
    for (let j = 0; j < n; j++) out[ro + j]! += v * x[co + j]!;
  }
  return out;
}

/** out = X Tᵀ for a dense n×n X. */
export function mulSparseT(x: Float64Array, t: SparseMatrix, out: Float64Array): Float64Array {
  const n = t.n;
  out.fill(0, 0, n * n);
  for (let e = 0; e < t.values.length; e++) {
    const r = t.rows[e]!;
    const c = t.cols[e]!;
    const v = t.values[e]!;
    for (let i = 0; i < n; i++) out[i * n + r]! += v * x[i * n + c]!;
  }
  return out;
}

/** out = Tᵀ X for a dense n×n X. */
export function sparseTMul(t: SparseMatrix, x: Float64Array, out: Float64Array): Float64Array {
  const n = t.n;
  out.fill(0, 0, n * n);
  for (let e = 0; e < t.values.length; e++) {
    const ro = t.rows[e]! * n;
    const co = t.cols[e]! * n;
    const v = t.values[e]!;
    for (let j = 0; j < n; j++) out[co + j]! += v * x[ro + j]!;
  }
  return out;
}

/** out = X T for a dense n×n X. */
export function mulSparse(x: Float64Array, t: SparseMatrix, out: Float64Array): Float64Array {
  const n = t.n;
  out.fill(0, 0, n * n);
  for (let e = 0; e < t.values.length; e++) {
    const r = t.rows[e]!;
    const c = t.cols[e]!;
    const v = t.values[e]!;
    for (let i = 0; i < n; i++) out[i * n + c]! += v * x[i * n + r]!;
  }
  return out;
}
