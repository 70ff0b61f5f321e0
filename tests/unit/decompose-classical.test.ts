/**
 * Classical decomposition.
 * - Against statsmodels 0.13.5 `seasonal_decompose` (fixtures from scripts/fixtures/stl_statsmodels.py):
 *   trend and resid on the interior points where statsmodels defines them, seasonal everywhere;
 *   criterion max |ours − ref| / max |ref| ≤ 1e-9 per component.
 * - Identity at every point, ends included: additive |T+C+S+I − y|_t ≤ 1e-9 · max(|y_t|,|T_t|,|C_t|,|S_t|,|I_t|);
 *   multiplicative |T·C·S·I / y − 1|_t ≤ 1e-9.
 * - Exactness on a linear trend + fixed seasonal pattern (the extrapolated ends included).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  centredMovingAverage,
  classicalDecompose,
  DecompositionError,
  type Decomposition,
  type DecompositionModel,
} from '../../shared/decompose';

interface ClassicalFixture {
  name: string;
  period: number;
  y: number[];
  additive: Record<'trend' | 'seasonal' | 'resid', (number | null)[]>;
  multiplicative: Record<'trend' | 'seasonal' | 'resid', (number | null)[]>;
}

const dir = join(__dirname, '..', 'fixtures', 'decompose');
const fixtures: ClassicalFixture[] = readdirSync(dir)
  .filter((f) => f.startsWith('classical_') && f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ClassicalFixture);

/** max |a − b| / max |b| over the points where the reference is defined (non-null). */
function relativeErrorDefined(actual: Float64Array, expected: (number | null)[]): { err: number; compared: number } {
  let diff = 0;
  let scale = 1e-12;
  let compared = 0;
  expected.forEach((e, i) => {
    if (e === null) return;
    compared++;
    diff = Math.max(diff, Math.abs(actual[i]! - e));
    scale = Math.max(scale, Math.abs(e));
  });
  return { err: diff / scale, compared };
}

function expectIdentity(y: Float64Array, d: Decomposition, model: DecompositionModel, tol = 1e-9): void {
  for (let t = 0; t < y.length; t++) {
    const [T, C, S, I] = [d.trend[t]!, d.cycle[t]!, d.seasonal[t]!, d.irregular[t]!];
    if (model === 'additive') {
      const scale = Math.max(Math.abs(y[t]!), Math.abs(T), Math.abs(C), Math.abs(S), Math.abs(I), 1e-300);
      expect(Math.abs(T + C + S + I - y[t]!) / scale).toBeLessThanOrEqual(tol);
    } else {
      expect(Math.abs((T * C * S * I) / y[t]! - 1)).toBeLessThanOrEqual(tol);
    }
  }
}

describe('classicalDecompose vs statsmodels seasonal_decompose', () => {
  it('has fixtures for monthly, quarterly and co2', () => {
    expect(fixtures.map((f) => f.name).sort()).toEqual(['co2', 'tourism_M1', 'tourism_Q194', 'tourism_Q68']);
  });
  for (const fx of fixtures) {
    for (const model of ['additive', 'multiplicative'] as const) {
      it(`${fx.name} ${model}`, () => {
        const y = Float64Array.from(fx.y);
        const d = classicalDecompose(y, { period: fx.period, model });
        const ref = fx[model];
        const trend = relativeErrorDefined(d.trend, ref.trend);
        const seasonal = relativeErrorDefined(d.seasonal, ref.seasonal);
        const resid = relativeErrorDefined(d.irregular, ref.resid);
        const q = Math.floor(fx.period / 2);
        expect(trend.compared).toBe(y.length - 2 * q);
        expect(seasonal.compared).toBe(y.length);
        expect(trend.err).toBeLessThanOrEqual(1e-9);
        expect(seasonal.err).toBeLessThanOrEqual(1e-9);
        expect(resid.err).toBeLessThanOrEqual(1e-9);
        // Defined everywhere, cycle neutral, identity at every point (ends included).
        for (const c of [d.trend, d.seasonal, d.irregular]) expect(c.every(Number.isFinite)).toBe(true);
        expect(d.cycle.every((v) => v === (model === 'additive' ? 0 : 1))).toBe(true);
        expectIdentity(y, d, model);
      });
    }
  }
});

