/**
 * Discrete Fourier transform of any length, in place on split real/imaginary arrays:
 *
 *   forward  X_k = Σ_{t<n} x_t e^{−2πi kt/n},   inverse  x_t = (1/n) Σ_{k<n} X_k e^{+2πi kt/n}.
 *
 * Powers of two use the iterative radix-2 Cooley–Tukey algorithm; other lengths use Bluestein's
 * chirp-z identity kt = (k² + t² − (k−t)²)/2, turning the DFT into a convolution computed with
 * power-of-two FFTs of length ≥ 2n − 1. O(n log n) for every n.
 */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (im.length !== n) throw new RangeError(`fft: re and im lengths differ (${n} vs ${im.length})`);
  if (n <= 1) return;
  if ((n & (n - 1)) === 0) radix2(re, im, inverse);
  else bluestein(re, im, inverse);
  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[i] = re[i]! / n;
      im[i] = im[i]! / n;
    }
  }
}

/** Unscaled radix-2 transform (length a power of two); sign −1 forward, +1 inverse. */
function radix2(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  // Bit-reversal permutation.
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]!;
      re[i] = re[j]!;
      re[j] = t;
      t = im[i]!;
      im[i] = im[j]!;
      im[j] = t;
    }
  }
  // Twiddles e^{∓2πik/n}, k < n/2, from cos/sin directly (no recurrence: error stays O(ε log n));
  // a stage of block size s uses every (n/s)-th entry.
  const half = n >> 1;
  const cosTable = new Float64Array(half);
  const sinTable = new Float64Array(half);
  const sign = inverse ? 1 : -1;
  for (let k = 0; k < half; k++) {
    const angle = (sign * 2 * Math.PI * k) / n;
    cosTable[k] = Math.cos(angle);
    sinTable[k] = Math.sin(angle);
  }
  for (let size = 2; size <= n; size <<= 1) {
    const halfSize = size >> 1;
    const stride = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0, tw = 0; k < halfSize; k++, tw += stride) {
        const wr = cosTable[tw]!;
        const wi = sinTable[tw]!;
        const a = start + k;
        const b = a + halfSize;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
}

/** Unscaled arbitrary-length transform via Bluestein's algorithm. */
function bluestein(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const sign = inverse ? 1 : -1;
  // Chirp w_k = e^{sign·iπ k²/n}; k² is reduced mod 2n so the angle stays accurate for large n.
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  const twoN = 2 * n;
  for (let k = 0, k2 = 0; k < n; k++) {
    const angle = (sign * Math.PI * k2) / n;
    chirpRe[k] = Math.cos(angle);
    chirpIm[k] = Math.sin(angle);
    k2 = (k2 + 2 * k + 1) % twoN; // (k + 1)² mod 2n, exact in integers
  }
  const aRe = new Float64Array(m);
  const aIm = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    aRe[k] = re[k]! * chirpRe[k]! - im[k]! * chirpIm[k]!;
    aIm[k] = re[k]! * chirpIm[k]! + im[k]! * chirpRe[k]!;
  }
  const bRe = new Float64Array(m);
  const bIm = new Float64Array(m);
  bRe[0] = chirpRe[0]!;
  bIm[0] = -chirpIm[0]!;
  for (let k = 1; k < n; k++) {
    bRe[k] = bRe[m - k] = chirpRe[k]!;
    bIm[k] = bIm[m - k] = -chirpIm[k]!;
  }
  radix2(aRe, aIm, false);
  radix2(bRe, bIm, false);
  for (let k = 0; k < m; k++) {
    const r = aRe[k]! * bRe[k]! - aIm[k]! * bIm[k]!;
    aIm[k] = aRe[k]! * bIm[k]! + aIm[k]! * bRe[k]!;
    aRe[k] = r;
  }
  radix2(aRe, aIm, true);
  for (let k = 0; k < n; k++) {
    const cr = aRe[k]! / m;
    const ci = aIm[k]! / m;
    re[k] = cr * chirpRe[k]! - ci * chirpIm[k]!;
    im[k] = cr * chirpIm[k]! + ci * chirpRe[k]!;
  }
}

/**
 * Spectrum of a real series: bins k = 0..⌊n/2⌋ of the forward transform (the rest follow by
 * conjugate symmetry X_{n−k} = conj X_k).
 */
export function realFft(x: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const re = Float64Array.from(x);
  const im = new Float64Array(n);
  fft(re, im, false);
  const bins = Math.floor(n / 2) + 1;
  return { re: re.slice(0, Math.min(bins, n)), im: im.slice(0, Math.min(bins, n)) };
}

/**
 * Real series of length n from its half spectrum (bins 0..⌊n/2⌋), the inverse of {@link realFft}.
 * Imaginary parts of bin 0 (and of bin n/2 for even n) are ignored, as they must be zero.
 */
export function inverseRealFft(re: Float64Array, im: Float64Array, n: number): Float64Array {
  const fullRe = new Float64Array(n);
  const fullIm = new Float64Array(n);
  const bins = Math.floor(n / 2) + 1;
  if (re.length < Math.min(bins, n) || im.length < Math.min(bins, n)) {
    throw new RangeError(`inverseRealFft: need ${bins} bins for n = ${n}`);
  }
  for (let k = 0; k < bins && k < n; k++) {
    fullRe[k] = re[k]!;
    fullIm[k] = im[k]!;
    if (k > 0 && n - k !== k) {
      fullRe[n - k] = re[k]!;
      fullIm[n - k] = -im[k]!;
    }
  }
  if (n > 0) fullIm[0] = 0;
  if (n % 2 === 0 && n > 0) fullIm[n / 2] = 0;
  fft(fullRe, fullIm, true);
  return fullRe;
}
