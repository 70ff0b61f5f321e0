import { describe, expect, it } from 'vitest';
import { combine, scaleQuantiles, statForecast, addEnsembles, ensembleLabel, type ForecastSet } from '../../shared/engine/candidates';

const f = (mean: number[], lo: number[], mid: number[], hi: number[]) => ({
  mean: Float64Array.from(mean),
  quantiles: [Float64Array.from(lo), Float64Array.from(mid), Float64Array.from(hi)],
});

describe('combine', () => {
  it('averages point forecasts and quantiles of the members', () => {
    const c = combine([f([1, 2], [0, 1], [1, 2], [2, 3]), f([3, 6], [2, 3], [3, 6], [4, 9])]);
    expect(Array.from(c.mean)).toEqual([2, 4]);
    expect(Array.from(c.quantiles[0]!)).toEqual([1, 2]);
    expect(Array.from(c.quantiles[2]!)).toEqual([3, 6]);
  });
});

describe('weighted combine', () => {
  it('uses the given weights for means and quantiles', () => {
    const c = combine([f([1], [0], [1], [2]), f([3], [2], [3], [4])], [0.25, 0.75]);
    expect(c.mean[0]).toBe(2.5);
    expect(c.quantiles[0]![0]).toBe(1.5);
  });
});

describe('scaleQuantiles', () => {
  it('widens the band around the median by the factor and leaves the median alone', () => {
    const s = scaleQuantiles(f([5], [4], [5], [7]), [0.1, 0.5, 0.9], 2);
    expect(Array.from(s.quantiles[0]!)).toEqual([3]);
    expect(Array.from(s.quantiles[1]!)).toEqual([5]);
    expect(Array.from(s.quantiles[2]!)).toEqual([9]);
  });
});

describe('statForecast', () => {
  it('falls back to seasonal naive / naive when a model cannot fit, and says so', () => {
    const y = Float64Array.from([5, 6]);
    const out = statForecast('ets', y, 3, 12, [0.1, 0.5, 0.9]);
    expect(out.mean).toHaveLength(3);
    for (const v of out.mean) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('addEnsembles', () => {
  it('builds an ensemble only for series every member forecast', () => {
    const set: ForecastSet = new Map([
      ['ets', new Map([['a', f([1], [0], [1], [2])], ['b', f([1], [0], [1], [2])]])],
      ['theta', new Map([['a', f([3], [2], [3], [4])]])],
    ]);
    addEnsembles(set, [{ name: 'ets+theta', members: ['ets', 'theta'] }]);
    expect([...set.get('ets+theta')!.keys()]).toEqual(['a']);
    expect(set.get('ets+theta')!.get('a')!.mean[0]).toBe(2);
  });
});

describe('ensembleLabel', () => {
  it('names the weights without commas, so the model column needs no CSV quoting', () => {
    expect(ensembleLabel({ name: 'weighted', members: ['lstm', 'ets', 'theta'], weights: [0.5, 0.3, 0.2] })).toBe('weighted(lstm=0.5;ets=0.3;theta=0.2)');
    expect(ensembleLabel({ name: 'ets+theta', members: ['ets', 'theta'] })).toBe('ets+theta');
  });
});
