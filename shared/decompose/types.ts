/** Shared result and option types of the decomposition methods. */

/** Additive: y = T + C + S + I. Multiplicative: y = T × C × S × I (needs y > 0). */
export type DecompositionModel = 'additive' | 'multiplicative';

export type DecompositionMethod = 'classical' | 'fourier' | 'stl';

/**
 * Four components on the input grid. The identity y = T + C + S + I (or T·C·S·I) holds at every
 * point to rounding, because `irregular` is always computed last as the remainder.
 */
export interface Decomposition {
  trend: Float64Array;
  cycle: Float64Array;
  seasonal: Float64Array;
  irregular: Float64Array;
}
