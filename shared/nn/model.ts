/**
 * Recurrent forecasting networks with one output contract: inputs `[batch, window, features]`,
 * outputs `[batch, horizon, nQuantiles]`.
 *
 * Two architectures:
 * - many-to-one with a direct multi-step head (default): stacked RNN → last state →
 *   Dense(horizon × nQuantiles) → reshape. All steps are predicted at once, so errors do not
 *   compound the way recursive one-step forecasts do.
 * - encoder–decoder (seq2seq, `encoderDecoder: true`): stacked RNN encoder → final state →
 *   RepeatVector(horizon) → decoder RNN(s) returning sequences → TimeDistributed(Dense(nQuantiles)).
 *   Shares the output layer across steps: fewer parameters for long horizons.
 *
 * Depth stacks layers with `returnSequences` between them; `bidirectional` wraps each encoder
 * layer (concat merge). Dropout is applied between layers and before the head by a seeded layer
 * (`SeqcastSeededDropout`), not inside the recurrent cells: cell dropout in tfjs draws from
 * Math.random and would break reproducibility.
 *
 * Initialisers are seeded per layer (`deriveSeed(seed, k)`): glorot-uniform input kernels,
 * orthogonal recurrent kernels, zero biases (LSTM forget bias 1). Same spec ⇒ same weights on any
 * backend. A bidirectional wrapper copies its layer's config, so both directions start from the
 * same weights; they diverge from the first step because they read the sequence in opposite order.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../schemas/config';
import { SeqcastMonotoneQuantiles, SeqcastOrthogonal, SeqcastSeededDropout } from './layers';
import { deriveSeed } from './prng';

export type CellKind = 'lstm' | 'gru' | 'simple-rnn';

export interface RecurrentModelSpec {
  cell: CellKind;
  /** Encoder depth (stacked recurrent layers), ≥ 1. */
  layers: number;
  /** Units per recurrent layer (per direction when bidirectional). */
  units: number;
  /** Input window length (time steps). */
  window: number;
  /** Input channels per step. */
  features: number;
  /** Forecast steps. */
  horizon: number;
  /** Number of quantile outputs per step (1 for a point forecast). */
  quantiles: number;
  /** Dropout rate between layers and before the head, in [0, 1) (default 0). */
  dropout?: number;
  bidirectional?: boolean;
  encoderDecoder?: boolean;
  /** Decoder depth for encoder–decoder models (default 1). */
  decoderLayers?: number;
  /** `monotone` (default): quantiles non-decreasing by construction; `free`: raw outputs (sort at prediction). */
  quantileHead?: 'monotone' | 'free';
  seed?: number;
  /** Model name (default `seqcast`). */
  name?: string;
}

function recurrentLayer(cell: CellKind, units: number, returnSequences: boolean, seed: number, name: string): tf.layers.Layer {
  const args = {
    units,
    returnSequences,
    name,
    kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, 1) }),
    recurrentInitializer: new SeqcastOrthogonal({ seed: deriveSeed(seed, 2) }) as unknown as ReturnType<typeof tf.initializers.zeros>,
    biasInitializer: 'zeros' as const,
  };
  switch (cell) {
    // tfjs still defaults the gate activation to Keras 1's hardSigmoid; use the logistic
    // sigmoid of Keras 2 / cuDNN (smoother gradients, and fewer kernels per step on wasm).
    case 'lstm':
      return tf.layers.lstm({ ...args, unitForgetBias: true, recurrentActivation: 'sigmoid' });
    case 'gru':
      return tf.layers.gru({ ...args, recurrentActivation: 'sigmoid' });
    case 'simple-rnn':
      return tf.layers.simpleRNN(args);
  }
}

