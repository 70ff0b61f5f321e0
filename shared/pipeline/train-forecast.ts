/**
 * The train-forecast job, as a pure function of storage contents (design invariant 4): load the
 * dataset's curated history (+ stored decomposition / smoothing), train and select models, forecast,
 * and publish a run atomically. The Batch container (`batch-jobs/train-forecast/main.ts`) and the
 * local runner both call this.
 *
 * Sharding (AWS Batch array jobs): child `i` of `n` forecasts every n-th series and writes its shard
 * under the run folder; whichever child finds all shards present merges them and publishes. A merge
 * is a pure function of the shards, so two children merging at once write the same bytes.
 * Without sharding the same path runs with n = 1.
 */
import type { Storage } from '../storage/types';
import type { InputProblem, Series } from '../types';
import type { DatasetConfig } from '../schemas/config';
import { MetricsSchema, SCHEMA_VERSION, type Metrics, type ForecastPublishedEvent } from '../schemas/forecast';
import { loadDatasetConfig } from './dataset-config';
import { loadDatasetHistory } from './history';
import { loadAnalysisRecords, decomposeRecord, smoothRecord, type DecompositionRecord, type SmoothingRecord } from './analyse';
import { fingerprint, seriesFingerprint } from './fingerprint';
import { runPrefix, latestKey, curatedPrefix } from './keys';
import { isRunPublished, publishRun, manifestKeyOf } from './publish';
import { forecastDataset, type EngineResult, type NeuralRuntime } from '../engine/forecast';
import { formatForecastCsv } from '../engine/output';
import { buildReportData, type ShardReportData } from '../engine/report-data';
import { renderReport } from '../report';
import { registerModelVersion } from './model-registry';

export interface TrainForecastOptions {
  dataset: string;
  /** Array-job shard: `index` of `count` (default 0 of 1). */
  shard?: { index: number; count: number };
  /** tfjs runtime for the network; `null` = statistical models only. */
  neural: NeuralRuntime | null;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** Progress callbacks (epochs, series) for the CLI. */
  progress?: Parameters<typeof forecastDataset>[1]['progress'];
  /** Clock, injectable for reproducible tests. */
  now?: () => Date;
  /** Test hook: called after the run files are written, before the manifest (simulate a kill). */
  beforeManifest?: () => Promise<void>;
}

export interface TrainForecastResult {
  dataset: string;
  runId: string;
  status: 'published' | 'already-published' | 'shard-written';
  manifestKey?: string;
  forecastKey?: string;
  reportKey?: string;
  metricsKey?: string;
  latestUpdated?: boolean;
  event?: ForecastPublishedEvent;
  selectedModel?: string;
  seriesCount: number;
  timings: Record<string, number>;
}

/** Run id: last data date + a hash of the inputs and config, so a re-run of the same inputs is the same run. */
export function runIdOf(series: Series[], configFp: string): string {
  const last = series.reduce((m, s) => (s.dates[s.dates.length - 1]! > m ? s.dates[s.dates.length - 1]! : m), '');
  const fp = fingerprint(configFp, ...series.map((s) => seriesFingerprint(s.id, s.dates, s.values)));
  return `${last.slice(0, 10).replace(/-/g, '')}-${fp.slice(0, 12)}`;
}

