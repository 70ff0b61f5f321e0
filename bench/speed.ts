/**
 * `npm run bench` — speed of the numeric core on 10^6 points.
 *
 *   npm run bench                 table
 *   npm run bench -- --json       one JSON object (kalman_smooth_1e6_ms, stl_1e6_ms, …)
 *   npm run bench -- --reference  also time statsmodels on the same data in this command and print ratios
 *
 * Timings are machine-dependent, so every number is also reported as a ratio: against a fixed
 * calibration loop run in this same process (1e6-element multiply-add, ×10), and — with
 * --reference — against statsmodels 0.13 (Debian python3-statsmodels) on the same input.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchKalman } from './cases/kalman';
import { benchStl } from './cases/stl';

const args = new Set(process.argv.slice(2));
const json = args.has('--json');
const withReference = args.has('--reference');

function calibrationMs(): number {
  const a = new Float64Array(1_000_000).map((_, i) => i * 1e-6);
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    let s = 0;
    for (let k = 0; k < 10; k++) for (let i = 0; i < a.length; i++) s = s * 0.999 + a[i]!;
    if (s === 42) console.log(''); // keep the loop alive
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

function statsmodelsReference(): { kalman: number; stl: number } | undefined {
  const py = '/usr/bin/python3';
  if (!existsSync(py)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'seqcast-bench-'));
  const script = join(dir, 'ref.py');
  writeFileSync(
    script,
    `import time, numpy as np
from statsmodels.tsa.statespace.structural import UnobservedComponents
from statsmodels.tsa.seasonal import STL
rng = np.random.default_rng(1)
n = 1_000_000
y = np.cumsum(rng.normal(0, 1, n)) + rng.normal(0, 2, n)
m = UnobservedComponents(y, level='llevel')
t = time.perf_counter(); m.smooth([4.0, 1.0]); k = (time.perf_counter() - t) * 1000
x = 10 + np.sin(2 * np.pi * np.arange(n) / 12) + rng.normal(0, 0.3, n)
t = time.perf_counter(); STL(x, period=12).fit(); s = (time.perf_counter() - t) * 1000
print(k, s)
`,
  );
  try {
    const out = execFileSync(py, [script], { encoding: 'utf8', timeout: 300_000 }).trim().split(/\s+/).map(Number);
    return { kalman: out[0]!, stl: out[1]! };
  } catch (err) {
    process.stderr.write(`statsmodels reference failed: ${(err as Error).message}\n`);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const calib = calibrationMs();
const kalman = await benchKalman(1_000_000);
const stl = await benchStl(1_000_000);
const ref = withReference ? statsmodelsReference() : undefined;

const result: Record<string, number | string | null> = {
  kalman_smooth_1e6_ms: round(kalman.ms),
  stl_1e6_ms: round(stl.ms),
  calibration_ms: round(calib),
  kalman_vs_calibration: round(kalman.ms / calib, 3),
  stl_vs_calibration: round(stl.ms / calib, 3),
  statsmodels_kalman_1e6_ms: ref ? round(ref.kalman) : null,
  statsmodels_stl_1e6_ms: ref ? round(ref.stl) : null,
  kalman_speedup_vs_statsmodels: ref ? round(ref.kalman / kalman.ms, 1) : null,
  stl_speedup_vs_statsmodels: ref ? round(ref.stl / stl.ms, 1) : null,
  node: process.version,
};

if (json) {
  process.stdout.write(JSON.stringify(result) + '\n');
} else {
  const rows = [
    ['case', 'ms', '× calibration', 'target', 'statsmodels ms', 'speed-up'],
    ['Kalman filter + RTS smoother, local level, 1e6', kalman.ms.toFixed(1), (kalman.ms / calib).toFixed(2), '≤ 60 ms', ref ? ref.kalman.toFixed(0) : '–', ref ? `${(ref.kalman / kalman.ms).toFixed(0)}×` : '–'],
    ['STL period 12 (statsmodels defaults), 1e6', stl.ms.toFixed(1), (stl.ms / calib).toFixed(2), '≤ 1500 ms', ref ? ref.stl.toFixed(0) : '–', ref ? `${(ref.stl / stl.ms).toFixed(0)}×` : '–'],
  ];
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  '));
  console.log(`\ncalibration loop (1e7 multiply-adds): ${calib.toFixed(1)} ms; node ${process.version}${ref ? '' : '; add --reference to time statsmodels in the same command'}`);
}

function round(v: number, d = 2): number {
  const f = 10 ** d;
  return Math.round(v * f) / f;
}
