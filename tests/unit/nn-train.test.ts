import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../shared/nn/backend';
import { buildRecurrentModel, type RecurrentModelSpec } from '../../shared/nn/model';
import { predict, sortQuantileRuns } from '../../shared/nn/predict';
import { evaluateLoss, trainModel, type EpochRecord, type TrainData } from '../../shared/nn/train';
import { manyToMany } from '../../shared/nn/window';

beforeAll(async () => {
  // cpu: the backend the brief asks determinism for (and the slowest, so models stay tiny)
  await selectBackend({ prefer: 'cpu' });
});

const L = 6;
const H = 2;
const spec: RecurrentModelSpec = { cell: 'lstm', layers: 1, units: 4, window: L, features: 1, horizon: H, quantiles: 3, seed: 3 };
const quantiles = [0.1, 0.5, 0.9];

/** Windows of a noisy sine (deterministic), `n` of them. */
function sineWindows(n: number, phase = 0): TrainData {
  const T = n + L + H - 1;
  const values = Float64Array.from({ length: T }, (_, t) => Math.sin((t + phase) / 3) + 0.1 * Math.sin(t * 12.9898));
  return manyToMany({ values }, { inputLength: L, outputLength: H });
}

/** The same inputs with negated targets: whatever fits `d` gets worse on this. */
function contrary(d: TrainData): TrainData {
  return { ...d, y: d.y.map((v) => -v) };
}

