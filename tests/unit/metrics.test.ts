import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTourism } from '../../bench/cases/baselines';
import { seasonalNaive } from '../../shared/baselines/index';
import { coverage, mae, mape, mase, pinball, rmse, smape, wape } from '../../shared/metrics/index';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('metrics: hand-computed values', () => {
  const y = [10, 20, 0, 40];
  const f = [12, 15, 0, 50];
  // errors 2, 5, 0, 10

  it('mae / rmse', () => {
    expect(mae(y, f)).toBeCloseTo(17 / 4, 14);
    expect(rmse(y, f)).toBeCloseTo(Math.sqrt((4 + 25 + 0 + 100) / 4), 14);
  });

  it('mape is in percent, a zero actual with zero error contributes 0, with an error Infinity', () => {
    expect(mape([10, 20, 40], [12, 15, 50])).toBeCloseTo((20 + 25 + 25) / 3, 12);
    expect(mape(y, f)).toBeCloseTo((20 + 25 + 0 + 25) / 4, 12);
    expect(mape([0, 10], [1, 10])).toBe(Infinity);
  });

  it('smape: 200|e|/(|y|+|f|), 0 when both are 0', () => {
    const expected = (200 * 2) / 22 + (200 * 5) / 35 + 0 + (200 * 10) / 90;
    expect(smape(y, f)).toBeCloseTo(expected / 4, 12);
    expect(smape([0, 0], [0, 0])).toBe(0);
    expect(smape([1], [-1])).toBe(200);
  });

  it('wape: Σ|e| / Σ|y|', () => {
    expect(wape(y, f)).toBeCloseTo(17 / 70, 14);
  });

  it('mase: scale is the in-sample seasonal naive MAE', () => {
    const insample = [1, 2, 3, 5, 4, 6, 8, 7];
    // m = 2: |3-1|,|5-2|,|4-3|,|6-5|,|8-4|,|7-6| = 2,3,1,1,4,1 → 12/6 = 2
    expect(mase([10, 12], [9, 15], insample, 2)).toBeCloseTo(((1 + 3) / 2) / 2, 14);
    // m = 1: diffs 1,1,2,1,2,2,1 → 10/7
    expect(mase([10, 12], [9, 15], insample, 1)).toBeCloseTo(2 / (10 / 7), 14);
  });

  it('mase falls back to m = 1 when the history is not longer than m', () => {
    const insample = [1, 3, 6]; // length 3 < m + 1 = 5
    expect(mase([7], [8], insample, 4)).toBeCloseTo(1 / 2.5, 14);
    expect(mase([7], [8], [1, 3, 6, 10, 15], 4)).toBeCloseTo(1 / 14, 14); // length 5: seasonal
  });

  it('mase skips NaN in the history and in the actuals', () => {
    const insample = [1, NaN, 3, 4, 6];
    // m = 1 differences: NaN, NaN, 1, 2 → scale 1.5
    expect(mase([NaN, 5], [1, 8], insample, 1)).toBeCloseTo(3 / 1.5, 14);
    expect(mase([1], [2], [5, 5, 5], 1)).toBe(Infinity);
  });

  it('pinball loss: τ·(y − q)⁺ + (1 − τ)·(q − y)⁺', () => {
    const actual = [10, 10, 10];
    const q = [8, 10, 13];
    expect(pinball(actual, q, 0.9)).toBeCloseTo((0.9 * 2 + 0 + 0.1 * 3) / 3, 14);
    expect(pinball(actual, q, 0.1)).toBeCloseTo((0.1 * 2 + 0 + 0.9 * 3) / 3, 14);
    expect(pinball(actual, q, 0.5)).toBeCloseTo(mae(actual, q) / 2, 14);
    expect(() => pinball(actual, q, 1)).toThrow();
  });

  it('coverage counts bounds as inside', () => {
    expect(coverage([1, 2, 3, 4, NaN], [0, 2, 4, 0, 0], [1, 5, 5, 3, 9])).toBeCloseTo(2 / 4, 14);
  });

  it('every metric skips NaN actuals and is NaN without any actual', () => {
    const a = [NaN, 10, 20];
    const p = [999, 12, 15];
    expect(mae(a, p)).toBeCloseTo(3.5, 14);
    expect(rmse(a, p)).toBeCloseTo(Math.sqrt(29 / 2), 14);
    expect(mape(a, p)).toBeCloseTo((20 + 25) / 2, 12);
    expect(smape(a, p)).toBeCloseTo(smape([10, 20], [12, 15]), 14);
    expect(wape(a, p)).toBeCloseTo(7 / 30, 14);
    for (const fn of [mae, rmse, mape, smape, wape]) expect(fn([NaN], [1])).toBeNaN();
    expect(pinball([NaN], [1], 0.5)).toBeNaN();
    expect(coverage([NaN], [0], [1])).toBeNaN();
  });

  it('a NaN forecast for a present actual propagates (not silently skipped)', () => {
    expect(mae([1, 2], [1, NaN])).toBeNaN();
  });
});

interface AccuracyCase {
  id: string;
  method: string;
  period: number;
  insample: number[];
  actual: (number | null)[];
  forecast: number[];
  ME: number;
  RMSE: number;
  MAE: number;
  MAPE: number;
  MASE: number;
}

describe('metrics agree with R forecast::accuracy', () => {
  const cases = JSON.parse(
    readFileSync(path.join(repoRoot, 'tests/fixtures/metrics/accuracy_r.json'), 'utf8'),
  ) as AccuracyCase[];

  it('has the fixture cases', () => expect(cases.length).toBe(10));

  for (const c of cases) {
    it(`${c.id} ${c.method}: MAE, RMSE, MAPE, MASE`, () => {
      const actual = c.actual.map((v) => (v === null ? NaN : v));
      const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
      expect(rel(mae(actual, c.forecast), c.MAE)).toBeLessThan(1e-12);
      expect(rel(rmse(actual, c.forecast), c.RMSE)).toBeLessThan(1e-12);
      expect(rel(mape(actual, c.forecast), c.MAPE)).toBeLessThan(1e-12);
      expect(rel(mase(actual, c.forecast, c.insample, c.period), c.MASE)).toBeLessThan(1e-12);
    });
  }
});

describe('acceptance: tourism monthly seasonal naive', () => {
  it('mean MASE over the 366 series is 1.631 (R forecast 8.20) and sMAPE 21.67', () => {
    const dir = path.resolve(repoRoot, '../shared/benchmarks/tourism');
    // Must fail, not skip, when the benchmark data is missing.
    expect(existsSync(path.join(dir, 'monthly_train.csv')), `missing ${dir}`).toBe(true);
    const series = loadTourism(dir, 'monthly');
    expect(series.length).toBe(366);
    let sumMase = 0;
    let sumSmape = 0;
    for (const s of series) {
      const fc = seasonalNaive(s.train, 24, { period: 12, quantiles: [0.5] });
      expect(s.test.length).toBe(24);
      sumMase += mase(s.test, fc.mean, s.train, 12);
      sumSmape += smape(s.test, fc.mean);
    }
    expect((sumMase / series.length).toFixed(3)).toBe('1.631');
    expect((sumSmape / series.length).toFixed(2)).toBe('21.67');
  });
});
