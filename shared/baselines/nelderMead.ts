/**
 * Nelder–Mead simplex minimiser, a faithful port of R's `nmmin` (src/appl/optim.c, after Nash 1990,
 * "Compact Numerical Methods", Algorithm 19), which is what `forecast::ets` calls through
 * `etsNelderMead` with reflection 1, contraction 0.5, expansion 2, abstol −∞, reltol √ε and
 * maxit = 2000 function evaluations. Matching its details (initial simplex step 0.1·max|x_i|,
 * the "big" 1e35 value for non-finite objectives, the shrink rule and the stopping test
 * f_high ≤ f_low + reltol·(|f_0| + reltol)) makes the fitted ETS parameters track R's.
 *
 * `fn` may keep a reference to its argument only for the duration of the call (the buffer is reused).
 */
export interface NelderMeadOptions {
  abstol?: number;
  reltol?: number;
  alpha?: number;
  beta?: number;
  gamma?: number;
  maxit?: number;
}

export interface NelderMeadResult {
  x: Float64Array;
  value: number;
  fncount: number;
  /** 0 converged, 1 maxit reached, 10 degenerate simplex (shrink failed). */
  fail: number;
}

const BIG = 1.0e35;

export function nelderMead(
  fn: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const abstol = options.abstol ?? -Infinity;
  const intol = options.reltol ?? Math.sqrt(Number.EPSILON);
  const alpha = options.alpha ?? 1;
  const bet = options.beta ?? 0.5;
  const gamm = options.gamma ?? 2;
  const maxit = options.maxit ?? 500;
  const n = start.length;
  const bvec = Float64Array.from(start as ArrayLike<number>);
  if (maxit <= 0) return { x: bvec, value: fn(bvec), fncount: 0, fail: 0 };

  const n1 = n + 1;
  const cols = n + 2; // n+1 vertices and the centroid column C
  // P[i * cols + j]: row i < n parameter i of vertex j, row n the function values.
  const P = new Float64Array((n + 1) * cols);
  const C = n + 1; // 0-based index of the centroid column (R's C − 1)
  let fail = 0;
  let f = fn(bvec);
  if (!Number.isFinite(f)) throw new Error('nelderMead: function cannot be evaluated at initial parameters');
  let funcount = 1;
  const convtol = intol * (Math.abs(f) + intol);
  P[n * cols + 0] = f;
  for (let i = 0; i < n; i++) P[i * cols + 0] = bvec[i]!;
  let L = 1;
  let size = 0;
  let step = 0;
  for (let i = 0; i < n; i++) if (0.1 * Math.abs(bvec[i]!) > step) step = 0.1 * Math.abs(bvec[i]!);
  if (step === 0) step = 0.1;
  for (let j = 2; j <= n1; j++) {
    for (let i = 0; i < n; i++) P[i * cols + j - 1] = bvec[i]!;
    let trystep = step;
    while (P[(j - 2) * cols + j - 1] === bvec[j - 2]) {
      P[(j - 2) * cols + j - 1] = bvec[j - 2]! + trystep;
      trystep *= 10;
    }
    size += trystep;
  }
  let oldsize = size;
  let calcvert = true;
  do {
    if (calcvert) {
      for (let j = 0; j < n1; j++) {
        if (j + 1 !== L) {
          for (let i = 0; i < n; i++) bvec[i] = P[i * cols + j]!;
          f = fn(bvec);
          if (!Number.isFinite(f)) f = BIG;
          funcount++;
          P[n * cols + j] = f;
        }
      }
      calcvert = false;
    }
    let VL = P[n * cols + L - 1]!;
    let VH = VL;
    let H = L;
    for (let j = 1; j <= n1; j++) {
      if (j !== L) {
        const fj = P[n * cols + j - 1]!;
        if (fj < VL) {
          L = j;
          VL = fj;
        }
        if (fj > VH) {
          H = j;
          VH = fj;
        }
      }
    }
    if (VH <= VL + convtol || VL <= abstol) break;

    for (let i = 0; i < n; i++) {
      let temp = -P[i * cols + H - 1]!;
      for (let j = 0; j < n1; j++) temp += P[i * cols + j]!;
      P[i * cols + C] = temp / n;
    }
    for (let i = 0; i < n; i++) bvec[i] = (1 + alpha) * P[i * cols + C]! - alpha * P[i * cols + H - 1]!;
    f = fn(bvec);
    if (!Number.isFinite(f)) f = BIG;
    funcount++;
    const VR = f;
    if (VR < VL) {
      P[n * cols + C] = f;
      for (let i = 0; i < n; i++) {
        const e = gamm * bvec[i]! + (1 - gamm) * P[i * cols + C]!;
        P[i * cols + C] = bvec[i]!;
        bvec[i] = e;
      }
      f = fn(bvec);
      if (!Number.isFinite(f)) f = BIG;
      funcount++;
      if (f < VR) {
        for (let i = 0; i < n; i++) P[i * cols + H - 1] = bvec[i]!;
        P[n * cols + H - 1] = f;
      } else {
        for (let i = 0; i < n; i++) P[i * cols + H - 1] = P[i * cols + C]!;
        P[n * cols + H - 1] = VR;
      }
    } else {
      if (VR < VH) {
        for (let i = 0; i < n; i++) P[i * cols + H - 1] = bvec[i]!;
        P[n * cols + H - 1] = VR;
      }
      for (let i = 0; i < n; i++) bvec[i] = (1 - bet) * P[i * cols + H - 1]! + bet * P[i * cols + C]!;
      f = fn(bvec);
      if (!Number.isFinite(f)) f = BIG;
      funcount++;
      if (f < P[n * cols + H - 1]!) {
        for (let i = 0; i < n; i++) P[i * cols + H - 1] = bvec[i]!;
        P[n * cols + H - 1] = f;
      } else if (VR >= VH) {
        calcvert = true;
        size = 0;
        for (let j = 0; j < n1; j++) {
          if (j + 1 !== L) {
            for (let i = 0; i < n; i++) {
              P[i * cols + j] = bet * (P[i * cols + j]! - P[i * cols + L - 1]!) + P[i * cols + L - 1]!;
              size += Math.abs(P[i * cols + j]! - P[i * cols + L - 1]!);
            }
          }
        }
        if (size < oldsize) {
          oldsize = size;
        } else {
          fail = 10;
          break;
        }
      }
    }
  } while (funcount <= maxit);

  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = P[i * cols + L - 1]!;
  if (funcount > maxit) fail = 1;
  return { x, value: P[n * cols + L - 1]!, fncount: funcount, fail };
}
