/**
 * Fast path of {@link etsFilter} for the optimiser: the same recursions and the same floating-point
 * operations in the same order (so the value is bit-identical), but one straight loop per
 * trend × season combination, with no optional outputs. ETS fitting spends almost all its time
 * here (R's Nelder–Mead makes up to 2000 evaluations per model, 15 models per series).
 *
 * Returns lik = n·log Σε² + 2·Σ log|ŷ_t| (second term only for multiplicative error). The seasonal
 * ring `seas` is updated in place (see etsFilter).
 */
const TOL = 1e-10;
const HUGEN = 1e10;

export function etsLikelihood(
  y: Float64Array,
  multError: boolean,
  trend: number,
  season: number,
  m: number,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  l0: number,
  b0: number,
  seas: Float64Array,
): number {
  if (trend === 0) {
    if (season === 0) return likNN(y, multError, alpha, l0);
    if (season === 1) return likNA(y, multError, m, alpha, gamma, l0, seas);
    return likNM(y, multError, m, alpha, gamma, l0, seas);
  }
  if (season === 0) return likAN(y, multError, alpha, beta, phi, l0, b0);
  if (season === 1) return likAA(y, multError, m, alpha, beta, gamma, phi, l0, b0, seas);
  return likAM(y, multError, m, alpha, beta, gamma, phi, l0, b0, seas);
}

function finish(n: number, sse: number, sumLog: number, multError: boolean): number {
  let lik = n * Math.log(sse);
  if (multError) lik += 2 * sumLog;
  return lik;
}

function likNN(y: Float64Array, multError: boolean, alpha: number, l0: number): number {
  const n = y.length;
  let l = l0;
  let sse = 0;
  let sumLog = 0;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const q = l + 0;
    const f = q;
    const err = yt - f;
    const e = multError ? err / f : err;
    sse += e * e;
    if (multError) sumLog += Math.log(Math.abs(f));
    l = q + alpha * (yt - q);
  }
  return finish(n, sse, sumLog, multError);
}

function likAN(y: Float64Array, multError: boolean, alpha: number, beta: number, phi: number, l0: number, b0: number): number {
  const n = y.length;
  const ba = beta / alpha;
  let l = l0;
  let b = b0;
  let sse = 0;
  let sumLog = 0;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const phib = phi * b;
    const q = l + phib;
    const f = q;
    const err = yt - f;
    const e = multError ? err / f : err;
    sse += e * e;
    if (multError) sumLog += Math.log(Math.abs(f));
    const lNew = q + alpha * (yt - q);
    b = phib + ba * (lNew - l - phib);
    l = lNew;
  }
  return finish(n, sse, sumLog, multError);
}

function likNA(y: Float64Array, multError: boolean, m: number, alpha: number, gamma: number, l0: number, seas: Float64Array): number {
  const n = y.length;
  let l = l0;
  let sse = 0;
  let sumLog = 0;
  let j = 0;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const q = l + 0;
    const s = seas[j]!;
    const f = q + s;
    const err = yt - f;
    const e = multError ? err / f : err;
    sse += e * e;
    if (multError) sumLog += Math.log(Math.abs(f));
    l = q + alpha * (yt - s - q);
    seas[j] = s + gamma * (yt - q - s);
    if (++j === m) j = 0;
  }
  return finish(n, sse, sumLog, multError);
}

function likAA(
  y: Float64Array, multError: boolean, m: number, alpha: number, beta: number, gamma: number, phi: number,
  l0: number, b0: number, seas: Float64Array,
): number {
  const n = y.length;
  const ba = beta / alpha;
  let l = l0;
  let b = b0;
  let sse = 0;
  let sumLog = 0;
  let j = 0;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const phib = phi * b;
    const q = l + phib;
    const s = seas[j]!;
    const f = q + s;
    const err = yt - f;
    const e = multError ? err / f : err;
    sse += e * e;
    if (multError) sumLog += Math.log(Math.abs(f));
    const lNew = q + alpha * (yt - s - q);
    b = phib + ba * (lNew - l - phib);
    seas[j] = s + gamma * (yt - q - s);
    if (++j === m) j = 0;
    l = lNew;
  }
  return finish(n, sse, sumLog, multError);
}

function likNM(y: Float64Array, multError: boolean, m: number, alpha: number, gamma: number, l0: number, seas: Float64Array): number {
  const n = y.length;
  let l = l0;
  let sse = 0;
  let sumLog = 0;
  let j = 0;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const q = l + 0;
    const s = seas[j]!;
    const f = q * s;
    const err = yt - f;
    const e = multError ? err / f : err;
    sse += e * e;
    if (multError) sumLog += Math.log(Math.abs(f));
    const p = Math.abs(s) < TOL ? HUGEN : yt / s;
    l = q + alpha * (p - q);
    const u = Math.abs(q) < TOL ? HUGEN : yt / q;
    seas[j] = s + gamma * (u - s);
    if (++j === m) j = 0;
  }
  return finish(n, sse, sumLog, multError);
}

function likAM(
  y: Float64Array, multError: boolean, m: number, alpha: number, beta: number, gamma: number, phi: number,
  l0: number, b0: number, seas: Float64Array,
): number {
  const n = y.length;
  const ba = beta / alpha;
  let l = l0;
  let b = b0;
  let sse = 0;
  let sumLog = 0;
  let j = 0;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const phib = phi * b;
    const q = l + phib;
    const s = seas[j]!;
    const f = q * s;
    const err = yt - f;
    const e = multError ? err / f : err;
    sse += e * e;
    if (multError) sumLog += Math.log(Math.abs(f));
    const p = Math.abs(s) < TOL ? HUGEN : yt / s;
    const lNew = q + alpha * (p - q);
    b = phib + ba * (lNew - l - phib);
    const u = Math.abs(q) < TOL ? HUGEN : yt / q;
    seas[j] = s + gamma * (u - s);
    if (++j === m) j = 0;
    l = lNew;
  }
  return finish(n, sse, sumLog, multError);
}
