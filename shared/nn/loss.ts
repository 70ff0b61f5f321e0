/**
 * Training losses. Predictions are always `[batch, horizon, nQuantiles]` and targets
 * `[batch, horizon]`, so one model shape serves point and probabilistic forecasts.
 *
 * Pinball (quantile) loss for quantile q and error e = y − ŷ is `max(q·e, (q−1)·e)`: under-
 * forecasting costs q per unit, over-forecasting 1−q, so its minimiser is the q-quantile. It is
 * averaged over samples, horizon steps and quantiles (an unweighted mean, so adding a quantile
 * does not change the scale of the loss). At q = 0.5 it is half the MAE.
 */
import * as tf from '@tensorflow/tfjs';

export type LossSpec =
  | { kind: 'pinball'; quantiles: readonly number[] }
  | { kind: 'mae' }
  | { kind: 'mse' };

/** Element-wise pinball loss, shape of `yPred`. */
function pinballElements(yTrue: tf.Tensor, yPred: tf.Tensor, quantiles: readonly number[]): tf.Tensor {
  const q = tf.tensor1d(quantiles as number[]); // broadcasts over the last (quantile) axis
  const e = tf.sub(tf.expandDims(yTrue, -1), yPred);
  return tf.maximum(tf.mul(q, e), tf.mul(tf.sub(q, 1), e));
}

/**
 * Per-sample loss `[batch]`: the mean over horizon and quantile outputs. For `mae`/`mse` every
 * output column is scored against the target (with one output column this is the usual loss).
 */
export function perSampleLoss(spec: LossSpec, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    if (yPred.rank !== 3) throw new Error(`predictions must be [batch, horizon, nQuantiles], got shape [${yPred.shape}]`);
    if (yTrue.rank !== 2) throw new Error(`targets must be [batch, horizon], got shape [${yTrue.shape}]`);
    if (spec.kind === 'pinball' && spec.quantiles.length !== yPred.shape[2]) {
      throw new Error(`${spec.quantiles.length} quantiles but the model outputs ${yPred.shape[2]} columns`);
    }
    let el: tf.Tensor;
    if (spec.kind === 'pinball') el = pinballElements(yTrue, yPred, spec.quantiles);
    else {
      const e = tf.sub(tf.expandDims(yTrue, -1), yPred);
      el = spec.kind === 'mae' ? tf.abs(e) : tf.square(e);
    }
    return tf.mean(el, [1, 2]) as tf.Tensor1D;
  });
}

/**
 * Scalar loss: the mean of `perSampleLoss`, or with `weights` ([batch], e.g. one per series
 * scale) the weighted mean `Σ wᵢ lᵢ / Σ wᵢ`.
 */
export function computeLoss(spec: LossSpec, yTrue: tf.Tensor, yPred: tf.Tensor, weights?: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const per = perSampleLoss(spec, yTrue, yPred);
    if (!weights) return tf.mean(per) as tf.Scalar;
    return tf.div(tf.sum(tf.mul(per, weights)), tf.sum(weights)) as tf.Scalar;
  });
}

/** Pinball loss (mean over every element), the most common call. */
export function pinballLoss(yTrue: tf.Tensor, yPred: tf.Tensor, quantiles: readonly number[]): tf.Scalar {
  return computeLoss({ kind: 'pinball', quantiles }, yTrue, yPred);
}
