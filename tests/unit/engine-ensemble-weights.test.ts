import { describe, expect, it } from 'vitest';
import { fitEnsembleWeights, simplexGrid } from '../../shared/engine/ensemble-weights';
import type { ForecastSet } from '../../shared/engine/candidates';

const fc = (v: number[]) => ({ mean: Float64Array.from(v), quantiles: [] as Float64Array[] });

describe('simplexGrid', () => {
  it('enumerates every weight vector on the grid, each summing to 1', () => {
    const g = simplexGrid(3, 0.1);
    expect(g).toHaveLength(66);
    for (const w of g) expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('fitEnsembleWeights', () => {
  it('finds the combination that the actuals were made of', () => {
    // actual = 0.7·a + 0.3·b exactly; c is useless.
    const a = [10, 12, 14, 16];
    const b = [20, 10, 30, 0];
    const c = [100, -50, 70, 3];
    const y = a.map((v, i) => 0.7 * v + 0.3 * b[i]!);
    const set: ForecastSet = new Map([
      ['a', new Map([['s', fc(a)]])],
      ['b', new Map([['s', fc(b)]])],
      ['c', new Map([['s', fc(c)]])],
    ]);
    const obs = new Map([['s', { insample: Float64Array.from([1, 2, 3, 4, 5]), actual: Float64Array.from(y), period: 1 }]]);
    expect(fitEnsembleWeights([{ set, obs }], ['a', 'b', 'c'])).toBeUndefined(); // one case: too few to fit
    const fit = fitEnsembleWeights([{ set, obs }], ['a', 'b', 'c'], 0.1, 1)!;
    expect(fit.weights.map((w) => Math.round(w * 10) / 10)).toEqual([0.7, 0.3, 0]);
    expect(fit.mase).toBeLessThan(1e-9);
  });
});
