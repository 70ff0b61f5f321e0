import { lagWalk } from './lagWalk';
import type { Forecaster } from './types';

/**
 * Naive (random walk) forecast, as `forecast::naive`: every step equals the last observation,
 * σ̂² = mean (y_t − y_{t−1})², Var(ŷ_{n+h}) = h·σ̂² (FPP §5.2).
 */
export const naive: Forecaster = (y, h, ctx) => lagWalk(y, h, 1, ctx.quantiles, 'naive');
