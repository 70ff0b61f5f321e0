/**
 * Structural models at FIXED variances against statsmodels 0.13.5 `UnobservedComponents(...).smooth(params)`
 * (scripts/fixtures/kalman_statsmodels.py → tests/fixtures/kalman/structural.json): Nile (local level, also with
 * D&K's missing stretches), macrodata unemp / 100·log realgdp (local linear trend), tourism M1/M10 (trend +
 * seasonal 12) and Q1 (trend + seasonal 4, also with missing values in the diffuse period); approximate diffuse
 * (1e6, burn = number of states) and exact diffuse.
 *
 * Criteria: log-likelihood within 1e-6 absolute; filtered and smoothed level within 1e-6 relative per time step
 * (relative to max(|ref|, 1e-3·max|ref level|)); every smoothed state within 1e-6 of the level's scale; smoothed
 * variances within 1e-6 relative — for approximate diffuse only from t = burn on: before that both statsmodels and the
 * r/N smoother subtract O(1e6) terms and keep only a few digits (the exact-diffuse cases check those steps).
 * Three code paths are checked: the sparse univariate kernel, the general dense filter + RTS smoother, and the
 * scalar local-level fast path.
 */
import { describe, expect, it } from 'vitest';
import { structuralCases, yOf } from '../fixtures/kalman/load';
import {
  kalmanFilter,
  kalmanForecast,
  localLevelSmooth,
  maxAbsDiff,
  rtsSmooth,
  structuralFilter,
  structuralModel,
  structuralSmooth,
  structuralStartVariances,
  structuralToStateSpace,
  localLevelModel,
  localLinearTrendModel,
  seasonalModel,
  sparseToDense,
} from '../../shared/kalman';

const cases = structuralCases;
const column = (rows: number[][], j: number) => rows.map((r) => r[j]!);

/** Largest per-step relative error with a floor of `floorFrac`·max|ref| (values crossing zero). */
function maxRel(got: ArrayLike<number>, ref: ArrayLike<number>, from = 0, floorFrac = 1e-3): number {
  let scale = 0;
  for (let i = 0; i < ref.length; i++) scale = Math.max(scale, Math.abs(ref[i]!));
  let worst = 0;
  for (let i = from; i < ref.length; i++) {
    const e = Math.abs(got[i]! - ref[i]!) / Math.max(Math.abs(ref[i]!), floorFrac * scale);
    if (!(e <= worst)) worst = e;
  }
  return worst;
}

const strided = (a: Float64Array, n: number, j: number) => Array.from({ length: a.length / n }, (_, t) => a[t * n + j]!);

describe.each(cases.map((c) => [c.name, c] as const))('structural %s', (_name, c) => {
  const y = yOf(c);
  const model = structuralModel(c.kind, c.params, { period: c.period ?? undefined, initialization: c.initialization });
  const n = model.n;
  const burn = c.initialization === 'approximate-diffuse' ? c.loglikelihoodBurn : 0;

  it('has statsmodels’ state layout, burn and starting values', () => {
    expect(model.stateNames).toEqual(c.stateNames);
    expect(model.loglikelihoodBurn).toBe(c.loglikelihoodBurn);
    const start = structuralStartVariances(y, c.kind, c.period ?? undefined);
    expect(maxRel(start, c.startParams, 0, 0)).toBeLessThan(1e-8);
  });

  it('kernel: log-likelihood, filtered/smoothed states and variances', () => {
    const r = structuralSmooth(model, y);
    expect(Math.abs(r.logLikelihood - c.llf)).toBeLessThan(1e-6);
    expect(r.filter.nDiffuse).toBe(c.nobsDiffuse);
    expect(maxRel(strided(r.filter.filteredMean, n, 0), column(c.filteredState, 0))).toBeLessThan(1e-6);
    expect(maxRel(strided(r.smoothedMean, n, 0), column(c.smoothedState, 0))).toBeLessThan(1e-6);
    const levelScale = Math.max(...column(c.smoothedState, 0).map(Math.abs));
    expect(maxAbsDiff(r.smoothedMean, c.smoothedState.flat()) / levelScale).toBeLessThan(1e-6);
    for (let j = 0; j < n; j++) {
      expect(maxRel(strided(r.smoothedVar, n, j), column(c.smoothedStateVar, j), burn)).toBeLessThan(1e-6);
    }
    expect(maxRel(r.filter.finalA, c.finalPredictedState, 0, 1e-6)).toBeLessThan(1e-6);
    if (c.initialization === 'exact-diffuse') {
      expect(maxRel(r.filter.finalP, c.finalPredictedStateCov, 0, 1e-6)).toBeLessThan(1e-6);
    }
  });

  it('likelihood-only mode gives the same log-likelihood', () => {
    const full = structuralFilter(model, y).logLikelihood;
    const fast = structuralFilter(model, y, { store: false }).logLikelihood;
    expect(fast).toBe(full);
  });
});


