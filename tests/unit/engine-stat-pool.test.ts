import { describe, expect, it } from 'vitest';
import { runStatPool, runStatJob, type StatJob } from '../../shared/engine/stat-pool';

function jobs(n: number): StatJob[] {
  return Array.from({ length: n }, (_, k) => {
    const y = Float64Array.from({ length: 60 + k }, (_, t) => 100 + k + 10 * Math.sin((2 * Math.PI * t) / 12) + ((t * 7919 + k * 104729) % 13) - 6);
    return { id: `s${k}`, y, cuts: [y.length - 12, y.length - 6, y.length], h: 6, period: 12, quantiles: [0.1, 0.5, 0.9] };
  });
}

describe('runStatPool', () => {
  it('gives exactly the inline results, in job order, on worker threads', async () => {
    const list = jobs(21);
    const seen: string[] = [];
    const run = runStatPool(list, { workers: 2 });
    run.onResult((id) => seen.push(id));
    const pooled = await run.done;
    const inline = list.map(runStatJob);
    expect(pooled.map((r) => r.id)).toEqual(list.map((j) => j.id));
    expect(pooled).toEqual(inline); // Float64Arrays compared element by element: bit-identical fits
    expect(seen.sort()).toEqual(list.map((j) => j.id).sort());
    expect(run.pending()).toBe(0);
    expect(run.where()).toMatchObject({ workers: 21, inline: 0 });
    const first = pooled[0]!.forecasts[2]!;
    expect('error' in first).toBe(false);
    expect(Object.keys(first).sort()).toEqual(['ets', 'naive', 'snaive', 'theta']);
  });

  it('runs inline with no workers, after the caller’s synchronous code', async () => {
    const list = jobs(3);
    const run = runStatPool(list, { workers: 0 });
    expect(run.pending()).toBe(3); // nothing computed yet: the caller can start other work first
    expect(await run.done).toEqual(list.map(runStatJob));
    expect(run.where()).toMatchObject({ workers: 0, inline: 3 });
  });

  it('reports a series no model can forecast instead of throwing', () => {
    const r = runStatJob({ id: 'x', y: Float64Array.from([NaN, NaN, NaN]), cuts: [3], h: 2, period: 1, quantiles: [0.5] });
    expect(r.forecasts[0]).toHaveProperty('error');
  });
});
