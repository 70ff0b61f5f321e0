/**
 * Small dense matrix helpers for the Kalman code: row-major `Float64Array`s with explicit dimensions.
 *
 * Every routine writes into a caller-supplied `out` so filters can preallocate their workspace once and run
 * their time loop without allocating. Unless stated otherwise `out` must not alias an input.
 * Element (i, j) of an r×c matrix `a` is `a[i * c + j]`.
 */

/** A row-major matrix as plain data (for building models from literals). */
export type MatrixRows = ReadonlyArray<ReadonlyArray<number>>;

/** Row-major `Float64Array` from nested rows (`[[1, 2], [3, 4]]`); checks the rows are rectangular. */
export function fromRows(rows: MatrixRows): Float64Array {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0]!.length;
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const row = rows[i]!;
    if (row.length !== c) throw new RangeError(`fromRows: row ${i} has ${row.length} columns, expected ${c}`);
    for (let j = 0; j < c; j++) out[i * c + j] = row[j]!;
  }
  return out;
}

/** Nested rows from a row-major matrix (for printing and JSON). */
export function toRows(a: Float64Array, r: number, c: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < r; i++) rows.push(Array.from(a.subarray(i * c, i * c + c)));
  return rows;
}

/** n×n identity (new array). */
export function identity(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/** out = a (r×k) · b (k×c). */
export function matMul(a: Float64Array, b: Float64Array, r: number, k: number, c: number, out: Float64Array): Float64Array {
  for (let i = 0; i < r; i++) {
    const io = i * c;
    for (let j = 0; j < c; j++) out[io + j] = 0;
    const ia = i * k;
    for (let l = 0; l < k; l++) {
      const ail = a[ia + l]!;
      if (ail === 0) continue;
      const lb = l * c;
      for (let j = 0; j < c; j++) out[io + j]! += ail * b[lb + j]!;
    }
  }
  return out;
}

/** out = a (r×k) · bᵀ, where b is c×k. */
export function matMulT(a: Float64Array, b: Float64Array, r: number, k: number, c: number, out: Float64Array): Float64Array {
  for (let i = 0; i < r; i++) {
    const ia = i * k;
    for (let j = 0; j < c; j++) {
      const jb = j * k;
      let s = 0;
      for (let l = 0; l < k; l++) s += a[ia + l]! * b[jb + l]!;
      out[i * c + j] = s;
    }
  }
  return out;
}

/** out = aᵀ · b, where a is k×r and b is k×c (result r×c). */
export function matTMul(a: Float64Array, b: Float64Array, k: number, r: number, c: number, out: Float64Array): Float64Array {
  out.fill(0, 0, r * c);
  for (let l = 0; l < k; l++) {
    const la = l * r;
    const lb = l * c;
    for (let i = 0; i < r; i++) {
      const ali = a[la + i]!;
      if (ali === 0) continue;
      const io = i * c;
      for (let j = 0; j < c; j++) out[io + j]! += ali * b[lb + j]!;
    }
  }
  return out;
}

/** out = a (r×c) · x (c). */
export function matVec(a: Float64Array, x: ArrayLike<number>, r: number, c: number, out: Float64Array): Float64Array {
  for (let i = 0; i < r; i++) {
    let s = 0;
    const ia = i * c;
    for (let j = 0; j < c; j++) s += a[ia + j]! * x[j]!;
    out[i] = s;
  }
  return out;
}

/** out = aᵀ (r×c)ᵀ · x (r) (result c). */
export function matTVec(a: Float64Array, x: ArrayLike<number>, r: number, c: number, out: Float64Array): Float64Array {
  out.fill(0, 0, c);
  for (let i = 0; i < r; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const ia = i * c;
    for (let j = 0; j < c; j++) out[j]! += a[ia + j]! * xi;
  }
  return out;
}

/** out = aᵀ for an r×c matrix (result c×r). */
export function transpose(a: Float64Array, r: number, c: number, out: Float64Array): Float64Array {
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j]!;
  return out;
}

/** Replace an n×n matrix by (a + aᵀ)/2 in place: removes the round-off asymmetry a covariance update leaves. */
export function symmetrize(a: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const m = 0.5 * (a[i * n + j]! + a[j * n + i]!);
      a[i * n + j] = m;
      a[j * n + i] = m;
    }
  }
  return a;
}

