/**
 * The forecasting engine end to end on small synthetic data: shapes, dates, quantile order,
 * backtest scores against the baselines, selection on held-out data, and determinism (same
 * input + config + backend ⇒ bit-identical forecast).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { forecastDataset } from '../../shared/engine/forecast';
import { windowsOf, neuralView, anchorAt } from '../../shared/engine/neural';
import { parseDatasetConfig } from '../../shared/schemas/config';
import { selectBackend } from '../../shared/nn';
import type { Series } from '../../shared/types';

function synthetic(id: string, n: number, k: number): Series {
  const values = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const noise = Math.sin(t * 12.9898 + k * 78.233) * 43758.5453;
    values[t] = (100 + 10 * k) * (1 + 0.004 * t) * (1 + 0.25 * Math.sin((2 * Math.PI * (t + k)) / 12)) + 4 * (noise - Math.floor(noise) - 0.5);
  }
  return { id, frequency: 'monthly', dates: Array.from({ length: n }, (_, t) => new Date(Date.UTC(2015, t, 1)).toISOString().slice(0, 10)), values };
}

const series = Array.from({ length: 12 }, (_, k) => synthetic(`s${k}`, 72 + 3 * k, k));
const config = parseDatasetConfig({
  frequency: 'monthly',
  horizon: 6,
  model: { cell: 'lstm', units: 8, epochs: 4, batchSize: 64, window: 12, earlyStoppingPatience: 2, maxWindowsPerSeries: 16 },
  backtest: { windows: 2 },
});

beforeAll(async () => {
  await selectBackend({ prefer: 'cpu' });
});

describe('forecastDataset', () => {
  it('statistical only: every series gets h ordered quantile forecasts on the right dates', async () => {
    const r = await forecastDataset({ series, config, frequency: 'monthly' }, { neural: null });
    expect(r.forecasts).toHaveLength(12);
    const s0 = r.forecasts.find((f) => f.id === 's0')!;
    expect(s0.dates).toEqual(['2021-01-01', '2021-02-01', '2021-03-01', '2021-04-01', '2021-05-01', '2021-06-01']);
    for (const f of r.forecasts) {
      for (let t = 0; t < 6; t++) {
        expect(f.quantiles[0]![t]!).toBeLessThanOrEqual(f.quantiles[1]![t]!);
        expect(f.quantiles[1]![t]!).toBeLessThanOrEqual(f.quantiles[2]![t]!);
      }
    }
    const models = r.scores.map((s) => s.model);
    expect(models).toEqual(expect.arrayContaining(['naive', 'snaive', 'ets', 'theta', 'ets+theta']));
    // Seasonal data: the seasonal models beat naive in the backtest, and the selection is the best non-naive score.
    const score = (m: string) => r.scores.find((s) => s.model === m)!.mase!;
    expect(score('ets')).toBeLessThan(score('naive'));
    const best = r.scores.filter((s) => s.model !== 'naive').sort((a, b) => a.mase! - b.mase!)[0]!;
    expect(r.selectedModel).toBe(best.model);
    expect(r.backend).toBe('none');
  });

  it('the statistical fits give the same forecast whether they run on worker threads or inline', async () => {
    const inline = await forecastDataset({ series, config, frequency: 'monthly' }, { neural: null, statWorkers: 0, keepCandidates: true });
    const pooled = await forecastDataset({ series, config, frequency: 'monthly' }, { neural: null, statWorkers: 2, keepCandidates: true });
    expect(pooled.forecasts).toEqual(inline.forecasts);
    expect(pooled.scores).toEqual(inline.scores);
    expect(pooled.candidates).toEqual(inline.candidates);
  });

  it('per-series selection: checked across origins, off when configured, and when used each series gets its pick', async () => {
    // 12 series × 2 origins is below the 30 cases the check needs by default: it is run but never used.
    const auto = await forecastDataset({ series, config, frequency: 'monthly' }, { neural: null });
    expect(auto.perSeries).toMatchObject({ used: false, cases: 24, switched: 0, reason: 'too few cases (24 < 30)' });
    expect(auto.scores.map((s) => s.model)).not.toContain('per-series');
    const off = await forecastDataset({ series, config: { ...config, backtest: { ...config.backtest, perSeries: 'off' } }, frequency: 'monthly' }, { neural: null });
    expect(off.perSeries).toBeUndefined();
    expect(off.forecasts.map((f) => Array.from(f.mean))).toEqual(auto.forecasts.map((f) => Array.from(f.mean)));

    // Thresholds dropped: the best rule is used whatever it scores.
    const forced = await forecastDataset(
      { series, config, frequency: 'monthly' },
      { neural: null, keepCandidates: true, perSeriesCheck: { minGain: -Infinity, z: -Infinity, minCases: 1 } },
    );
    expect(forced.selectedModel).toBe('per-series');
    const datasetModel = forced.scores.filter((s) => s.model !== 'naive' && s.model !== 'per-series')[0]!.model;
    expect(datasetModel).toBe(auto.selectedModel);
    expect(forced.scores.find((s) => s.model === 'per-series')).toMatchObject({ series: 12 });
    const p = forced.perSeries!;
    expect(p.used).toBe(true);
    expect(p.pool[0]).toBe(datasetModel);
    expect(p.switched).toBeGreaterThan(0);
    // Each series' forecast is exactly its picked candidate's, and the label names it.
    const switched = forced.forecasts.filter((f) => f.model !== datasetModel);
    expect(switched).toHaveLength(p.switched);
    for (const f of forced.forecasts) {
      expect(p.pool).toContain(f.model);
      expect(Array.from(f.mean)).toEqual(Array.from(forced.candidates!.get(f.model)!.get(f.id)!.mean));
    }
  });

  it('with the network: trains, scores it and its ensembles, and is deterministic', async () => {
    const run = () => forecastDataset({ series, config, frequency: 'monthly' }, { neural: { backend: 'cpu' }, keepCandidates: true });
    const a = await run();
    const b = await run();
    expect(a.scores.map((s) => s.model)).toEqual(expect.arrayContaining(['lstm', 'lstm+ets', 'lstm+ets+theta']));
    expect(a.search).toHaveLength(1);
    expect(a.search[0]!.chosen).toBe(true);
    expect(a.search[0]!.params).toBeGreaterThan(0);
    expect(a.training.length).toBeGreaterThan(0);
    const lstmA = a.candidates!.get('lstm')!;
    const lstmB = b.candidates!.get('lstm')!;
    for (const [id, f] of lstmA) expect(Array.from(lstmB.get(id)!.mean)).toEqual(Array.from(f.mean));
    expect(a.forecasts.map((f) => Array.from(f.mean))).toEqual(b.forecasts.map((f) => Array.from(f.mean)));
    a.network?.dispose();
    b.network?.dispose();
  });
});

describe('network windows', () => {
  it('inputs end before targets begin and are anchored at the last filtered level', () => {
    const view = neuralView(series[0]!, 60, config.decomposition, 12);
    const w = windowsOf(view, 12, 6, { maxTargetEnd: 60, limit: 100 });
    // Newest first: the first window's targets are steps 54..59, its inputs 42..53.
    expect(w.count).toBe(60 - 6 - 12 + 1);
    const adj = view.prepared.adjusted;
    const anchor = view.channels[53 * view.channelCount + 1]!; // filtered level at the last input step
    expect(anchorAt(view, 54)).toBe(anchor);
    expect(w.y[0]).toBeCloseTo(adj[54]! - anchor, 5);
    expect(w.y[5]).toBeCloseTo(adj[59]! - anchor, 5);
    // Channel 1 (filtered level) of the last input step is exactly 0: it is the anchor itself.
    expect(w.x[(12 - 1) * w.channels + 1]).toBe(0);
    expect(w.x[(12 - 1) * w.channels]).toBeCloseTo(adj[53]! - anchor, 5);
    expect(w.x[0]).toBeCloseTo(adj[42]! - anchor, 5);
    // A view truncated at 60 never contains data from t ≥ 60.
    expect(view.prepared.adjusted.length).toBe(60);
  });
});
