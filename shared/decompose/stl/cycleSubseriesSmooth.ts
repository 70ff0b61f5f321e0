import { loessEstimate } from './loessWeights';
import { loessSmooth } from './loessSmooth';

/** Work buffers of {@link cycleSubseriesSmooth}; sizes from {@link createCycleSubseriesBuffers}. */
export interface CycleSubseriesBuffers {
  /** One cycle-subseries (every np-th value), length ⌈n/np⌉. */
  sub: Float64Array;
  /** Its robustness weights, length ⌈n/np⌉. */
  subWeights: Float64Array;
  /** Its smooth extended by one point at each end, length ⌈n/np⌉ + 2. */
  subSmooth: Float64Array;
  /** Loess scratch and kernel, length ≥ seasonal window. */
  scratch: Float64Array;
  kernel: Float64Array;
}

export function createCycleSubseriesBuffers(n: number, period: number, seasonalWindow: number): CycleSubseriesBuffers {
  const k = Math.ceil(n / period);
  return {
    sub: new Float64Array(k),
    subWeights: new Float64Array(k),
    subSmooth: new Float64Array(k + 2),
    scratch: new Float64Array(seasonalWindow),
    kernel: new Float64Array(seasonalWindow),
  };
}

/**
 * Cycle-subseries smoothing (netlib STL `ss`, statsmodels `STL._ss`): each of the np subseries
 * y[j], y[j+np], … is loess-smoothed (window ns, degree isdeg) and extrapolated one step before
 * its first and after its last value, so `season` (length n + 2np) covers one extra period at
 * each end: season[m·np + j] is the smooth of subseries j at cycle m − 1.
 */
export function cycleSubseriesSmooth(
  y: Float64Array,
  n: number,
  period: number,
  window: number,
  degree: number,
  jump: number,
  useRobustWeights: boolean,
  rw: Float64Array,
  season: Float64Array,
  buffers: CycleSubseriesBuffers,
): void {
  const { sub, subWeights, subSmooth, scratch, kernel } = buffers;
  const smoothInterior = subSmooth.subarray(1);
  for (let j = 0; j < period; j++) {
    const k = Math.floor((n - (j + 1)) / period) + 1;
    for (let i = 0; i < k; i++) sub[i] = y[i * period + j]!;
    if (useRobustWeights) {
      for (let i = 0; i < k; i++) subWeights[i] = rw[i * period + j]!;
    }
    loessSmooth(sub, k, window, degree, jump, useRobustWeights, subWeights, smoothInterior, scratch, kernel);
    const before = loessEstimate(sub, k, window, degree, 0, 1, Math.min(window, k), scratch, useRobustWeights, subWeights);
    subSmooth[0] = Number.isNaN(before) ? subSmooth[1]! : before;
    const after = loessEstimate(sub, k, window, degree, k + 1, Math.max(1, k - window + 1), k, scratch, useRobustWeights, subWeights);
    subSmooth[k + 1] = Number.isNaN(after) ? subSmooth[k]! : after;
    for (let m = 0; m < k + 2; m++) season[m * period + j] = subSmooth[m]!;
  }
}
