/**
 * Published output contracts: forecast rows, run manifest, `latest.json`, metrics and the
 * ForecastPublished event. These are what downstream teams consume, so they are versioned:
 * additive changes (a new optional field, a new quantile column) bump the minor version, anything
 * else bumps the major version (see docs/outputs.md).
 */
import { z } from 'zod';

/** Version of the forecast file / manifest contract, recorded in every manifest. */
export const SCHEMA_VERSION = '1.0.0';

/** Name of a quantile column: 0.1 → `p10`, 0.5 → `p50`, 0.975 → `p97.5`. */
export function quantileColumn(q: number): string {
  const pct = Math.round(q * 1e6) / 1e4;
  return `p${pct}`;
}

/** One row of `forecast.csv` (quantile columns beyond p10/p50/p90 follow the configured quantiles). */
export const ForecastRowSchema = z
  .object({
    series_id: z.string().min(1).describe('Series identifier, as in the input.'),
    date: z.string().describe('ISO-8601 date of the forecast step (YYYY-MM-DD, or YYYY-MM-DDTHH:00:00Z for hourly data).'),
    model: z.string().describe('Model that produced the row, e.g. "ensemble(lstm,ets,theta)" or "ets(M,Ad,M)".'),
    mean: z.number().describe('Point forecast (mean).'),
    p10: z.number().optional().describe('10% quantile (present when 0.1 is a configured quantile).'),
    p50: z.number().optional().describe('Median forecast (present when 0.5 is a configured quantile).'),
    p90: z.number().optional().describe('90% quantile (present when 0.9 is a configured quantile).'),
  })
  .catchall(z.number())
  .describe('One forecast step of one series: a row of forecast.csv.');
export type ForecastRow = z.infer<typeof ForecastRowSchema>;

export const ManifestFileSchema = z.object({
  key: z.string().describe('Object key relative to the bucket (or storage root).'),
  size: z.number().int().nonnegative().describe('Size in bytes.'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('Hex SHA-256 of the object bytes.'),
  contentType: z.string().optional(),
});

export const ManifestSchema = z
  .object({
    schemaVersion: z.string().describe('Version of the output contract (semver).'),
    dataset: z.string(),
    runId: z.string().describe('Run identifier: derived from the input fingerprint and config, so re-runs write the same run.'),
    createdAt: z.string().describe('ISO-8601 time the run was published.'),
    inputFingerprint: z.string().describe('SHA-256 over the curated inputs and the dataset config.'),
    configFingerprint: z.string(),
    frequency: z.string(),
    horizon: z.number().int(),
    quantiles: z.array(z.number()),
    seriesCount: z.number().int(),
    backend: z.string().describe('tfjs backend that trained the network (tensorflow-gpu, tensorflow, wasm, cpu).'),
    modelVersion: z.string().optional().describe('Version id of the trained network in the model registry.'),
    files: z.array(ManifestFileSchema).describe('Every file of the run except the manifest itself.'),
  })
  .describe('manifest.json: the complete list of a run\'s files with checksums; written before latest.json points at the run.');
export type Manifest = z.infer<typeof ManifestSchema>;

export const LatestPointerSchema = z
  .object({
    schemaVersion: z.string(),
    dataset: z.string(),
    runId: z.string(),
    manifestKey: z.string().describe('Key of the run\'s manifest.json.'),
    forecastKey: z.string().describe('Key of the run\'s forecast.csv.'),
    manifestSha256: z.string().describe('SHA-256 of manifest.json, so a reader can check it got the right one.'),
    publishedAt: z.string(),
  })
  .describe('latest.json: the only key consumers poll; written last, after the run folder is complete.');
export type LatestPointer = z.infer<typeof LatestPointerSchema>;

export const ForecastPublishedEventSchema = z
  .object({
    source: z.literal('seqcast'),
    detailType: z.literal('ForecastPublished'),
    detail: z.object({
      dataset: z.string(),
      runId: z.string(),
      bucket: z.string().optional(),
      manifestKey: z.string(),
      forecastKey: z.string(),
      latestKey: z.string(),
      seriesCount: z.number().int(),
      schemaVersion: z.string(),
    }),
  })
  .describe('EventBridge event (source "seqcast", detail-type "ForecastPublished") sent after latest.json is written.');
export type ForecastPublishedEvent = z.infer<typeof ForecastPublishedEventSchema>;

export const ModelScoreSchema = z.object({
  model: z.string(),
  mase: z.number().nullable().describe('Mean absolute scaled error (seasonal-naive in-sample scaling), mean over series and windows.'),
  smape: z.number().nullable().describe('Symmetric MAPE in percent (M3/M4 definition, 0–200), mean over series and windows.'),
  wape: z.number().nullable().describe('Weighted absolute percentage error as a fraction: Σ|error| / Σ|actual|.'),
  rmse: z.number().nullable().describe('Root mean squared error in data units, mean over series.'),
  pinball: z.number().nullable().optional(),
  coverage: z.number().nullable().optional().describe('Share of actuals inside the outermost quantile band.'),
  series: z.number().int(),
});

/** The per-series selection check of a run (engine result, metrics.json, report). */
export const PerSeriesSummarySchema = z.object({
  used: z.boolean(),
  pool: z.array(z.string()),
  tau: z.number(),
  /** Cross-origin MASE with per-series picks, and of the dataset's model (pool[0]) on the same cases. */
  mase: z.number(),
  datasetMase: z.number(),
  cases: z.number().int(),
  /** Series whose final forecast comes from another model than the dataset's. */
  switched: z.number().int(),
  reason: z.string().optional().describe('Why per-series selection was not used, when it was not.'),
});
export type PerSeriesSummary = z.infer<typeof PerSeriesSummarySchema>;

export const MetricsSchema = z
  .object({
    schemaVersion: z.string(),
    dataset: z.string(),
    runId: z.string(),
    backend: z.string(),
    selectedModel: z.string(),
    perSeries: PerSeriesSummarySchema.optional()
      .describe(
        'Per-series selection check: picks made at an older origin scored at the next one (`cases` series × origin), MASE with the picks vs the dataset model on the same cases, the candidate pool and switching margin `tau`; `used` when it paid (then selectedModel is "per-series" and `switched` series use another model than pool[0]). Absent when switched off or there was no older origin to check.',
      ),
    backtest: z.object({ windows: z.number().int(), horizon: z.number().int(), scores: z.array(ModelScoreSchema) }),
    search: z
      .array(z.object({ units: z.number().int(), layers: z.number().int(), params: z.number().int(), valMase: z.number().nullable(), chosen: z.boolean() }))
      .default([]),
    timings: z.record(z.string(), z.number()).describe('Seconds spent per phase (prep, training, inference, …).'),
    training: z
      .array(z.object({ epoch: z.number().int(), loss: z.number(), valLoss: z.number().nullable(), lr: z.number().optional() }))
      .default([]),
    warnings: z.array(z.string()).default([]),
  })
  .describe('metrics.json: backtest scores of every model vs the baselines, search results, timings and training curve.');
export type Metrics = z.infer<typeof MetricsSchema>;
