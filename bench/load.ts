/**
 * `npm run bench:load` — the ingest load test: one `ingest` handler call on a 1,000,000-row,
 * 10,000-series upload. Prints rows/s and the peak RSS of this process (the Lambda budget is
 * 1 GB; the ingest function is deployed with 1,769 MB for one full vCPU).
 *
 *   npm run bench:load                    filesystem storage
 *   npm run bench:load -- --rows 200000   smaller upload
 */
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { FileSystemStorage } from '../shared/storage';
import { setStorage } from '../lambdas/common/runtime';
import { handler } from '../lambdas/ingest/handler';
import { objectCreatedEvent } from '../cli/local-runner';

const argv = process.argv.slice(2);
const rows = Number(argv.includes('--rows') ? argv[argv.indexOf('--rows') + 1] : 1_000_000);
const seriesCount = 10_000;
const perSeries = Math.ceil(rows / seriesCount);

const dir = mkdtempSync(join(tmpdir(), 'seqcast-load-'));
try {
  const storage = new FileSystemStorage(dir);
  const file = join(dir, 'upload.csv');
  const out = createWriteStream(file);
  out.write('series_id,date,value\n');
  let written = 0;
  for (let s = 0; s < seriesCount && written < rows; s++) {
    let chunk = '';
    for (let t = 0; t < perSeries && written < rows; t++, written++) {
      const d = new Date(Date.UTC(2000, t, 1)).toISOString().slice(0, 10);
      chunk += `sku-${String(s).padStart(5, '0')},${d},${(100 + 10 * Math.sin(t / 2) + (s % 7)).toFixed(2)}\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const { createReadStream, statSync } = await import('node:fs');
  const key = 'raw/load/upload.csv';
  await storage.putStream(key, createReadStream(file));
  const size = statSync(file).size;
  setStorage(storage);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const t = performance.now();
  const result = await handler(objectCreatedEvent('local', key, size, ''));
  const ms = performance.now() - t;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const r = result.results[0]!;
  console.log(`ingest of ${written.toLocaleString()} rows, ${r.series.toLocaleString()} series (${(size / 1e6).toFixed(1)} MB): ${r.status}`);
  console.log(`  time       ${(ms / 1000).toFixed(2)} s`);
  console.log(`  rows/s     ${Math.round(written / (ms / 1000)).toLocaleString()}`);
  console.log(`  peak RSS   ${(peakRss / 2 ** 20).toFixed(0)} MiB (process, before the call: ${(rssBefore / 2 ** 20).toFixed(0)} MiB) — budget 1024 MiB`);
  if (peakRss > 2 ** 30) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
