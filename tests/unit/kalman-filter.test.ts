/**
 * General Kalman filter, RTS smoother and forecasts against statsmodels' KalmanSmoother on a model with a
 * time-varying transition, state and observation intercepts from a control input (B u, D u), p = 2 observations and
 * whole-row and partial missing values (scripts/fixtures/kalman_statsmodels.py → tests/fixtures/kalman/general.json).
 * Criterion: max |ours − ref| / max |ref| ≤ 1e-9 per quantity; log-likelihood within 1e-9 absolute.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  kalmanFilter,
  kalmanForecast,
  maxAbsDiff,
  rtsSmooth,
  type StateSpaceModel,
} from '../../shared/kalman';

interface GeneralFixture {
  n: number;
  p: number;
  m: number;
  N: number;
  A: number[][];
  B: number[];
  C: number[];
  D: number[];
  Q: number[];
  R: number[];
  x0: number[];
  P0: number[];
  u: number[];
  y: (number | null)[];
  predictedMean: number[];
  predictedCov: number[];
  finalPredictedMean: number[];
  finalPredictedCov: number[];
  filteredMean: number[];
  filteredCov: number[];
  smoothedMean: number[];
  smoothedCov: number[];
  loglikelihood: number;
  burn: number;
  loglikelihoodBurn: number;
  llfObs: number[];
  forecastH: number;
  forecastMean: number[];
  forecastCov: number[];
}

const fx = JSON.parse(
  readFileSync(new URL('../fixtures/kalman/general.json', import.meta.url), 'utf8'),
) as GeneralFixture;
const y = Float64Array.from(fx.y, (v) => (v === null ? NaN : v));
const uAll = Float64Array.from(fx.u);
const uSample = uAll.subarray(0, fx.N * fx.m);
const uFuture = uAll.subarray(fx.N * fx.m);
const Aper = fx.A.map((a) => Float64Array.from(a));

function model(A: StateSpaceModel['A']): StateSpaceModel {
  return {
    n: fx.n,
    p: fx.p,
    m: fx.m,
    A,
    B: Float64Array.from(fx.B),
    C: Float64Array.from(fx.C),
    D: Float64Array.from(fx.D),
    Q: Float64Array.from(fx.Q),
    R: Float64Array.from(fx.R),
    x0: fx.x0,
    P0: Float64Array.from(fx.P0),
  };
}

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  return maxAbsDiff(a, b) / scale;
}

describe('kalmanFilter + rtsSmooth vs statsmodels (time-varying A, controls, p = 2, missing)', () => {
  const mdl = model(Aper);
  const f = kalmanFilter(mdl, y, uSample);
  const s = rtsSmooth(mdl, f);

  it('predicted and filtered states and covariances', () => {
    expect(relErr(f.predictedMean, fx.predictedMean)).toBeLessThan(1e-9);
    expect(relErr(f.predictedCov, fx.predictedCov)).toBeLessThan(1e-9);
    expect(relErr(f.filteredMean, fx.filteredMean)).toBeLessThan(1e-9);
    expect(relErr(f.filteredCov, fx.filteredCov)).toBeLessThan(1e-9);
    expect(relErr(f.finalPredictedMean, fx.finalPredictedMean)).toBeLessThan(1e-9);
    expect(relErr(f.finalPredictedCov, fx.finalPredictedCov)).toBeLessThan(1e-9);
  });

  it('log-likelihood, per step and with a burn', () => {
    expect(Math.abs(f.logLikelihood - fx.loglikelihood)).toBeLessThan(1e-9);
    expect(maxAbsDiff(f.logLikelihoodPerStep, fx.llfObs)).toBeLessThan(1e-10);
    const fb = kalmanFilter(mdl, y, uSample, { burn: fx.burn });
    expect(Math.abs(fb.logLikelihood - fx.loglikelihoodBurn)).toBeLessThan(1e-9);
    // 60 rows × 2, minus the whole-row gap (1 + 3 rows) and 2 partial components
    expect(f.nObserved).toBe(2 * 60 - 2 * 4 - 2);
  });

  it('missing rows skip the update; partial rows use the observed component only', () => {
    const n = fx.n;
    // step 5 is all-NaN: filtered = predicted, innovations NaN
    expect(maxAbsDiff(f.filteredMean.subarray(5 * n, 6 * n), f.predictedMean.subarray(5 * n, 6 * n))).toBe(0);
    expect(Number.isNaN(f.innovation[5 * 2]!) && Number.isNaN(f.innovation[5 * 2 + 1]!)).toBe(true);
    expect(f.logLikelihoodPerStep[5]).toBe(0);
    // step 12: component 0 missing, component 1 observed
    expect(Number.isNaN(f.innovation[12 * 2]!)).toBe(true);
    expect(Number.isFinite(f.innovation[12 * 2 + 1]!)).toBe(true);
    expect(f.gain[12 * n * 2 + 0 * 2 + 0]).toBe(0);
  });

  it('smoothed states and covariances', () => {
    expect(relErr(s.smoothedMean, fx.smoothedMean)).toBeLessThan(1e-9);
    expect(relErr(s.smoothedCov, fx.smoothedCov)).toBeLessThan(1e-9);
  });

  it('forecasts past the sample (time-varying A and controls continue)', () => {
    const fc = kalmanForecast(mdl, f, fx.forecastH, uFuture);
    expect(relErr(fc.mean, fx.forecastMean)).toBeLessThan(1e-9);
    expect(relErr(fc.cov, fx.forecastCov)).toBeLessThan(1e-9);
    expect(fc.variance[0]).toBe(fc.cov[0]);
  });

  it('a matrix given as a function of k gives identical results', () => {
    const f2 = kalmanFilter(model((k) => Aper[k]!), y, uSample);
    expect(maxAbsDiff(f2.filteredMean, f.filteredMean)).toBe(0);
    expect(f2.logLikelihood).toBe(f.logLikelihood);
  });
});

describe('kalmanFilter input checks', () => {
  it('requires controls when B or D is present, and checks dimensions', () => {
    expect(() => kalmanFilter(model(Aper), y)).toThrow(/control input u is required/);
    expect(() => kalmanFilter({ ...model(Aper), x0: [0, 0] }, y, uSample)).toThrow(/x0 has 2 entries/);
    expect(() => kalmanFilter({ ...model(Aper), Q: Float64Array.of(1, 0, 0, 1) }, y, uSample)).toThrow(/Q: expected 3×3/);
    expect(() => kalmanFilter(model(Aper.slice(0, 10)), y, uSample)).toThrow(/no matrix for step 10/);
    expect(() => kalmanFilter(model(Aper), y.subarray(0, 5), uSample)).toThrow(/not a multiple of 2/);
  });

  it('accepts nested rows and a scalar series (p = 1, no controls)', () => {
    const m1: StateSpaceModel = { n: 1, p: 1, A: [[1]], C: [[1]], Q: [[1]], R: [[1]], x0: [0], P0: [[1e6]] };
    const r = kalmanFilter(m1, [1, 2, NaN, 4]);
    expect(r.N).toBe(4);
    expect(r.filteredMean[2]).toBe(r.filteredMean[1]);
    expect(r.nObserved).toBe(3);
  });
});
