import { describe, expect, it } from 'vitest';
import {
  concatWindows, inputWindow, makeWindows, manyToMany, manyToOne, oneToMany, oneToOne, selectWindows,
  type WindowSource, type Windows,
} from '../../shared/nn/window';
import { mulberry32 } from '../../shared/nn/prng';

/** values[t] = t and feature f at t = 1000·(f+1) + t: every number in a window names its time index. */
function indexSource(T: number, F = 0, valuesAsInput = true): WindowSource {
  const values = Float64Array.from({ length: T }, (_, t) => t);
  const data = new Float64Array(T * F);
  for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) data[t * F + f] = 1000 * (f + 1) + t;
  return F > 0 ? { values, features: { data, channels: F }, valuesAsInput } : { values, valuesAsInput };
}

/** Decode the time index of every input number of window i (any channel). */
function inputIndices(w: Windows, i: number): number[] {
  const out: number[] = [];
  const n = w.inputLength * w.channels;
  for (let k = 0; k < n; k++) out.push(w.x[i * n + k]! % 1000);
  return out;
}

function targets(w: Windows, i: number): number[] {
  return Array.from(w.y.subarray(i * w.outputLength, (i + 1) * w.outputLength));
}

describe('makeWindows geometry', () => {
  it('many-to-one: shapes and exactly which steps land in each window (end-anchored)', () => {
    const w = manyToOne(indexSource(10), { inputLength: 3 });
    expect(w.count).toBe(7);
    expect(w.xShape).toEqual([7, 3, 1]);
    expect(w.yShape).toEqual([7, 1]);
    expect(Array.from(w.inputStart)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(w.targetStart)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(w.x.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(targets(w, 6)).toEqual([9]);
  });

  it('one-to-one and one-to-many', () => {
    const a = oneToOne(indexSource(5));
    expect(a.xShape).toEqual([4, 1, 1]);
    expect(Array.from(a.x)).toEqual([0, 1, 2, 3]);
    expect(Array.from(a.y)).toEqual([1, 2, 3, 4]);
    const b = oneToMany(indexSource(6), { outputLength: 3 });
    expect(b.xShape).toEqual([3, 1, 1]);
    expect(b.yShape).toEqual([3, 3]);
    expect(Array.from(b.x)).toEqual([0, 1, 2]);
    expect(targets(b, 2)).toEqual([3, 4, 5]);
  });

  it('sequential many-to-many with stride and gap, anchored at the end', () => {
    // span = 4 + 1 + 2 = 7; T = 20 → last start 13, then 10, 7, 4, 1
    const w = manyToMany(indexSource(20), { inputLength: 4, outputLength: 2, stride: 3, gap: 1 });
    expect(Array.from(w.inputStart)).toEqual([1, 4, 7, 10, 13]);
    expect(Array.from(w.targetStart)).toEqual([6, 9, 12, 15, 18]);
    expect(inputIndices(w, 4)).toEqual([13, 14, 15, 16]);
    expect(targets(w, 4)).toEqual([18, 19]); // the newest value is always a target
  });

  it('start anchoring and a [from, to) range', () => {
    const w = makeWindows(indexSource(20), { inputLength: 4, outputLength: 2, stride: 3, anchor: 'start', from: 2, to: 15 });
    expect(Array.from(w.inputStart)).toEqual([2, 5, 8]);
    for (let i = 0; i < w.count; i++) {
      expect(Math.min(...inputIndices(w, i))).toBeGreaterThanOrEqual(2);
      expect(Math.max(...targets(w, i))).toBeLessThan(15);
    }
  });

  it('feature channels follow the value channel, row-major [n, L, C]', () => {
    const w = manyToOne(indexSource(6, 2), { inputLength: 2 });
    expect(w.xShape).toEqual([4, 2, 3]);
    expect(Array.from(w.x.subarray(0, 6))).toEqual([0, 1000, 2000, 1, 1001, 2001]);
    const noValues = manyToOne(indexSource(6, 2, false), { inputLength: 2 });
    expect(noValues.xShape).toEqual([4, 2, 2]);
    expect(Array.from(noValues.x.subarray(0, 4))).toEqual([1000, 2000, 1001, 2001]);
  });

  it('aligned many-to-many: output j targets the step after input L−H+j', () => {
    const w = manyToMany(indexSource(10), { inputLength: 4, outputLength: 2, alignment: 'aligned' });
    // span = max(4, (4−2+1) + 2) = 5 → starts 0..5
    expect(Array.from(w.inputStart)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(inputIndices(w, 0)).toEqual([0, 1, 2, 3]);
    expect(targets(w, 0)).toEqual([3, 4]);
    expect(Array.from(w.targetStart)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(() => manyToMany(indexSource(10), { inputLength: 2, outputLength: 3, alignment: 'aligned' })).toThrow(/outputLength ≤ inputLength/);
  });

  it('skips windows touching NaN (inputs, features or targets) unless asked not to', () => {
    const src = indexSource(12, 1);
    (src.values as Float64Array)[5] = NaN;
    (src.features!.data as Float64Array)[9] = NaN; // feature at t = 9
    const w = manyToOne(src, { inputLength: 2 });
    for (let i = 0; i < w.count; i++) {
      const touched = [...inputIndices(w, i), ...targets(w, i)];
      expect(touched).not.toContain(5);
      expect(inputIndices(w, i)).not.toContain(9);
      expect(w.x.every(Number.isFinite) && w.y.every(Number.isFinite)).toBe(true);
    }
    // starts 0..9; dropped: 3 (target 5), 4, 5 (inputs hold 5), 8, 9 (feature at 9 in inputs)
    expect(Array.from(w.inputStart)).toEqual([0, 1, 2, 6, 7]);
    const all = manyToOne(src, { inputLength: 2, skipNonFinite: false });
    expect(all.count).toBe(10);
  });

  it('too short a series yields zero windows; bad options throw', () => {
    expect(manyToOne(indexSource(3), { inputLength: 3 }).count).toBe(0);
    expect(() => makeWindows(indexSource(5), { inputLength: 0, outputLength: 1 })).toThrow(/inputLength/);
    expect(() => makeWindows({ values: [1, 2, 3], features: { data: [1, 2], channels: 1 } }, { inputLength: 1, outputLength: 1 })).toThrow(/features hold 2/);
  });
});

describe('no leakage: every target index is after every input index of its window', () => {
  it('holds for random sequential geometries, with and without features', () => {
    const rng = mulberry32(7);
    const int = (a: number, b: number) => a + Math.floor(rng() * (b - a + 1));
    let checked = 0;
    for (let trial = 0; trial < 300; trial++) {
      const T = int(1, 60);
      const F = int(0, 3);
      const src = indexSource(T, F, F === 0 || rng() < 0.5);
      const w = makeWindows(src, {
        inputLength: int(1, 12),
        outputLength: int(1, 8),
        stride: int(1, 5),
        gap: int(0, 3),
        anchor: rng() < 0.5 ? 'end' : 'start',
      });
      for (let i = 0; i < w.count; i++) {
        const ins = inputIndices(w, i);
        const outs = targets(w, i);
        expect(Math.min(...outs)).toBeGreaterThan(Math.max(...ins));
        expect(Math.min(...ins)).toBe(w.inputStart[i]);
        expect(outs[0]).toBe(w.targetStart[i]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('aligned windows are causal: output j only follows inputs 0…L−H+j', () => {
    const rng = mulberry32(11);
    const int = (a: number, b: number) => a + Math.floor(rng() * (b - a + 1));
    for (let trial = 0; trial < 100; trial++) {
      const L = int(1, 10);
      const H = int(1, L);
      const F = int(0, 2);
      const w = makeWindows(indexSource(int(1, 40), F), { inputLength: L, outputLength: H, alignment: 'aligned', gap: int(0, 2) });
      const C = w.channels;
      for (let i = 0; i < w.count; i++) {
        const outs = targets(w, i);
        for (let j = 0; j < H; j++) {
          const visible = inputIndices(w, i).slice(0, (L - H + j + 1) * C);
          expect(outs[j]!).toBeGreaterThan(Math.max(...visible));
        }
      }
    }
  });
});

describe('helpers', () => {
  it('inputWindow takes the last L steps before end and refuses NaN', () => {
    const w = inputWindow(indexSource(10, 1), 3);
    expect(w.xShape).toEqual([1, 3, 2]);
    expect(Array.from(w.x)).toEqual([7, 1007, 8, 1008, 9, 1009]);
    expect(inputWindow(indexSource(10), 3, 5).inputStart[0]).toBe(2);
    const src = indexSource(10);
    (src.values as Float64Array)[8] = NaN;
    expect(() => inputWindow(src, 3)).toThrow(/non-finite/);
    expect(() => inputWindow(indexSource(2), 3)).toThrow(/need 3 steps/);
  });

  it('concatWindows stacks series and records seriesIndex; selectWindows subsets consistently', () => {
    const a = manyToOne(indexSource(5), { inputLength: 2 });
    const b = manyToOne(indexSource(4), { inputLength: 2 });
    const c = concatWindows([a, b]);
    expect(c.count).toBe(a.count + b.count);
    expect(Array.from(c.seriesIndex)).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(c.y)).toEqual([2, 3, 4, 2, 3]);
    const s = selectWindows(c, (i) => c.seriesIndex[i] === 1);
    expect(s.count).toBe(2);
    expect(Array.from(s.x)).toEqual([0, 1, 1, 2]);
    expect(Array.from(s.targetStart)).toEqual([2, 3]);
    expect(() => concatWindows([a, manyToOne(indexSource(5), { inputLength: 3 })])).toThrow(/differ/);
  });
});
