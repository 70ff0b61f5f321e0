/**
 * The training loop: a custom step (`tf.variableGrads` → clip → `optimizer.applyGradients`) so
 * clipping by global norm and by value is ours and testable, with seeded shuffling, early
 * stopping with best-weight restore, a per-epoch learning-rate schedule and a per-epoch history.
 *
 * Speed: the whole data set is uploaded once as two tensors; each batch is a `tf.gather` of a
 * seeded permutation slice (no per-step copies from JS). Losses are accumulated on the device and
 * read once per epoch, so a step never waits for a device→host read (matters on GPU).
 *
 * Determinism: initial weights (seeded initialisers), batch order (mulberry32 per epoch) and
 * dropout masks (seeded per call) are all fixed by `seed`, so the same data + options + backend
 * yield bit-identical weights. Different backends may differ in the last bits of float sums.
 *
 * Memory: every step runs inside `tf.tidy`; the data tensors, the best-weights snapshot and the
 * optimizer's slot variables are disposed before returning, so tensor count is unchanged by a call.
 */
import * as tf from '@tensorflow/tfjs';
import { clipByGlobalNorm, clipByValue, type GradMap } from './clip';
import { computeLoss, perSampleLoss, type LossSpec } from './loss';
import { deriveSeed, mulberry32, permutation } from './prng';
import { LrScheduler, type LrSchedule } from './schedule';

/** Training examples: `Windows` from `window.ts` satisfy this as-is. */
export interface TrainData {
  x: Float32Array;
  xShape: readonly [number, number, number];
  y: Float32Array;
  yShape: readonly [number, number];
  /** Optional per-example loss weights `[n]` (e.g. to balance series of different scale). */
  weights?: Float32Array;
}

export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch (weighted when weights are given; dropout active). */
  loss: number;
  /** Loss on the validation set after the epoch (inference mode); absent without validation data. */
  valLoss?: number;
  /** Learning rate used during the epoch. */
  lr: number;
  /** Wall time of the epoch, validation included. */
  ms: number;
}

export type StopReason = 'epochs' | 'early-stopping' | 'time-budget' | 'work-budget' | 'aborted' | 'non-finite';

export interface TrainOptions {
  loss: LossSpec;
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  /** `adam` (default) or plain `sgd` (used by tests to check one update exactly). */
  optimizer?: 'adam' | 'sgd';
  /** Clip the global gradient norm to this value. */
  clipnorm?: number;
  /** Clip each gradient element to [−clipvalue, clipvalue] (applied before clipnorm). */
  clipvalue?: number;
  /** Stop after this many epochs without improvement of the monitored loss; undefined: never. */
  earlyStoppingPatience?: number;
  /** Minimum decrease that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put back the weights of the best epoch at the end (default true). */
  restoreBestWeights?: boolean;
  /** Learning-rate schedule (default reduce-on-plateau ×0.5 after max(2, ⌊patience/2⌋) flat epochs). */
  schedule?: LrSchedule;
  seed?: number;
  shuffle?: boolean;
  /** Data for early stopping / plateau (monitored instead of the training loss when present). */
  validation?: TrainData;
  /** Called after every epoch (awaited: may render progress). */
  onEpoch?: (r: EpochRecord) => void | Promise<void>;
  /** Stop after the epoch that crosses this wall-time budget (a safety net: it depends on the machine). */
  timeBudgetMs?: number;
  /**
   * Stop after the epoch in which the sequence time steps processed (training examples × sequence
   * length, summed over epochs) reach this budget. It bounds training cost like a time budget, but
   * the same data and budget always stop at the same epoch, on any machine and under any load.
   */
  workBudget?: number;
  signal?: AbortSignal;
}

export interface TrainResult {
  history: EpochRecord[];
  /**
   * 1-based epoch whose weights the model holds at the end (the best one when restoring; 0 when
   * even the first epoch was not finite and the initial weights were put back).
   */
  bestEpoch: number;
  /** Monitored loss of `bestEpoch`. */
  bestLoss: number;
  stopReason: StopReason;
}

interface DataTensors {
  x: tf.Tensor3D;
  y: tf.Tensor2D;
  w?: tf.Tensor1D;
  n: number;
  weights?: Float32Array;
}

function allFinite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return false;
  return true;
}

