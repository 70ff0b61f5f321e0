/**
 * Seeded pseudo-random numbers for everything in training that must repeat exactly: window
 * shuffling, dropout masks, orthogonal initialisation. `Math.random` is never used, so the same
 * data + config + backend gives the same weights (design invariant 2: idempotent runs).
 */

/** A generator returning floats uniformly in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: a tiny 32-bit generator with a full 2^32 period. Plenty for shuffling and
 * initialisation, and trivially reproducible in any language if a result must be re-derived.
 */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Derive an independent 32-bit seed from a base seed and a stream number (e.g. epoch, layer
 * index), so sub-streams do not overlap the way `seed + k` sequences would in a linear generator.
 */
export function deriveSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((stream >>> 0) + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Fisher–Yates permutation of 0..n-1 as an Int32Array (ready for `tf.tensor1d(…, 'int32')`). */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** Standard normal draws (Box–Muller), used by the JS-side orthogonal initialiser. */
export function gaussian(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Deterministic N(0,1) stream for simulations (tests, benchmarks): mulberry32 uniforms shifted by
 * half a step into (0, 1), so `log` never sees 0, through Box–Muller.
 */
export function gaussianStream(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
