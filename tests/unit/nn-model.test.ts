import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../shared/nn/backend';
import { buildRecurrentModel, countParams, specFromConfig, type RecurrentModelSpec } from '../../shared/nn/model';
import { orthogonalMatrix, SeqcastMonotoneQuantiles } from '../../shared/nn/layers';
import { ModelConfigSchema } from '../../shared/schemas/config';

beforeAll(async () => {
  await selectBackend({ prefer: 'wasm' });
});

const base: RecurrentModelSpec = { cell: 'lstm', layers: 1, units: 4, window: 5, features: 2, horizon: 3, quantiles: 2, seed: 1 };
const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('buildRecurrentModel', () => {
  const variants: Partial<RecurrentModelSpec>[] = [];
  for (const cell of ['lstm', 'gru', 'simple-rnn'] as const) {
    for (const encoderDecoder of [false, true]) {
      for (const bidirectional of [false, true]) variants.push({ cell, encoderDecoder, bidirectional, layers: 2, dropout: 0.2 });
    }
  }

  it.each(variants)('outputs [batch, horizon, nQuantiles] for %o', (v) => {
    const m = buildRecurrentModel({ ...base, ...v });
    expect(m.inputs[0]!.shape).toEqual([null, 5, 2]);
    expect(m.outputs[0]!.shape).toEqual([null, 3, 2]);
    const y = tf.tidy(() => (m.predict(tf.ones([7, 5, 2])) as tf.Tensor).shape);
    expect(y).toEqual([7, 3, 2]);
    m.dispose();
  });

  it('counts parameters as the textbook formulas say', () => {
    // LSTM: 4·(u·(F+u) + u) = 4·(4·6 + 4) = 112; head Dense(4 → 3·2) = 4·6 + 6 = 30
    expect(countParams(buildRecurrentModel(base))).toBe(142);
    // GRU (tfjs: reset_after = false): 3·(u·(F+u) + u) = 84; SimpleRNN: u·(F+u) + u = 28
    expect(countParams(buildRecurrentModel({ ...base, cell: 'gru' }))).toBe(84 + 30);
    expect(countParams(buildRecurrentModel({ ...base, cell: 'simple-rnn' }))).toBe(28 + 30);
    // bidirectional doubles the encoder and the head input: 224 + (8·6 + 6)
    expect(countParams(buildRecurrentModel({ ...base, bidirectional: true }))).toBe(224 + 54);
    // encoder–decoder: encoder 112, decoder LSTM(4 → 4) 4·(4·8+4) = 144, TimeDistributed Dense(4 → 2) = 10
    expect(countParams(buildRecurrentModel({ ...base, encoderDecoder: true }))).toBe(112 + 144 + 10);
    // depth: the second layer reads 4 units: 4·(4·8 + 4) = 144
    expect(countParams(buildRecurrentModel({ ...base, layers: 2 }))).toBe(112 + 144 + 30);
  });

  it('same seed ⇒ identical initial weights; another seed ⇒ different', () => {
    const a = weightsOf(buildRecurrentModel({ ...base, layers: 2, bidirectional: true }));
    const b = weightsOf(buildRecurrentModel({ ...base, layers: 2, bidirectional: true }));
    const c = weightsOf(buildRecurrentModel({ ...base, layers: 2, bidirectional: true, seed: 2 }));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    // layers draw from different streams: the two encoder layers' recurrent kernels differ
    const m = buildRecurrentModel({ ...base, layers: 2 });
    const rec = m.weights.filter((w) => w.name.includes('recurrent_kernel')).map((w) => Array.from(w.read().dataSync()));
    expect(rec.length).toBe(2);
    expect(rec[0]).not.toEqual(rec[1]);
  });

  it('dropout is active only in training mode, and reproducible across equal models', () => {
    const spec = { ...base, dropout: 0.5 };
    const m1 = buildRecurrentModel(spec);
    const m2 = buildRecurrentModel(spec);
    const x = tf.randomUniform([4, 5, 2], -1, 1, 'float32', 3);
    const infer = (m1.predict(x) as tf.Tensor).dataSync();
    const t1a = (m1.apply(x, { training: true }) as tf.Tensor).dataSync();
    const t1b = (m1.apply(x, { training: true }) as tf.Tensor).dataSync();
    const t2a = (m2.apply(x, { training: true }) as tf.Tensor).dataSync();
    expect(Array.from(t1a)).not.toEqual(Array.from(infer));
    expect(Array.from(t1b)).not.toEqual(Array.from(t1a)); // a fresh mask on each call
    expect(Array.from(t2a)).toEqual(Array.from(t1a)); // same seed, same call number ⇒ same mask
    expect(Array.from((m1.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from(infer));
  });

  it('the monotone head never lets quantiles cross', () => {
    const m = buildRecurrentModel({ ...base, quantiles: 5 });
    const y = (m.predict(tf.randomNormal([50, 5, 2], 0, 10, 'float32', 9)) as tf.Tensor).arraySync() as number[][][];
    for (const row of y.flat()) for (let k = 1; k < row.length; k++) expect(row[k]!).toBeGreaterThan(row[k - 1]!);
    const raw = tf.tensor3d([[[3, -50, 0]]]);
    const out = Array.from((new SeqcastMonotoneQuantiles().apply(raw) as tf.Tensor).dataSync() as Float32Array);
    expect(out[0]).toBeCloseTo(3, 6);
    expect(out[1]).toBeCloseTo(3 + Math.log1p(Math.exp(-50)), 6);
    expect(out[2]).toBeCloseTo(out[1]! + Math.log(2), 6);
  });

  it('validates the spec', () => {
    expect(() => buildRecurrentModel({ ...base, units: 0 })).toThrow(/units/);
    expect(() => buildRecurrentModel({ ...base, dropout: 1 })).toThrow(/dropout/);
  });

  it('specFromConfig maps the dataset config', () => {
    const cfg = ModelConfigSchema.parse({ cell: 'gru', units: 8, layers: 2, encoderDecoder: true });
    const s = specFromConfig(cfg, { window: 12, features: 3, horizon: 6, quantiles: 3 });
    expect(s).toMatchObject({ cell: 'gru', units: 8, layers: 2, encoderDecoder: true, window: 12, features: 3, horizon: 6, quantiles: 3, seed: 42 });
  });
});

describe('orthogonalMatrix', () => {
  it.each([[6, 6], [8, 3], [3, 8]])('has orthonormal columns or rows (%i×%i)', (r, c) => {
    const q = orthogonalMatrix(r, c, 5);
    const k = Math.min(r, c);
    const vec = (i: number) => (r >= c ? Array.from({ length: r }, (_, t) => q[t * c + i]!) : Array.from({ length: c }, (_, t) => q[i * c + t]!));
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const d = vec(i).reduce((a, v, t) => a + v * vec(j)[t]!, 0);
        expect(d).toBeCloseTo(i === j ? 1 : 0, 5);
      }
    }
    expect(Array.from(orthogonalMatrix(r, c, 5))).toEqual(Array.from(q));
    expect(Array.from(orthogonalMatrix(r, c, 6))).not.toEqual(Array.from(q));
  });
});
