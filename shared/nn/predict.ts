/**
 * Inference: run a trained model over input windows in slices and return plain arrays.
 *
 * Quantile crossing: models built with the default `monotone` head cannot cross; a `free` head
 * can, so predictions are sorted along the quantile axis per (window, step) by default. Sorting
 * is the standard post-hoc fix (Chernozhukov et al., 2010): it never makes the pinball loss worse.
 */
import * as tf from '@tensorflow/tfjs';

export interface Prediction {
  /** Row-major `[n, horizon, nQuantiles]`. */
  values: Float32Array;
  shape: [number, number, number];
}

export interface PredictOptions {
  /** Windows per forward pass (default 1024). */
  batchSize?: number;
  /** Sort each step's quantiles ascending (default true). */
  sortQuantiles?: boolean;
}

/** Sort each consecutive run of `q` numbers in place (insertion sort: q is tiny). */
export function sortQuantileRuns(values: Float32Array, q: number): Float32Array {
  if (q <= 1) return values;
  for (let o = 0; o < values.length; o += q) {
    for (let i = o + 1; i < o + q; i++) {
      const v = values[i]!;
      let j = i - 1;
      while (j >= o && values[j]! > v) {
        values[j + 1] = values[j]!;
        j--;
      }
      values[j + 1] = v;
    }
  }
  return values;
}

/** Predict `[n, horizon, nQuantiles]` for inputs `x` of shape `xShape` (e.g. an `InputWindows`). */
export async function predict(
  model: tf.LayersModel,
  input: { x: Float32Array; xShape: readonly [number, number, number] },
  opts: PredictOptions = {},
): Promise<Prediction> {
  const [n, L, C] = input.xShape;
  if (input.x.length !== n * L * C) throw new Error(`x holds ${input.x.length} numbers, shape says ${n}×${L}×${C}`);
  const outShape = model.outputs[0]!.shape;
  const h = outShape[1]!;
  const q = outShape[2]!;
  if (outShape.length !== 3 || h == null || q == null) throw new Error(`model output shape [${outShape}] is not [batch, horizon, quantiles]`);
  const bs = opts.batchSize ?? 1024;
  const values = new Float32Array(n * h * q);
  for (let s = 0; s < n; s += bs) {
    const size = Math.min(bs, n - s);
    const out = tf.tidy(() => {
      const xb = tf.tensor3d(input.x.subarray(s * L * C, (s + size) * L * C), [size, L, C]);
      return model.predict(xb) as tf.Tensor;
    });
    values.set(await out.data(), s * h * q);
    out.dispose();
  }
  if (opts.sortQuantiles ?? true) sortQuantileRuns(values, q);
  return { values, shape: [n, h, q] };
}
