import { DecompositionError } from './errors';
import { fft, realFft } from './fft';

export interface FourierBandOptions {
  /** Seasonal period p (≥ 2 for a seasonal band; below 2 the seasonal band is empty). */
  period: number;
  /**
   * Frequencies strictly below this (cycles per observation) form the low band (cycle), including
   * the mean (bin 0). Default 1/(2p): periods longer than two seasonal periods.
   */
  cycleCutoff?: number;
  /**
   * Half-width, in DFT bins, of the band kept around each seasonal harmonic j/p (j = 1..⌊p/2⌋).
   * Default 1: only the bins nearest a harmonic (exactly bin j·n/p when p divides n).
   */
  seasonalHalfWidth?: number;
}

/**
 * Split a series by frequency: X = FFT(x); bin k (frequency k/n) goes to
 *   low       if k/n < cycleCutoff,
 *   seasonal  else if |k/n − j/p| < seasonalHalfWidth/n for some harmonic j = 1..⌊p/2⌋,
 *   rest      otherwise;
 * each band is transformed back (real inverse FFT). low + seasonal + rest = x to rounding; the
 * rest is not returned (callers form it as the remainder). The DFT treats x as periodic, so a
 * jump between x[n−1] and x[0] leaks into every band: detrend first.
 */
export function fourierBandSplit(x: Float64Array, options: FourierBandOptions): { low: Float64Array; seasonal: Float64Array } {
  const n = x.length;
  const p = options.period;
  const halfWidth = options.seasonalHalfWidth ?? 1;
  if (options.cycleCutoff !== undefined && !(options.cycleCutoff >= 0 && options.cycleCutoff <= 0.5)) {
    throw new DecompositionError(`cycleCutoff must be in [0, 0.5] cycles per observation; got ${options.cycleCutoff}`, 'invalid-option');
  }
  if (!(halfWidth > 0)) {
    throw new DecompositionError(`seasonalHalfWidth must be > 0 bins; got ${halfWidth}`, 'invalid-option');
  }
  if (n === 0) return { low: new Float64Array(0), seasonal: new Float64Array(0) };
  // Bin thresholds in units of bins (k < cutoffBin); n/(2p) is computed as one division so an
  // integer boundary is exact.
  const cutoffBin = options.cycleCutoff !== undefined ? options.cycleCutoff * n : p >= 1 ? n / (2 * p) : Infinity;
  const { re, im } = realFft(x);
  // Both bands in one inverse transform: the spectrum L + i·S (L, S Hermitian) transforms back to
  // low + i·seasonal, both real.
  const fullRe = new Float64Array(n);
  const fullIm = new Float64Array(n);
  const maxHarmonic = Math.floor(p / 2);
  for (let k = 0; k < re.length; k++) {
    let band: 'low' | 'seasonal' | 'rest' = 'rest';
    if (k < cutoffBin) {
      band = 'low';
    } else if (maxHarmonic >= 1) {
      // Nearest allowed harmonic j to bin k: |k/n − j/p| < w/n  ⇔  |k·p − j·n| < w·p (integers when w is).
      const j = Math.min(Math.max(Math.round((k * p) / n), 1), maxHarmonic);
      if (Math.abs(k * p - j * n) < halfWidth * p) band = 'seasonal';
    }
    if (band === 'rest') continue;
    const selfMirrored = k === 0 || 2 * k === n; // bins 0 and n/2: real for a real series
    const xr = re[k]!;
    const xi = selfMirrored ? 0 : im[k]!;
    // Low band: X_k at k and conj(X_k) at n − k. Seasonal band: the same times i.
    if (band === 'low') {
      fullRe[k] = xr;
      fullIm[k] = xi;
      if (!selfMirrored) {
        fullRe[n - k] = xr;
        fullIm[n - k] = -xi;
      }
    } else {
      fullRe[k] = -xi;
      fullIm[k] = xr;
      if (!selfMirrored) {
        fullRe[n - k] = xi;
        fullIm[n - k] = xr;
      }
    }
  }
  fft(fullRe, fullIm, true);
  return { low: fullRe, seasonal: fullIm };
}
