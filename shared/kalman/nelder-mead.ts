/**
 * Nelder–Mead simplex minimiser (Nelder & Mead 1965, with the standard coefficients reflection 1, expansion 2,
 * contraction ½, shrink ½; Lagarias et al. 1998). Derivative-free, so it copes with the flat, ridge-shaped
 * likelihoods of variance parameters; `fitStructural` uses it to get near the optimum before a BFGS polish.
 * Points are clamped to optional box bounds.
 */

export interface NelderMeadOptions {
  /** Initial simplex edge along each axis (default 1). */
  step?: number;
  maxEvaluations?: number;
  /** Stop when the simplex's function values span less than this (absolute; default 1e-9). */
  fTolerance?: number;
  /** … and its vertices lie within this of the best one in every coordinate (default 1e-6). */
  xTolerance?: number;
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
}

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

/** Minimise `f` from `x0`. Non-finite function values count as +∞. */
export function nelderMead(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: NelderMeadOptions = {}): MinimizeResult {
  const k = x0.length;
  const step = options.step ?? 1;
  const maxEval = options.maxEvaluations ?? 200 * Math.max(1, k);
  const fTol = options.fTolerance ?? 1e-9;
  const xTol = options.xTolerance ?? 1e-6;
  const lo = options.lower;
  const hi = options.upper;
  const clamp = (x: Float64Array): Float64Array => {
    for (let i = 0; i < k; i++) {
      if (lo !== undefined && x[i]! < lo[i]!) x[i] = lo[i]!;
      if (hi !== undefined && x[i]! > hi[i]!) x[i] = hi[i]!;
    }
    return x;
  };
  let evaluations = 0;
  const evalf = (x: Float64Array): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const pts: Float64Array[] = [];
  const vals: number[] = [];
  const start = clamp(Float64Array.from(x0));
  pts.push(start);
  vals.push(evalf(start));
  for (let i = 0; i < k; i++) {
    const p = Float64Array.from(start);
    p[i]! += step;
    clamp(p);
    if (p[i] === start[i]) p[i]! -= step; // at the upper bound: step the other way
    clamp(p);
    pts.push(p);
    vals.push(evalf(p));
  }
  const order = Array.from({ length: k + 1 }, (_, i) => i);
  const centroid = new Float64Array(k);
  const xr = new Float64Array(k);
  const xe = new Float64Array(k);
  const xc = new Float64Array(k);
  let iterations = 0;
  let converged = false;
  while (evaluations < maxEval) {
    order.sort((a, b) => vals[a]! - vals[b]!);
    const best = order[0]!;
    const worst = order[k]!;
    const second = order[k - 1]!;
    let spread = 0;
    for (let j = 1; j <= k; j++) {
      const p = pts[order[j]!]!;
      for (let i = 0; i < k; i++) spread = Math.max(spread, Math.abs(p[i]! - pts[best]![i]!));
    }
    if (vals[worst]! - vals[best]! <= fTol && spread <= xTol) {
      converged = true;
      break;
    }
    iterations++;
    centroid.fill(0);
    for (let j = 0; j < k; j++) {
      const p = pts[order[j]!]!;
      for (let i = 0; i < k; i++) centroid[i]! += p[i]! / k;
    }
    const pw = pts[worst]!;
    for (let i = 0; i < k; i++) xr[i] = centroid[i]! + (centroid[i]! - pw[i]!);
    clamp(xr);
    const fr = evalf(xr);
    if (fr < vals[best]!) {
      for (let i = 0; i < k; i++) xe[i] = centroid[i]! + 2 * (centroid[i]! - pw[i]!);
      clamp(xe);
      const fe = evalf(xe);
      if (fe < fr) {
        pw.set(xe);
        vals[worst] = fe;
      } else {
        pw.set(xr);
        vals[worst] = fr;
      }
      continue;
    }
    if (fr < vals[second]!) {
      pw.set(xr);
      vals[worst] = fr;
      continue;
    }
    // contraction: outside if the reflection improved on the worst, else inside
    const outside = fr < vals[worst]!;
    for (let i = 0; i < k; i++) xc[i] = outside ? centroid[i]! + 0.5 * (xr[i]! - centroid[i]!) : centroid[i]! + 0.5 * (pw[i]! - centroid[i]!);
    clamp(xc);
    const fc = evalf(xc);
    if (fc < (outside ? fr : vals[worst]!)) {
      pw.set(xc);
      vals[worst] = fc;
      continue;
    }
    // shrink towards the best vertex
    const pb = pts[best]!;
    for (let j = 1; j <= k; j++) {
      const idx = order[j]!;
      const p = pts[idx]!;
      for (let i = 0; i < k; i++) p[i] = pb[i]! + 0.5 * (p[i]! - pb[i]!);
      vals[idx] = evalf(p);
    }
  }
  let bi = 0;
  for (let j = 1; j <= k; j++) if (vals[j]! < vals[bi]!) bi = j;
  return { x: Float64Array.from(pts[bi]!), value: vals[bi]!, iterations, evaluations, converged };
}
