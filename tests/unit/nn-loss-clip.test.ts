import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../shared/nn/backend';
import { clipByGlobalNorm, clipByValue, globalNorm } from '../../shared/nn/clip';
import { computeLoss, perSampleLoss, pinballLoss } from '../../shared/nn/loss';
import { LrScheduler, cosineLr, plateauInit, plateauStep } from '../../shared/nn/schedule';
import { trainModel, trainStep, trainableVariables } from '../../shared/nn/train';

beforeAll(async () => {
  await selectBackend({ prefer: 'cpu' });
});

const num = (t: tf.Tensor) => t.dataSync()[0]!;

describe('losses against hand-computed values', () => {
  const y = () => tf.tensor2d([[1, 2]]);
  const pred = () => tf.tensor3d([[[0, 1, 3], [2.5, 2, 1]]]);

  it('pinball averages max(q·e, (q−1)·e) over steps and quantiles', () => {
    // step 1 (y=1): e = 1, 0, −2 → 0.1, 0, 0.2; step 2 (y=2): e = −0.5, 0, 1 → 0.45, 0, 0.9
    expect(num(pinballLoss(y(), pred(), [0.1, 0.5, 0.9]))).toBeCloseTo(1.65 / 6, 6);
  });

  it('pinball at q = 0.5 is half the MAE; MAE and MSE on one output column', () => {
    const yt = tf.tensor2d([[1], [2]]);
    const yp = tf.tensor3d([[[0.5]], [[3]]]);
    expect(num(computeLoss({ kind: 'mae' }, yt, yp))).toBeCloseTo(0.75, 6);
    expect(num(computeLoss({ kind: 'mse' }, yt, yp))).toBeCloseTo(0.625, 6);
    expect(num(pinballLoss(yt, yp, [0.5]))).toBeCloseTo(0.375, 6);
  });

  it('per-sample losses and weighted means', () => {
    const yt = tf.tensor2d([[1], [2]]);
    const yp = tf.tensor3d([[[0.5]], [[3]]]);
    expect(Array.from(perSampleLoss({ kind: 'mae' }, yt, yp).dataSync())).toEqual([0.5, 1]);
    expect(num(computeLoss({ kind: 'mae' }, yt, yp, tf.tensor1d([1, 3])))).toBeCloseTo((0.5 + 3) / 4, 6);
  });

  it('rejects mismatched quantile counts and shapes', () => {
    expect(() => pinballLoss(y(), pred(), [0.5])).toThrow(/quantiles/);
    expect(() => pinballLoss(tf.tensor1d([1]), pred(), [0.1, 0.5, 0.9])).toThrow(/targets/);
  });
});

describe('gradient clipping', () => {
  it('clipByGlobalNorm scales huge gradients to exactly maxNorm, preserving direction', () => {
    const grads = { a: tf.tensor1d([300, 400]), b: tf.tensor2d([[1200]]) }; // global norm 1300
    expect(num(globalNorm(grads))).toBeCloseTo(1300, 3);
    const c = clipByGlobalNorm(grads, 2);
    expect(num(globalNorm(c))).toBeCloseTo(2, 5);
    const ratio = 2 / 1300;
    expect(Array.from(c.a!.dataSync())).toEqual([300 * ratio, 400 * ratio].map((v) => expect.closeTo(v, 6)));
    expect(c.b!.dataSync()[0]).toBeCloseTo(1200 * ratio, 6);
    expect(c.b!.shape).toEqual([1, 1]);
  });

  it('clipByGlobalNorm leaves small gradients untouched', () => {
    const c = clipByGlobalNorm({ a: tf.tensor1d([0.3, -0.4]) }, 1);
    expect(Array.from(c.a!.dataSync())).toEqual(Array.from(tf.tensor1d([0.3, -0.4]).dataSync()));
  });

  it('clipByValue clips element-wise', () => {
    const c = clipByValue({ a: tf.tensor1d([-5, -0.2, 0, 0.7, 9]) }, 0.5);
    expect(Array.from(c.a!.dataSync())).toEqual([-0.5, -0.2, 0, 0.5, 0.5].map((v) => expect.closeTo(v, 7)));
    expect(() => clipByValue({}, 0)).toThrow();
    expect(() => clipByGlobalNorm({}, -1)).toThrow();
  });
});