export async function trainForecast(storage: Storage, opts: TrainForecastOptions): Promise<TrainForecastResult> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? (() => new Date());
  const t0 = Date.now();
  const { dataset } = opts;
  const shard = opts.shard ?? { index: 0, count: 1 };
  if (!(shard.count >= 1 && shard.index >= 0 && shard.index < shard.count)) {
    throw new Error(`invalid shard ${shard.index} of ${shard.count}`);
  }
  const { config, fingerprint: configFp } = await loadDatasetConfig(storage, dataset);
  const history = await loadDatasetHistory(storage, dataset, config.frequency);
  const runId = runIdOf(history.series, configFp);
  const timings: Record<string, number> = { load: (Date.now() - t0) / 1000 };
  log('dataset loaded', { dataset, runId, series: history.series.length, frequency: history.frequency, shard });

  if (await isRunPublished(storage, dataset, runId)) {
    // Idempotent re-run (duplicate schedule tick, Batch retry): nothing to write but the pointer.
    const res = await publishRun(storage, { dataset, runId, files: [], manifest: undefined as never });
    log('run already published', { dataset, runId, latestUpdated: res.latestUpdated });
    return { dataset, runId, status: 'already-published', manifestKey: res.manifestKey, forecastKey: res.forecastKey, latestUpdated: res.latestUpdated, seriesCount: history.series.length, timings };
  }

  const mine = history.series.filter((_, i) => i % shard.count === shard.index);
  const ingestWarnings = await loadIngestWarnings(storage, dataset);
  const shardPrefix = `${runPrefix(dataset, runId)}shards/${shard.index}-of-${shard.count}/`;
  const t1 = Date.now();
  const analyses = await loadAnalyses(storage, dataset, mine, config);
  timings.analyses = (Date.now() - t1) / 1000;
  log('decomposition and smoothing ready', { reused: analyses.reused, computed: analyses.computed });

  const engine = await forecastDataset({ series: mine, config, frequency: history.frequency }, {
    neural: opts.neural,
    log,
    progress: opts.progress,
  });
  Object.assign(timings, engine.timings);

  if (engine.network) {
    await engine.network.save(storage, `${shardPrefix}model/`);
  }
  const shardData: ShardReportData = buildReportData(engine, analyses.decomposition, analyses.smoothing, mine, {
    frequency: history.frequency,
    horizon: config.horizon,
    quantiles: config.quantiles,
  });
  await storage.put(`${shardPrefix}forecast.csv`, formatForecastCsv(engine.forecasts, config.quantiles), { contentType: 'text/csv' });
  await storage.put(`${shardPrefix}shard.json`, JSON.stringify({ engine: summarise(engine), report: shardData }), { contentType: 'application/json' });
  log('shard written', { shard, series: mine.length });

  // Merge when every shard is there (for count = 1: right away).
  const shardPrefixes = Array.from({ length: shard.count }, (_, i) => `${runPrefix(dataset, runId)}shards/${i}-of-${shard.count}/`);
  for (const p of shardPrefixes) {
    if (!(await storage.head(`${p}shard.json`))) {
      return { dataset, runId, status: 'shard-written', seriesCount: mine.length, timings };
    }
  }
  return mergeAndPublish(storage, { dataset, runId, config, configFp, shardPrefixes, history: history.series, frequency: history.frequency, now, timings, t0, log, beforeManifest: opts.beforeManifest, ingestWarnings });
}

interface ShardSummary {
  selectedModel: string;
  perSeries?: EngineResult['perSeries'];
  scores: EngineResult['scores'];
  search: EngineResult['search'];
  training: EngineResult['training'];
  timings: Record<string, number>;
  warnings: string[];
  backend: string;
  seriesCount: number;
  networkParams?: number;
}

function summarise(e: EngineResult): ShardSummary {
  return {
    selectedModel: e.selectedModel,
    perSeries: e.perSeries,
    scores: e.scores,
    search: e.search,
    training: e.training,
    timings: e.timings,
    warnings: e.warnings,
    backend: e.backend,
    seriesCount: e.forecasts.length,
    networkParams: e.network?.params,
  };
}

