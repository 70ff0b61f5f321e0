import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { backendSelfTest, GpuUnavailableError, selectBackend } from '../../shared/nn/backend';

const resolves = (pkg: string) => {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
};
/** In the GPU image the native packages exist; there these "no GPU" checks do not apply. */
const noNative = !resolves('@tensorflow/tfjs-node-gpu') && !resolves('@tensorflow/tfjs-node');

const listenersBefore = ['uncaughtException', 'unhandledRejection'].map((e) => process.listeners(e as 'uncaughtException').length);

// On this machine the native packages are absent (optional dependencies), so `auto` lands on wasm.
describe('selectBackend', () => {
  it('auto: falls through the native packages to wasm, logging why each was skipped', async () => {
    const lines: string[] = [];
    const sel = await selectBackend({ log: (m) => lines.push(m) });
    expect(sel.tf).toBe(tf);
    expect(sel.gpu).toBe(false);
    expect(['wasm', 'tensorflow', 'tensorflow-gpu']).toContain(sel.backend);
    if (sel.backend === 'wasm') {
      expect(lines.some((l) => l.includes('@tensorflow/tfjs-node-gpu not loadable'))).toBe(true);
      expect(lines.some((l) => l.includes('@tensorflow/tfjs-node not loadable'))).toBe(true);
      expect(sel.detail).toMatch(/^using wasm: tfjs-backend-wasm \(SIMD, 1 thread\); skipped /);
      expect(tf.getBackend()).toBe('wasm');
    }
    expect(backendSelfTest()).toBeUndefined();
    // the wasm glue's re-throwing process handlers are removed again (readable crashes)
    expect(['uncaughtException', 'unhandledRejection'].map((e) => process.listeners(e as 'uncaughtException').length)).toEqual(listenersBefore);
  });

  it('caches: a second call returns the same selection without probing again', async () => {
    const a = await selectBackend();
    const lines: string[] = [];
    const b = await selectBackend({ log: (m) => lines.push(m) });
    expect(b).toBe(a);
    expect(lines).toEqual([]);
  });

  it.runIf(noNative)('requireGpu fails fast with a clear error when no GPU is usable', async () => {
    const p = selectBackend({ requireGpu: true });
    await expect(p).rejects.toBeInstanceOf(GpuUnavailableError);
    await expect(p).rejects.toThrow(/a GPU is required \(requireGpu\) but none is usable/);
    // uncached: only the GPU package is tried, and the reason names it
    const lines: string[] = [];
    const q = selectBackend({ prefer: 'tensorflow', requireGpu: true, log: (m) => lines.push(m) });
    await expect(q).rejects.toThrow(/@tensorflow\/tfjs-node-gpu not loadable/);
    expect(lines.some((l) => l.includes('wasm'))).toBe(false);
  });

  it('an explicit preference re-selects; cpu passes the self-test too', async () => {
    const sel = await selectBackend({ prefer: 'cpu' });
    expect(sel.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(backendSelfTest()).toBeUndefined();
    expect(await selectBackend()).toBe(sel); // no preference: keep the current one
    const w = await selectBackend({ prefer: 'wasm' });
    expect(w.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});
