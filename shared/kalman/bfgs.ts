/**
 * Quasi-Newton (BFGS) minimiser with central-difference gradients, an Armijo backtracking line search and simple box
 * bounds (Nocedal & Wright 2006, Alg. 6.1 and §3.1; bounds by projection, with coordinates pinned at a bound whose
 * gradient points outward dropped from the step). Used to polish `fitStructural`'s optimum so the variances converge
 * well inside 1 % even where the likelihood is flat.
 */
import type { MinimizeResult } from './nelder-mead';

export interface BfgsOptions {
  maxIterations?: number;
  /** Stop when every free gradient component is below this (default 1e-6). */
  gradientTolerance?: number;
  /** Finite-difference step (default 1e-4). */
  differenceStep?: number;
  /** Largest step in any coordinate per iteration (default 2). */
  maxStep?: number;
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
}

/** Minimise `f` from `x0`. */
export function bfgs(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: BfgsOptions = {}): MinimizeResult {
  const k = x0.length;
  const maxIter = options.maxIterations ?? 200;
  const gTol = options.gradientTolerance ?? 1e-6;
  const hStep = options.differenceStep ?? 1e-4;
  const maxStep = options.maxStep ?? 2;
  const lo = Float64Array.from({ length: k }, (_, i) => options.lower?.[i] ?? -Infinity);
  const hi = Float64Array.from({ length: k }, (_, i) => options.upper?.[i] ?? Infinity);
  let evaluations = 0;
  const evalf = (x: Float64Array): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const project = (x: Float64Array): Float64Array => {
    for (let i = 0; i < k; i++) x[i] = Math.min(hi[i]!, Math.max(lo[i]!, x[i]!));
    return x;
  };
  const probe = new Float64Array(k);
  const gradient = (x: Float64Array, fx: number, g: Float64Array): void => {
    for (let i = 0; i < k; i++) {
      probe.set(x);
      const up = Math.min(hi[i]!, x[i]! + hStep);
      const dn = Math.max(lo[i]!, x[i]! - hStep);
      probe[i] = up;
      const fu = up === x[i] ? fx : evalf(probe);
      probe[i] = dn;
      const fd = dn === x[i] ? fx : evalf(probe);
      g[i] = up === dn ? 0 : (fu - fd) / (up - dn);
    }
  };
  const x = project(Float64Array.from(x0));
  let fx = evalf(x);
  const g = new Float64Array(k);
  if (!Number.isFinite(fx)) return { x, value: fx, iterations: 0, evaluations, converged: false };
  gradient(x, fx, g);
  if (!g.every(Number.isFinite)) return { x, value: fx, iterations: 0, evaluations, converged: false };
  const Hinv = new Float64Array(k * k);
  const resetH = () => {
    Hinv.fill(0);
    for (let i = 0; i < k; i++) Hinv[i * k + i] = 1;
  };
  resetH();
  const d = new Float64Array(k);
  const xn = new Float64Array(k);
  const gn = new Float64Array(k);
  const s = new Float64Array(k);
  const yv = new Float64Array(k);
  const Hy = new Float64Array(k);
  const active = new Uint8Array(k);
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIter; iterations++) {
    let gmax = 0;
    for (let i = 0; i < k; i++) {
      active[i] = (x[i]! <= lo[i]! && g[i]! > 0) || (x[i]! >= hi[i]! && g[i]! < 0) ? 1 : 0;
      if (!active[i]) gmax = Math.max(gmax, Math.abs(g[i]!));
    }
    if (gmax <= gTol) {
      converged = true;
      break;
    }
    // d = −H g on the free coordinates
    let slope = 0;
    for (let i = 0; i < k; i++) {
      let v = 0;
      if (!active[i]) for (let j = 0; j < k; j++) if (!active[j]) v -= Hinv[i * k + j]! * g[j]!;
      d[i] = v;
      slope += v * g[i]!;
    }
    if (!(slope < 0)) {
      resetH();
      slope = 0;
      for (let i = 0; i < k; i++) {
        d[i] = active[i] ? 0 : -g[i]!;
        slope += d[i]! * g[i]!;
      }
    }
    let dmax = 0;
    for (let i = 0; i < k; i++) dmax = Math.max(dmax, Math.abs(d[i]!));
    let alpha = dmax > maxStep ? maxStep / dmax : 1;
    let fn = Infinity;
    let accepted = false;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < k; i++) xn[i] = x[i]! + alpha * d[i]!;
      project(xn);
      fn = evalf(xn);
      if (fn <= fx + 1e-4 * alpha * slope) {
        accepted = true;
        break;
      }
      alpha *= 0.5;
    }
    if (!accepted) {
      // No descent along d: if H was not the identity try steepest descent once more, else we are at the optimum
      // to the precision of the finite-difference gradient.
      let isIdentity = true;
      for (let i = 0; i < k && isIdentity; i++) for (let j = 0; j < k; j++) if (Hinv[i * k + j] !== (i === j ? 1 : 0)) isIdentity = false;
      if (isIdentity) {
        converged = gmax <= 1e3 * gTol;
        break;
      }
      resetH();
      continue;
    }
    gradient(xn, fn, gn);
    if (!gn.every(Number.isFinite)) {
      // the likelihood broke down next to the accepted point: keep the point, stop
      x.set(xn);
      fx = fn;
      break;
    }
    let sy = 0;
    for (let i = 0; i < k; i++) {
      s[i] = xn[i]! - x[i]!;
      yv[i] = gn[i]! - g[i]!;
      sy += s[i]! * yv[i]!;
    }
    const fPrev = fx;
    x.set(xn);
    g.set(gn);
    fx = fn;
    if (sy > 1e-12) {
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      let yHy = 0;
      for (let i = 0; i < k; i++) {
        let v = 0;
        for (let j = 0; j < k; j++) v += Hinv[i * k + j]! * yv[j]!;
        Hy[i] = v;
        yHy += yv[i]! * v;
      }
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          Hinv[i * k + j] = Hinv[i * k + j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!;
        }
      }
    }
    if (Math.abs(fPrev - fx) <= 1e-14 * Math.max(1, Math.abs(fx))) {
      let smax = 0;
      for (let i = 0; i < k; i++) smax = Math.max(smax, Math.abs(s[i]!));
      if (smax < 1e-10) {
        converged = true;
        iterations++;
        break;
      }
    }
  }
  return { x, value: fx, iterations, evaluations, converged };
}
