import { DecompositionError } from './errors';
import type { DecompositionModel } from './types';

/**
 * Checks shared by the classical and Fourier decompositions: integer period ≥ 2, at least two
 * full periods, finite values, and strictly positive values for a multiplicative model.
 */
export function validateInput(y: Float64Array, period: number, model: DecompositionModel, method: string): void {
  if (!Number.isInteger(period) || period < 2) {
    throw new DecompositionError(`${method} decomposition needs an integer period >= 2; got ${period}`, 'invalid-option');
  }
  if (model !== 'additive' && model !== 'multiplicative') {
    throw new DecompositionError(`unknown decomposition model '${String(model)}'`, 'invalid-option');
  }
  if (y.length < 2 * period) {
    throw new DecompositionError(
      `${method} decomposition needs at least two periods (${2 * period} values); got ${y.length}`,
      'too-short',
    );
  }
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]!)) {
      throw new DecompositionError(`${method} decomposition input has a missing or non-finite value at index ${i}`, 'missing-values');
    }
  }
  if (model === 'multiplicative') requirePositive(y, method);
}

/** Throws `DecompositionError` (code 'non-positive') naming the first value ≤ 0. */
export function requirePositive(y: Float64Array, method: string): void {
  for (let i = 0; i < y.length; i++) {
    if (!(y[i]! > 0)) {
      throw new DecompositionError(
        `multiplicative ${method} decomposition needs strictly positive values; value ${y[i]} at index ${i}`,
        'non-positive',
      );
    }
  }
}
