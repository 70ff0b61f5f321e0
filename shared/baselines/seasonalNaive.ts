import { lagWalk } from './lagWalk';
import type { Forecaster } from './types';

/**
 * Seasonal naive forecast, as `forecast::snaive`: step h repeats the observation one season earlier,
 * ŷ_{n+h} = y_{n+h−m(⌊(h−1)/m⌋+1)}, σ̂² = mean (y_t − y_{t−m})², Var = σ̂²·(⌊(h−1)/m⌋ + 1)
 * (FPP §5.2). With period 1, or a series not longer than one period, it is the naive forecast.
 */
export const seasonalNaive: Forecaster = (y, h, ctx) => {
  const m = Math.max(1, Math.floor(ctx.period));
  if (m === 1 || y.length <= m) return lagWalk(y, h, 1, ctx.quantiles, 'naive');
  return lagWalk(y, h, m, ctx.quantiles, 'snaive');
};
