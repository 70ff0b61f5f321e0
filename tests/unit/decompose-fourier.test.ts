/**
 * Fourier decomposition and its band split.
 * - fourierBandSplit on sums of pure tones at DFT bin frequencies: each tone lands entirely in its
 *   band (low / seasonal / rest), max error ≤ 1e-10 (amplitudes 1–3).
 * - fourierDecompose: identity at every point (additive |T+C+S+I − y|_t ≤ 1e-9 · max component
 *   magnitude at t; multiplicative |T·C·S·I / y − 1| ≤ 1e-9), periodic seasonal when p | n, and the
 *   components carry the structure they should on a synthetic series (explicit tolerances below).
 */
import { describe, expect, it } from 'vitest';
import {
  DecompositionError,
  fourierBandSplit,
  fourierDecompose,
  type Decomposition,
  type DecompositionModel,
} from '../../shared/decompose';

function expectIdentity(y: Float64Array, d: Decomposition, model: DecompositionModel, tol = 1e-9): void {
  for (let t = 0; t < y.length; t++) {
    const [T, C, S, I] = [d.trend[t]!, d.cycle[t]!, d.seasonal[t]!, d.irregular[t]!];
    if (model === 'additive') {
      const scale = Math.max(Math.abs(y[t]!), Math.abs(T), Math.abs(C), Math.abs(S), Math.abs(I), 1e-300);
      expect(Math.abs(T + C + S + I - y[t]!) / scale).toBeLessThanOrEqual(tol);
    } else {
      expect(Math.abs((T * C * S * I) / y[t]! - 1)).toBeLessThanOrEqual(tol);
    }
  }
}

const tone = (n: number, bin: number, amp: number, phase = 0) =>
  Float64Array.from({ length: n }, (_, t) => amp * Math.cos((2 * Math.PI * bin * t) / n + phase));

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('fourierBandSplit', () => {
  for (const n of [240, 250, 97]) {
    it(`routes pure tones to their bands (n = ${n}, period 12)`, () => {
      const period = 12;
      // low: bin 1 (< n/24); seasonal: nearest bin to harmonic 2/12; rest: a bin between harmonics.
      const lowBin = 1;
      const seasonalBin = Math.round((2 * n) / period);
      const restBin = Math.round((2.5 * n) / period);
      const low = tone(n, lowBin, 2, 0.3);
      const seasonal = tone(n, seasonalBin, 3, 1.1);
      const rest = tone(n, restBin, 1, -0.4);
      const mean = 0.7;
      const x = low.map((v, t) => mean + v + seasonal[t]! + rest[t]!);
      const split = fourierBandSplit(x, { period });
      expect(maxAbsDiff(split.low, low.map((v) => v + mean))).toBeLessThanOrEqual(1e-10);
      expect(maxAbsDiff(split.seasonal, seasonal)).toBeLessThanOrEqual(1e-10);
    });
  }

  it('honours cycleCutoff and seasonalHalfWidth', () => {
    const n = 240;
    const x = tone(n, 15, 1); // f = 1/16: above the default cutoff 1/24, below 1/12
    expect(maxAbsDiff(fourierBandSplit(x, { period: 12 }).low, new Float64Array(n))).toBeLessThanOrEqual(1e-10);
    expect(maxAbsDiff(fourierBandSplit(x, { period: 12, cycleCutoff: 0.07 }).low, x)).toBeLessThanOrEqual(1e-10);
    const nearHarmonic = tone(n, 22, 1); // 2 bins from harmonic 1/12 (bin 20)
    expect(maxAbsDiff(fourierBandSplit(nearHarmonic, { period: 12 }).seasonal, new Float64Array(n))).toBeLessThanOrEqual(1e-10);
    expect(maxAbsDiff(fourierBandSplit(nearHarmonic, { period: 12, seasonalHalfWidth: 3 }).seasonal, nearHarmonic)).toBeLessThanOrEqual(1e-10);
    expect(() => fourierBandSplit(x, { period: 12, cycleCutoff: 0.7 })).toThrow(DecompositionError);
  });
});

describe('fourierDecompose', () => {
  const period = 12;
  const n = 240;
  const pattern = [3, 1, -2, -4, -1, 2, 5, 4, 0, -3, -4, -1];
  const patternMean = pattern.reduce((a, v) => a + v, 0) / period;
  const y = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    y[t] = 100 + 0.2 * t + 4 * Math.sin((2 * Math.PI * t) / 60) + pattern[t % period]! + 0.8 * Math.cos(2 * Math.PI * 0.29 * t);
  }

  it('additive: identity, periodic seasonal, components carry their parts', () => {
    const d = fourierDecompose(y, { period, model: 'additive' });
    expectIdentity(y, d, 'additive');
    // p divides n: the seasonal bins are exact harmonics, so S repeats exactly.
    for (let t = 0; t + period < n; t++) expect(Math.abs(d.seasonal[t + period]! - d.seasonal[t]!)).toBeLessThanOrEqual(1e-9);
    // Seasonal close to the true (centred) pattern; the 0.29-cycle tone ends up in the irregular.
    for (let t = 0; t < period; t++) expect(Math.abs(d.seasonal[t]! - (pattern[t]! - patternMean))).toBeLessThan(0.2);
    let dot = 0;
    let norm = 0;
    for (let t = 0; t < n; t++) {
      const z = Math.cos(2 * Math.PI * 0.29 * t);
      dot += d.irregular[t]! * z;
      norm += z * z;
    }
    expect(dot / norm).toBeGreaterThan(0.7); // regression coefficient of I on the tone (true 0.8)
    expect(dot / norm).toBeLessThan(0.95);
    // Trend + cycle follow the smooth part closely in the interior.
    for (let t = 12; t < n - 12; t++) {
      const smooth = 100 + 0.2 * t + 4 * Math.sin((2 * Math.PI * t) / 60);
      expect(Math.abs(d.trend[t]! + d.cycle[t]! + patternMean - smooth)).toBeLessThan(0.35);
    }
  });

  it('multiplicative: identity at every point, positive components', () => {
    const positive = y.map((v, t) => v * (1 + 0.1 * Math.sin((2 * Math.PI * t) / period)));
    for (const len of [positive.length, 233]) {
      const x = positive.slice(0, len);
      const d = fourierDecompose(x, { period, model: 'multiplicative' });
      expectIdentity(x, d, 'multiplicative');
      for (const c of [d.trend, d.cycle, d.seasonal, d.irregular]) expect(c.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    }
  });

  it('odd period and n not a multiple of the period', () => {
    const x = y.slice(0, 199);
    const d = fourierDecompose(x, { period: 7, model: 'additive' });
    expectIdentity(x, d, 'additive');
  });

  it('throws on non-positive multiplicative data', () => {
    const x = Float64Array.from(y);
    x[3] = -1;
    expect(() => fourierDecompose(x, { period, model: 'multiplicative' })).toThrow(/strictly positive.*index 3/);
  });
});
