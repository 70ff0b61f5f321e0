/**
 * Maximum-likelihood variances (`fitStructural`) and the pipeline entry point (`smoothSeries`) against statsmodels
 * 0.13.5 (tests/fixtures/kalman/structural.json, scripts/fixtures/kalman_statsmodels.py).
 *
 * Two statsmodels references per series: `fitDefault` = `fit()` as users call it (lbfgs, maxiter 50), and `fitTight`
 * = Nelder–Mead + BFGS with tight tolerances from there (the actual maximum). `fit()` stops on its pgtol, often 1–5 %
 * short in the variances on these flat likelihoods (Nile: level 1478.8 vs 1463.5 at the maximum; the textbook
 * exact-diffuse MLE is 15099 / 1469.1, Durbin & Koopman 2012 §2.10). Criteria:
 *   - log-likelihood within 1e-3 of `fitTight`, and never below `fitDefault` by more than 1e-6;
 *   - each variance within 1 % of `fitTight`; variances that are 0 at the maximum (< 1e-6 of the largest) must be
 *     < 1e-4 of the largest;
 *   - within 1 % of `fitDefault` wherever statsmodels' default fit itself is within 0.5 % of the maximum.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { structuralCases, yOf } from '../fixtures/kalman/load';
import {
  fitStructural,
  smoothSeries,
  structuralLogLikelihood,
  type FitStructuralResult,
  type StructuralKind,
} from '../../shared/kalman';

const cases = structuralCases;
const byName = (name: string) => cases.find((c) => c.name === name)!;

const fitted = cases.filter((c) => c.fitTight !== undefined);

describe.each(fitted.map((c) => [c.name, c] as const))('fitStructural %s', (_name, c) => {
  let r: FitStructuralResult;
  beforeAll(() => {
    r = fitStructural(yOf(c), c.kind, { period: c.period ?? undefined, initialization: c.initialization });
  });
  const tight = c.fitTight!;
  const def = c.fitDefault!;
  const largest = Math.max(...tight.params);

  it('reaches the maximum log-likelihood', () => {
    expect(Math.abs(r.logLikelihood - tight.llf)).toBeLessThan(1e-3);
    expect(r.logLikelihood).toBeGreaterThan(def.llf - 1e-6);
    expect(r.converged).toBe(true);
    expect(r.aic).toBeCloseTo(-2 * r.logLikelihood + 2 * c.params.length, 10);
    // the reported log-likelihood is the one of the reported variances
    const again = structuralLogLikelihood(yOf(c), c.kind, r.variances, { period: c.period ?? undefined, initialization: c.initialization });
    expect(Math.abs(again - r.logLikelihood)).toBeLessThan(1e-9);
  });

  it('variances within 1 % of statsmodels’ maximum (and of fit() where it converged)', () => {
    expect(r.variances).toHaveLength(tight.params.length);
    tight.params.forEach((ref, i) => {
      const got = r.variances[i]!;
      if (ref > 1e-6 * largest) expect(Math.abs(got / ref - 1)).toBeLessThan(0.01);
      else expect(got).toBeLessThan(1e-4 * largest);
      const d = def.params[i]!;
      if (ref > 1e-6 * largest && Math.abs(d / ref - 1) < 0.005) expect(Math.abs(got / d - 1)).toBeLessThan(0.01);
    });
  });
});

describe('smoothSeries', () => {
  const nile = byName('nile-ll');

  it('fixed variances: filtered/smoothed level and std match statsmodels', () => {
    for (const name of ['nile-ll', 'nile-missing-ll-exact', 'tourism-m1-seasonal12', 'tourism-q1-missing-seasonal4-exact']) {
      const c = byName(name);
      const r = smoothSeries(yOf(c), { model: c.kind, period: c.period ?? undefined, variances: c.params, initialization: c.initialization });
      expect(r.fitted).toBe(false);
      expect(r.variances).toEqual(c.params);
      const from = c.initialization === 'approximate-diffuse' ? c.loglikelihoodBurn : 0;
      expect(Math.abs(r.logLikelihood - c.llf)).toBeLessThan(1e-6);
      for (let t = 0; t < c.y.length; t++) {
        const sm = c.smoothedState[t]![0]!;
        expect(Math.abs(r.smoothed[t]! - sm)).toBeLessThan(1e-6 * Math.abs(sm));
        expect(Math.abs(r.filtered[t]! - c.filteredState[t]![0]!)).toBeLessThan(1e-6 * Math.abs(sm));
        if (t >= from) expect(Math.abs(r.smoothedStd[t]! / Math.sqrt(c.smoothedStateVar[t]![0]!) - 1)).toBeLessThan(1e-6);
      }
    }
  });

  it('forecast mean and std match statsmodels get_forecast', () => {
    for (const name of ['nile-ll', 'nile-ll-exact', 'unemp-llt', 'tourism-m10-seasonal12', 'tourism-q1-missing-seasonal4']) {
      const c = byName(name);
      const r = smoothSeries(yOf(c), { model: c.kind, period: c.period ?? undefined, variances: c.params, initialization: c.initialization });
      const f = r.forecast(c.forecastMean.length);
      c.forecastMean.forEach((m, j) => {
        expect(Math.abs(f.mean[j]! - m)).toBeLessThan(1e-6 * Math.abs(m) + 1e-9);
        expect(Math.abs(f.std[j]! / Math.sqrt(c.forecastVar[j]!) - 1)).toBeLessThan(1e-6);
      });
    }
  });

  it('fits by MLE when no variances are given', () => {
    const r = smoothSeries(yOf(nile), { model: 'local-level' });
    expect(r.fitted).toBe(true);
    expect(r.fit?.converged).toBe(true);
    expect(Math.abs(r.variances[0]! / nile.fitTight!.params[0]! - 1)).toBeLessThan(0.01);
    expect(Math.abs(r.variances[1]! / nile.fitTight!.params[1]! - 1)).toBeLessThan(0.01);
    expect(Math.abs(r.logLikelihood - nile.fitTight!.llf)).toBeLessThan(1e-3);
  });

  it('validates the model, period and number of variances with clear errors', () => {
    const y = yOf(nile);
    expect(() => smoothSeries(y, { model: 'local-level', variances: [1, 2, 3] })).toThrow(
      'local-level model takes 2 variances (irregular, level), got 3',
    );
    expect(() => smoothSeries(y, { model: 'seasonal', period: 12, variances: [1, 2, 3] })).toThrow(
      /takes 4 variances \(irregular, level, slope, seasonal\)/,
    );
    expect(() => smoothSeries(y, { model: 'seasonal', variances: [1, 1, 1, 1] })).toThrow(/period is required/);
    expect(() => smoothSeries(y, { model: 'seasonal', period: 1, variances: [1, 1, 1, 1] })).toThrow(/period must be an integer ≥ 2/);
    expect(() => smoothSeries(y, { model: 'local-level', variances: [1, -1] })).toThrow(/level variance must be finite and ≥ 0/);
    expect(() => smoothSeries(new Float64Array(3).fill(NaN), { model: 'local-level' })).toThrow(/no observed/);
    expect(() => smoothSeries(y, { model: 'banana' as StructuralKind, variances: [1, 1] })).toThrow(/unknown structural model/);
    // a period given to a non-seasonal model is ignored (the CLI passes the frequency's period to every model)
    const r = smoothSeries(y, { model: 'local-level', period: 12, variances: nile.params });
    expect(Math.abs(r.logLikelihood - nile.llf)).toBeLessThan(1e-6);
  });

  it('handles NaN values and a seasonal fit end to end', () => {
    const c = byName('tourism-q1-missing-seasonal4');
    const r = smoothSeries(yOf(c), { model: 'seasonal', period: 4 });
    expect(r.fitted).toBe(true);
    expect(r.smoothed.every(Number.isFinite)).toBe(true);
    expect(r.smoothedStd.every((v) => v >= 0)).toBe(true);
    expect(r.model.stateNames).toEqual(['level', 'trend', 'seasonal', 'seasonal.L1', 'seasonal.L2']);
    expect(r.smoothedStates.length).toBe(c.y.length * 5);
    const f = r.forecast(8);
    expect(f.std.every((s, j) => j === 0 || s >= f.std[j - 1]! - 1e-9)).toBe(true);
  });
});

describe('fitStructural on degenerate and flat likelihoods', () => {
  it('a constant series gives finite, flat output for every model', () => {
    const y = new Float64Array(40).fill(3);
    for (const model of ['local-level', 'local-linear-trend', 'seasonal'] as const) {
      const r = smoothSeries(y, { model, period: 4 });
      expect(r.variances.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
      expect(Number.isFinite(r.logLikelihood)).toBe(true);
      for (let t = 0; t < y.length; t++) expect(Math.abs(r.smoothed[t]! - 3)).toBeLessThan(1e-6);
    }
  });

  it('white noise: the level variance goes to (near) zero and the irregular one to the noise variance', () => {
    let s = 1;
    const rnd = () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647 - 0.5; // uniform, variance 1/12
    };
    const y = Float64Array.from({ length: 300 }, () => 5 + rnd());
    const r = fitStructural(y, 'local-level');
    expect(r.converged).toBe(true);
    expect(r.variances[1]!).toBeLessThan(1e-3 * r.variances[0]!);
    expect(Math.abs(r.variances[0]! - 1 / 12)).toBeLessThan(0.015);
  });

  it('refuses to fit with no more observations than diffuse states', () => {
    const y = Float64Array.of(1, 2, NaN, 4, 5);
    expect(() => fitStructural(y, 'seasonal', { period: 4 })).toThrow(/has 5 diffuse states and needs more than 5 observed values/);
    expect(() => fitStructural(Float64Array.of(1, NaN), 'local-level')).toThrow(/needs more than 1/);
  });
});
