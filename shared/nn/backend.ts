/**
 * Pick the fastest TensorFlow.js backend this process can run, once.
 *
 * Order: `@tensorflow/tfjs-node-gpu` (CUDA, the Batch GPU image) ▸ `@tensorflow/tfjs-node`
 * (native CPU) ▸ `@tensorflow/tfjs-backend-wasm` (SIMD, no threads) ▸ the pure-JS `cpu` backend.
 * The native packages are optional dependencies that cannot install everywhere, so they are
 * loaded by dynamic `import()` of a computed name (TypeScript and bundlers leave it alone) and
 * any failure just moves down the list, with the reason logged.
 *
 * Every candidate must pass a self-test before it is accepted: a tiny matmul plus the gradient of
 * an LSTM-style gate (`sum(tanh(x·W) ⊙ sigmoid(x·W))`) compared with the closed form in JS. A
 * backend that computes wrong gradients is rejected rather than trusted.
 *
 * GPU detection (tfjs-node-gpu): we rely on the native backend's `isGPUPackage` and
 * `isUsingGpuDevice` fields. The binding sets `isUsingGpuDevice` at start-up from TensorFlow's
 * device list (`TFE_ContextListDevices` holds a `GPU` device), and TensorFlow silently runs on CPU
 * when CUDA or the driver is missing — so the package loading is not proof of a GPU, the flag is.
 * The self-test matmul runs first so CUDA initialisation errors surface here, not mid-training.
 *
 * All other modules import the static `@tensorflow/tfjs`; a native package is only accepted when it
 * registered its backend into that same tfjs-core instance (one deduplicated install), otherwise
 * models would silently be built on another engine.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendOptions {
  /** Where to start in the order above (default `auto` = from the top; `cpu` = cpu only). */
  prefer?: BackendPreference;
  /** Throw when the selected backend has no GPU (the Batch job must fail fast, not train on CPU). */
  requireGpu?: boolean;
  log?: (msg: string) => void;
}

export interface BackendSelection {
  tf: typeof tf;
  backend: BackendName;
  gpu: boolean;
  /** One line: what was chosen and why each earlier candidate was not. */
  detail: string;
}

/** Raised by `selectBackend({ requireGpu: true })` when no GPU is usable. */
export class GpuUnavailableError extends Error {
  constructor(detail: string) {
    super(`a GPU is required (requireGpu) but none is usable: ${detail}`);
    this.name = 'GpuUnavailableError';
  }
}

type Candidate = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

const ORDER: Record<BackendPreference, Candidate[]> = {
  auto: ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
  tensorflow: ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
  wasm: ['wasm', 'cpu'],
  cpu: ['cpu'],
};

const PACKAGE: Record<'tensorflow-gpu' | 'tensorflow', string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

let cached: { prefer: BackendPreference; selection: Promise<BackendSelection> } | undefined;

function message(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0]!.slice(0, 200);
}

/**
 * Numerical self-test: value of a matmul and the gradient of an LSTM-like gate against closed
 * forms computed in float64 JS. Returns undefined when fine, else the reason.
 */
export function backendSelfTest(): string | undefined {
  const xv = [0.5, -1.0, 2.0];
  const wv = [0.3, -0.2, 0.1, 0.4, -0.5, 0.25];
  const [value, grad] = tf.tidy(() => {
    const x = tf.tensor2d(xv, [1, 3]);
    const w = tf.tensor2d(wv, [3, 2]);
    const f = (ww: tf.Tensor) => {
      const z = tf.matMul(x, ww as tf.Tensor2D);
      return tf.sum(tf.mul(tf.tanh(z), tf.sigmoid(z)));
    };
    const g = tf.grad(f)(w);
    return [f(w).dataSync()[0]!, Array.from(g.dataSync())];
  });
  let expected = 0;
  const expectedGrad = new Array<number>(6).fill(0);
  for (let j = 0; j < 2; j++) {
    const z = xv[0]! * wv[j]! + xv[1]! * wv[2 + j]! + xv[2]! * wv[4 + j]!;
    const t = Math.tanh(z);
    const s = 1 / (1 + Math.exp(-z));
    expected += t * s;
    const dz = (1 - t * t) * s + t * s * (1 - s);
    for (let i = 0; i < 3; i++) expectedGrad[i * 2 + j] = xv[i]! * dz;
  }
  if (!(Math.abs(value - expected) < 1e-4)) return `self-test value ${value} ≠ ${expected}`;
  for (let k = 0; k < 6; k++) {
    if (!(Math.abs(grad[k]! - expectedGrad[k]!) < 1e-4)) return `self-test gradient[${k}] ${grad[k]} ≠ ${expectedGrad[k]}`;
  }
  return undefined;
}

/**
 * Run `fn`, then remove the `uncaughtException` / `unhandledRejection` listeners it added.
 * The emscripten glue of the wasm backend installs listeners that re-throw from inside its
 * minified one-line source, so any later crash in the process prints ~20 kB of that source
 * instead of a readable stack. Removing them restores Node's own (fatal) default behaviour.
 */