describe('classicalDecompose on exact structure', () => {
  const pattern = [3, -1, 4, -1.5, 5, -9, 2, 6, -5, 3, -5, 8]; // sums to 10 → mean 5/6

  for (const period of [12, 7, 4]) {
    it(`recovers a linear trend and fixed pattern exactly, ends included (period ${period})`, () => {
      const n = 10 * period + 5;
      const s = pattern.slice(0, period);
      const mean = s.reduce((a, v) => a + v, 0) / period;
      const y = new Float64Array(n);
      for (let t = 0; t < n; t++) y[t] = 50 + 0.75 * t + s[t % period]!;
      const d = classicalDecompose(y, { period, model: 'additive' });
      for (let t = 0; t < n; t++) {
        expect(d.trend[t]!).toBeCloseTo(50 + mean + 0.75 * t, 9);
        expect(d.seasonal[t]!).toBeCloseTo(s[t % period]! - mean, 9);
        expect(d.irregular[t]!).toBeCloseTo(0, 9);
      }
    });
  }

  it('multiplicative: seasonal averages 1 over a period, trend positive at the ends', () => {
    const period = 12;
    const n = 100;
    const y = new Float64Array(n);
    for (let t = 0; t < n; t++) y[t] = 200 * Math.exp(-0.04 * t) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / period));
    const d = classicalDecompose(y, { period, model: 'multiplicative' });
    const mean = d.seasonal.slice(0, period).reduce((a, v) => a + v, 0) / period;
    expect(mean).toBeCloseTo(1, 12);
    expect(d.trend.every((v) => v > 0)).toBe(true);
    // Log-linear extension of an exponential decay: near the true level at the last point (the
    // interior moving average itself wobbles by ±3% here, as the seasonal amplitude decays).
    expect(d.trend[n - 1]! / (200 * Math.exp(-0.04 * (n - 1)))).toBeGreaterThan(0.95);
    expect(d.trend[n - 1]! / (200 * Math.exp(-0.04 * (n - 1)))).toBeLessThan(1.06);
    expectIdentity(y, d, 'multiplicative');
    // A steep decay whose straight-line extrapolation would cross zero stays positive.
    const steep = y.map((v, t) => v * Math.exp(-0.2 * t));
    const ds = classicalDecompose(steep, { period, model: 'multiplicative' });
    expect(ds.trend.every((v) => v > 0)).toBe(true);
    expectIdentity(steep, ds, 'multiplicative');
  });

  it('optional Fourier cycle: identity still exact and the cycle carries the slow wave', () => {
    const period = 12;
    const n = 240;
    const y = new Float64Array(n);
    for (let t = 0; t < n; t++) y[t] = 100 + 5 * Math.sin((2 * Math.PI * t) / 80) + 3 * Math.cos((2 * Math.PI * t) / period);
    const d = classicalDecompose(y, { period, model: 'additive', cycleCutoff: 1 / 24 });
    expectIdentity(y, d, 'additive');
    expect(Math.max(...d.cycle.map(Math.abs))).toBeGreaterThan(0.1);
    const plain = classicalDecompose(y, { period, model: 'additive' });
    expect(plain.cycle.every((v) => v === 0)).toBe(true);
  });

  it('centred moving average: 2×m weights for even m, NaN at the q ends', () => {
    const y = Float64Array.from([1, 2, 4, 8, 16, 32, 64]);
    const ma4 = centredMovingAverage(y, 4);
    expect(Number.isNaN(ma4[1]!)).toBe(true);
    expect(ma4[2]).toBeCloseTo((0.5 * 1 + 2 + 4 + 8 + 0.5 * 16) / 4, 14);
    expect(Number.isNaN(ma4[5]!)).toBe(true);
    const ma3 = centredMovingAverage(y, 3);
    expect(ma3[1]).toBeCloseTo(7 / 3, 14);
    expect(Number.isNaN(ma3[6]!)).toBe(true);
  });

  it('throws DecompositionError for non-positive multiplicative data and short series', () => {
    const y = new Float64Array(48).fill(5);
    y[17] = 0;
    expect(() => classicalDecompose(y, { period: 12, model: 'multiplicative' })).toThrow(DecompositionError);
    try {
      classicalDecompose(y, { period: 12, model: 'multiplicative' });
    } catch (e) {
      expect((e as DecompositionError).code).toBe('non-positive');
      expect((e as Error).message).toMatch(/index 17/);
    }
    expect(() => classicalDecompose(new Float64Array(23).fill(1), { period: 12, model: 'additive' })).toThrow(/two periods/);
  });
});
