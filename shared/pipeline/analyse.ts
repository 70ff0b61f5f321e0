/**
 * The per-upload analysis steps run by the `decompose` and `smooth` Lambdas: for every series an
 * upload touched, decompose / Kalman-smooth its FULL history and write one JSON-lines object.
 *
 * Keys: `decomposed/<dataset>/<fp>.jsonl` where `fp` fingerprints the config and the exact
 * histories analysed, so a duplicate or out-of-order event either rewrites identical bytes or
 * writes a different key — never a stale overwrite. Each line carries its series fingerprint; the
 * training job uses a line only when it matches the history it is training on.
 */
import type { Storage } from '../storage/types';
import type { DatasetConfig } from '../schemas/config';
import type { Series } from '../types';
import { SEASONAL_PERIOD } from '../types';
import { readSeries } from '../parse';
import { decomposeSeries } from '../decompose';
import { smoothSeries } from '../kalman';
import { loadDatasetConfig } from './dataset-config';
import { loadDatasetHistory } from './history';
import { decomposedKey, parseCuratedKey, smoothedKey, PREFIX } from './keys';
import { fingerprint, seriesFingerprint } from './fingerprint';
import { putIfChanged } from './put-if-changed';

export interface DecompositionRecord {
  series_id: string;
  fingerprint: string;
  method: string;
  model: string;
  period: number;
  dates: string[];
  value: (number | null)[];
  trend: number[];
  cycle: number[] | null;
  seasonal: number[];
  irregular: number[];
  imputed: number[];
}

export interface SmoothingRecord {
  series_id: string;
  fingerprint: string;
  model: string;
  dates: string[];
  value: (number | null)[];
  filtered: number[];
  smoothed: number[];
  smoothedStd: number[];
  variances: number[];
  logLikelihood: number;
  fitted: boolean;
}

export interface AnalyseResult {
  dataset: string;
  outputKey: string;
  series: number;
  written: boolean;
  failures: { series_id: string; reason: string }[];
}

const nullable = (v: Float64Array) => Array.from(v, (x) => (Number.isFinite(x) ? x : null));

export function periodOf(config: DatasetConfig, series: Series, override?: number): number {
  return override ?? SEASONAL_PERIOD[series.frequency];
}

export function decomposeRecord(s: Series, config: DatasetConfig): DecompositionRecord {
  const d = config.decomposition;
  const period = periodOf(config, s, d.period);
  const out = decomposeSeries(s.values, { method: d.method, model: d.model, period, robust: d.robust });
  return {
    series_id: s.id,
    fingerprint: seriesFingerprint(s.id, s.dates, s.values),
    method: d.method,
    model: d.model,
    period,
    dates: s.dates,
    value: nullable(s.values),
    trend: Array.from(out.trend),
    cycle: out.cycle ? Array.from(out.cycle) : null,
    seasonal: Array.from(out.seasonal),
    irregular: Array.from(out.irregular),
    imputed: Array.from(out.imputed),
  };
}

export function smoothRecord(s: Series, config: DatasetConfig): SmoothingRecord {
  const c = config.smoothing;
  const out = smoothSeries(s.values, {
    model: c.model,
    period: periodOf(config, s, c.period),
    variances: c.variances,
    initialization: c.initialization,
  });
  return {
    series_id: s.id,
    fingerprint: seriesFingerprint(s.id, s.dates, s.values),
    model: c.model,
    dates: s.dates,
    value: nullable(s.values),
    filtered: Array.from(out.filtered),
    smoothed: Array.from(out.smoothed),
    smoothedStd: Array.from(out.smoothedStd),
    variances: out.variances,
    logLikelihood: out.logLikelihood,
    fitted: out.fitted,
  };
}

async function touchedSeries(storage: Storage, curatedKey: string): Promise<Set<string>> {
  const parsed = await readSeries(await storage.getStream(curatedKey), {
    file: curatedKey,
    format: 'csv',
    columns: { id: 'series_id', time: 'date', value: 'value' },
    duplicates: 'last',
  });
  return new Set(parsed.series.map((s) => s.id));
}

async function analyse<R extends { series_id: string; fingerprint: string }>(
  storage: Storage,
  curatedKey: string,
  kind: 'decomposed' | 'smoothed',
  compute: (s: Series, config: DatasetConfig) => R,
): Promise<AnalyseResult> {
  const { dataset } = parseCuratedKey(curatedKey);
  const { config, fingerprint: configFp } = await loadDatasetConfig(storage, dataset);
  const touched = await touchedSeries(storage, curatedKey);
  const history = await loadDatasetHistory(storage, dataset, config.frequency);
  const lines: string[] = [];
  const fps: string[] = [];
  const failures: AnalyseResult['failures'] = [];
  for (const s of history.series) {
    if (!touched.has(s.id)) continue;
    try {
      const rec = compute(s, config);
      fps.push(rec.fingerprint);
      lines.push(JSON.stringify(rec));
    } catch (err) {
      // One series the maths cannot handle (e.g. multiplicative on zeros) must not block the rest.
      failures.push({ series_id: s.id, reason: (err as Error).message });
    }
  }
  const fp = fingerprint(kind, configFp, ...fps).slice(0, 32);
  const key = kind === 'decomposed' ? decomposedKey(dataset, fp) : smoothedKey(dataset, fp);
  const body = lines.join('\n') + (lines.length ? '\n' : '');
  const written = await putIfChanged(storage, key, body, 'application/x-ndjson');
  return { dataset, outputKey: key, series: lines.length, written, failures };
}

export const decomposeUpload = (storage: Storage, curatedKey: string) => analyse(storage, curatedKey, 'decomposed', decomposeRecord);
export const smoothUpload = (storage: Storage, curatedKey: string) => analyse(storage, curatedKey, 'smoothed', smoothRecord);

/** Every stored analysis record of a dataset, keyed by series fingerprint (newest file wins on ties). */
export async function loadAnalysisRecords<R extends { fingerprint: string }>(
  storage: Storage,
  dataset: string,
  kind: 'decomposed' | 'smoothed',
): Promise<Map<string, R>> {
  const prefix = `${kind === 'decomposed' ? PREFIX.decomposed : PREFIX.smoothed}${dataset}/`;
  const out = new Map<string, R>();
  for (const obj of await storage.list(prefix)) {
    const text = await storage.getText(obj.key);
    for (const line of text.split('\n')) {
      if (!line) continue;
      const rec = JSON.parse(line) as R;
      out.set(rec.fingerprint, rec);
    }
  }
  return out;
}
