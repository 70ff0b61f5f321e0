/**
 * The three custom pieces the recurrent models need, registered with tfjs serialization so a model
 * saved with them loads back (`tf.loadLayersModel` finds them by class name):
 *
 * - `SeqcastOrthogonal`: seeded orthogonal initialiser computed in JS (Gram–Schmidt on mulberry32
 *   normals). tfjs' own runs a QR on the backend, warns above 2,000 elements and is slow for wide
 *   LSTMs; this one is fast, silent and identical on every backend.
 * - `SeqcastSeededDropout`: dropout whose mask comes from `deriveSeed(seed, callNumber)`. The
 *   tfjs Dropout layer with a seed reuses one mask forever, and RNN-cell dropout ignores seeds
 *   (Math.random), so neither is both random across steps and reproducible across runs.
 * - `SeqcastMonotoneQuantiles`: makes quantile outputs non-decreasing by construction:
 *   `out₀ = raw₀, outₖ = outₖ₋₁ + softplus(rawₖ)`, so the p10 forecast can never exceed p50.
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, gaussian, mulberry32 } from './prng';

type Kwargs = Record<string, unknown>;

/** tfjs keeps `Initializer` out of its public exports; layers check `instanceof`, so we reach the base class. */
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as new () => {
  apply(shape: number[], dtype?: tf.DataType): tf.Tensor;
  getConfig(): tf.serialization.ConfigDict;
};

/**
 * A `rows × cols` matrix with orthonormal columns (rows ≥ cols) or rows (rows < cols), times `gain`.
 * Modified Gram–Schmidt on a seeded Gaussian matrix; float64 throughout.
 */
export function orthogonalMatrix(rows: number, cols: number, seed: number, gain = 1): Float32Array {
  const m = Math.max(rows, cols);
  const k = Math.min(rows, cols);
  const rng = mulberry32(seed);
  const q = new Float64Array(k * m); // k column vectors of length m, contiguous
  for (let i = 0; i < k * m; i++) q[i] = gaussian(rng);
  for (let j = 0; j < k; j++) {
    const vj = q.subarray(j * m, (j + 1) * m);
    for (let pass = 0; pass < 2; pass++) {
      // two passes ("twice is enough") keep orthogonality at float64 precision
      for (let i = 0; i < j; i++) {
        const vi = q.subarray(i * m, (i + 1) * m);
        let d = 0;
        for (let t = 0; t < m; t++) d += vi[t]! * vj[t]!;
        for (let t = 0; t < m; t++) vj[t]! -= d * vi[t]!;
      }
    }
    let nrm = 0;
    for (let t = 0; t < m; t++) nrm += vj[t]! * vj[t]!;
    nrm = Math.sqrt(nrm);
    for (let t = 0; t < m; t++) vj[t]! /= nrm;
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // rows ≥ cols: column c is vector c; else row r is vector r
      out[r * cols + c] = gain * (rows >= cols ? q[c * m + r]! : q[r * m + c]!);
    }
  }
  return out;
}

export class SeqcastOrthogonal extends InitializerBase {
  static className = 'SeqcastOrthogonal';
  readonly seed: number;
  readonly gain: number;
  constructor(args: { seed: number; gain?: number }) {
    super();
    this.seed = args.seed;
    this.gain = args.gain ?? 1;
  }
  override apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    if (shape.length < 2) throw new Error('orthogonal initialiser needs a shape of rank ≥ 2');
    const cols = shape[shape.length - 1]!;
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    return tf.tensor(orthogonalMatrix(rows, cols, this.seed, this.gain), shape, dtype ?? 'float32');
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { seed: this.seed, gain: this.gain };
  }
}
tf.serialization.registerClass(SeqcastOrthogonal as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);

export class SeqcastSeededDropout extends tf.layers.Layer {
  static className = 'SeqcastSeededDropout';
  readonly rate: number;
  readonly seed: number;
  private calls = 0;
  constructor(args: { rate: number; seed: number; name?: string }) {
    super(args);
    this.rate = args.rate;
    this.seed = args.seed;
    this.supportsMasking = true;
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs['training'] !== true || this.rate <= 0) return tf.clone(x);
    return tf.dropout(x, this.rate, undefined, deriveSeed(this.seed, this.calls++));
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeqcastSeededDropout);

export class SeqcastMonotoneQuantiles extends tf.layers.Layer {
  static className = 'SeqcastMonotoneQuantiles';
  constructor(args: { name?: string } = {}) {
    super(args);
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      const q = x.shape[x.rank - 1]!;
      if (q === 1) return tf.clone(x);
      const axis = x.rank - 1;
      const [base, rest] = tf.split(x, [1, q - 1], axis);
      const steps = tf.cumsum(tf.softplus(rest!), axis);
      return tf.concat([base!, tf.add(base!, steps)], axis);
    });
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
}
tf.serialization.registerClass(SeqcastMonotoneQuantiles);