function upload(d: TrainData, what: string): DataTensors {
  const [n, L, C] = d.xShape;
  if (d.x.length !== n * L * C) throw new Error(`${what}: x holds ${d.x.length} numbers, shape says ${n}×${L}×${C}`);
  if (d.yShape[0] !== n || d.y.length !== n * d.yShape[1]) throw new Error(`${what}: y shape [${d.yShape}] does not match ${n} examples`);
  if (d.weights && d.weights.length !== n) throw new Error(`${what}: ${d.weights.length} weights for ${n} examples`);
  // One NaN would silently turn every weight into NaN: refuse it here, with a clear message.
  if (!allFinite(d.x) || !allFinite(d.y) || (d.weights && !allFinite(d.weights))) {
    throw new Error(`${what} holds NaN or ±Infinity (drop such windows first: makeWindows skips them by default)`);
  }
  return {
    x: tf.tensor3d(d.x, [n, L, C]),
    y: tf.tensor2d(d.y, [n, d.yShape[1]]),
    w: d.weights ? tf.tensor1d(d.weights) : undefined,
    n,
    weights: d.weights,
  };
}

function disposeData(d: DataTensors | undefined): void {
  if (!d) return;
  d.x.dispose();
  d.y.dispose();
  d.w?.dispose();
}

/** Set the rate of a tfjs optimizer between steps (Adam reads its `learningRate` field on every step). */
export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  // (tfjs optimizers duck-type `instanceof`, so test for the method instead.)
  const o = opt as unknown as { setLearningRate?: (lr: number) => void; learningRate: number };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** The model's trainable variables, in a stable order. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** Apply clipvalue then clipnorm; disposes intermediate maps it created. */
export function clipGradients(grads: GradMap, clip: { clipnorm?: number; clipvalue?: number }): GradMap {
  let g = grads;
  if (clip.clipvalue !== undefined) g = clipByValue(g, clip.clipvalue);
  if (clip.clipnorm !== undefined) {
    const c = clipByGlobalNorm(g, clip.clipnorm);
    if (g !== grads) Object.values(g).forEach((t) => t.dispose());
    g = c;
  }
  return g;
}

/**
 * One optimisation step on a batch: returns the batch loss (a scalar the caller owns) after the
 * update has been applied with the loss evaluated *before* the update.
 */
export function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  vars: tf.Variable[],
  batch: { x: tf.Tensor; y: tf.Tensor; w?: tf.Tensor },
  loss: LossSpec,
  clip: { clipnorm?: number; clipvalue?: number } = {},
): tf.Scalar {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const pred = model.apply(batch.x, { training: true }) as tf.Tensor;
      return computeLoss(loss, batch.y, pred, batch.w);
    }, vars);
    optimizer.applyGradients(clipGradients(grads, clip));
    return value;
  });
}

/** Mean (or weighted mean) loss in inference mode, evaluated in slices of `batchSize`. */
export async function evaluateLoss(model: tf.LayersModel, d: TrainData, loss: LossSpec, batchSize = 1024): Promise<number> {
  const t = upload(d, 'evaluation data');
  try {
    return await evaluateUploaded(model, t, loss, batchSize);
  } finally {
    disposeData(t);
  }
}

async function evaluateUploaded(model: tf.LayersModel, d: DataTensors, loss: LossSpec, batchSize: number): Promise<number> {
  if (d.n === 0) return NaN;
  let total = tf.scalar(0);
  for (let s = 0; s < d.n; s += batchSize) {
    const size = Math.min(batchSize, d.n - s);
    const next = tf.tidy(() => {
      const xb = tf.slice(d.x, [s, 0, 0], [size, -1, -1]);
      const yb = tf.slice(d.y, [s, 0], [size, -1]);
      const per = perSampleLoss(loss, yb, model.apply(xb, { training: false }) as tf.Tensor);
      const part = d.w ? tf.sum(tf.mul(per, tf.slice(d.w, [s], [size]))) : tf.sum(per);
      return tf.add(total, part);
    });
    total.dispose();
    total = next as tf.Scalar;
  }
  const sum = (await total.data())[0]!;
  total.dispose();
  const denom = d.weights ? d.weights.reduce((a, b) => a + b, 0) : d.n;
  return sum / denom;
}

function snapshot(model: tf.LayersModel): tf.Tensor[] {
  return tf.tidy(() => model.getWeights().map((w) => w.clone()));
}