const approximate = cases.filter((c) => c.initialization === 'approximate-diffuse');
describe.each(approximate.map((c) => [c.name, c] as const))('dense path, structural %s', (_name, c) => {
  const y = yOf(c);
  const model = structuralModel(c.kind, c.params, { period: c.period ?? undefined, initialization: c.initialization });
  const n = model.n;
  const burn = c.initialization === 'approximate-diffuse' ? c.loglikelihoodBurn : 0;

  it('general dense filter + RTS smoother agree with statsmodels', () => {
    const ss = structuralToStateSpace(model);
    const f = kalmanFilter(ss, y, undefined, { burn: model.loglikelihoodBurn });
    const s = rtsSmooth(ss, f);
    expect(Math.abs(f.logLikelihood - c.llf)).toBeLessThan(1e-6);
    expect(maxRel(strided(f.filteredMean, n, 0), column(c.filteredState, 0))).toBeLessThan(1e-6);
    expect(maxRel(strided(s.smoothedMean, n, 0), column(c.smoothedState, 0))).toBeLessThan(1e-6);
    const diag = Array.from({ length: y.length }, (_, t) => s.smoothedCov[t * n * n]!);
    expect(maxRel(diag, column(c.smoothedStateVar, 0), burn)).toBeLessThan(1e-6);
    const fc = kalmanForecast(ss, f, c.forecastMean.length);
    expect(maxRel(fc.mean, c.forecastMean, 0, 1e-6)).toBeLessThan(1e-6);
    expect(maxRel(fc.variance, c.forecastVar, 0, 1e-6)).toBeLessThan(1e-6);
  });
});

const localLevel = cases.filter((c) => c.kind === 'local-level');
describe.each(localLevel.map((c) => [c.name, c] as const))('fast path, structural %s', (_name, c) => {
  const y = yOf(c);
  const burn = c.initialization === 'approximate-diffuse' ? c.loglikelihoodBurn : 0;
  it('scalar fast path agrees with statsmodels', () => {
    const r = localLevelSmooth(y, c.params[0]!, c.params[1]!, c.initialization);
    expect(Math.abs(r.logLikelihood - c.llf)).toBeLessThan(1e-6);
    expect(maxRel(r.filteredMean, column(c.filteredState, 0))).toBeLessThan(1e-6);
    expect(maxRel(r.smoothedMean, column(c.smoothedState, 0))).toBeLessThan(1e-6);
    expect(maxRel(r.smoothedVariance, column(c.smoothedStateVar, 0), burn)).toBeLessThan(1e-6);
    expect(maxRel(r.filteredVariance, column(c.filteredStateVar, 0), burn)).toBeLessThan(1e-6);
  });
});

describe('local-level fast path = general filter = kernel, on awkward data', () => {
  // deterministic pseudo-random walk with gaps, including leading NaNs
  const N = 400;
  const y = new Float64Array(N);
  let level = 10;
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  for (let t = 0; t < N; t++) {
    level += 0.3 * rnd();
    y[t] = level + rnd();
  }
  for (const t of [0, 1, 2, 50, 51, 52, 53, 300, 399]) y[t] = NaN;
  const h = 0.09;
  const q = 0.0075;

  it('approximate diffuse: fast path vs dense filter + RTS', () => {
    const fast = localLevelSmooth(y, h, q);
    const model = structuralModel('local-level', [h, q]);
    const ss = structuralToStateSpace(model);
    const f = kalmanFilter(ss, y, undefined, { burn: 1 });
    const s = rtsSmooth(ss, f);
    expect(Math.abs(fast.logLikelihood - f.logLikelihood)).toBeLessThan(1e-9);
    expect(maxAbsDiff(fast.filteredMean, f.filteredMean)).toBeLessThan(1e-9);
    expect(maxAbsDiff(fast.smoothedMean, s.smoothedMean)).toBeLessThan(1e-9);
    expect(maxAbsDiff(fast.smoothedVariance.subarray(3), s.smoothedCov.subarray(3))).toBeLessThan(1e-9);
    expect(fast.nObserved).toBe(f.nObserved);
  });

  it('exact diffuse with leading NaNs: fast path vs exact-diffuse kernel', () => {
    const fast = localLevelSmooth(y, h, q, 'exact-diffuse');
    const k = structuralSmooth(structuralModel('local-level', [h, q], { initialization: 'exact-diffuse' }), y);
    expect(k.filter.nDiffuse).toBe(4); // three leading NaNs, then the first observation
    expect(Math.abs(fast.logLikelihood - k.logLikelihood)).toBeLessThan(1e-9);
    expect(maxAbsDiff(fast.smoothedMean, k.smoothedMean)).toBeLessThan(1e-9);
    expect(maxAbsDiff(fast.smoothedVariance, k.smoothedVar)).toBeLessThan(1e-9);
    expect(maxAbsDiff(fast.filteredMean.subarray(3), k.filter.filteredMean.subarray(3))).toBeLessThan(1e-9);
  });

  it('reuses preallocated outputs and rejects bad variances', () => {
    const out = {
      filteredMean: new Float64Array(N),
      filteredVariance: new Float64Array(N),
      smoothedMean: new Float64Array(N),
      smoothedVariance: new Float64Array(N),
    };
    const r = localLevelSmooth(y, h, q, 'approximate-diffuse', { out });
    expect(r.smoothedMean).toBe(out.smoothedMean);
    expect(() => localLevelSmooth(y, -1, q)).toThrow(/variances/);
    expect(() => localLevelSmooth(y, h, q, 'approximate-diffuse', { out: { ...out, smoothedMean: new Float64Array(3) } })).toThrow(/length 3/);
  });
});

