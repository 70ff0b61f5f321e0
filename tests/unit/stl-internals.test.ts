/** STL options, validation, robustness behaviour and the selection routine behind the median. */
import { describe, expect, it } from 'vitest';
import { DecompositionError, kthSmallest, loessEstimate, resolveStlOptions, stlDecompose } from '../../shared/decompose';

describe('resolveStlOptions', () => {
  it('uses statsmodels 0.13 defaults', () => {
    expect(resolveStlOptions({ period: 12 })).toEqual({
      period: 12, seasonal: 7, trend: 23, lowPass: 13, seasonalDeg: 1, trendDeg: 1, lowPassDeg: 1,
      robust: false, seasonalJump: 1, trendJump: 1, lowPassJump: 1, innerIter: 5, outerIter: 0,
    });
    const robust = resolveStlOptions({ period: 4, robust: true });
    expect([robust.trend, robust.lowPass, robust.innerIter, robust.outerIter]).toEqual([9, 5, 2, 15]);
    expect(resolveStlOptions({ period: 7 }).trend).toBe(15);
    expect(resolveStlOptions({ period: 12, seasonal: 13 }).trend).toBe(21);
  });

  it('rejects what statsmodels rejects', () => {
    const bad = [
      { period: 1 },
      { period: 12.5 },
      { period: 12, seasonal: 8 },
      { period: 12, seasonal: 1 },
      { period: 12, trend: 11 },
      { period: 12, trend: 24 },
      { period: 12, lowPass: 11 },
      { period: 12, trendJump: 0 },
      { period: 12, seasonalDeg: 2 as 1 },
      { period: 12, outerIter: -1 },
    ];
    for (const options of bad) expect(() => resolveStlOptions(options), JSON.stringify(options)).toThrow(DecompositionError);
  });
});

describe('stlDecompose', () => {
  const period = 12;
  const n = 120;
  const y = Float64Array.from({ length: n }, (_, t) => 10 + 0.1 * t + 3 * Math.sin((2 * Math.PI * t) / period) + 0.2 * Math.cos(1.7 * t));

  it('throws on short or incomplete input', () => {
    expect(() => stlDecompose(y.slice(0, 23), { period })).toThrow(/two periods/);
    const gap = Float64Array.from(y);
    gap[5] = NaN;
    expect(() => stlDecompose(gap, { period })).toThrow(/index 5/);
  });

  it('robust fit gives an outlier zero weight and keeps it out of the trend', () => {
    const spiked = Float64Array.from(y);
    spiked[60] += 100;
    const robust = stlDecompose(spiked, { period, robust: true });
    const plain = stlDecompose(spiked, { period });
    expect(robust.weights[60]).toBe(0);
    expect(Math.min(...robust.weights.filter((_, i) => i !== 60))).toBeGreaterThan(0.5);
    const clean = stlDecompose(y, { period });
    expect(Math.abs(robust.trend[60]! - clean.trend[60]!)).toBeLessThan(0.2);
    expect(Math.abs(plain.trend[60]! - clean.trend[60]!)).toBeGreaterThan(1);
    for (let t = 0; t < n; t++) expect(robust.trend[t]! + robust.seasonal[t]! + robust.resid[t]!).toBeCloseTo(spiked[t]!, 10);
  });
});

describe('loessEstimate', () => {
  it('degree 1 reproduces a straight line exactly; degree 0 gives the tricube-weighted mean', () => {
    const line = Float64Array.from({ length: 9 }, (_, i) => 2 + 3 * i);
    const w = new Float64Array(9);
    const ones = new Float64Array(9).fill(1);
    // Asymmetric window at the start (xs = 1, window 1..5), as at a series end.
    expect(loessEstimate(line, 9, 5, 1, 1, 1, 5, w, false, ones)).toBeCloseTo(2, 12);
    // Degree 0, symmetric window of 5 around xs = 5: h = 2, weights (1−(1/2)³)³ at ±1, 0 at ±2.
    const w1 = (1 - 1 / 8) ** 3;
    expect(loessEstimate(line, 9, 5, 0, 5, 3, 7, w, false, ones)).toBeCloseTo((line[4]! + w1 * (line[3]! + line[5]!)) / (1 + 2 * w1), 12);
  });
});

describe('kthSmallest', () => {
  it('agrees with sorting, duplicates included', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const values = Float64Array.from({ length: n }, () => Math.floor(next() * (n / 3 + 1)));
      const sorted = Array.from(values).sort((a, b) => a - b);
      for (const k of [0, Math.floor(n / 2), n - 1, Math.floor(n / 3)]) {
        expect(kthSmallest(Float64Array.from(values), n, k)).toBe(sorted[k]);
      }
    }
  });
});
