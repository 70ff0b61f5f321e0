/**
 * The global recurrent forecaster: ONE network trained across all series of a dataset.
 *
 * Inputs per time step (channels):
 *   0  seasonally adjusted value (log or scaled, see prepare.ts) minus the window's anchor,
 *   1  Kalman-filtered level of the adjusted series minus the anchor (causal: filtered, not
 *      smoothed, so an input never carries information from after the window),
 *   2–3 calendar sin/cos where the frequency has a calendar cycle.
 * Targets: the next h adjusted values minus the anchor. Predictions are recomposed by adding the
 * anchor and the seasonal component and undoing the transform.
 *
 * Windows are anchored at their last filtered level (`anchorAt`), so the network learns shapes, not
 * levels — the per-series scaling that makes cross-learning work.
 */
import * as tf from '@tensorflow/tfjs';
import type { Frequency, Series } from '../types';
import type { ModelConfig } from '../schemas/config';
import { buildRecurrentModel, countParams, trainModel, storageIOHandler, type EpochRecord, type RecurrentModelSpec } from '../nn';
import { smoothSeries } from '../kalman';
import type { Storage } from '../storage/types';
import { prepareSeries, futureSeasonal, untransform, type PreparedSeries } from './prepare';
import { calendarFeatures } from './calendar';
import type { DecompositionConfig } from '../schemas/config';
import type { PointAndQuantiles } from './candidates';

/** A series prepared on its history up to some origin, with the network's input channels. */
export interface NeuralView {
  prepared: PreparedSeries;
  /** `[T, C]` row-major inputs before anchoring (adjusted, filtered level, calendar…). */
  channels: Float64Array;
  channelCount: number;
}

export function defaultWindow(period: number): number {
  if (period >= 12) return Math.min(2 * period, 60);
  if (period > 1) return Math.max(4 * period, 12);
  return 8;
}

/** Build the network inputs for a series truncated at `end` (exclusive). */
export function neuralView(series: Series, end: number, decomposition: DecompositionConfig, period: number): NeuralView {
  const truncated: Series = { ...series, dates: series.dates.slice(0, end), values: series.values.subarray(0, end) };
  const prepared = prepareSeries(truncated, decomposition, period);
  const T = prepared.adjusted.length;
  let filtered: Float64Array;
  try {
    filtered = smoothSeries(prepared.adjusted, { model: 'local-level' }).filtered;
  } catch {
    filtered = prepared.adjusted;
  }
  const cal = calendarFeatures(prepared.dates, series.frequency);
  const C = 2 + (cal ? 2 : 0);
  const channels = new Float64Array(T * C);
  for (let t = 0; t < T; t++) {
    channels[t * C] = prepared.adjusted[t]!;
    channels[t * C + 1] = Number.isFinite(filtered[t]!) ? filtered[t]! : prepared.adjusted[t]!;
    if (cal) {
      channels[t * C + 2] = cal[2 * t]!;
      channels[t * C + 3] = cal[2 * t + 1]!;
    }
  }
  return { prepared, channels, channelCount: C };
}

export interface WindowSet {
  x: Float32Array;
  y: Float32Array;
  count: number;
  window: number;
  channels: number;
  horizon: number;
}

/**
 * Supervised windows of one view: inputs end at e, targets are e … e+h−1, for every e with
 * `minEnd ≤ e ≤ maxEnd` (targets must lie inside the view), newest first, at most `limit`.
 */
export function windowsOf(view: NeuralView, window: number, horizon: number, opts: { minTargetEnd?: number; maxTargetEnd: number; limit: number }): WindowSet {
  const C = view.channelCount;
  const adj = view.prepared.adjusted;
  const ends: number[] = [];
  for (let e = opts.maxTargetEnd - horizon; e >= window && ends.length < opts.limit; e--) {
    if (opts.minTargetEnd !== undefined && e + horizon < opts.minTargetEnd) break;
    ends.push(e);
  }
  const x = new Float32Array(ends.length * window * C);
  const y = new Float32Array(ends.length * horizon);
  ends.forEach((e, w) => {
    fillInput(view, e, window, x, w * window * C);
    const anchor = anchorAt(view, e);
    for (let k = 0; k < horizon; k++) y[w * horizon + k] = adj[e + k]! - anchor;
  });
  return { x, y, count: ends.length, window, channels: C, horizon };
}

/**
 * The level a window is expressed relative to: the Kalman-filtered level at the window's last
 * step. Filtered rather than the last raw value, so one noisy observation (a promotion spike, a
 * stock-out zero) does not shift the whole window and its targets.
 */
export function anchorAt(view: NeuralView, end: number): number {
  return view.channels[(end - 1) * view.channelCount + 1]!;
}

/** Anchored input window ending just before index `end`. */
function fillInput(view: NeuralView, end: number, window: number, x: Float32Array, offset: number): void {
  const C = view.channelCount;
  const anchor = anchorAt(view, end);
  let o = offset;
  for (let t = end - window; t < end; t++) {
    x[o++] = view.channels[t * C]! - anchor;
    x[o++] = view.channels[t * C + 1]! - anchor;
    for (let c = 2; c < C; c++) x[o++] = view.channels[t * C + c]!;
  }
}