/**
 * Cholesky factor of a symmetric positive-definite n×n matrix: `a = L Lᵀ`, L lower triangular written to `out`
 * (upper part zeroed). Returns false (leaving `out` partially written) when a pivot is not positive.
 * `out` may alias `a`.
 */
export function cholesky(a: Float64Array, n: number, out: Float64Array): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= out[j * n + k]! * out[j * n + k]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    out[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= out[i * n + k]! * out[j * n + k]!;
      out[i * n + j] = s / ljj;
    }
    for (let k = j + 1; k < n; k++) out[j * n + k] = 0;
  }
  return true;
}

/** Solve L z = b in place (`b` overwritten by z) for a lower-triangular n×n L and `c` right-hand sides (b is n×c). */
export function forwardSubstitute(l: Float64Array, n: number, b: Float64Array, c: number): Float64Array {
  for (let i = 0; i < n; i++) {
    const lii = l[i * n + i]!;
    for (let col = 0; col < c; col++) {
      let s = b[i * c + col]!;
      for (let k = 0; k < i; k++) s -= l[i * n + k]! * b[k * c + col]!;
      b[i * c + col] = s / lii;
    }
  }
  return b;
}

/** Solve Lᵀ x = z in place (`b` overwritten by x) for a lower-triangular n×n L and `c` right-hand sides. */
export function backSubstituteT(l: Float64Array, n: number, b: Float64Array, c: number): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    const lii = l[i * n + i]!;
    for (let col = 0; col < c; col++) {
      let s = b[i * c + col]!;
      for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k * c + col]!;
      b[i * c + col] = s / lii;
    }
  }
  return b;
}

/** Solve (L Lᵀ) X = B in place (`b`, n×c, overwritten by X) given the Cholesky factor L. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array, c: number): Float64Array {
  forwardSubstitute(l, n, b, c);
  return backSubstituteT(l, n, b, c);
}

/**
 * LU factorisation with partial pivoting, in place: `a` (n×n) becomes L (unit lower, below the diagonal) and U,
 * `perm[i]` the original row now at row i. Returns false for an exactly singular matrix.
 */
export function luFactor(a: Float64Array, n: number, perm: Int32Array): boolean {
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    let max = Math.abs(a[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]!);
      if (v > max) {
        max = v;
        p = i;
      }
    }
    if (max === 0) return false;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j]!;
        a[k * n + j] = a[p * n + j]!;
        a[p * n + j] = t;
      }
      const t = perm[k]!;
      perm[k] = perm[p]!;
      perm[p] = t;
    }
    const pivot = a[k * n + k]!;
    for (let i = k + 1; i < n; i++) {
      const f = (a[i * n + k]! /= pivot);
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) a[i * n + j]! -= f * a[k * n + j]!;
    }
  }
  return true;
}

/** Solve A X = B given `luFactor`'s output; `b` (n×c) is overwritten by X. `work` needs n·c entries. */
export function luSolve(lu: Float64Array, n: number, perm: Int32Array, b: Float64Array, c: number, work: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) work[i * c + j] = b[perm[i]! * c + j]!;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const f = lu[i * n + k]!;
      if (f === 0) continue;
      for (let j = 0; j < c; j++) work[i * c + j]! -= f * work[k * c + j]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const d = lu[i * n + i]!;
    for (let k = i + 1; k < n; k++) {
      const f = lu[i * n + k]!;
      if (f === 0) continue;
      for (let j = 0; j < c; j++) work[i * c + j]! -= f * work[k * c + j]!;
    }
    for (let j = 0; j < c; j++) work[i * c + j]! /= d;
  }
  b.set(work.subarray(0, n * c));
  return b;
}

/** Largest absolute column sum (the matrix 1-norm), used by `expm` to choose its scaling. */
export function norm1(a: Float64Array, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]!);
    if (s > best) best = s;
  }
  return best;
}

/** Largest absolute elementwise difference between two equal-length arrays (NaN in both counts as equal). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`maxAbsDiff: lengths ${a.length} and ${b.length} differ`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const d = Math.abs(x - y);
    if (!(d <= m)) m = d; // NaN on one side only propagates as NaN
  }
  return m;
}