describe('a clipped SGD step applies the expected update', () => {
  // y = w·x + b on one example x = 100, target 0, MSE: dL/dw = 2·(w·x+b)·x, dL/db = 2·(w·x+b).
  function tinyModel(): tf.LayersModel {
    return tf.sequential({
      layers: [tf.layers.dense({ units: 1, inputShape: [1, 1], kernelInitializer: 'ones', biasInitializer: 'zeros' })],
    });
  }
  const batch = () => ({ x: tf.tensor3d([[[100]]]), y: tf.tensor2d([[0]]) });
  const weights = (m: tf.LayersModel) => m.getWeights().map((w) => w.dataSync()[0]!);

  it('clipnorm: the whole update has norm lr·clipnorm along the true gradient', () => {
    const m = tinyModel();
    const opt = tf.train.sgd(0.1);
    const loss = trainStep(m, opt, trainableVariables(m), batch(), { kind: 'mse' }, { clipnorm: 1 });
    expect(num(loss)).toBeCloseTo(10000, 2); // loss before the update
    const gw = 20000;
    const gb = 200;
    const norm = Math.hypot(gw, gb);
    const [w, b] = weights(m);
    expect(w).toBeCloseTo(1 - (0.1 * gw) / norm, 6);
    expect(b).toBeCloseTo(0 - (0.1 * gb) / norm, 6); // global, not per-tensor: bias step ≠ 0.1
  });

  it('clipvalue: each element clipped before the step', () => {
    const m = tinyModel();
    trainStep(m, tf.train.sgd(0.1), trainableVariables(m), batch(), { kind: 'mse' }, { clipvalue: 0.5 });
    const [w, b] = weights(m);
    expect(w).toBeCloseTo(0.95, 6);
    expect(b).toBeCloseTo(-0.05, 6);
  });

  it('without clipping the step is the raw gradient (the control)', () => {
    const m = tinyModel();
    trainStep(m, tf.train.sgd(0.1), trainableVariables(m), batch(), { kind: 'mse' });
    expect(weights(m)[0]).toBeCloseTo(1 - 0.1 * 20000, 3);
  });

  it('trainModel wires clipping into its loop (one epoch, one example, SGD)', async () => {
    const m = tinyModel();
    await trainModel(m, { x: new Float32Array([100]), xShape: [1, 1, 1], y: new Float32Array([0]), yShape: [1, 1] }, {
      loss: { kind: 'mse' }, epochs: 1, optimizer: 'sgd', learningRate: 0.1, clipnorm: 1, schedule: { kind: 'constant' },
    });
    expect(weights(m)[0]).toBeCloseTo(1 - (0.1 * 20000) / Math.hypot(20000, 200), 6);
  });
});

describe('learning-rate schedules', () => {
  it('cosine decays from lr0 to minLr', () => {
    expect(cosineLr(0, 10, 1, 0.1)).toBeCloseTo(1, 10);
    expect(cosineLr(5, 10, 1, 0.1)).toBeCloseTo(0.55, 10);
    expect(cosineLr(9, 10, 1, 0.1)).toBeCloseTo(0.1 + 0.45 * (1 + Math.cos((Math.PI * 9) / 10)), 10);
  });

  it('reduce-on-plateau halves after `patience` flat epochs, then waits again', () => {
    let s = plateauInit(1);
    const rates: number[] = [];
    for (const loss of [5, 4, 4, 4, 3.9, 3.9, 3.9, 3.9, 3.9]) {
      s = plateauStep(s, loss, { patience: 2, factor: 0.5, minLr: 0.2 });
      rates.push(s.lr);
    }
    expect(rates).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.2]);
  });

  it('LrScheduler drives the rate', () => {
    const c = new LrScheduler({ kind: 'cosine', minLr: 0 }, 2, 4);
    expect([0, 1, 2, 3].map((e) => c.rateFor(e))).toEqual([2, 1 + Math.cos(Math.PI / 4), 1, 1 + Math.cos((3 * Math.PI) / 4)].map((v) => expect.closeTo(v, 10)));
    const p = new LrScheduler({ kind: 'plateau', patience: 1 }, 1, 10);
    p.observe(1);
    p.observe(1);
    expect(p.rateFor(2)).toBe(0.5);
  });
});
