import { describe, expect, it } from 'vitest';
import { isSeasonalAcf, theta } from '../../shared/baselines/index';
import { loadRForecasts, maxRelDiff, Q80 } from '../fixtures/baselines/load';

const fixtures = loadRForecasts();

describe('theta agrees with R forecast::thetaf', () => {
  it('fixtures cover seasonal and non-seasonal decisions', () => {
    expect(fixtures.some((s) => s.theta.seasonal)).toBe(true);
    expect(fixtures.some((s) => !s.theta.seasonal)).toBe(true);
  });

  for (const s of fixtures) {
    it(`${s.id} (n=${s.y.length}, seasonal=${s.theta.seasonal}): means and 80% intervals within 1e-3`, () => {
      const y = Float64Array.from(s.y);
      expect(isSeasonalAcf(y, s.period)).toBe(s.theta.seasonal);
      const f = theta(y, s.h, { period: s.period, quantiles: Q80 });
      expect(f.model).toBe('theta');
      // SES is optimised (Nelder–Mead on the MSE), so allow 1e-3; in practice R's path is reproduced.
      expect(maxRelDiff(f.mean, s.theta.mean)).toBeLessThan(1e-3);
      expect(maxRelDiff(f.quantiles[0]!, s.theta.lower80)).toBeLessThan(1e-3);
      expect(maxRelDiff(f.quantiles[1]!, s.theta.upper80)).toBeLessThan(1e-3);
      expect(Math.abs(f.sigma2! / s.theta.sigma2 - 1)).toBeLessThan(1e-3);
    });
  }
});

describe('theta properties', () => {
  it('a straight line is extrapolated with half its slope plus the SES level (Hyndman & Billah 2003)', () => {
    const y = Float64Array.from({ length: 40 }, (_, t) => 50 + 2 * t);
    const f = theta(y, 3, { period: 1, quantiles: [0.5] });
    // SES on a line ends near the last value minus a lag; the drift term is b/2 = 1 per step.
    expect(f.mean[1]! - f.mean[0]!).toBeCloseTo(1, 9);
    expect(f.mean[2]! - f.mean[1]!).toBeCloseTo(1, 9);
    expect(f.mean[0]!).toBeGreaterThan(y[39]!);
  });

  it('a constant series gives a flat forecast', () => {
    const y = new Float64Array(30).fill(7);
    const f = theta(y, 5, { period: 12, quantiles: [0.1, 0.9] });
    for (const v of f.mean) expect(v).toBeCloseTo(7, 6);
  });

  it('ACF seasonality test: a strong period-4 pattern is seasonal, noise-free trend at lag 4 is not', () => {
    const seasonal = Float64Array.from({ length: 40 }, (_, t) => 100 + [10, -5, 8, -13][t % 4]!);
    expect(isSeasonalAcf(seasonal, 4)).toBe(true);
    expect(isSeasonalAcf(seasonal, 1)).toBe(false);
    expect(isSeasonalAcf(seasonal.subarray(0, 8), 4)).toBe(false); // needs n > 2m
    // White noise (fixed LCG draws): |r_4| well inside the band.
    let state = 12345;
    const noise = Float64Array.from({ length: 60 }, () => {
      state = (1103515245 * state + 12345) % 2147483648;
      return state / 2147483648;
    });
    expect(isSeasonalAcf(noise, 4)).toBe(false);
  });
});
