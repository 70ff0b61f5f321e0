/**
 * Mean pinball (quantile) loss of a τ-quantile forecast q (Koenker & Bassett 1978; M5 competition):
 *
 *   L_τ = mean_t [ τ·(y_t − q_t)        if y_t ≥ q_t
 *                  (1 − τ)·(q_t − y_t)  otherwise ]
 *
 * Minimised in expectation by the true τ-quantile; τ = 0.5 gives MAE / 2. Pairs whose actual is NaN
 * are skipped; NaN when no actual is present.
 */
export function pinball(
  actual: ArrayLike<number>,
  predictedQuantile: ArrayLike<number>,
  tau: number,
): number {
  if (!(tau > 0 && tau < 1)) throw new RangeError(`pinball: tau must be in (0, 1), got ${tau}`);
  const n = Math.min(actual.length, predictedQuantile.length);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    if (Number.isNaN(y)) continue;
    const d = y - predictedQuantile[i]!;
    sum += d >= 0 ? tau * d : (tau - 1) * d;
    count++;
  }
  return count === 0 ? NaN : sum / count;
}
