import { describe, expect, it } from 'vitest';
import { calibrateIntervals } from '../../shared/engine/calibrate-intervals';
import { scaleQuantiles, type ForecastSet } from '../../shared/engine/candidates';
import { gaussianStream } from '../../shared/nn/prng';
import type { Observation } from '../../shared/engine/scoring';

const Q = [0.1, 0.5, 0.9];
const Z90 = 1.2815515655446004; // standard normal 0.9 quantile

/** `n` series of `h` steps: actuals N(100, σ²), the model's band 100 ± z·σ·width. */
function origin(n: number, h: number, width: number, seed: number) {
  const g = gaussianStream(seed);
  const set: ForecastSet = new Map([['m', new Map()]]);
  const obs = new Map<string, Observation>();
  for (let i = 0; i < n; i++) {
    const sigma = 1 + (i % 7);
    const actual = Float64Array.from({ length: h }, () => 100 + sigma * g());
    const mid = new Float64Array(h).fill(100);
    set.get('m')!.set(`s${i}`, {
      mean: mid,
      quantiles: [mid.map((v) => v - Z90 * sigma * width), mid, mid.map((v) => v + Z90 * sigma * width)],
    });
    obs.set(`s${i}`, { insample: new Float64Array(10), actual, period: 1 });
  }
  return { set, obs };
}

function coverage(o: ReturnType<typeof origin>, c: number): number {
  let inside = 0;
  let count = 0;
  for (const [id, f0] of o.set.get('m')!) {
    const f = scaleQuantiles(f0, Q, c);
    o.obs.get(id)!.actual.forEach((y, k) => {
      count++;
      if (y >= f.quantiles[0]![k]! && y <= f.quantiles[2]![k]!) inside++;
    });
  }
  return inside / count;
}

describe('calibrateIntervals', () => {
  it('widens a band that is too narrow by the factor that restores nominal coverage', () => {
    const o = origin(1000, 20, 0.6, 3); // p10–p90 band 0.6× its true width: covers ~55 %
    expect(coverage(o, 1)).toBeLessThan(0.6);
    const c = calibrateIntervals([o], 'm', Q);
    expect(c).toBeGreaterThan(1.6);
    expect(c).toBeLessThan(1.74); // 1 / 0.6 = 1.667
    expect(coverage(o, c)).toBeGreaterThanOrEqual(0.8);
    expect(coverage(o, c - 0.02)).toBeLessThan(0.8);
  });

  it('narrows a band that is too wide, and is checked out of sample on fresh data', () => {
    const c = calibrateIntervals([origin(1000, 20, 1.8, 5)], 'm', Q);
    expect(c).toBeGreaterThan(0.52);
    expect(c).toBeLessThan(0.59); // 1 / 1.8 = 0.556
    const fresh = origin(1000, 20, 1.8, 11);
    expect(Math.abs(coverage(fresh, c) - 0.8)).toBeLessThan(0.015);
  });

  it('leaves a model without quantile bands or backtest alone', () => {
    expect(calibrateIntervals([origin(10, 4, 1, 1)], 'm', [0.5])).toBe(1);
    expect(calibrateIntervals([origin(10, 4, 1, 1)], 'other', Q)).toBe(1);
  });
});