async function withoutEmscriptenHandlers<T>(fn: () => Promise<T>): Promise<T> {
  type Listener = (...args: unknown[]) => void;
  const events = ['uncaughtException', 'unhandledRejection'];
  const listeners = (e: string) => process.listeners(e as 'uncaughtException') as unknown as Listener[];
  const before = events.map(listeners);
  try {
    return await fn();
  } finally {
    events.forEach((e, k) => {
      for (const l of listeners(e)) if (!before[k]!.includes(l)) process.removeListener(e, l);
    });
  }
}

async function activate(name: string): Promise<string | undefined> {
  const ok = await tf.setBackend(name);
  if (!ok) return `tf.setBackend('${name}') failed`;
  await tf.ready();
  return backendSelfTest();
}

/** Absolute `dist/` folder of the wasm package, with a trailing separator (what setWasmPaths wants). */
function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return path.join(path.dirname(pkg), 'dist') + path.sep;
}

async function tryCandidate(c: Candidate): Promise<{ ok: true; gpu: boolean; note: string } | { ok: false; why: string }> {
  try {
    if (c === 'tensorflow-gpu' || c === 'tensorflow') {
      const pkg = PACKAGE[c];
      try {
        await import(/* @vite-ignore */ pkg);
      } catch (e) {
        return { ok: false, why: `${pkg} not loadable (${message(e)})` };
      }
      if (!tf.findBackendFactory('tensorflow')) {
        return { ok: false, why: `${pkg} loaded but registered into a different @tensorflow/tfjs-core copy (deduplicate the install)` };
      }
      const bad = await activate('tensorflow');
      if (bad) return { ok: false, why: `${pkg}: ${bad}` };
      const b = tf.backend() as unknown as { isGPUPackage?: boolean; isUsingGpuDevice?: boolean };
      const gpu = b.isGPUPackage === true && b.isUsingGpuDevice === true;
      if (c === 'tensorflow-gpu' && !gpu) {
        // Still native and fast; report it as the CPU flavour so callers do not assume a GPU.
        return { ok: true, gpu: false, note: `${pkg} loaded but TensorFlow lists no GPU device (running native on CPU)` };
      }
      return { ok: true, gpu, note: gpu ? `${pkg} on a GPU device` : `${pkg} (native CPU)` };
    }
    if (c === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (!tf.findBackendFactory('wasm')) {
        return { ok: false, why: 'tfjs-backend-wasm registered into a different @tensorflow/tfjs-core copy' };
      }
      // Threads: tfjs disables them in Node (worker support is unfinished, tfjs#3830); make it explicit.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      wasm.setWasmPaths(wasmDistDir());
      const bad = await withoutEmscriptenHandlers(() => activate('wasm'));
      if (bad) return { ok: false, why: `wasm: ${bad}` };
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      return { ok: true, gpu: false, note: `tfjs-backend-wasm (${simd ? 'SIMD' : 'no SIMD'}, 1 thread)` };
    }
    const bad = await activate('cpu');
    if (bad) return { ok: false, why: `cpu: ${bad}` };
    return { ok: true, gpu: false, note: 'pure-JS cpu backend' };
  } catch (e) {
    return { ok: false, why: `${c}: ${message(e)}` };
  }
}

async function select(opts: BackendOptions, prefer: BackendPreference): Promise<BackendSelection> {
  const log = opts.log ?? (() => undefined);
  const skipped: string[] = [];
  // Only the GPU package can satisfy requireGpu: do not spend time loading the others.
  const order: Candidate[] = opts.requireGpu ? ['tensorflow-gpu'] : ORDER[prefer];
  for (const c of order) {
    const r = await tryCandidate(c);
    if (r.ok) {
      const backend: BackendName = c === 'tensorflow-gpu' && r.gpu ? 'tensorflow-gpu' : c === 'tensorflow-gpu' ? 'tensorflow' : c;
      const detail = [`using ${backend}: ${r.note}`, ...skipped.map((s) => `skipped ${s}`)].join('; ');
      log(`[nn] ${detail}`);
      if (opts.requireGpu && !r.gpu) throw new GpuUnavailableError(detail);
      return { tf, backend, gpu: r.gpu, detail };
    }
    skipped.push(r.why);
    log(`[nn] backend ${c} unavailable: ${r.why}`);
  }
  const detail = skipped.join('; ');
  if (opts.requireGpu) throw new GpuUnavailableError(detail);
  throw new Error(`no TensorFlow.js backend works: ${detail}`);
}

/**
 * Select (once) and activate a backend. Later calls with the same or no preference return the
 * cached selection; a different explicit preference re-selects. `requireGpu` is checked on every
 * call, cached or not.
 */
export async function selectBackend(opts: BackendOptions = {}): Promise<BackendSelection> {
  const prefer = opts.prefer ?? cached?.prefer ?? 'auto';
  if (!cached || cached.prefer !== prefer) {
    const selection = select(opts, prefer);
    cached = { prefer, selection };
    selection.catch(() => {
      if (cached?.selection === selection) cached = undefined;
    });
  }
  const sel = await cached.selection;
  if (tf.getBackend() !== tfName(sel.backend)) await tf.setBackend(tfName(sel.backend));
  if (opts.requireGpu && !sel.gpu) throw new GpuUnavailableError(sel.detail);
  return sel;
}

/** The tfjs registry name of a selection (`tensorflow-gpu` and `tensorflow` are both `tensorflow`). */
export function tfName(b: BackendName): string {
  return b === 'tensorflow-gpu' ? 'tensorflow' : b;
}
