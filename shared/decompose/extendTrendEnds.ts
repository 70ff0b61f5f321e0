/**
 * Fill the `q` undefined values at each end of a centred moving average by extrapolating the
 * least-squares straight line through the nearest `fitLength` defined values (all of them when
 * fewer): the trend continues its local slope instead of stopping. With `logScale` the line is
 * fitted to log(MA) and exponentiated, so a positive trend (multiplicative models) stays positive.
 *
 * `ma` is modified in place; defined values are never changed. Needs at least one defined value.
 */
export function extendTrendEnds(ma: Float64Array, q: number, fitLength: number, logScale: boolean): void {
  const n = ma.length;
  const first = q;
  const last = n - q - 1;
  const count = last - first + 1;
  if (q === 0 || count < 1) return;
  const len = Math.max(1, Math.min(fitLength, count));
  fillFromLine(ma, first, len, 0, first, logScale);
  fillFromLine(ma, last - len + 1, len, last + 1, n, logScale);
}

/** Least-squares line through ma[from..from+len) (on log scale if asked), written into ma[outFrom..outTo). */
function fillFromLine(ma: Float64Array, from: number, len: number, outFrom: number, outTo: number, logScale: boolean): void {
  const value = (t: number): number => (logScale ? Math.log(ma[t]!) : ma[t]!);
  // Centre the abscissa for a well-conditioned fit.
  const tMean = from + (len - 1) / 2;
  let vMean = 0;
  for (let t = from; t < from + len; t++) vMean += value(t);
  vMean /= len;
  let sxy = 0;
  let sxx = 0;
  for (let t = from; t < from + len; t++) {
    const dt = t - tMean;
    sxy += dt * (value(t) - vMean);
    sxx += dt * dt;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  for (let t = outFrom; t < outTo; t++) {
    const v = vMean + slope * (t - tMean);
    ma[t] = logScale ? Math.exp(v) : v;
  }
}
