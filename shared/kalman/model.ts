/**
 * The general discrete linear Gaussian state-space model (Durbin & Koopman 2012, §4.1; Harvey 1989, §3.1):
 *
 *   x[k+1] = A_k x[k] + B_k u[k] + w_k,   w_k ~ N(0, Q_k)
 *   y[k]   = C_k x[k] + D_k u[k] + v_k,   v_k ~ N(0, R_k)
 *
 * with x[0] ~ N(x0, P0): `x0`/`P0` describe the state at the FIRST observation time, before y[0] is seen (statsmodels'
 * `initial_state`/`initial_state_cov`, Durbin & Koopman's a₁/P₁). State dimension n, observation dimension p ≥ 1,
 * control dimension m (0 without controls). Matrices are row-major `Float64Array`s (or nested rows), constant or
 * time-varying: an array with one matrix per step k, or a function of k.
 */
import { fromRows, type MatrixRows } from './matrix';

/** A matrix that may vary with the step k: constant, one per step, or a function of k. */
export type MatrixInput =
  | Float64Array
  | MatrixRows
  | ReadonlyArray<Float64Array>
  | ((k: number) => Float64Array | MatrixRows);

export interface StateSpaceModel {
  /** State dimension. */
  n: number;
  /** Observation dimension (≥ 1). */
  p: number;
  /** Control dimension (0 or absent: no control input). */
  m?: number;
  /** Transition n×n: x[k+1] = A_k x[k] + …. */
  A: MatrixInput;
  /** Control-to-state n×m. */
  B?: MatrixInput;
  /** Observation p×n. */
  C: MatrixInput;
  /** Control-to-observation p×m. */
  D?: MatrixInput;
  /** State noise covariance n×n. */
  Q: MatrixInput;
  /** Observation noise covariance p×p. */
  R: MatrixInput;
  /** Mean of x[0] (length n). */
  x0: ArrayLike<number>;
  /** Covariance of x[0] (n×n). */
  P0: Float64Array | MatrixRows;
}

/** Observations or controls: flat row-major N×width numbers, or one row per step. */
export type SeriesInput = ArrayLike<number> | ReadonlyArray<ArrayLike<number>>;

/** A resolved matrix source: `at(k)` returns the rows×cols matrix in force at step k. */
export interface MatrixSource {
  readonly timeVarying: boolean;
  at(k: number): Float64Array;
}

/** Resolve a `MatrixInput`, checking its dimensions (each time-varying matrix is checked when first used). */
export function resolveMatrix(input: MatrixInput, rows: number, cols: number, name: string): MatrixSource {
  const size = rows * cols;
  const check = (m: Float64Array, k: number | null): Float64Array => {
    if (m.length !== size) {
      const at = k === null ? '' : ` at step ${k}`;
      throw new RangeError(`${name}${at}: expected ${rows}×${cols} = ${size} entries, got ${m.length}`);
    }
    return m;
  };
  if (typeof input === 'function') {
    return {
      timeVarying: true,
      at: (k) => {
        const m = input(k);
        return check(m instanceof Float64Array ? m : fromRows(m), k);
      },
    };
  }
  if (input instanceof Float64Array) {
    const m = check(input, null);
    return { timeVarying: false, at: () => m };
  }
  if (input.length > 0 && input[0] instanceof Float64Array) {
    const list = input as ReadonlyArray<Float64Array>;
    list.forEach((m, k) => check(m, k));
    return {
      timeVarying: true,
      at: (k) => {
        const m = list[k];
        if (m === undefined) throw new RangeError(`${name}: no matrix for step ${k} (given for steps 0..${list.length - 1})`);
        return m;
      },
    };
  }
  const m = check(fromRows(input as MatrixRows), null);
  return { timeVarying: false, at: () => m };
}

/** Flatten observations/controls to row-major N×width; `width` is the row length. */
export function flattenSeries(input: SeriesInput, width: number, name: string): Float64Array {
  if (input.length === 0) return new Float64Array(0);
  const first = input[0];
  if (typeof first === 'number') {
    const flat = Float64Array.from(input as ArrayLike<number>);
    if (flat.length % width !== 0) throw new RangeError(`${name}: length ${flat.length} is not a multiple of ${width}`);
    return flat;
  }
  const rows = input as ReadonlyArray<ArrayLike<number>>;
  const out = new Float64Array(rows.length * width);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    if (r.length !== width) throw new RangeError(`${name}: row ${k} has ${r.length} values, expected ${width}`);
    for (let j = 0; j < width; j++) out[k * width + j] = r[j]!;
  }
  return out;
}

/** Check the static parts of a model (dimensions of x0, P0; n, p positive integers). */
export function validateModel(model: StateSpaceModel): void {
  const { n, p } = model;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`state-space model: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(p) || p < 1) throw new RangeError(`state-space model: p must be a positive integer, got ${p}`);
  const m = model.m ?? 0;
  if (!Number.isInteger(m) || m < 0) throw new RangeError(`state-space model: m must be a non-negative integer, got ${m}`);
  if ((model.B !== undefined || model.D !== undefined) && m === 0) {
    throw new RangeError('state-space model: B or D given but m (control dimension) is 0');
  }
  if (model.x0.length !== n) throw new RangeError(`state-space model: x0 has ${model.x0.length} entries, expected n = ${n}`);
  const p0 = model.P0 instanceof Float64Array ? model.P0 : fromRows(model.P0);
  if (p0.length !== n * n) throw new RangeError(`state-space model: P0 has ${p0.length} entries, expected ${n * n}`);
}
