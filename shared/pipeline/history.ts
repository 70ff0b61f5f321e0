/**
 * The full history of a dataset: every curated part merged into one regular series per id.
 *
 * Parts are merged in key order (curated keys mirror the raw file names), so when two uploads
 * carry a value for the same series and date, the later file name wins — e.g. `2026-02.csv`
 * corrects `2026-01.csv`. Missing values (NaN) never overwrite a known value.
 */
import type { Storage } from '../storage/types';
import type { Frequency, Series } from '../types';
import { readSeries } from '../parse';
import { dateRange, addPeriods } from '../frequency';
import { curatedPrefix } from './keys';

export interface DatasetHistory {
  series: Series[];
  frequency: Frequency;
  parts: { key: string; etag: string }[];
}

export class EmptyDatasetError extends Error {
  constructor(dataset: string) {
    super(`dataset "${dataset}" has no curated data yet (upload a file under raw/${dataset}/ first)`);
    this.name = 'EmptyDatasetError';
  }
}

export async function loadDatasetHistory(storage: Storage, dataset: string, frequency?: Frequency): Promise<DatasetHistory> {
  const parts = (await storage.list(curatedPrefix(dataset))).filter((o) => o.key.endsWith('.csv'));
  if (parts.length === 0) throw new EmptyDatasetError(dataset);
  const byId = new Map<string, Map<string, number>>();
  let freq = frequency;
  for (const part of parts) {
    const parsed = await readSeries(await storage.getStream(part.key), {
      file: part.key,
      format: 'csv',
      columns: { id: 'series_id', time: 'date', value: 'value' },
      duplicates: 'last',
      frequency: freq,
    });
    if (!parsed.ok) {
      const first = parsed.problems.find((p) => p.severity === 'error');
      throw new Error(`curated part ${part.key} is unreadable: ${first?.reason ?? 'unknown problem'}`);
    }
    freq ??= parsed.frequency;
    for (const s of parsed.series) {
      let points = byId.get(s.id);
      if (!points) byId.set(s.id, (points = new Map()));
      for (let i = 0; i < s.values.length; i++) {
        const v = s.values[i]!;
        if (!Number.isNaN(v) || !points.has(s.dates[i]!)) points.set(s.dates[i]!, v);
      }
    }
  }
  if (!freq) throw new Error(`cannot infer the frequency of dataset "${dataset}"; set "frequency" in config/${dataset}.json`);
  const series: Series[] = [];
  for (const id of [...byId.keys()].sort()) {
    series.push(toRegularSeries(id, byId.get(id)!, freq));
  }
  return { series, frequency: freq, parts: parts.map((p) => ({ key: p.key, etag: p.etag })) };
}

/** Lay points on the regular grid from the first to the last date; gaps become NaN. */
export function toRegularSeries(id: string, points: Map<string, number>, frequency: Frequency): Series {
  const dates = [...points.keys()].sort();
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  let count = 1;
  while (addPeriods(first, frequency, count - 1) < last && count < 10_000_000) count++;
  const grid = dateRange(first, frequency, count);
  const values = new Float64Array(grid.length);
  for (let i = 0; i < grid.length; i++) values[i] = points.get(grid[i]!) ?? NaN;
  return { id, frequency, dates: grid, values };
}
