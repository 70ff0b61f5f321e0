/**
 * Gradient clipping as pure functions on a name → gradient map (what `tf.variableGrads` and
 * `optimizer.applyGradients` exchange). Recurrent nets occasionally produce exploding gradients
 * on a spiky series; one such step can wreck a global model trained across many series.
 *
 * Both functions stay on the device: no `dataSync`, so a training step never waits on a read.
 * Callers own the returned tensors (and still own the inputs).
 */
import * as tf from '@tensorflow/tfjs';

export type GradMap = Record<string, tf.Tensor>;

/** √(Σ over every gradient of Σ g²): the norm of all gradients seen as one vector. */
export function globalNorm(grads: GradMap): tf.Scalar {
  return tf.tidy(() => {
    const parts = Object.values(grads).map((g) => tf.sum(tf.square(g)));
    if (parts.length === 0) return tf.scalar(0);
    return tf.sqrt(parts.length === 1 ? parts[0]! : tf.addN(parts)) as tf.Scalar;
  });
}

/**
 * Scale every gradient by `maxNorm / max(globalNorm, maxNorm)`: unchanged when the global norm
 * is within `maxNorm`, otherwise shrunk so it equals `maxNorm`, direction preserved (unlike
 * per-tensor clipping, which changes the direction of the update).
 */
export function clipByGlobalNorm(grads: GradMap, maxNorm: number): GradMap {
  if (!(maxNorm > 0)) throw new Error(`clipnorm must be > 0, got ${maxNorm}`);
  const names = Object.keys(grads);
  const clipped = tf.tidy(() => {
    const norm = globalNorm(grads);
    const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm));
    return names.map((n) => tf.mul(grads[n]!, scale));
  });
  const out: GradMap = {};
  names.forEach((n, i) => (out[n] = clipped[i]!));
  return out;
}

/** Clip every gradient element into [−v, v]. */
export function clipByValue(grads: GradMap, v: number): GradMap {
  if (!(v > 0)) throw new Error(`clipvalue must be > 0, got ${v}`);
  const out: GradMap = {};
  for (const [n, g] of Object.entries(grads)) out[n] = tf.clipByValue(g, -v, v);
  return out;
}
