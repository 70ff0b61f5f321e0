import { normalQuantiles } from '../normalQuantiles';
import type { Forecaster } from '../types';
import { etsSelect } from './etsAuto';
import { etsForecast } from './etsForecast';
import { shortSeriesEts } from './shortSeries';

/**
 * Automatic exponential smoothing forecaster, R's `forecast(ets(y), h)`: the AICc-best of the 15
 * ETS models (Hyndman et al. 2008; Hyndman, Koehler, Snyder & Grose 2002) with analytic normal
 * prediction quantiles. Constant series and series with n ≤ 6 use the simple fallback of
 * {@link shortSeriesEts}, as R does.
 */
export const ets: Forecaster = (y, h, ctx) => {
  const n = y.length;
  let constant = true;
  for (let i = 1; i < n; i++) if (y[i] !== y[0]) constant = false;
  const model = constant || n <= 6 ? shortSeriesEts(y) : (etsSelect(y, ctx.period) ?? shortSeriesEts(y));
  const { mean, variance } = etsForecast(model, h);
  return {
    model: model.name,
    mean,
    quantiles: normalQuantiles(mean, variance, ctx.quantiles),
    fitted: model.fitted,
    sigma2: model.sigma2,
    ...(Number.isFinite(model.aicc) ? { aicc: model.aicc } : {}),
  };
};
