/**
 * decomposeSeries: missing values, dispatch, the trend-only fallback and errors.
 * Identity criterion as elsewhere: additive |T+C+S+I − y|_t ≤ 1e-9 · max component magnitude at t,
 * multiplicative |T·C·S·I / y − 1|_t ≤ 1e-9, on the interpolated series.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decomposeSeries,
  DecompositionError,
  interpolateMissing,
  stlDecompose,
  type SeriesDecomposition,
} from '../../shared/decompose';

function expectIdentity(y: Float64Array, d: SeriesDecomposition, tol = 1e-9): void {
  for (let t = 0; t < y.length; t++) {
    const T = d.trend[t]!;
    const S = d.seasonal[t]!;
    const I = d.irregular[t]!;
    const C = d.cycle ? d.cycle[t]! : d.model === 'additive' ? 0 : 1;
    if (d.model === 'additive') {
      const scale = Math.max(Math.abs(y[t]!), Math.abs(T), Math.abs(C), Math.abs(S), Math.abs(I), 1e-300);
      expect(Math.abs(T + C + S + I - y[t]!) / scale).toBeLessThanOrEqual(tol);
    } else {
      expect(Math.abs((T * C * S * I) / y[t]! - 1)).toBeLessThanOrEqual(tol);
    }
  }
}

// tourism M1 (163 monthly values), copied into the STL fixture.
const m1 = Float64Array.from(
  (JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'stl', 'tourism_M1.json'), 'utf8')) as { y: number[] }).y,
);
const withGaps = Float64Array.from(m1);
for (const i of [0, 1, 40, 41, 42, 100, 162]) withGaps[i] = NaN;

describe('interpolateMissing', () => {
  it('interpolates linearly inside, nearest value at the edges, and flags what it filled', () => {
    const { filled, imputed } = interpolateMissing(Float64Array.from([NaN, NaN, 2, NaN, NaN, 8, Infinity, 10, NaN]));
    expect(Array.from(filled)).toEqual([2, 2, 2, 4, 6, 8, 9, 10, 10]);
    expect(Array.from(imputed)).toEqual([1, 1, 0, 1, 1, 0, 1, 0, 1]);
  });
  it('throws when nothing is observed; empty input is fine', () => {
    expect(() => interpolateMissing(Float64Array.from([NaN, NaN]))).toThrow(DecompositionError);
    expect(interpolateMissing(new Float64Array(0)).filled.length).toBe(0);
  });
});

describe('decomposeSeries', () => {
  const { filled } = interpolateMissing(withGaps);

  for (const method of ['classical', 'fourier', 'stl'] as const) {
    for (const model of ['additive', 'multiplicative'] as const) {
      it(`${method} ${model} on a series with gaps`, () => {
        const d = decomposeSeries(withGaps, { method, model, period: 12, robust: true });
        expect(d.method).toBe(method);
        expect(d.model).toBe(model);
        expect(d.period).toBe(12);
        expect(Array.from(d.imputed).reduce((a, v) => a + v, 0)).toBe(7);
        expect(d.imputed[41]).toBe(1);
        expect(d.imputed[43]).toBe(0);
        expect(d.cycle === null).toBe(method === 'stl');
        for (const c of [d.trend, d.seasonal, d.irregular]) expect(c.every(Number.isFinite)).toBe(true);
        expectIdentity(filled, d);
      });
    }
  }

  it('STL additive equals stlDecompose on the interpolated series (robust by default)', () => {
    const d = decomposeSeries(withGaps, { method: 'stl', model: 'additive', period: 12 });
    const ref = stlDecompose(filled, { period: 12, robust: true });
    expect(Array.from(d.trend)).toEqual(Array.from(ref.trend));
    expect(Array.from(d.seasonal)).toEqual(Array.from(ref.seasonal));
    const nonRobust = decomposeSeries(withGaps, { method: 'stl', model: 'additive', period: 12, robust: false });
    expect(Array.from(nonRobust.trend)).toEqual(Array.from(stlDecompose(filled, { period: 12 }).trend));
  });

  it('STL multiplicative is STL of log y, exponentiated', () => {
    const d = decomposeSeries(withGaps, { method: 'stl', model: 'multiplicative', period: 12, robust: false });
    const ref = stlDecompose(filled.map(Math.log), { period: 12 });
    for (let t = 0; t < filled.length; t++) {
      expect(Math.abs(d.trend[t]! / Math.exp(ref.trend[t]!) - 1)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(d.seasonal[t]! / Math.exp(ref.seasonal[t]!) - 1)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(d.irregular[t]! / Math.exp(ref.resid[t]!) - 1)).toBeLessThanOrEqual(1e-9);
    }
  });

  it('period 1 or fewer than two periods: trend only (straight line), neutral seasonal, no throw', () => {
    const y = Float64Array.from([5, 7, NaN, 11, 13.5, 15]);
    for (const method of ['classical', 'fourier', 'stl'] as const) {
      const d = decomposeSeries(y, { method, model: 'additive', period: 1 });
      expect(Array.from(d.seasonal)).toEqual([0, 0, 0, 0, 0, 0]);
      expect(d.cycle === null ? null : Array.from(d.cycle)).toEqual(method === 'stl' ? null : [0, 0, 0, 0, 0, 0]);
      // OLS line through (0,5),(1,7),(2,9),(3,11),(4,13.5),(5,15): slope 35.75/17.5, intercept 60.5/6 − 2.5·slope
      expect(d.trend[0]!).toBeCloseTo(60.5 / 6 - 2.5 * (35.75 / 17.5), 9);
      expect(d.trend[5]! - d.trend[4]!).toBeCloseTo(35.75 / 17.5, 9);
      expectIdentity(interpolateMissing(y).filled, d);
    }
    const short = decomposeSeries(m1.slice(0, 23), { method: 'stl', model: 'multiplicative', period: 12 });
    expect(short.seasonal.every((v) => v === 1)).toBe(true);
    expect(short.trend.every((v) => v > 0)).toBe(true);
    expectIdentity(m1.slice(0, 23), short);
    expect(decomposeSeries(Float64Array.from([3]), { method: 'classical', model: 'additive', period: 4 }).trend[0]).toBe(3);
    expect(decomposeSeries(new Float64Array(0), { method: 'stl', model: 'additive', period: 12 }).trend.length).toBe(0);
  });

  it('throws DecompositionError for multiplicative on non-positive data and for an all-missing series', () => {
    const y = Float64Array.from(m1);
    y[50] = -3;
    for (const method of ['classical', 'fourier', 'stl'] as const) {
      expect(() => decomposeSeries(y, { method, model: 'multiplicative', period: 12 })).toThrow(DecompositionError);
    }
    expect(() => decomposeSeries(Float64Array.from([NaN, NaN]), { method: 'stl', model: 'additive', period: 12 })).toThrow(
      /no observed value/,
    );
    expect(() => decomposeSeries(m1, { method: 'stl', model: 'additive', period: 0 })).toThrow(DecompositionError);
  });
});
