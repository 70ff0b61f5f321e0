/**
 * Supervised windows over a regular series: the bridge from a Float64Array of history to the
 * `[n, window, channels]` / `[n, horizon]` blocks a recurrent network trains on.
 *
 * Every window reports the index of its first input step and its first target step, so callers
 * (backtests, recomposition) can map a prediction back to a date without re-deriving geometry,
 * and tests can prove no future value leaks into the inputs.
 *
 * Geometry for a window whose first input is at `s` (L = inputLength, H = outputLength, g = gap):
 * - `sequential` (default; one-to-one, one-to-many, many-to-one, seq2seq many-to-many): inputs
 *   `s … s+L-1`, targets `s+L+g … s+L+g+H-1` — every target is strictly after every input.
 * - `aligned` (synchronised many-to-many, H ≤ L): output step j belongs to input step `L-H+j` and
 *   targets value `s+L-H+j+1+g`. Targets overlap the input span, so this is leak-free only for a
 *   causal (unidirectional) network, where output j sees inputs 0…L-H+j only. Never pair it
 *   with a bidirectional encoder.
 *
 * Windows are anchored at the end by default: the last window always uses the newest data and
 * the stride thins out older windows, which is what a forecaster wants when data is scarce.
 */

/** The time series (and optional extra channels, e.g. calendar features) to cut windows from. */
export interface WindowSource {
  /** Target series, length T; NaN marks a missing value. */
  values: ArrayLike<number>;
  /** Extra input channels, row-major `[T, channels]` (`data[t * channels + f]`). */
  features?: { data: ArrayLike<number>; channels: number };
  /** Feed `values` as input channel 0 (default true). False: inputs are the features only. */
  valuesAsInput?: boolean;
}

export type Alignment = 'sequential' | 'aligned';

export interface WindowOptions {
  /** Input steps per window (L ≥ 1). */
  inputLength: number;
  /** Target steps per window (H ≥ 1). */
  outputLength: number;
  /** Steps between the starts of consecutive windows (default 1). */
  stride?: number;
  /** Steps skipped between the input and its targets (default 0: targets follow immediately). */
  gap?: number;
  /** How targets sit relative to inputs (default `sequential`; see module doc). */
  alignment?: Alignment;
  /** `end` (default): the last window ends at `to`; `start`: the first window starts at `from`. */
  anchor?: 'end' | 'start';
  /** First time index a window may touch (default 0). */
  from?: number;
  /** One past the last time index a window may touch (default T): cut here for backtests. */
  to?: number;
  /** Drop windows whose inputs or targets hold NaN/±Infinity (default true). */
  skipNonFinite?: boolean;
}

/** Input blocks only (what a forecast needs). */
export interface InputWindows {
  count: number;
  inputLength: number;
  channels: number;
  /** Row-major `[count, inputLength, channels]`. */
  x: Float32Array;
  xShape: [number, number, number];
  /** Time index of each window's first input step. */
  inputStart: Int32Array;
  /** Series number of each window, set by `concatWindows` (all zeros otherwise). */
  seriesIndex: Int32Array;
}

/** Inputs plus targets (what training needs). */
export interface Windows extends InputWindows {
  outputLength: number;
  /** Row-major `[count, outputLength]`. */
  y: Float32Array;
  yShape: [number, number];
  /** Time index of each window's first target step; targets are contiguous from there. */
  targetStart: Int32Array;
}

function channelsOf(src: WindowSource): number {
  const f = src.features?.channels ?? 0;
  const c = (src.valuesAsInput ?? true ? 1 : 0) + f;
  if (c < 1) throw new Error('window source has no input channel (valuesAsInput=false and no features)');
  return c;
}

function checkSource(src: WindowSource): number {
  const T = src.values.length;
  if (src.features) {
    const { data, channels } = src.features;
    if (!Number.isInteger(channels) || channels < 0) throw new Error(`features.channels must be a non-negative integer, got ${channels}`);
    if (data.length !== T * channels) {
      throw new Error(`features hold ${data.length} numbers, expected T × channels = ${T} × ${channels} = ${T * channels}`);
    }
  }
  return T;
}

