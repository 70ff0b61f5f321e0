/**
 * FFT against a direct O(n²) DFT (accumulated in a different order, with angles reduced mod n
 * exactly), for power-of-two, prime and composite lengths. Criterion: max |ours − direct| ≤
 * 1e-10 · Σ|x| (the DFT's natural scale), and round trips to 1e-12 · max|x|.
 */
import { describe, expect, it } from 'vitest';
import { fft, inverseRealFft, realFft } from '../../shared/decompose';

function directDft(re: Float64Array, im: Float64Array, inverse: boolean): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  const sign = inverse ? 1 : -1;
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < n; t++) {
      const angle = (sign * 2 * Math.PI * ((k * t) % n)) / n;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      sr += re[t]! * c - im[t]! * s;
      si += re[t]! * s + im[t]! * c;
    }
    outRe[k] = inverse ? sr / n : sr;
    outIm[k] = inverse ? si / n : si;
  }
  return { re: outRe, im: outIm };
}

/** Deterministic test signal (no RNG): mixes a few tones and a ramp. */
function signal(n: number, seed: number): Float64Array {
  const x = new Float64Array(n);
  for (let t = 0; t < n; t++) x[t] = Math.sin(0.7 * t + seed) + 0.3 * Math.cos(2.1 * t * t + seed) + (t / n) * seed;
  return x;
}

const LENGTHS = [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 17, 31, 60, 64, 97, 100, 128, 255, 256, 257, 1000];

describe('fft', () => {
  for (const n of LENGTHS) {
    it(`matches the direct DFT for n = ${n} (forward and inverse)`, () => {
      const xr = signal(n, 1);
      const xi = signal(n, 2);
      const scale = xr.reduce((a, v) => a + Math.abs(v), 0) + xi.reduce((a, v) => a + Math.abs(v), 0);
      for (const inverse of [false, true]) {
        const re = Float64Array.from(xr);
        const im = Float64Array.from(xi);
        fft(re, im, inverse);
        const ref = directDft(xr, xi, inverse);
        let err = 0;
        for (let k = 0; k < n; k++) err = Math.max(err, Math.abs(re[k]! - ref.re[k]!), Math.abs(im[k]! - ref.im[k]!));
        expect(err).toBeLessThanOrEqual(1e-10 * Math.max(scale, 1) / (inverse ? n : 1));
      }
    });
  }

  it('known transform: a pure tone lands in its two bins', () => {
    const n = 30;
    const x = new Float64Array(n);
    for (let t = 0; t < n; t++) x[t] = Math.cos((2 * Math.PI * 4 * t) / n);
    const { re, im } = realFft(x);
    expect(re.length).toBe(16);
    for (let k = 0; k < re.length; k++) {
      expect(re[k]!).toBeCloseTo(k === 4 ? n / 2 : 0, 10);
      expect(im[k]!).toBeCloseTo(0, 10);
    }
  });

  for (const n of [1, 2, 9, 10, 1023, 4096, 10_007]) {
    it(`realFft / inverseRealFft round trip, n = ${n}`, () => {
      const x = signal(n, 3);
      const { re, im } = realFft(x);
      expect(re.length).toBe(Math.floor(n / 2) + 1);
      const back = inverseRealFft(re, im, n);
      const max = x.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
      let err = 0;
      for (let t = 0; t < n; t++) err = Math.max(err, Math.abs(back[t]! - x[t]!));
      expect(err).toBeLessThanOrEqual(1e-12 * Math.max(max, 1));
    });
  }
});