async function mergeAndPublish(
  storage: Storage,
  a: {
    dataset: string; runId: string; config: DatasetConfig; configFp: string; shardPrefixes: string[]; history: Series[];
    frequency: string; now: () => Date; timings: Record<string, number>; t0: number;
    log: (m: string, f?: Record<string, unknown>) => void; beforeManifest?: () => Promise<void>;
    ingestWarnings: string[];
  },
): Promise<TrainForecastResult> {
  const shards: { summary: ShardSummary; report: ShardReportData; csv: string }[] = [];
  for (const p of a.shardPrefixes) {
    const parsed = JSON.parse(await storage.getText(`${p}shard.json`)) as { engine: ShardSummary; report: ShardReportData };
    shards.push({ summary: parsed.engine, report: parsed.report, csv: await storage.getText(`${p}forecast.csv`) });
  }
  // forecast.csv: header once, rows of all shards sorted by series id then date (already sorted inside a shard).
  const header = shards[0]!.csv.split('\n', 1)[0]!;
  const rows = shards.flatMap((s) => s.csv.split('\n').slice(1).filter(Boolean));
  rows.sort(compareRows);
  const forecastCsv = [header, ...rows].join('\n') + '\n';

  const first = shards[0]!.summary;
  const metrics: Metrics = MetricsSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    dataset: a.dataset,
    runId: a.runId,
    backend: first.backend,
    selectedModel: first.selectedModel,
    perSeries: first.perSeries,
    backtest: { windows: a.config.backtest.windows, horizon: a.config.horizon, scores: mergeScores(shards.map((s) => s.summary)) },
    search: first.search,
    timings: { ...a.timings, total: (Date.now() - a.t0) / 1000 },
    training: first.training,
    warnings: [...a.ingestWarnings, ...shards.flatMap((s) => s.summary.warnings)],
  });
  if (shards.length > 1) (metrics as Metrics & { shards?: unknown }).shards = shards.map((s) => ({ selectedModel: s.summary.selectedModel, series: s.summary.seriesCount }));
  const reportData = {
    ...shards[0]!.report,
    dataset: a.dataset,
    runId: a.runId,
    createdAt: a.now().toISOString(),
    series: shards.flatMap((s) => s.report.series),
    backtest: metrics.backtest.scores.map((s) => ({ model: s.model, mase: s.mase, smape: s.smape, wape: s.wape, coverage: s.coverage ?? null, series: s.series })),
    timings: metrics.timings,
    warnings: metrics.warnings,
  };
  const reportHtml = await renderReport(reportData);

  const modelKeys: string[] = [];
  for (const p of a.shardPrefixes) {
    for (const o of await storage.list(`${p}model/`)) modelKeys.push(o.key);
  }
  const inputFingerprint = fingerprint(a.configFp, ...a.history.map((s) => seriesFingerprint(s.id, s.dates, s.values)));
  const res = await publishRun(
    storage,
    {
      dataset: a.dataset,
      runId: a.runId,
      files: [
        { name: 'forecast.csv', body: forecastCsv, contentType: 'text/csv' },
        { name: 'metrics.json', body: JSON.stringify(metrics, null, 2) + '\n', contentType: 'application/json' },
        { name: 'report.html', body: reportHtml, contentType: 'text/html' },
      ],
      extraKeys: modelKeys,
      manifest: {
        createdAt: a.now().toISOString(),
        inputFingerprint,
        configFingerprint: a.configFp,
        frequency: a.frequency,
        horizon: a.config.horizon,
        quantiles: a.config.quantiles,
        seriesCount: a.history.length,
        backend: first.backend,
        modelVersion: modelKeys.length ? a.runId : undefined,
      },
    },
    { afterFiles: a.beforeManifest },
  );
  if (modelKeys.length && res.published) {
    await registerModelVersion(storage, a.dataset, {
      version: a.runId,
      runId: a.runId,
      createdAt: a.now().toISOString(),
      configFingerprint: a.configFp,
      dataFingerprint: inputFingerprint,
      backend: first.backend,
      selectedModel: first.selectedModel,
      params: first.networkParams ?? null,
      metrics: metrics.backtest.scores,
      modelPrefix: `${runPrefix(a.dataset, a.runId)}shards/`,
    });
  }
  const event: ForecastPublishedEvent = {
    source: 'seqcast',
    detailType: 'ForecastPublished',
    detail: {
      dataset: a.dataset,
      runId: a.runId,
      manifestKey: manifestKeyOf(a.dataset, a.runId),
      forecastKey: res.forecastKey,
      latestKey: latestKey(a.dataset),
      seriesCount: a.history.length,
      schemaVersion: SCHEMA_VERSION,
    },
  };
  a.log('run published', { dataset: a.dataset, runId: a.runId, latestUpdated: res.latestUpdated });
  return {
    dataset: a.dataset,
    runId: a.runId,
    status: 'published',
    manifestKey: res.manifestKey,
    forecastKey: res.forecastKey,
    reportKey: `${runPrefix(a.dataset, a.runId)}report.html`,
    metricsKey: `${runPrefix(a.dataset, a.runId)}metrics.json`,
    latestUpdated: res.latestUpdated,
    event,
    selectedModel: first.selectedModel,
    seriesCount: a.history.length,
    timings: metrics.timings,
  };
}

