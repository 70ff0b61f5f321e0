import { describe, expect, it } from 'vitest';
import { ScoreBoard, maseScale } from '../../shared/engine/scoring';
import { mase } from '../../shared/metrics';

describe('ScoreBoard', () => {
  const insample = Float64Array.from([10, 12, 14, 16, 18, 20]);
  const actual = Float64Array.from([22, 24, NaN]);
  const forecast = { mean: Float64Array.from([21, 26, 30]), quantiles: [Float64Array.from([20, 23, 1]), Float64Array.from([21, 26, 30]), Float64Array.from([23, 27, 40])] };

  it('scores with the core metrics: MASE, sMAPE, WAPE, coverage, scaled pinball', () => {
    const board = new ScoreBoard([0.1, 0.5, 0.9]);
    board.add(new Map([['m', new Map([['s', forecast]])]]), new Map([['s', { insample, actual, period: 1 }]]));
    const [row] = board.table();
    expect(row!.model).toBe('m');
    expect(row!.mase).toBeCloseTo(mase(actual, forecast.mean, insample, 1), 12);
    expect(row!.mase).toBeCloseTo(1.5 / 2, 12); // mean |e| = 1.5, scale = mean |Δy| = 2
    expect(row!.wape).toBeCloseTo(3 / 46, 12);
    // 22 ∈ [20, 23] and 24 ∈ [23, 27]; the NaN step is skipped → coverage 1
    expect(row!.coverage).toBe(1);
    // pinball: step 1: q.1 e=2 → .2, q.5 e=1 → .5, q.9 e=-1 → .1 ; step 2: q.1 e=1 → .1, q.5 e=-2 → 1, q.9 e=-3 → .3
    expect(row!.pinball).toBeCloseTo((0.2 + 0.5 + 0.1 + 0.1 + 1 + 0.3) / 6 / 2, 12);
    expect(row!.series).toBe(1);
  });

  it('uses the seasonal difference as MASE scale, or lag 1 when the history is too short', () => {
    expect(maseScale(Float64Array.from([1, 2, 3, 10, 12, 14]), 3)).toBeCloseTo(10, 12);
    expect(maseScale(Float64Array.from([1, 3]), 12)).toBeCloseTo(2, 12);
  });
});
