import { DecompositionError } from '../errors';
import { createCycleSubseriesBuffers, cycleSubseriesSmooth } from './cycleSubseriesSmooth';
import { loessSmooth } from './loessSmooth';
import { lowPassFilter } from './lowPassFilter';
import { resolveStlOptions, type StlOptions } from './options';
import { robustnessWeights } from './robustnessWeights';

export interface StlResult {
  trend: Float64Array;
  seasonal: Float64Array;
  /** y − trend − seasonal. */
  resid: Float64Array;
  /** Final robustness weights (all 1 without robustness iterations). */
  weights: Float64Array;
}

/**
 * STL, Seasonal-Trend decomposition by Loess (R. B. Cleveland, W. S. Cleveland, J. E. McRae,
 * I. Terpenning, J. Official Statistics 6:3–73, 1990): a port of the netlib Fortran as
 * statsmodels 0.13 runs it (`statsmodels/tsa/_stl.pyx`), same defaults, same results to rounding.
 *
 * Each inner pass: detrend; smooth every cycle-subseries (window `seasonal`); low-pass the result
 * (moving averages np, np, 3 then loess `lowPass`) and subtract it → seasonal; loess of the
 * deseasonalised series (window `trend`) → trend. Outer passes recompute bisquare robustness
 * weights from the remainder and repeat.
 *
 * Requirements: finite values (interpolate gaps first, see `decomposeSeries`) and at least two
 * full periods (n ≥ 2·period).
 */
export function stlDecompose(y: Float64Array, options: StlOptions): StlResult {
  const opt = resolveStlOptions(options);
  const n = y.length;
  const np = opt.period;
  if (n < 2 * np) {
    throw new DecompositionError(`STL needs at least two periods (${2 * np} values); got ${n}`, 'too-short');
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i]!)) {
      throw new DecompositionError(`STL input has a missing or non-finite value at index ${i}`, 'missing-values');
    }
  }

  const trend = new Float64Array(n);
  const season = new Float64Array(n);
  const rw = new Float64Array(n).fill(1);
  // Work rows, named for what they hold in the inner loop (netlib `work(n+2np, 5)`).
  const extended = n + 2 * np;
  const work0 = new Float64Array(extended); // detrended, then low-pass, then deseasonalised
  const cycleSmooth = new Float64Array(extended); // cycle-subseries smooth, one extra period each side
  const work2 = new Float64Array(extended); // moving averages of the low-pass filter
  const maxWindow = Math.max(opt.seasonal, opt.trend, opt.lowPass);
  const scratch = new Float64Array(maxWindow);
  const kernel = new Float64Array(maxWindow);
  const subBuffers = createCycleSubseriesBuffers(n, np, opt.seasonal);
  const sorted = opt.outerIter > 0 ? new Float64Array(n) : work2;

  let useRobustWeights = false;
  for (let outer = 0; ; ) {
    for (let inner = 0; inner < opt.innerIter; inner++) {
      for (let i = 0; i < n; i++) work0[i] = y[i]! - trend[i]!;
      cycleSubseriesSmooth(work0, n, np, opt.seasonal, opt.seasonalDeg, opt.seasonalJump, useRobustWeights, rw, cycleSmooth, subBuffers);
      lowPassFilter(cycleSmooth, n, np, work2, work0);
      loessSmooth(work2, n, opt.lowPass, opt.lowPassDeg, opt.lowPassJump, false, rw, work0, scratch, kernel);
      for (let i = 0; i < n; i++) {
        const s = cycleSmooth[np + i]! - work0[i]!;
        season[i] = s;
        work0[i] = y[i]! - s;
      }
      loessSmooth(work0, n, opt.trend, opt.trendDeg, opt.trendJump, useRobustWeights, rw, trend, scratch, kernel);
    }
    outer++;
    if (outer > opt.outerIter) break;
    for (let i = 0; i < n; i++) work0[i] = trend[i]! + season[i]!;
    robustnessWeights(y, work0, n, rw, sorted);
    useRobustWeights = true;
  }

  const resid = new Float64Array(n);
  for (let i = 0; i < n; i++) resid[i] = y[i]! - season[i]! - trend[i]!;
  return { trend, seasonal: season, resid, weights: rw };
}