export function concatWindowSets(sets: WindowSet[], window: number, channels: number, horizon: number): WindowSet {
  const count = sets.reduce((a, s) => a + s.count, 0);
  const x = new Float32Array(count * window * channels);
  const y = new Float32Array(count * horizon);
  let ox = 0;
  let oy = 0;
  for (const s of sets) {
    x.set(s.x, ox);
    y.set(s.y, oy);
    ox += s.x.length;
    oy += s.y.length;
  }
  return { x, y, count, window, channels, horizon };
}

export interface GlobalNetwork {
  model: tf.LayersModel;
  spec: RecurrentModelSpec;
  params: number;
  /** Quantile levels the network outputs (configured ones plus 0.5 for the point forecast). */
  levels: number[];
  history: EpochRecord[];
  bestEpoch: number;
  stopReason: string;
  save(storage: Storage, prefix: string): Promise<void>;
  dispose(): void;
}

export interface TrainNetworkOptions {
  model: ModelConfig;
  units: number;
  layers: number;
  horizon: number;
  levels: number[];
  window: number;
  channels: number;
  epochs: number;
  /** Early stopping on this set; none: train exactly `epochs`. */
  validation?: WindowSet;
  onEpoch?: (r: EpochRecord) => void | Promise<void>;
  timeBudgetMs?: number;
  /** Sequence time steps (windows × window length, over all epochs) after which training stops. */
  workBudget?: number;
}

export async function trainNetwork(train: WindowSet, o: TrainNetworkOptions): Promise<GlobalNetwork> {
  const spec: RecurrentModelSpec = {
    cell: o.model.cell,
    layers: o.layers,
    units: o.units,
    dropout: o.model.dropout,
    bidirectional: o.model.bidirectional,
    encoderDecoder: o.model.encoderDecoder,
    window: o.window,
    features: o.channels,
    horizon: o.horizon,
    quantiles: o.levels.length,
    seed: o.model.seed,
  };
  const model = buildRecurrentModel(spec);
  const result = await trainModel(
    model,
    { x: train.x, xShape: [train.count, o.window, o.channels], y: train.y, yShape: [train.count, o.horizon] },
    {
      loss: { kind: 'pinball', quantiles: o.levels },
      epochs: o.epochs,
      batchSize: o.model.batchSize,
      learningRate: o.model.learningRate,
      clipnorm: o.model.clipnorm,
      clipvalue: o.model.clipvalue,
      seed: o.model.seed,
      earlyStoppingPatience: o.validation ? o.model.earlyStoppingPatience : undefined,
      validation: o.validation
        ? { x: o.validation.x, xShape: [o.validation.count, o.window, o.channels], y: o.validation.y, yShape: [o.validation.count, o.horizon] }
        : undefined,
      schedule: o.validation ? undefined : { kind: 'cosine', minLr: o.model.learningRate / 10 },
      onEpoch: o.onEpoch,
      timeBudgetMs: o.timeBudgetMs,
      workBudget: o.workBudget,
    },
  );
  return {
    model,
    spec,
    params: countParams(model),
    levels: o.levels,
    history: result.history,
    bestEpoch: result.bestEpoch,
    stopReason: result.stopReason,
    async save(storage, prefix) {
      await model.save(storageIOHandler(storage, prefix));
    },
    dispose() {
      model.dispose();
    },
  };
}

/**
 * Forecast the h steps after the end of each view. Returns, per view, the point forecast (the
 * median output) and the configured quantiles, in data units.
 */
export function predictNetwork(net: GlobalNetwork, views: NeuralView[], quantiles: number[]): (PointAndQuantiles | undefined)[] {
  const { window, features: C, horizon } = net.spec;
  const usable = views.map((v) => v.prepared.adjusted.length >= window);
  const idx = views.map((_, i) => i).filter((i) => usable[i]);
  const out: (PointAndQuantiles | undefined)[] = views.map(() => undefined);
  if (idx.length === 0) return out;
  const x = new Float32Array(idx.length * window * C);
  idx.forEach((i, w) => fillInput(views[i]!, views[i]!.prepared.adjusted.length, window, x, w * window * C));
  const pred = tf.tidy(() => (net.model.predict(tf.tensor3d(x, [idx.length, window, C])) as tf.Tensor).dataSync() as Float32Array);
  const L = net.levels.length;
  const mid = net.levels.indexOf(0.5);
  idx.forEach((i, w) => {
    const view = views[i]!;
    const p = view.prepared;
    const T = p.adjusted.length;
    const anchor = anchorAt(view, T);
    const seas = futureSeasonal(p, horizon, T);
    const at = (k: number, l: number) => untransform(p, pred[(w * horizon + k) * L + l]! + anchor + seas[k]!);
    const mean = new Float64Array(horizon);
    const qs = quantiles.map(() => new Float64Array(horizon));
    for (let k = 0; k < horizon; k++) {
      mean[k] = at(k, mid);
      quantiles.forEach((q, j) => (qs[j]![k] = at(k, net.levels.indexOf(q))));
    }
    out[i] = { mean, quantiles: qs };
  });
  return out;
}

/** Quantile levels the network is trained on: the configured ones plus the median. */
export function networkLevels(quantiles: number[]): number[] {
  return [...new Set([...quantiles, 0.5])].sort((a, b) => a - b);
}

export type { Frequency };