/** Train `model` in place. See the module doc for what is guaranteed. */
export async function trainModel(model: tf.LayersModel, data: TrainData, opts: TrainOptions): Promise<TrainResult> {
  const batchSize = opts.batchSize ?? 256;
  const lr0 = opts.learningRate ?? 3e-3;
  const seed = opts.seed ?? 42;
  const restore = opts.restoreBestWeights ?? true;
  const minDelta = opts.minDelta ?? 0;
  const patience = opts.earlyStoppingPatience;
  if (!Number.isInteger(opts.epochs) || opts.epochs < 1) throw new Error(`epochs must be an integer ≥ 1, got ${opts.epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be an integer ≥ 1, got ${batchSize}`);
  if (data.xShape[0] === 0) throw new Error('no training examples');
  const schedule: LrSchedule = opts.schedule ?? { kind: 'plateau', patience: Math.max(2, Math.floor((patience ?? 6) / 2)) };
  const scheduler = new LrScheduler(schedule, lr0, opts.epochs, minDelta);
  const clip = { clipnorm: opts.clipnorm, clipvalue: opts.clipvalue };

  const train = upload(data, 'training data');
  let val: DataTensors | undefined;
  const optimizer = opts.optimizer === 'sgd' ? tf.train.sgd(lr0) : tf.train.adam(lr0);
  let best: tf.Tensor[] | undefined;
  try {
    val = opts.validation && opts.validation.xShape[0] > 0 ? upload(opts.validation, 'validation data') : undefined;
    const vars = trainableVariables(model);
    const n = train.n;
    const start = Date.now();
    const history: EpochRecord[] = [];
    let bestLoss = Infinity;
    let bestEpoch = 0; // 0 = the initial weights, restored if training diverges at once
    if (restore) best = snapshot(model);
    let wait = 0;
    let stopReason: StopReason = 'epochs';
    let order: Int32Array = Int32Array.from({ length: n }, (_, i) => i);

    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      if (opts.signal?.aborted) {
        stopReason = 'aborted';
        break;
      }
      const t0 = Date.now();
      const lr = scheduler.rateFor(epoch - 1);
      setLearningRate(optimizer, lr);
      if (opts.shuffle ?? true) order = permutation(n, mulberry32(deriveSeed(seed, epoch)));

      let lossSum = tf.scalar(0);
      let weightSum = 0;
      for (let s = 0; s < n; s += batchSize) {
        const idxArr = order.subarray(s, Math.min(n, s + batchSize));
        const size = idxArr.length;
        const bw = train.weights ? idxArr.reduce((a, i) => a + train.weights![i]!, 0) : size;
        const next = tf.tidy(() => {
          const idx = tf.tensor1d(idxArr, 'int32');
          const batch = {
            x: tf.gather(train.x, idx),
            y: tf.gather(train.y, idx),
            w: train.w ? tf.gather(train.w, idx) : undefined,
          };
          const l = trainStep(model, optimizer, vars, batch, opts.loss, clip);
          return tf.add(lossSum, tf.mul(l, bw));
        });
        lossSum.dispose();
        lossSum = next as tf.Scalar;
        weightSum += bw;
      }
      const loss = (await lossSum.data())[0]! / weightSum;
      lossSum.dispose();
      const valLoss = val ? await evaluateUploaded(model, val, opts.loss, Math.max(batchSize, 1024)) : undefined;
      const record: EpochRecord = { epoch, loss, lr, ms: Date.now() - t0 };
      if (valLoss !== undefined) record.valLoss = valLoss;
      history.push(record);

      const monitored = valLoss ?? loss;
      if (!Number.isFinite(monitored)) {
        stopReason = 'non-finite';
        await opts.onEpoch?.(record);
        break;
      }
      if (monitored < bestLoss - minDelta) {
        bestLoss = monitored;
        bestEpoch = epoch;
        wait = 0;
        if (restore) {
          best?.forEach((t) => t.dispose());
          best = snapshot(model);
        }
      } else {
        wait++;
      }
      scheduler.observe(monitored);
      await opts.onEpoch?.(record);
      // Keras semantics: stop once `patience` epochs in a row brought no improvement.
      if (patience !== undefined && wait > 0 && wait >= patience) {
        stopReason = 'early-stopping';
        break;
      }
      if (opts.workBudget !== undefined && epoch * n * data.xShape[1] >= opts.workBudget && epoch < opts.epochs) {
        stopReason = 'work-budget';
        break;
      }
      if (opts.timeBudgetMs !== undefined && Date.now() - start >= opts.timeBudgetMs && epoch < opts.epochs) {
        stopReason = 'time-budget';
        break;
      }
    }
    const last = history.length;
    if (restore && best && bestEpoch !== last) model.setWeights(best);
    if (!restore) {
      bestEpoch = last;
      bestLoss = last > 0 ? (history[last - 1]!.valLoss ?? history[last - 1]!.loss) : NaN;
    }
    return { history, bestEpoch, bestLoss, stopReason };
  } finally {
    best?.forEach((t) => t.dispose());
    disposeData(train);
    disposeData(val);
    optimizer.dispose();
  }
}
