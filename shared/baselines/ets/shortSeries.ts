import { nelderMead } from '../nelderMead';
import type { EtsModel } from './types';

/**
 * Fallback for series too short for maximum-likelihood ETS (R's `ets` uses `HoltWintersZZ` when
 * n ≤ npars + 4, i.e. n ≤ 6 for automatic selection): simple exponential smoothing started at
 * l_0 = y_1 and Holt's linear method started at l_0 = y_1, b_0 = y_2 − y_1, smoothing weights in
 * [0, 1] minimising the in-sample SSE; the one with the smaller σ² = mean ε² is returned, labelled
 * as the ETS(A,N,N) / ETS(A,A,N) model it is equivalent to. R optimises the same SSE with L-BFGS-B;
 * here a bounded Nelder–Mead is used, so parameters can differ in the last digits.
 * A constant series (R: `ses(y, alpha = 0.99999, initial = "simple")`) gets a flat forecast, σ² = 0.
 */
export function shortSeriesEts(y: Float64Array): EtsModel {
  const n = y.length;
  let constant = true;
  for (let i = 1; i < n; i++) if (y[i] !== y[0]) constant = false;
  if (constant || n < 3) return holt(y, false, constant ? [0.99999] : null);
  const ses = holt(y, false, null);
  const lin = holt(y, true, null);
  return lin.sigma2 < ses.sigma2 ? lin : ses;
}

function holtSse(y: Float64Array, alpha: number, beta: number, trend: boolean, out?: { res: Float64Array; fit: Float64Array; last: number[] }): number {
  let l = y[0]!;
  let b = trend ? y[1]! - y[0]! : 0;
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const f = l + b;
    const e = y[t]! - f;
    sse += e * e;
    if (out) {
      out.res[t] = e;
      out.fit[t] = f;
    }
    const lNew = alpha * y[t]! + (1 - alpha) * (l + b);
    if (trend) b = beta * (lNew - l) + (1 - beta) * b;
    l = lNew;
  }
  if (out) out.last.push(l, b);
  return sse;
}

function holt(y: Float64Array, trend: boolean, fixed: number[] | null): EtsModel {
  const n = y.length;
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  let alpha: number;
  let beta = 0;
  if (fixed) alpha = fixed[0]!;
  else {
    const start = trend ? [0.5, 0.1] : [0.5];
    const r = nelderMead(
      (p) => {
        const pen = p.reduce((s, v) => s + (v < 0 ? -v : v > 1 ? v - 1 : 0), 0);
        return holtSse(y, clamp(p[0]!), trend ? clamp(p[1]!) : 0, trend) * (1 + pen);
      },
      start,
      { maxit: 500 },
    );
    alpha = clamp(r.x[0]!);
    beta = trend ? clamp(r.x[1]!) : 0;
  }
  const res = new Float64Array(n);
  const fit = new Float64Array(n);
  const last: number[] = [];
  const sse = holtSse(y, alpha, beta, trend, { res, fit, last });
  const state = trend ? Float64Array.of(last[0]!, last[1]!) : Float64Array.of(last[0]!);
  const initState = trend ? Float64Array.of(y[0]!, y[1]! - y[0]!) : Float64Array.of(y[0]!);
  const spec = { error: 'A', trend: trend ? 'A' : 'N', season: 'N' } as const;
  return {
    spec,
    name: `ets(A,${spec.trend},N)`,
    period: 1,
    alpha,
    beta,
    gamma: 0,
    phi: 1,
    initState,
    state,
    loglik: NaN,
    aic: NaN,
    aicc: NaN,
    bic: NaN,
    mse: sse / n,
    sigma2: sse / n,
    residuals: res,
    fitted: fit,
    nobs: n,
    npar: trend ? 5 : 3,
    fncount: 0,
    converged: true,
  };
}