describe('trainModel', () => {
  it('learns: pinball loss falls well below its start, history is complete', async () => {
    const model = buildRecurrentModel(spec);
    const seen: EpochRecord[] = [];
    const r = await trainModel(model, sineWindows(96), {
      loss: { kind: 'pinball', quantiles }, epochs: 12, batchSize: 16, learningRate: 0.02, clipnorm: 1,
      schedule: { kind: 'cosine', minLr: 0.002 }, onEpoch: (e) => void seen.push(e),
    });
    expect(r.stopReason).toBe('epochs');
    expect(r.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(seen).toEqual(r.history);
    expect(r.history[0]!.lr).toBeCloseTo(0.02, 10);
    expect(r.history[6]!.lr).toBeCloseTo(0.002 + 0.009 * (1 + Math.cos((Math.PI * 6) / 12)), 10);
    for (const h of r.history) expect(h.ms).toBeGreaterThanOrEqual(0);
    expect(r.history.at(-1)!.loss).toBeLessThan(0.4 * r.history[0]!.loss);
  });

  it('is deterministic: two trainings give bit-identical predictions (dropout and shuffling on)', async () => {
    const data = sineWindows(48);
    const run = async (seed: number) => {
      const model = buildRecurrentModel({ ...spec, dropout: 0.2, seed });
      await trainModel(model, data, { loss: { kind: 'pinball', quantiles }, epochs: 3, batchSize: 8, seed, clipnorm: 1 });
      const p = await predict(model, data);
      model.dispose();
      return p.values;
    };
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
    expect(Buffer.from(c.buffer).equals(Buffer.from(a.buffer))).toBe(false);
    // the wasm backend (the local default) is deterministic too
    await selectBackend({ prefer: 'wasm' });
    try {
      const w1 = await run(5);
      const w2 = await run(5);
      expect(Buffer.from(w2.buffer).equals(Buffer.from(w1.buffer))).toBe(true);
    } finally {
      await selectBackend({ prefer: 'cpu' });
    }
  });

  it('does not leak tensors: count is flat across epochs and restored after the call', async () => {
    const model = buildRecurrentModel({ ...spec, dropout: 0.1 });
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    await trainModel(model, sineWindows(40), {
      loss: { kind: 'pinball', quantiles }, epochs: 4, batchSize: 8, clipnorm: 1, clipvalue: 0.5,
      validation: sineWindows(10, 100), earlyStoppingPatience: 10,
      onEpoch: () => void counts.push(tf.memory().numTensors),
    });
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops early on a worsening validation set and restores the best weights', async () => {
    // Validation targets are the negated training targets: fitting one worsens the other.
    const model = buildRecurrentModel({ ...spec, quantiles: 1 });
    const train = sineWindows(48);
    const val = contrary(train);
    const r = await trainModel(model, train, {
      loss: { kind: 'mae' }, epochs: 30, batchSize: 8, learningRate: 0.03, validation: val, earlyStoppingPatience: 2,
      schedule: { kind: 'constant' },
    });
    expect(r.stopReason).toBe('early-stopping');
    const vals = r.history.map((h) => h.valLoss!);
    const best = Math.min(...vals);
    expect(r.bestLoss).toBe(best);
    expect(r.bestEpoch).toBe(vals.indexOf(best) + 1);
    expect(r.history.length).toBe(r.bestEpoch + 2);
    expect(vals.at(-1)!).toBeGreaterThan(best);
    expect(await evaluateLoss(model, val, { kind: 'mae' })).toBe(best);
  });

  it('reduce-on-plateau halves the rate exactly when the monitored loss stalls', async () => {
    const model = buildRecurrentModel({ ...spec, quantiles: 1 });
    const train = sineWindows(48);
    const r = await trainModel(model, train, {
      loss: { kind: 'mae' }, epochs: 6, batchSize: 8, learningRate: 0.03, validation: contrary(train),
      schedule: { kind: 'plateau', patience: 1, factor: 0.5, minLr: 0 },
    });
    const lrs = r.history.map((h) => h.lr);
    expect(Math.min(...lrs)).toBeLessThan(0.03);
    // replay the schedule on the recorded validation losses
    let lr = 0.03;
    let best = Infinity;
    r.history.forEach((h, i) => {
      expect(lrs[i]).toBe(lr);
      if (h.valLoss! < best) best = h.valLoss!;
      else lr /= 2;
    });
  });

  it('honours the time budget and the abort signal', async () => {
    const model = buildRecurrentModel(spec);
    const data = sineWindows(16);
    const r = await trainModel(model, data, { loss: { kind: 'pinball', quantiles }, epochs: 5, timeBudgetMs: 0 });
    expect(r.stopReason).toBe('time-budget');
    expect(r.history.length).toBe(1);
    // 16 windows of length spec.window per epoch: a budget of 2.5 epochs' worth stops after epoch 3.
    const perEpoch = data.xShape[0] * data.xShape[1];
    const w = await trainModel(buildRecurrentModel(spec), data, { loss: { kind: 'pinball', quantiles }, epochs: 5, workBudget: 2.5 * perEpoch });
    expect(w.stopReason).toBe('work-budget');
    expect(w.history.length).toBe(3);
    const exact = await trainModel(buildRecurrentModel(spec), data, { loss: { kind: 'pinball', quantiles }, epochs: 5, workBudget: 2 * perEpoch });
    expect(exact.history.length).toBe(2);
    const ac = new AbortController();
    const r2 = await trainModel(model, data, {
      loss: { kind: 'pinball', quantiles }, epochs: 5, signal: ac.signal, onEpoch: (e) => void (e.epoch === 2 && ac.abort()),
    });
    expect(r2.stopReason).toBe('aborted');
    expect(r2.history.length).toBe(2);
  });

  it('puts the initial weights back when training diverges to a non-finite loss', async () => {
    const model = buildRecurrentModel({ ...spec, quantiles: 1 });
    const initial = model.getWeights().map((w) => Array.from(w.dataSync()));
    const d = sineWindows(8);
    const huge: TrainData = { ...d, y: d.y.map(() => 1e30) }; // squared error overflows float32
    const r = await trainModel(model, huge, { loss: { kind: 'mse' }, epochs: 3, batchSize: 4 });
    expect(r.stopReason).toBe('non-finite');
    expect(r.bestEpoch).toBe(0);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(initial);
  });

  it('rejects NaN in the data with a clear message', async () => {
    const d = sineWindows(8);
    d.y[3] = NaN;
    await expect(trainModel(buildRecurrentModel(spec), d, { loss: { kind: 'pinball', quantiles }, epochs: 1 })).rejects.toThrow(/NaN/);
  });
});

describe('predict', () => {
  it('returns [n, horizon, q] in input order, in slices, matching model.predict', async () => {
    const model = buildRecurrentModel({ ...spec, quantileHead: 'free' });
    const d = sineWindows(10);
    const p = await predict(model, d, { batchSize: 3, sortQuantiles: false });
    expect(p.shape).toEqual([10, H, 3]);
    const direct = (model.predict(tf.tensor3d(d.x, [...d.xShape])) as tf.Tensor).dataSync();
    expect(Array.from(p.values)).toEqual(Array.from(direct));
  });

  it('sortQuantileRuns sorts each (window, step) run', () => {
    expect(Array.from(sortQuantileRuns(Float32Array.of(3, 1, 2, 0, -1, 5), 3))).toEqual([1, 2, 3, -1, 0, 5]);
  });
});