function positiveInt(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${v}`);
}

/** Copy the inputs of the window starting at `s` into `x` at `offset`; false when a value is not finite. */
function fillInputs(src: WindowSource, s: number, L: number, x: Float32Array, offset: number): boolean {
  const useValues = src.valuesAsInput ?? true;
  const F = src.features?.channels ?? 0;
  const fd = src.features?.data;
  let ok = true;
  let o = offset;
  for (let t = s; t < s + L; t++) {
    if (useValues) {
      const v = src.values[t]!;
      if (!Number.isFinite(v)) ok = false;
      x[o++] = v;
    }
    for (let f = 0; f < F; f++) {
      const v = fd![t * F + f]!;
      if (!Number.isFinite(v)) ok = false;
      x[o++] = v;
    }
  }
  return ok;
}

/** The start indices of all windows fitting in [from, to) with the given span, ascending. */
function windowStarts(from: number, to: number, span: number, stride: number, anchor: 'end' | 'start'): number[] {
  const starts: number[] = [];
  if (to - from < span) return starts;
  if (anchor === 'start') {
    for (let s = from; s + span <= to; s += stride) starts.push(s);
  } else {
    for (let s = to - span; s >= from; s -= stride) starts.push(s);
    starts.reverse();
  }
  return starts;
}

/**
 * Cut every supervised window (see the module doc for the geometry). Windows are returned in
 * time order; skipped (non-finite) windows leave no hole in the arrays.
 */
export function makeWindows(src: WindowSource, opts: WindowOptions): Windows {
  const T = checkSource(src);
  const L = opts.inputLength;
  const H = opts.outputLength;
  const stride = opts.stride ?? 1;
  const gap = opts.gap ?? 0;
  const alignment = opts.alignment ?? 'sequential';
  positiveInt('inputLength', L, 1);
  positiveInt('outputLength', H, 1);
  positiveInt('stride', stride, 1);
  positiveInt('gap', gap, 0);
  if (alignment === 'aligned' && H > L) throw new Error(`aligned windows need outputLength ≤ inputLength, got ${H} > ${L}`);
  const from = opts.from ?? 0;
  const to = opts.to ?? T;
  if (from < 0 || to > T || from > to) throw new Error(`window range [${from}, ${to}) is outside the series [0, ${T})`);
  const C = channelsOf(src);
  const skip = opts.skipNonFinite ?? true;

  // First target relative to the window start, and the number of steps the window occupies.
  const targetOffset = alignment === 'sequential' ? L + gap : L - H + 1 + gap;
  const span = Math.max(L, targetOffset + H);
  const starts = windowStarts(from, to, span, stride, opts.anchor ?? 'end');

  const x = new Float32Array(starts.length * L * C);
  const y = new Float32Array(starts.length * H);
  const inputStart = new Int32Array(starts.length);
  const targetStart = new Int32Array(starts.length);
  let n = 0;
  for (const s of starts) {
    let ok = fillInputs(src, s, L, x, n * L * C);
    const ts = s + targetOffset;
    for (let h = 0; h < H; h++) {
      const v = src.values[ts + h]!;
      if (!Number.isFinite(v)) ok = false;
      y[n * H + h] = v;
    }
    if (!ok && skip) continue; // the next window overwrites this slot
    inputStart[n] = s;
    targetStart[n] = ts;
    n++;
  }
  return {
    count: n,
    inputLength: L,
    outputLength: H,
    channels: C,
    x: n === starts.length ? x : x.slice(0, n * L * C),
    xShape: [n, L, C],
    y: n === starts.length ? y : y.slice(0, n * H),
    yShape: [n, H],
    inputStart: inputStart.slice(0, n),
    targetStart: targetStart.slice(0, n),
    seriesIndex: new Int32Array(n),
  };
}

type ShortOptions = Omit<WindowOptions, 'inputLength' | 'outputLength' | 'alignment'>;

/** One input step → the next value (a point-wise regression on the previous step and features). */
export function oneToOne(src: WindowSource, opts: ShortOptions = {}): Windows {
  return makeWindows(src, { ...opts, inputLength: 1, outputLength: 1 });
}

/** One input step → the next `outputLength` values. */
export function oneToMany(src: WindowSource, opts: ShortOptions & { outputLength: number }): Windows {
  return makeWindows(src, { ...opts, inputLength: 1 });
}

/** `inputLength` steps → the next value. */
export function manyToOne(src: WindowSource, opts: ShortOptions & { inputLength: number }): Windows {
  return makeWindows(src, { ...opts, outputLength: 1 });
}

/** `inputLength` steps → `outputLength` values, `sequential` (seq2seq, default) or `aligned`. */
export function manyToMany(
  src: WindowSource,
  opts: ShortOptions & { inputLength: number; outputLength: number; alignment?: Alignment },
): Windows {
  return makeWindows(src, opts);
}

/**
 * The input block that ends just before `end` (default: the end of the series): what a forecast
 * from origin `end` is computed from. Throws when the history is too short or holds a
 * non-finite value, since a forecast cannot silently skip its only window.
 */
export function inputWindow(src: WindowSource, inputLength: number, end?: number): InputWindows {
  const T = checkSource(src);
  positiveInt('inputLength', inputLength, 1);
  const e = end ?? T;
  const s = e - inputLength;
  if (s < 0 || e > T) throw new Error(`need ${inputLength} steps before index ${e}, series has ${T}`);
  const C = channelsOf(src);
  const x = new Float32Array(inputLength * C);
  if (!fillInputs(src, s, inputLength, x, 0)) {
    throw new Error(`input window [${s}, ${e}) holds a missing or non-finite value`);
  }
  return {
    count: 1, inputLength, channels: C, x, xShape: [1, inputLength, C],
    inputStart: Int32Array.of(s), seriesIndex: new Int32Array(1),
  };
}

/** Stack windows of several series (a global model); `seriesIndex` records each window's source. */
export function concatWindows(parts: readonly Windows[]): Windows;
export function concatWindows(parts: readonly InputWindows[]): InputWindows;
export function concatWindows(parts: readonly (Windows | InputWindows)[]): Windows | InputWindows {
  if (parts.length === 0) throw new Error('concatWindows needs at least one part');
  const first = parts[0]!;
  const withTargets = parts.every((p) => 'y' in p);
  for (const p of parts) {
    if (p.inputLength !== first.inputLength || p.channels !== first.channels) {
      throw new Error('concatWindows: parts differ in inputLength or channels');
    }
    if (withTargets && (p as Windows).outputLength !== (first as Windows).outputLength) {
      throw new Error('concatWindows: parts differ in outputLength');
    }
  }
  const n = parts.reduce((a, p) => a + p.count, 0);
  const L = first.inputLength;
  const C = first.channels;
  const x = new Float32Array(n * L * C);
  const inputStart = new Int32Array(n);
  const seriesIndex = new Int32Array(n);
  const H = withTargets ? (first as Windows).outputLength : 0;
  const y = new Float32Array(n * H);
  const targetStart = new Int32Array(withTargets ? n : 0);
  let o = 0;
  parts.forEach((p, k) => {
    x.set(p.x, o * L * C);
    inputStart.set(p.inputStart, o);
    seriesIndex.fill(k, o, o + p.count);
    if (withTargets) {
      y.set((p as Windows).y, o * H);
      targetStart.set((p as Windows).targetStart, o);
    }
    o += p.count;
  });
  const base: InputWindows = { count: n, inputLength: L, channels: C, x, xShape: [n, L, C], inputStart, seriesIndex };
  return withTargets ? { ...base, outputLength: H, y, yShape: [n, H], targetStart } : base;
}

/** The windows for which `keep(i)` is true, in order (e.g. a temporal train/validation split). */
export function selectWindows(w: Windows, keep: (i: number) => boolean): Windows {
  const idx: number[] = [];
  for (let i = 0; i < w.count; i++) if (keep(i)) idx.push(i);
  const L = w.inputLength;
  const C = w.channels;
  const H = w.outputLength;
  const n = idx.length;
  const x = new Float32Array(n * L * C);
  const y = new Float32Array(n * H);
  idx.forEach((i, k) => {
    x.set(w.x.subarray(i * L * C, (i + 1) * L * C), k * L * C);
    y.set(w.y.subarray(i * H, (i + 1) * H), k * H);
  });
  const pick = (a: Int32Array) => Int32Array.from(idx, (i) => a[i]!);
  return {
    count: n, inputLength: L, outputLength: H, channels: C, x, xShape: [n, L, C], y, yShape: [n, H],
    inputStart: pick(w.inputStart), targetStart: pick(w.targetStart), seriesIndex: pick(w.seriesIndex),
  };
}
