import { describe, expect, it } from 'vitest';
import {
  classicalDecompose,
  naive,
  nelderMead,
  normalQuantiles,
  qnorm,
  seasonalNaive,
} from '../../shared/baselines/index';
import { loadRForecasts, maxRelDiff, Q80 } from '../fixtures/baselines/load';

const fixtures = loadRForecasts();

describe('qnorm (AS 241)', () => {
  it('matches R qnorm to ~1e-15', () => {
    // R: sprintf("%.17g", qnorm(c(0.5, 0.9, 0.975, 0.1, 1e-10, 0.999999)))
    expect(qnorm(0.5)).toBe(0);
    expect(qnorm(0.9)).toBeCloseTo(1.2815515655446004, 15);
    expect(qnorm(0.975)).toBeCloseTo(1.959963984540054, 15);
    expect(qnorm(0.1)).toBeCloseTo(-1.2815515655446004, 15);
    expect(qnorm(1e-10) / -6.3613409024040557).toBeCloseTo(1, 14);
    expect(qnorm(0.999999) / 4.7534243088170891).toBeCloseTo(1, 14);
    expect(qnorm(0)).toBe(-Infinity);
    expect(qnorm(1.5)).toBeNaN();
  });

  it('normalQuantiles: mean + z·sd per tau', () => {
    const q = normalQuantiles(Float64Array.of(10, 20), [4, 9], [0.5, 0.975]);
    expect(Array.from(q[0]!)).toEqual([10, 20]);
    expect(q[1]![1]).toBeCloseTo(20 + 3 * 1.959963984540054, 12);
  });
});

describe('naive and seasonal naive agree with R forecast::naive / snaive', () => {
  for (const s of fixtures) {
    it(`${s.id} (${s.frequency}, n=${s.y.length}): means and 80% intervals within 1e-6`, () => {
      const y = Float64Array.from(s.y);
      const n = naive(y, s.h, { period: s.period, quantiles: Q80 });
      expect(n.model).toBe('naive');
      expect(maxRelDiff(n.mean, s.naive.mean)).toBeLessThan(1e-6);
      expect(maxRelDiff(n.quantiles[0]!, s.naive.lower80)).toBeLessThan(1e-6);
      expect(maxRelDiff(n.quantiles[1]!, s.naive.upper80)).toBeLessThan(1e-6);
      const sn = seasonalNaive(y, s.h, { period: s.period, quantiles: Q80 });
      expect(sn.model).toBe('snaive');
      expect(maxRelDiff(sn.mean, s.snaive.mean)).toBeLessThan(1e-6);
      expect(maxRelDiff(sn.quantiles[0]!, s.snaive.lower80)).toBeLessThan(1e-6);
      expect(maxRelDiff(sn.quantiles[1]!, s.snaive.upper80)).toBeLessThan(1e-6);
    });
  }

  it('naive: variance grows like h, snaive like the number of seasons ahead', () => {
    const y = Float64Array.from([1, 3, 2, 5, 4, 6, 5, 8]);
    const n = naive(y, 4, { period: 1, quantiles: [0.9] });
    const sd = (h: number) => (n.quantiles[0]![h - 1]! - n.mean[h - 1]!) / qnorm(0.9);
    expect(sd(4) / sd(1)).toBeCloseTo(2, 12);
    expect(n.sigma2).toBeCloseTo((4 + 1 + 9 + 1 + 4 + 1 + 9) / 7, 12);
    const sn = seasonalNaive(y, 5, { period: 2, quantiles: [0.9] });
    expect(Array.from(sn.mean)).toEqual([5, 8, 5, 8, 5]);
    const ssd = (h: number) => (sn.quantiles[0]![h - 1]! - sn.mean[h - 1]!) / qnorm(0.9);
    expect(ssd(2) / ssd(1)).toBeCloseTo(1, 12);
    expect(ssd(3) / ssd(1)).toBeCloseTo(Math.SQRT2, 12);
    expect(ssd(5) / ssd(1)).toBeCloseTo(Math.sqrt(3), 12);
    expect(Number.isNaN(sn.fitted![1]!)).toBe(true);
    expect(sn.fitted![2]).toBe(1);
  });

  it('seasonal naive falls back to naive for period 1 or a series shorter than a period', () => {
    const y = Float64Array.from([1, 2, 3]);
    expect(seasonalNaive(y, 2, { period: 12, quantiles: [] }).model).toBe('naive');
    expect(Array.from(seasonalNaive(y, 2, { period: 1, quantiles: [] }).mean)).toEqual([3, 3]);
  });
});

describe('classical decomposition (stats::decompose)', () => {
  it('recovers an exact multiplicative seasonal pattern and normalises to mean 1', () => {
    const m = 4;
    const pattern = [1.2, 0.8, 1.1, 0.9];
    const y = Float64Array.from({ length: 24 }, (_, t) => (100 + 2 * t) * pattern[t % m]!);
    const d = classicalDecompose(y, m, 'multiplicative');
    const mean = d.figure.reduce((a, b) => a + b, 0) / m;
    expect(mean).toBeCloseTo(1, 14);
    // A linear trend times a seasonal pattern is not exactly separable by a 2×4 MA; close though.
    for (let j = 0; j < m; j++) expect(d.figure[j]!).toBeCloseTo(pattern[j]!, 2);
    expect(Number.isNaN(d.trend[1]!)).toBe(true);
    expect(d.trend[2]).toBeCloseTo((0.5 * y[0]! + y[1]! + y[2]! + y[3]! + 0.5 * y[4]!) / 4, 12);
    expect(d.seasonal[5]).toBe(d.figure[1]);
  });

  it('additive figures sum to zero; fewer than 2 periods throws', () => {
    const y = Float64Array.from({ length: 15 }, (_, t) => t + [3, -1, -2][t % 3]!);
    const d = classicalDecompose(y, 3, 'additive');
    expect(d.figure.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(d.figure[0]).toBeCloseTo(3, 12);
    expect(() => classicalDecompose(y.subarray(0, 5), 3, 'additive')).toThrow();
  });
});

describe('Nelder–Mead (port of R nmmin)', () => {
  it('minimises the Rosenbrock function like optim(c(-1.2, 1), fr, method = "Nelder-Mead")', () => {
    const fr = (x: Float64Array) => 100 * (x[1]! - x[0]! * x[0]!) ** 2 + (1 - x[0]!) ** 2;
    const r = nelderMead(fr, [-1.2, 1], { maxit: 500 });
    // R 4.2: $par 1.000260 1.000506, $value 8.825241e-08, $counts 195
    expect(r.x[0]).toBeCloseTo(1.00026, 5);
    expect(r.x[1]).toBeCloseTo(1.000506, 5);
    expect(r.value / 8.825241e-8).toBeCloseTo(1, 5);
    expect(r.fncount).toBe(195);
    expect(r.fail).toBe(0);
  });
});
