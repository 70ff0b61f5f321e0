import { describe, expect, it } from 'vitest';
import { selectPerSeries, type SelectionOrigin } from '../../shared/engine/per-series-selection';
import { mulberry32 } from '../../shared/nn/prng';

const H = 6;
const fc = (v: number[]) => ({ mean: Float64Array.from(v), quantiles: [] as Float64Array[] });
/** In-sample history 0, 1, 0, 1, …: naive MASE scale exactly 1, so MASE = mean absolute error. */
const insample = Float64Array.from({ length: 20 }, (_, i) => i % 2);

/**
 * Origins of `n` series, newest first. At each origin, model `m` misses series `s` by
 * `miss(origin, series, m)` at every step (actuals are all 10).
 */
function origins(count: number, n: number, models: string[], miss: (o: number, s: number, m: string) => number): SelectionOrigin[] {
  return Array.from({ length: count }, (_, o) => {
    const set = new Map(models.map((m) => [m, new Map<string, ReturnType<typeof fc>>()]));
    const obs = new Map<string, { insample: Float64Array; actual: Float64Array; period: number }>();
    for (let s = 0; s < n; s++) {
      obs.set(`s${s}`, { insample, actual: new Float64Array(H).fill(10), period: 1 });
      for (const m of models) set.get(m)!.set(`s${s}`, fc(Array(H).fill(10 + miss(o, s, m))));
    }
    return { set, obs };
  });
}

describe('selectPerSeries', () => {
  it('switches series whose better model persists across origins, and says it pays', () => {
    // D is the best on average; series 0–19 are always forecast far better by A.
    const o = origins(2, 60, ['D', 'A', 'B'], (_, s, m) => (m === 'D' ? (s < 20 ? 3 : 1) : m === 'A' ? (s < 20 ? 0.5 : 4) : 5));
    const r = selectPerSeries(o, ['D', 'A', 'B'])!;
    expect(r.pays).toBe(true);
    expect(r.reason).toBeUndefined();
    expect(r.datasetMase).toBeCloseTo((20 * 3 + 40 * 1) / 60, 12);
    expect(r.mase).toBeCloseTo((20 * 0.5 + 40 * 1) / 60, 12);
    expect([...r.picks.keys()].sort()).toEqual(Array.from({ length: 20 }, (_, s) => `s${s}`).sort());
    expect(new Set(r.picks.values())).toEqual(new Set(['A']));
    // The honest backtest at the newest origin uses the picks made at the older one: A for 0–19.
    expect(r.backtest).toHaveLength(1);
    expect(r.backtest[0]!.get('s0')!.mean[0]).toBe(10.5);
    expect(r.backtest[0]!.get('s30')!.mean[0]).toBe(11);
  });

  it('does not pay when which model wins a series is luck that does not persist', () => {
    // Every model is equally good in expectation; per-series winners change from origin to origin.
    // The best of nine rules still "gains" 1–2 % on some seeds by luck; the paired test sees through it.
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const rand = mulberry32(seed);
      const o = origins(3, 200, ['D', 'A', 'B', 'C'], () => 1 + rand());
      const r = selectPerSeries(o, ['D', 'A', 'B', 'C'])!;
      expect(r.cases).toBe(400);
      expect(r.t).toBeGreaterThan(-2.5);
      expect(r.pays).toBe(false);
      expect(r.reason).toMatch(/^(gain under 1 %|gain not significant)/);
    }
  });

  it('picks for an origin only from older errors: the newest origin never judges itself', () => {
    // At the newest origin A is perfect on every series, at the older one D is; the older picks (D) are
    // what the newest origin is scored with, so per-series selection gains nothing there …
    const o = origins(2, 40, ['D', 'A'], (k, _, m) => (k === 0 ? (m === 'A' ? 0 : 2) : m === 'D' ? 0 : 2));
    const r = selectPerSeries(o, ['D', 'A'])!;
    expect(r.backtest[0]!.get('s0')!.mean[0]).toBe(12);
    expect(r.pays).toBe(false);
    // … while the final picks come from the newest origin: A everywhere.
    expect(r.picks.size).toBe(40);
  });

  it('needs an older origin to check against', () => {
    const o = origins(1, 40, ['D', 'A'], () => 1);
    expect(selectPerSeries(o, ['D', 'A'])).toBeUndefined();
  });
});