function checkSpec(s: RecurrentModelSpec): void {
  const ints: [string, number, number][] = [
    ['layers', s.layers, 1], ['units', s.units, 1], ['window', s.window, 1], ['features', s.features, 1],
    ['horizon', s.horizon, 1], ['quantiles', s.quantiles, 1], ['decoderLayers', s.decoderLayers ?? 1, 1],
  ];
  for (const [k, v, min] of ints) {
    if (!Number.isInteger(v) || v < min) throw new Error(`model spec: ${k} must be an integer ≥ ${min}, got ${v}`);
  }
  const d = s.dropout ?? 0;
  if (!(d >= 0 && d < 1)) throw new Error(`model spec: dropout must be in [0, 1), got ${d}`);
}

/** Build (not compile: training uses its own loop) a recurrent model for `spec`. */
export function buildRecurrentModel(spec: RecurrentModelSpec): tf.LayersModel {
  checkSpec(spec);
  const seed = spec.seed ?? 42;
  const dropout = spec.dropout ?? 0;
  let k = 0; // layer counter: every layer gets its own seed stream and a stable name
  const next = () => deriveSeed(seed, 100 + k++);
  const drop = (x: tf.SymbolicTensor): tf.SymbolicTensor =>
    dropout > 0 ? (new SeqcastSeededDropout({ rate: dropout, seed: next(), name: `dropout_${k}` }).apply(x) as tf.SymbolicTensor) : x;

  const input = tf.input({ shape: [spec.window, spec.features], name: 'window' });
  let h: tf.SymbolicTensor = input;
  for (let i = 0; i < spec.layers; i++) {
    const returnSequences = i < spec.layers - 1;
    const rnn = recurrentLayer(spec.cell, spec.units, returnSequences, next(), `encoder_${i}`);
    h = (spec.bidirectional
      ? tf.layers.bidirectional({ layer: rnn as tf.RNN, mergeMode: 'concat', name: `bidirectional_${i}` }).apply(h)
      : rnn.apply(h)) as tf.SymbolicTensor;
    h = drop(h);
  }
  const nq = spec.quantiles;
  const denseInit = () => tf.initializers.glorotUniform({ seed: next() });
  if (spec.encoderDecoder) {
    h = tf.layers.repeatVector({ n: spec.horizon, name: 'repeat' }).apply(h) as tf.SymbolicTensor;
    for (let i = 0; i < (spec.decoderLayers ?? 1); i++) {
      h = recurrentLayer(spec.cell, spec.units, true, next(), `decoder_${i}`).apply(h) as tf.SymbolicTensor;
      h = drop(h);
    }
    const dense = tf.layers.dense({ units: nq, kernelInitializer: denseInit(), name: 'head_dense' });
    h = tf.layers.timeDistributed({ layer: dense, name: 'head' }).apply(h) as tf.SymbolicTensor;
  } else {
    h = tf.layers.dense({ units: spec.horizon * nq, kernelInitializer: denseInit(), name: 'head' }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.reshape({ targetShape: [spec.horizon, nq], name: 'head_reshape' }).apply(h) as tf.SymbolicTensor;
  }
  if ((spec.quantileHead ?? 'monotone') === 'monotone' && nq > 1) {
    h = new SeqcastMonotoneQuantiles({ name: 'monotone_quantiles' }).apply(h) as tf.SymbolicTensor;
  }
  return tf.model({ inputs: input, outputs: h, name: spec.name ?? 'seqcast' });
}

/** Number of trainable and non-trainable weights (scalars). */
export function countParams(model: tf.LayersModel): number {
  return model.countParams();
}

/** Map the dataset's `model` config onto a spec; `window` falls back to the caller's default. */
export function specFromConfig(
  cfg: ModelConfig,
  shape: { window: number; features: number; horizon: number; quantiles: number },
): RecurrentModelSpec {
  return {
    cell: cfg.cell,
    layers: cfg.layers,
    units: cfg.units,
    dropout: cfg.dropout,
    bidirectional: cfg.bidirectional,
    encoderDecoder: cfg.encoderDecoder,
    seed: cfg.seed,
    window: cfg.window ?? shape.window,
    features: shape.features,
    horizon: shape.horizon,
    quantiles: shape.quantiles,
  };
}
