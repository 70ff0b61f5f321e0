/**
 * Ordinary least squares β̂ = argmin ‖y − Xβ‖² for a small dense design (columns given as arrays),
 * solved by Householder QR as R's `lm`/`lsfit` do, so nearly collinear columns stay accurate.
 * Returns the k coefficients in column order. Throws when X is rank deficient.
 */
export function leastSquares(columns: ArrayLike<number>[], y: ArrayLike<number>): Float64Array {
  const k = columns.length;
  const n = y.length;
  if (n < k) throw new RangeError('leastSquares: fewer rows than columns');
  // A is n×k column-major copy, b a copy of y.
  const a = new Float64Array(n * k);
  for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) a[j * n + i] = columns[j]![i]!;
  const b = Float64Array.from(y as ArrayLike<number>);
  const rdiag = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm = Math.hypot(norm, a[j * n + i]!);
    if (norm === 0) throw new RangeError('leastSquares: rank deficient design');
    if (a[j * n + j]! < 0) norm = -norm;
    for (let i = j; i < n; i++) a[j * n + i] /= norm;
    a[j * n + j] += 1;
    for (let c = j + 1; c < k; c++) {
      let s = 0;
      for (let i = j; i < n; i++) s += a[j * n + i]! * a[c * n + i]!;
      s = -s / a[j * n + j]!;
      for (let i = j; i < n; i++) a[c * n + i] += s * a[j * n + i]!;
    }
    let s = 0;
    for (let i = j; i < n; i++) s += a[j * n + i]! * b[i]!;
    s = -s / a[j * n + j]!;
    for (let i = j; i < n; i++) b[i] += s * a[j * n + i]!;
    rdiag[j] = -norm;
  }
  const beta = new Float64Array(k);
  for (let j = k - 1; j >= 0; j--) {
    let s = b[j]!;
    for (let c = j + 1; c < k; c++) s -= a[c * n + j]! * beta[c]!;
    beta[j] = s / rdiag[j]!;
  }
  if (beta.some((v) => !Number.isFinite(v))) throw new RangeError('leastSquares: singular design');
  return beta;
}

/** Straight-line fit y ≈ a + b·x (R's `lsfit(x, y)`), returns [intercept, slope]. */
export function lineFit(x: ArrayLike<number>, y: ArrayLike<number>): [number, number] {
  const n = Math.min(x.length, y.length);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    sxx += dx * dx;
    sxy += dx * (y[i]! - my);
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return [my - slope * mx, slope];
}