/** Ingestion warnings of every accepted upload of the dataset, one line each (at most 50 per upload). */
async function loadIngestWarnings(storage: Storage, dataset: string): Promise<string[]> {
  const out: string[] = [];
  for (const o of await storage.list(curatedPrefix(dataset))) {
    if (!o.key.endsWith('.warnings.json')) continue;
    const { rawKey, warnings } = JSON.parse(await storage.getText(o.key)) as { rawKey: string; warnings: InputProblem[] };
    for (const w of warnings.slice(0, 50)) {
      out.push(`${rawKey}${w.line ? `, line ${w.line}` : ''}${w.column ? `, column "${w.column}"` : ''}: ${w.reason}`);
    }
    if (warnings.length > 50) out.push(`${rawKey}: … and ${warnings.length - 50} more warnings`);
  }
  return out;
}

/** Sort CSV rows by (series_id, date); ids may be quoted, so compare the parsed first two fields. */
function compareRows(x: string, y: string): number {
  const [a1, a2] = firstTwo(x);
  const [b1, b2] = firstTwo(y);
  return a1 < b1 ? -1 : a1 > b1 ? 1 : a2 < b2 ? -1 : a2 > b2 ? 1 : 0;
}

function firstTwo(row: string): [string, string] {
  if (row.startsWith('"')) {
    let i = 1;
    let id = '';
    while (i < row.length) {
      if (row[i] === '"' && row[i + 1] === '"') {
        id += '"';
        i += 2;
      } else if (row[i] === '"') break;
      else id += row[i++];
    }
    const rest = row.slice(i + 2);
    return [id, rest.slice(0, rest.indexOf(','))];
  }
  const c1 = row.indexOf(',');
  const c2 = row.indexOf(',', c1 + 1);
  return [row.slice(0, c1), row.slice(c1 + 1, c2)];
}

/** Series-weighted mean of each model's scores across shards. */
function mergeScores(shards: ShardSummary[]): Metrics['backtest']['scores'] {
  const by = new Map<string, { w: number; sums: Record<string, number>; counts: Record<string, number> }>();
  for (const s of shards) {
    for (const sc of s.scores) {
      let e = by.get(sc.model);
      if (!e) by.set(sc.model, (e = { w: 0, sums: {}, counts: {} }));
      e.w += sc.series;
      for (const k of ['mase', 'smape', 'wape', 'rmse', 'pinball', 'coverage'] as const) {
        const v = sc[k];
        if (typeof v === 'number' && Number.isFinite(v)) {
          e.sums[k] = (e.sums[k] ?? 0) + v * sc.series;
          e.counts[k] = (e.counts[k] ?? 0) + sc.series;
        }
      }
    }
  }
  return [...by].map(([model, e]) => {
    const get = (k: string) => (e.counts[k] ? e.sums[k]! / e.counts[k]! : null);
    return { model, mase: get('mase'), smape: get('smape'), wape: get('wape'), rmse: get('rmse'), pinball: get('pinball'), coverage: get('coverage'), series: e.w };
  });
}

async function loadAnalyses(storage: Storage, dataset: string, series: Series[], config: DatasetConfig) {
  const storedD = await loadAnalysisRecords<DecompositionRecord>(storage, dataset, 'decomposed');
  const storedS = await loadAnalysisRecords<SmoothingRecord>(storage, dataset, 'smoothed');
  const decomposition = new Map<string, DecompositionRecord>();
  const smoothing = new Map<string, SmoothingRecord>();
  let reused = 0;
  let computed = 0;
  for (const s of series) {
    const fp = seriesFingerprint(s.id, s.dates, s.values);
    const d = storedD.get(fp);
    const sm = storedS.get(fp);
    // Stored records are used only when they were computed on exactly this history.
    try {
      decomposition.set(s.id, d && d.method === config.decomposition.method ? (reused++, d) : (computed++, decomposeRecord(s, config)));
    } catch {
      /* series the decomposition cannot handle: the report shows no panel for it */
    }
    try {
      smoothing.set(s.id, sm && sm.model === config.smoothing.model ? sm : smoothRecord(s, config));
    } catch {
      /* likewise */
    }
  }
  return { decomposition, smoothing, reused, computed };
}