describe('steady state', () => {
  it('a long seasonal series with late gaps: kernel (steady-state switching) = dense filter', () => {
    const N = 1500;
    const y = new Float64Array(N);
    for (let t = 0; t < N; t++) y[t] = 100 + 0.05 * t + 10 * Math.sin((2 * Math.PI * t) / 4) + 3 * Math.sin(t * 1.7) + Math.cos(t * 0.37);
    for (const t of [800, 801, 1200]) y[t] = NaN;
    const model = structuralModel('seasonal', [2, 0.5, 0.001, 0.1], { period: 4 });
    const k = structuralSmooth(model, y);
    const ss = structuralToStateSpace(model);
    const f = kalmanFilter(ss, y, undefined, { burn: model.loglikelihoodBurn });
    const s = rtsSmooth(ss, f);
    expect(Math.abs(k.logLikelihood - f.logLikelihood)).toBeLessThan(1e-8 * Math.abs(f.logLikelihood));
    expect(maxAbsDiff(k.filter.filteredMean, f.filteredMean)).toBeLessThan(1e-8);
    expect(maxAbsDiff(k.smoothedMean, s.smoothedMean)).toBeLessThan(1e-8);
    const diag = Float64Array.from({ length: N * 5 }, (_, i) => s.smoothedCov[Math.floor(i / 5) * 25 + (i % 5) * 6]!);
    expect(maxAbsDiff(k.smoothedVar.subarray(5 * 10), diag.subarray(5 * 10))).toBeLessThan(1e-8);
    // after a gap the covariance grows again and re-converges
    expect(k.filter.F[801]!).toBeGreaterThan(k.filter.F[799]!);
    expect(Math.abs(k.filter.F[1100]! - k.filter.F[700]!)).toBeLessThan(1e-9 * k.filter.F[700]!);
  });
});

describe('structural builders', () => {
  it('trend + seasonal(4): statsmodels transition, design and disturbance layout', () => {
    const m = seasonalModel([1, 2, 3, 4], 4);
    expect(m.n).toBe(5);
    expect(Array.from(sparseToDense(m.T))).toEqual([
      1, 1, 0, 0, 0,
      0, 1, 0, 0, 0,
      0, 0, -1, -1, -1,
      0, 0, 1, 0, 0,
      0, 0, 0, 1, 0,
    ]);
    expect(Array.from(m.Z)).toEqual([1, 0, 1, 0, 0]);
    expect(m.H).toBe(1);
    expect([m.RQR[0], m.RQR[6], m.RQR[12], m.RQR[18], m.RQR[24]]).toEqual([2, 3, 4, 0, 0]);
    expect(m.loglikelihoodBurn).toBe(5);
    expect(seasonalModel([1, 2, 3, 4], 4, 'exact-diffuse').loglikelihoodBurn).toBe(0);
  });

  it('named builders equal structuralModel', () => {
    expect(localLevelModel([1, 2])).toEqual(structuralModel('local-level', [1, 2]));
    expect(localLinearTrendModel([1, 2, 3], 'exact-diffuse')).toEqual(
      structuralModel('local-linear-trend', [1, 2, 3], { initialization: 'exact-diffuse' }),
    );
    expect(() => localLinearTrendModel([1, 2])).toThrow('local-linear-trend model takes 3 variances (irregular, level, slope), got 2');
  });
});
