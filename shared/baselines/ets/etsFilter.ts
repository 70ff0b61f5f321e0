/**
 * The ETS recursions of Hyndman et al. (2008, Table 2.1 / §2.5.2) for additive or multiplicative error,
 * none/additive/damped trend and none/additive/multiplicative season, written as in R's
 * `forecast` (C routine `etscalc`): for t = 1..n,
 *
 *   q_t   = l_{t−1} + φ b_{t−1}                       (q_t = l_{t−1} without trend)
 *   ŷ_t   = q_t, q_t + s_{t−m}, or q_t · s_{t−m}      (season N / A / M)
 *   ε_t   = y_t − ŷ_t (A)   or   (y_t − ŷ_t)/ŷ_t (M)
 *   l_t   = q_t + α (p_t − q_t),   p_t = y_t, y_t − s_{t−m}, or y_t / s_{t−m}
 *   b_t   = φ b_{t−1} + (β/α) (l_t − l_{t−1} − φ b_{t−1})
 *   s_t   = s_{t−m} + γ (u_t − s_{t−m}),   u_t = y_t − q_t (A) or y_t / q_t (M)
 *
 * This "error correction" form is algebraically the innovations form of the book for every
 * combination. The returned criterion is R's
 *
 *   lik = n · log(Σ ε_t²) + 2 Σ log|ŷ_t|   (the second term only for multiplicative error)
 *
 * which is −2·log-likelihood up to a constant once σ² is concentrated out, or, with `crit = 'mse'`,
 * the mean of (y_t − ŷ_t)² (R's `amse[1]`, used by `ses`).
 *
 * Hot loop: no allocation; the m seasonal states live in a caller-owned ring buffer `seas`
 * (seas[(t + k) mod m] holds s_{t−m+k}), which the call updates in place.
 */
export const TREND_NONE = 0;
export const TREND_ADD = 1;
export const SEASON_NONE = 0;
export const SEASON_ADD = 1;
export const SEASON_MULT = 2;

const TOL = 1e-10;
const HUGEN = 1e10;

/** Optional outputs of a filter pass; pass undefined in the optimiser's hot path. */
export interface EtsFilterOutputs {
  residuals?: Float64Array;
  fitted?: Float64Array;
  /** Receives (l_n, b_n) in [0], [1]; the ring buffer holds the final seasonal states. */
  last?: Float64Array;
}

/**
 * Runs the recursions over y from the initial level l0 / slope b0 and the seasonal ring `seas`
 * (length m; seas[t mod m] is the seasonal state used for y[t], so initially seas[k] = s_{k−m+1}
 * and after the pass seas[(n − 1 − i) mod m] = s_{n−i}). Returns the likelihood criterion (or the
 * MSE), NaN/±Infinity when the recursions break down.
 */
export function etsFilter(
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
  mseCriterion: boolean,
  out?: EtsFilterOutputs,
): number {
  const n = y.length;
  let l = l0;
  let b = trend === TREND_NONE ? 0 : b0;
  const betaOverAlpha = beta / alpha;
  let sse = 0;
  let sumLog = 0;
  let mse = 0;
  let j = 0;
  const residuals = out?.residuals;
  const fitted = out?.fitted;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const phib = trend === TREND_NONE ? 0 : phi * b;
    const q = l + phib;
    let f: number;
    let s = 0;
    if (season === SEASON_NONE) f = q;
    else {
      s = seas[j]!;
      f = season === SEASON_ADD ? q + s : q * s;
    }
    const err = yt - f;
    const e = multError ? err / f : err;
    sse += e * e;
    if (multError) sumLog += Math.log(Math.abs(f));
    if (mseCriterion) mse += err * err;
    if (residuals !== undefined) residuals[t] = e;
    if (fitted !== undefined) fitted[t] = f;

    // Level
    let p: number;
    if (season === SEASON_NONE) p = yt;
    else if (season === SEASON_ADD) p = yt - s;
    else p = Math.abs(s) < TOL ? HUGEN : yt / s;
    const lNew = q + alpha * (p - q);
    // Slope
    if (trend !== TREND_NONE) b = phib + betaOverAlpha * (lNew - l - phib);
    // Season
    if (season !== SEASON_NONE) {
      let u: number;
      if (season === SEASON_ADD) u = yt - q;
      else u = Math.abs(q) < TOL ? HUGEN : yt / q;
      seas[j] = s + gamma * (u - s);
      j++;
      if (j === m) j = 0;
    }
    l = lNew;
  }
  if (out?.last !== undefined) {
    out.last[0] = l;
    out.last[1] = b;
  }
  if (mseCriterion) return mse / n;
  let lik = n * Math.log(sse);
  if (multError) lik += 2 * sumLog;
  return lik;
}
