import { loessEstimate, loessWeights } from './loessWeights';

/**
 * Loess smooth of `y[0..n)` into `ys[0..n)`: netlib STL `ess` (statsmodels 0.13 `STL._ess`).
 *
 * Windows of `len` points slide with the fitted position (clamped at the ends); with `jump > 1`
 * the fit is computed every `jump` points (and at the last point) and linearly interpolated between.
 * A fit whose weights all vanish keeps the data value.
 *
 * Speed: every interior fit (symmetric window, half-width q = (len − 1)/2) has the same tricube
 * weights. Without robustness weights the whole normalised, degree-corrected weight vector is the
 * same, so it is computed once (`kernel`) and each such fit is one dot product. With robustness
 * weights w_d = T(|d|/q)·rw, each fit is one pass accumulating Σw, Σw·d, Σw·d², Σw·y, Σw·d·y over
 * the offsets d = j − xs, and
 *
 *   ŷ = ȳ + (b/c)(Σw·d·y/Σw − a·ȳ),  ȳ = Σw·y/Σw, a = Σw·d/Σw, c = Σw·d²/Σw − a², b = −a,
 *
 * which is `est` rewritten in window-local coordinates. Both equal the per-point computation up to
 * rounding.
 *
 * @param scratch work buffer, length ≥ len
 * @param kernel work buffer, length ≥ len
 */
export function loessSmooth(
  y: Float64Array,
  n: number,
  len: number,
  degree: number,
  jump: number,
  useRobustWeights: boolean,
  rw: Float64Array,
  ys: Float64Array,
  scratch: Float64Array,
  kernel: Float64Array,
): void {
  if (n < 2) {
    ys[0] = y[0]!;
    return;
  }
  const step = Math.min(jump, n - 1);
  let nleft = 0;
  let nright = 0;
  if (len >= n) {
    nleft = 1;
    nright = n;
    for (let i = 0; i < n; i += step) {
      const fit = loessEstimate(y, n, len, degree, i + 1, nleft, nright, scratch, useRobustWeights, rw);
      ys[i] = Number.isNaN(fit) ? y[i]! : fit;
    }
  } else {
    // Interior fits (symmetric window of half-width q) share one weight vector.
    const q = (len - 1) / 2;
    const symmetric = Number.isInteger(q) && q > 0;
    // Non-robust: full interior weight vector. Robust: raw tricube weights by offset.
    let useKernel = false;
    if (symmetric && useRobustWeights) {
      tricubeTable(q, kernel);
      useKernel = true;
    } else if (symmetric) {
      useKernel = loessWeights(n, len, degree, q + 1, 1, len, kernel, false, rw);
    }
    // The tricube weight is 0 at |d| = q, so the window's two end points never contribute.
    let kFrom = 0;
    let kTo = len;
    while (useKernel && kFrom < kTo && kernel[kFrom] === 0) kFrom++;
    while (useKernel && kTo > kFrom && kernel[kTo - 1] === 0) kTo--;
    const range = 0.001 * (n - 1);
    if (step === 1) {
      const nsh = Math.floor((len + 2) / 2);
      nleft = 1;
      nright = len;
      for (let i = 0; i < n; i++) {
        if (i + 1 > nsh && nright !== n) {
          nleft++;
          nright++;
        }
        if (useKernel && i - q === nleft - 1 && nright - 1 - i === q) {
          ys[i] = useRobustWeights
            ? robustInteriorFit(y, rw, nleft - 1, kFrom, kTo, q, degree, range, kernel)
            : dot(kernel, y, nleft - 1, kFrom, kTo);
        } else {
          const fit = loessEstimate(y, n, len, degree, i + 1, nleft, nright, scratch, useRobustWeights, rw);
          ys[i] = Number.isNaN(fit) ? y[i]! : fit;
        }
      }
      return;
    }
    const nsh = Math.floor((len + 1) / 2);
    for (let i = 0; i < n; i += step) {
      if (i + 1 < nsh) {
        nleft = 1;
        nright = len;
      } else if (i + 1 >= n - nsh + 1) {
        nleft = n - len + 1;
        nright = n;
      } else {
        nleft = i + 1 - nsh + 1;
        nright = len + i + 1 - nsh;
      }
      if (useKernel && i - q === nleft - 1 && nright - 1 - i === q) {
        ys[i] = useRobustWeights
          ? robustInteriorFit(y, rw, nleft - 1, kFrom, kTo, q, degree, range, kernel)
          : dot(kernel, y, nleft - 1, kFrom, kTo);
      } else {
        const fit = loessEstimate(y, n, len, degree, i + 1, nleft, nright, scratch, useRobustWeights, rw);
        ys[i] = Number.isNaN(fit) ? y[i]! : fit;
      }
    }
  }
  if (step === 1) return;
  // Linear interpolation between the computed fits.
  for (let i = 0; i < n - step; i += step) {
    const start = ys[i]!;
    const delta = (ys[i + step]! - start) / step;
    for (let j = i + 1; j < i + step; j++) ys[j] = start + delta * (j - i);
  }
  // The last point when it is not on the jump grid (window: the last one used above, as in netlib).
  const k = Math.floor((n - 1) / step) * step + 1;
  if (k !== n) {
    const fit = loessEstimate(y, n, len, degree, n, nleft, nright, scratch, useRobustWeights, rw);
    ys[n - 1] = Number.isNaN(fit) ? y[n - 1]! : fit;
    if (k !== n - 1) {
      const start = ys[k - 1]!;
      const delta = (ys[n - 1]! - start) / (n - k);
      for (let j = k; j < n; j++) ys[j] = start + delta * (j + 1 - k);
    }
  }
}

/** Σ kernel[k]·y[base + k], kFrom ≤ k < kTo. */
function dot(kernel: Float64Array, y: Float64Array, base: number, kFrom: number, kTo: number): number {
  let fit = 0;
  for (let k = kFrom; k < kTo; k++) fit += kernel[k]! * y[base + k]!;
  return fit;
}

/** Tricube weights of `est` for a symmetric window with h = q, by offset k − q (k < 2q + 1). */
function tricubeTable(q: number, table: Float64Array): void {
  const h9 = 0.999 * q;
  const h1 = 0.001 * q;
  for (let k = 0; k <= 2 * q; k++) {
    const r = Math.abs(k - q);
    let w = 0;
    if (r <= h9) {
      if (r <= h1) {
        w = 1;
      } else {
        const u = r / q;
        const v = 1 - u * u * u;
        w = v * v * v;
      }
    }
    table[k] = w;
  }
}

/**
 * Interior loess fit with robustness weights, in one pass (see {@link loessSmooth}). Falls back to
 * the data value when every weight vanishes, as `ess` does.
 */
function robustInteriorFit(
  y: Float64Array,
  rw: Float64Array,
  base: number,
  kFrom: number,
  kTo: number,
  q: number,
  degree: number,
  range: number,
  tricube: Float64Array,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let sy = 0;
  let sdy = 0;
  for (let k = kFrom; k < kTo; k++) {
    const w = tricube[k]! * rw[base + k]!;
    const d = k - q;
    const v = y[base + k]!;
    const wd = w * d;
    s0 += w;
    s1 += wd;
    s2 += wd * d;
    sy += w * v;
    sdy += wd * v;
  }
  if (s0 <= 0) return y[base + q]!;
  const mean = sy / s0;
  if (degree > 0) {
    const a = s1 / s0;
    const c = s2 / s0 - a * a;
    if (Math.sqrt(c) > range) return mean + (-a / c) * (sdy / s0 - a * mean);
  }
  return mean;
}
