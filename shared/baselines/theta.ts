import { classicalDecompose } from './classicalDecompose';
import { fitEtsModel } from './ets/etsFit';
import { shortSeriesEts } from './ets/shortSeries';
import { lineFit } from './leastSquares';
import { normalQuantiles } from './normalQuantiles';
import { isSeasonalAcf } from './seasonalityTest';
import type { Forecaster } from './types';

/**
 * Theta method as `forecast::thetaf` (Assimakopoulos & Nikolopoulos 2000, shown by Hyndman & Billah
 * 2003 to be simple exponential smoothing with drift):
 *
 * 1. if {@link isSeasonalAcf} (90% ACF test at lag m), divide by the seasonal indices of a
 *    multiplicative classical decomposition (skipped if an index is below 1e-4);
 * 2. fit SES (ETS(A,N,N), α and l_0 minimising the one-step MSE, R's `ses`) to the adjusted series x;
 * 3. ŷ_{n+h} = ℓ_n + b̂/2 · (h − 1 + (1 − (1 − α)^n)/α), with b̂ the OLS slope of x on t
 *    (the θ = 0 line, half its slope being the drift; Hyndman & Billah eq. 4);
 * 4. reseasonalise with the last m seasonal indices;
 * 5. intervals: σ̂² of the SES fit, se_h = σ̂·sqrt(1 + (h − 1)α²), normal (not reseasonalised, as R).
 */
export const theta: Forecaster = (y, h, ctx) => {
  const n = y.length;
  const m = Math.max(1, Math.floor(ctx.period));
  let constant = true;
  for (let i = 1; i < n; i++) if (y[i] !== y[0]) constant = false;
  let seasonal = !constant && isSeasonalAcf(y, m);
  let x = y;
  let seasonalIdx: Float64Array | null = null;
  if (seasonal) {
    const dec = classicalDecompose(y, m, 'multiplicative');
    if (dec.figure.some((v) => Math.abs(v) < 1e-4)) seasonal = false;
    else {
      seasonalIdx = dec.seasonal;
      x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = y[i]! / dec.seasonal[i]!;
    }
  }
  const ses =
    n > 6 ? (fitEtsModel(x, { error: 'A', trend: 'N', season: 'N' }, 1, 'mse') ?? shortSeriesEts(x)) : shortSeriesEts(x);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = i;
  const drift = lineFit(t, x)[1] / 2;
  const alpha = Math.max(1e-10, ses.alpha);
  const level = ses.state[0]!;
  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  const tail = (1 - Math.pow(1 - alpha, n)) / alpha;
  for (let i = 0; i < h; i++) {
    mean[i] = level + drift * (i + tail);
    if (seasonal && seasonalIdx) mean[i] = mean[i]! * seasonalIdx[n - m + (i % m)]!;
    variance[i] = ses.sigma2 * (i * alpha * alpha + 1);
  }
  const fitted = new Float64Array(n);
  for (let i = 0; i < n; i++) fitted[i] = ses.fitted[i]! * (seasonal && seasonalIdx ? seasonalIdx[i]! : 1);
  return {
    model: 'theta',
    mean,
    quantiles: normalQuantiles(mean, variance, ctx.quantiles),
    fitted,
    sigma2: ses.sigma2,
  };
};
