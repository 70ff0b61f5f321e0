/**
 * Dense matrix helpers, `expm` (Padé 13 scaling & squaring) against scipy.linalg.expm and closed forms, and ZOH /
 * Van Loan discretisation against scipy.signal.cont2discrete and closed forms.
 * Fixtures: scripts/fixtures/kalman_statsmodels.py → tests/fixtures/kalman/{expm,discretize}.json.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cholesky,
  choleskySolve,
  discretizeProcessNoise,
  discretizeZOH,
  expm,
  fromRows,
  luFactor,
  luSolve,
  matMul,
  matMulT,
  matTMul,
  maxAbsDiff,
} from '../../shared/kalman';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/kalman/${name}`, import.meta.url), 'utf8'));

/** max |a − b| / max(max |b|, 1e-300). */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  return maxAbsDiff(a, b) / Math.max(scale, 1e-300);
}

describe('matrix helpers', () => {
  it('multiplies, transposes and solves with Cholesky and LU', () => {
    const a = fromRows([[4, 2, 0.6], [2, 5, 1], [0.6, 1, 3]]);
    const b = fromRows([[1, 2], [3, 4], [5, 6]]);
    const l = new Float64Array(9);
    expect(cholesky(a, 3, l)).toBe(true);
    expect(maxAbsDiff(matMulT(l, l, 3, 3, 3, new Float64Array(9)), a)).toBeLessThan(1e-14);
    const x = choleskySolve(l, 3, b.slice(), 2);
    expect(maxAbsDiff(matMul(a, x, 3, 3, 2, new Float64Array(6)), b)).toBeLessThan(1e-13);
    const lu = fromRows([[0, 2, 1], [1, 1, 1], [3, 0, 2]]);
    const orig = lu.slice();
    const perm = new Int32Array(3);
    expect(luFactor(lu, 3, perm)).toBe(true);
    const y = luSolve(lu, 3, perm, b.slice(), 2, new Float64Array(6));
    expect(maxAbsDiff(matMul(orig, y, 3, 3, 2, new Float64Array(6)), b)).toBeLessThan(1e-13);
    // aᵀb for a 3×2 and b 3×2 → 2×2
    expect(Array.from(matTMul(b, b, 3, 2, 2, new Float64Array(4)))).toEqual([35, 44, 44, 56]);
    expect(cholesky(fromRows([[1, 2], [2, 1]]), 2, new Float64Array(4))).toBe(false);
  });
});

describe('expm', () => {
  const { cases } = fixture('expm.json') as { cases: { name: string; n: number; a: number[]; expm: number[] }[] };

  it.each(cases.map((c) => [c.name, c] as const))('matches scipy.linalg.expm: %s', (_name, c) => {
    const got = expm(Float64Array.from(c.a), c.n);
    // scipy uses the same algorithm; differences are round-off growing with the norm (squarings).
    expect(relErr(got, c.expm)).toBeLessThan(1e-12);
  });

  it('matches closed forms: rotation, nilpotent, diagonal', () => {
    const th = 2.7;
    const rot = expm(fromRows([[0, -th], [th, 0]]), 2);
    expect(maxAbsDiff(rot, [Math.cos(th), -Math.sin(th), Math.sin(th), Math.cos(th)])).toBeLessThan(1e-14);
    // N nilpotent: e^N = I + N + N²/2
    const nil = expm(fromRows([[0, 1, 2], [0, 0, 3], [0, 0, 0]]), 3);
    expect(maxAbsDiff(nil, [1, 1, 2 + 1.5, 0, 1, 3, 0, 0, 1])).toBeLessThan(1e-14);
    const big = expm(fromRows([[30, 0], [0, -30]]), 2);
    expect(Math.abs(big[0]! / Math.exp(30) - 1)).toBeLessThan(1e-13);
    expect(Math.abs(big[3]! / Math.exp(-30) - 1)).toBeLessThan(1e-10);
  });

  it('rejects non-finite input and bad sizes', () => {
    expect(() => expm(Float64Array.of(1, NaN, 0, 1), 2)).toThrow(/non-finite/);
    expect(() => expm(Float64Array.of(1, 2, 3), 2)).toThrow(/expected 4/);
  });
});

describe('discretizeZOH / discretizeProcessNoise', () => {
  const { cases } = fixture('discretize.json') as {
    cases: { dt: number; ac: number[]; bc: number[]; a: number[]; b_d: number[] }[];
  };

  it.each(cases.map((c, i) => [i, c] as const))('matches scipy cont2discrete (zoh), case %i', (_i, c) => {
    const d = discretizeZOH(Float64Array.from(c.ac), Float64Array.from(c.bc), c.dt);
    expect(relErr(d.A, c.a)).toBeLessThan(1e-12);
    expect(relErr(d.B, c.b_d)).toBeLessThan(1e-12);
  });

  it('matches the scalar closed form: A = e^{−a dt}, B = (1 − e^{−a dt}) b / a, Q = q (1 − e^{−2a dt}) / (2a)', () => {
    const a = 0.7;
    const b = 2;
    const q = 0.3;
    const dt = 0.4;
    const d = discretizeZOH([[-a]], [[b]], dt);
    expect(Math.abs(d.A[0]! - Math.exp(-a * dt))).toBeLessThan(1e-15);
    expect(Math.abs(d.B[0]! - ((1 - Math.exp(-a * dt)) * b) / a)).toBeLessThan(1e-15);
    const Q = discretizeProcessNoise([[-a]], [[q]], dt);
    expect(Math.abs(Q[0]! - (q * (1 - Math.exp(-2 * a * dt))) / (2 * a))).toBeLessThan(1e-15);
  });

  it('gives the integrated-random-walk Q for a double integrator (Van Loan)', () => {
    const dt = 0.5;
    const q = 2;
    const Q = discretizeProcessNoise([[0, 1], [0, 0]], [[0, 0], [0, q]], dt);
    const expected = [q * dt ** 3 / 3, q * dt ** 2 / 2, q * dt ** 2 / 2, q * dt];
    expect(maxAbsDiff(Q, expected)).toBeLessThan(1e-14);
  });

  it('rejects a non-positive dt and mismatched B', () => {
    expect(() => discretizeZOH([[0]], [[1]], 0)).toThrow(/dt/);
    expect(() => discretizeZOH([[0, 1], [0, 0]], Float64Array.of(1, 2, 3), 1)).toThrow(/multiple/);
  });
});
