import { describe, expect, it } from 'vitest';
import { interpolateMissing, prepareSeries, futureSeasonal, untransform } from '../../shared/engine/prepare';
import { parseDatasetConfig } from '../../shared/schemas/config';
import type { Series } from '../../shared/types';

const config = parseDatasetConfig({});

function monthly(values: number[]): Series {
  return {
    id: 's',
    frequency: 'monthly',
    dates: values.map((_, i) => new Date(Date.UTC(2020, i, 1)).toISOString().slice(0, 10)),
    values: Float64Array.from(values),
  };
}

describe('interpolateMissing', () => {
  it('interpolates inner gaps linearly and extends the ends with the nearest value', () => {
    const { y, missing } = interpolateMissing(Float64Array.from([NaN, 2, NaN, NaN, 8, NaN]));
    expect(Array.from(y)).toEqual([2, 2, 4, 6, 8, 8]);
    expect(Array.from(missing)).toEqual([1, 0, 1, 1, 0, 1]);
  });
  it('refuses a series with no observation', () => {
    expect(() => interpolateMissing(Float64Array.from([NaN, NaN]))).toThrow(/no observed values/);
  });
});

describe('prepareSeries', () => {
  it('logs positive series and removes a multiplicative seasonal pattern exactly', () => {
    // y = level × seasonal factor: in log space the seasonal part is additive and periodic.
    const factors = [0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.2, 1.1, 1.0, 0.9, 0.8, 0.7];
    const y = Array.from({ length: 72 }, (_, t) => 100 * factors[t % 12]!);
    const p = prepareSeries(monthly(y), config.decomposition);
    expect(p.transform).toBe('log');
    expect(p.period).toBe(12);
    // The adjusted series is flat (level 100) and the seasonal component reproduces log factors.
    for (let t = 12; t < 60; t++) expect(untransform(p, p.adjusted[t]!)).toBeCloseTo(100 * geometricMean(factors), 6);
    const f = futureSeasonal(p, 24);
    for (let k = 0; k < 24; k++) expect(f[k]).toBeCloseTo(p.seasonal[72 - 12 + (k % 12)]!, 12);
  });

  it('scales series with zeros or negatives instead of logging them', () => {
    const y = Array.from({ length: 40 }, (_, t) => (t % 5 === 0 ? 0 : 10 + t));
    const p = prepareSeries(monthly(y), config.decomposition);
    expect(p.transform).toBe('scale');
    const mean = y.reduce((a, b) => a + Math.abs(b), 0) / y.length;
    expect(p.scale).toBeCloseTo(mean, 12);
    expect(untransform(p, p.z[3]!)).toBeCloseTo(y[3]!, 9);
  });
});

function geometricMean(a: number[]): number {
  return Math.exp(a.reduce((s, v) => s + Math.log(v), 0) / a.length);
}
