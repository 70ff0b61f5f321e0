/**
 * Speed case: train a small LSTM (32 units, window 24, 1 feature, horizon 12, 3 quantiles,
 * 2,000 windows, batch 256, 3 epochs, Adam + clipnorm) with the project's own training loop on
 * every backend this process can run: the native one if installed (`tensorflow`/`tensorflow-gpu`),
 * then wasm and cpu. Each entry is the wall time of the whole `trainModel` call (3 epochs, the
 * first includes kernel warm-up); the runner reports cpu/wasm as the wasm speed-up.
 */
import { performance } from 'node:perf_hooks';
import { buildRecurrentModel, manyToMany, selectBackend, trainModel, type BackendPreference } from '../../shared/nn';

export interface NnBenchOptions {
  windows?: number;
  epochs?: number;
  units?: number;
  window?: number;
  /** Backends to time (default: native when available, wasm, cpu). */
  backends?: BackendPreference[];
}

export async function benchNn(opts: NnBenchOptions = {}): Promise<{ name: string; ms: number }[]> {
  const n = opts.windows ?? 2000;
  const epochs = opts.epochs ?? 3;
  const units = opts.units ?? 32;
  const L = opts.window ?? 24;
  const H = 12;
  const T = n + L + H - 1;
  const values = Float64Array.from({ length: T }, (_, t) => {
    const noise = Math.sin(t * 12.9898 + 78.233) * 43758.5453;
    return Math.sin((2 * Math.PI * t) / 12) + 0.3 * (noise - Math.floor(noise) - 0.5);
  });
  const data = manyToMany({ values }, { inputLength: L, outputLength: H });

  const out: { name: string; ms: number }[] = [];
  const backends = opts.backends ?? ['auto', 'wasm', 'cpu'];
  const done = new Set<string>();
  for (const prefer of backends) {
    const sel = await selectBackend({ prefer });
    if (done.has(sel.backend)) continue; // `auto` without native packages is wasm: time it once
    done.add(sel.backend);
    const model = buildRecurrentModel({ cell: 'lstm', layers: 1, units, window: L, features: 1, horizon: H, quantiles: 3, seed: 1 });
    const start = performance.now();
    await trainModel(model, data, {
      loss: { kind: 'pinball', quantiles: [0.1, 0.5, 0.9] }, epochs, batchSize: 256, learningRate: 3e-3, clipnorm: 1, seed: 1,
    });
    const ms = performance.now() - start;
    model.dispose();
    out.push({ name: `nn lstm${units} w${L} n${n} ${epochs} epochs ${sel.backend}`, ms });
  }
  await selectBackend({ prefer: 'auto' });
  return out;
}

// `npx tsx bench/cases/nn.ts` prints the table on its own.
if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchNn();
  for (const r of rows) console.log(`${r.name.padEnd(48)} ${r.ms.toFixed(0).padStart(8)} ms`);
  const wasm = rows.find((r) => r.name.endsWith(' wasm'));
  const cpu = rows.find((r) => r.name.endsWith(' cpu'));
  if (wasm && cpu) console.log(`wasm speed-up over cpu: ${(cpu.ms / wasm.ms).toFixed(1)}×`);
}
