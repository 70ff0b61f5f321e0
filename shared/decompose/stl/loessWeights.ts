/**
 * Weights of one local (degree 0 or 1) loess fit: the weight part of `est` in the netlib STL
 * Fortran (Cleveland et al. 1990), as ported by statsmodels 0.13 (`_stl.pyx`, `STL._est`).
 *
 * Positions are 1-based as in the Fortran. For the fit at `xs` over the window `nleft..nright`:
 *
 *   h = max(xs − nleft, nright − xs), plus ⌊(len − n)/2⌋ when the smoother is longer than the data;
 *   w_j = T(|j − xs| / h) · rw_j (rw only when `useRobustWeights`), with the tricube
 *   T(u) = (1 − u³)³, T = 1 for u ≤ 0.001 and T = 0 for u > 0.999; then w /= Σw.
 *   Degree 1 (and h > 0): a = Σ w_j·j, c = Σ w_j (j − a)²; if √c > 0.001·(n − 1),
 *   w_j *= 1 + (xs − a)(j − a)/c. (So on very long series the degree-1 fit silently becomes a
 *   degree-0 one; kept for fidelity.)
 *
 * The fitted value is then Σ w_j y_j. `w` is written at local offsets 0..nright−nleft.
 *
 * @returns false when every weight is zero (the caller then keeps y unchanged, as STL does).
 */
export function loessWeights(
  n: number,
  len: number,
  degree: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
  useRobustWeights: boolean,
  rw: Float64Array,
): boolean {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.floor((len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  const first = nleft - 1;
  const m = nright - nleft + 1;
  let total = 0;
  for (let k = 0; k < m; k++) {
    const r = Math.abs(first + k + 1 - xs);
    let wk = 0;
    if (r <= h9) {
      if (r <= h1) {
        wk = 1;
      } else {
        const u = r / h;
        const v = 1 - u * u * u;
        wk = v * v * v;
      }
      if (useRobustWeights) wk *= rw[first + k]!;
      total += wk;
    }
    w[k] = wk;
  }
  if (total <= 0) return false;
  for (let k = 0; k < m; k++) w[k] = w[k]! / total;
  if (h > 0 && degree > 0) {
    let a = 0;
    for (let k = 0; k < m; k++) a += w[k]! * (first + k + 1);
    let b = xs - a;
    let c = 0;
    for (let k = 0; k < m; k++) {
      const d = first + k + 1 - a;
      c += w[k]! * d * d;
    }
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (let k = 0; k < m; k++) w[k] = w[k]! * (b * (first + k + 1 - a) + 1);
    }
  }
  return true;
}

/**
 * One loess fitted value at 1-based position `xs` (netlib `est`): {@link loessWeights} then
 * Σ w_j·y_j over the window. Returns NaN when all weights vanish. `w` is scratch (≥ window length).
 */
export function loessEstimate(
  y: Float64Array,
  n: number,
  len: number,
  degree: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
  useRobustWeights: boolean,
  rw: Float64Array,
): number {
  if (!loessWeights(n, len, degree, xs, nleft, nright, w, useRobustWeights, rw)) return NaN;
  const first = nleft - 1;
  const m = nright - nleft + 1;
  let fit = 0;
  for (let k = 0; k < m; k++) fit += w[k]! * y[first + k]!;
  return fit;
}
