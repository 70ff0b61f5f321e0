/**
 * Scale: 10^6 rows (10,000 series × 100 monthly points) generated as a stream and never held as
 * one string, read as CSV and as a JSON array. Checks correctness, time and bounded heap growth.
 */
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { dateRange } from '../../shared/frequency';
import { readSeries } from '../../shared/parse';

const SERIES = 10_000;
const POINTS = 100;
const MONTHS = dateRange('2010-01-01', 'monthly', POINTS);
/** Deterministic value of series s at step t; exercises decimals, negatives, empties. */
const valueOf = (s: number, t: number): number => (s % 7 === 3 && t === 50 ? NaN : Math.round((s * 0.37 - t * 1.25) * 1e4) / 1e4);

// A full GC before each baseline, so the previous test's garbage does not hide this test's growth.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** JS heap plus off-heap memory (typed-array backing stores live outside `heapUsed`). */
function heapAndBuffers(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

interface Probe {
  bytes: number;
  peakHeap: number;
}

/** Rows in series-interleaved order (t outer), so every series stays open until the end. */
function* generate(format: 'csv' | 'json', probe: Probe): Generator<Buffer> {
  let text = format === 'csv' ? 'series_id,date,value\n' : '[\n';
  let chunks = 0;
  for (let t = 0; t < POINTS; t++) {
    for (let s = 0; s < SERIES; s++) {
      const v = valueOf(s, t);
      const value = Number.isNaN(v) ? '' : String(v);
      if (format === 'csv') text += `S${s},${MONTHS[t]},${value}\n`;
      else text += `${t === 0 && s === 0 ? ' ' : ','}{"series_id": "S${s}", "date": "${MONTHS[t]}", "value": ${value || 'null'}}\n`;
      if (text.length >= 64 * 1024) {
        const chunk = Buffer.from(text);
        probe.bytes += chunk.length;
        text = '';
        if (++chunks % 50 === 0) probe.peakHeap = Math.max(probe.peakHeap, heapAndBuffers());
        yield chunk;
      }
    }
  }
  if (format === 'json') text += ']\n';
  probe.bytes += Buffer.byteLength(text);
  yield Buffer.from(text);
}

describe('10^6-row input', () => {
  it.each(['csv', 'json'] as const)('%s streams 10,000 series × 100 months within a memory bound', async (format) => {
    collectGarbage();
    const heapBefore = heapAndBuffers();
    const probe: Probe = { bytes: 0, peakHeap: heapBefore };
    // Speed is measured by `npm run bench:load`, not asserted here.
    const result = await readSeries(Readable.from(generate(format, probe)), { file: `big.${format}` });
    const heapGrowthMb = (Math.max(probe.peakHeap, heapAndBuffers()) - heapBefore) / 2 ** 20;

    expect(probe.bytes).toBeGreaterThan(20 * 2 ** 20);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.rows).toBe(SERIES * POINTS);
    expect(result.frequency).toBe('monthly');
    expect(result.series).toHaveLength(SERIES);
    // Ordered by id as strings: S0, S1, S10, S100, …
    expect(result.series.slice(0, 4).map((s) => s.id)).toEqual(['S0', 'S1', 'S10', 'S100']);
    for (const s of [0, 3, 1234, 9999]) {
      const series = result.series.find((x) => x.id === `S${s}`)!;
      expect(series.dates).toEqual(MONTHS);
      expect(Array.from(series.values)).toEqual(MONTHS.map((_, t) => valueOf(s, t)));
    }
    let missing = 0;
    for (const series of result.series) for (const v of series.values) if (Number.isNaN(v)) missing++;
    expect(missing).toBe(Math.ceil((SERIES - 3) / 7));
    expect(heapGrowthMb).toBeLessThan(300);
  });
});
