/**
 * Dataset configuration (`config/<dataset>.json`). Every field has a default, so `{}` is a valid
 * config; unknown fields are rejected (`.strict()`) so a typo never silently does nothing.
 */
import { z } from 'zod';
import { FREQUENCIES } from '../types';

export const ColumnsConfigSchema = z
  .object({
    /** Column holding the series id. Absent from the file: the whole file is one series. */
    id: z.string().min(1).optional(),
    time: z.string().min(1).optional(),
    value: z.string().min(1).optional(),
  })
  .strict()
  .default({});

export const DecompositionConfigSchema = z
  .object({
    method: z.enum(['classical', 'fourier', 'stl']).default('stl'),
    model: z.enum(['additive', 'multiplicative']).default('additive'),
    /** Seasonal period; default: from the frequency (12 monthly, 4 quarterly, 7 daily, …). */
    period: z.number().int().min(1).optional(),
    robust: z.boolean().default(true),
  })
  .strict()
  .default({ method: 'stl', model: 'additive', robust: true });

export const SmoothingConfigSchema = z
  .object({
    model: z.enum(['local-level', 'local-linear-trend', 'seasonal']).default('local-level'),
    period: z.number().int().min(1).optional(),
    /** Fixed variances in statsmodels order (irregular, level, slope, seasonal); default: fitted by MLE. */
    variances: z.array(z.number().nonnegative()).optional(),
    initialization: z.enum(['approximate-diffuse', 'exact-diffuse']).default('approximate-diffuse'),
  })
  .strict()
  .default({ model: 'local-level', initialization: 'approximate-diffuse' });

export const ModelConfigSchema = z
  .object({
    cell: z.enum(['lstm', 'gru', 'simple-rnn']).default('gru'),
    layers: z.number().int().min(1).max(8).default(1),
    units: z.number().int().min(1).max(1024).default(48),
    dropout: z.number().min(0).max(0.9).default(0),
    bidirectional: z.boolean().default(false),
    encoderDecoder: z.boolean().default(false),
    /** Input window length in steps; default: 2 seasonal periods (at least 8). */
    window: z.number().int().min(2).optional(),
    clipnorm: z.number().positive().optional().default(1),
    clipvalue: z.number().positive().optional(),
    epochs: z.number().int().min(1).default(30),
    batchSize: z.number().int().min(1).default(512),
    learningRate: z.number().positive().default(3e-3),
    earlyStoppingPatience: z.number().int().min(0).default(5),
    seed: z.number().int().default(42),
    /** Width × depth search grid: list of [units, layers]. Empty: train only the configured size. */
    search: z.array(z.tuple([z.number().int().min(1), z.number().int().min(1)])).default([]),
    /** Series shorter than this use the statistical fallback only. */
    minSeriesLength: z.number().int().min(1).default(24),
    /** Training windows taken per series (the most recent ones): bounds training time on long series. */
    maxWindowsPerSeries: z.number().int().min(1).default(64).describe('Training windows taken per series, the most recent first; bounds training time on long series.'),
    /** Wall-time budget for one network training (seconds); training stops after the epoch that crosses it. */
    ensembleSize: z.number().int().min(1).max(10).default(1).describe('Networks trained with different seeds for the final forecast and averaged (together with the backtest-trained one).'),
    workBudget: z
      .number()
      .positive()
      .default(5_500_000)
      .describe(
        'Work budget of one network training, in sequence time steps (training windows × window length, summed over epochs); training stops after the epoch that reaches it. Unlike the wall-time budget it stops at the same epoch on any machine, so forecasts stay reproducible. The backtest training and the final retraining each get it (split over a width × depth search or the `ensembleSize` networks). The wasm backend processes about 47,000 time steps a second on one core of the build machine (GRU, 48 units): the default is about two minutes per training there.',
      ),
    timeBudgetSeconds: z.number().positive().default(300).describe('Wall-time safety net of one network training in seconds; training stops after the epoch that crosses it. It depends on the machine, so when it stops training the forecast is no longer reproducible elsewhere (`workBudget` bounds the work deterministically).'),
  })
  .strict()
  .default({
    cell: 'gru', layers: 1, units: 48, dropout: 0, bidirectional: false, encoderDecoder: false,
    clipnorm: 1, epochs: 30, batchSize: 512, learningRate: 3e-3, earlyStoppingPatience: 5, seed: 42,
    search: [], minSeriesLength: 24, maxWindowsPerSeries: 64, ensembleSize: 1, workBudget: 5_500_000, timeBudgetSeconds: 300,
  });

export const BacktestConfigSchema = z
  .object({
    /** Forecast origins. One keeps the default run inside its time budget; more make selection steadier. */
    windows: z.number().int().min(1).default(1),
    /** Steps between successive forecast origins; default: the horizon. */
    step: z.number().int().min(1).optional(),
    /**
     * `auto`: let series switch from the dataset's model to another top candidate where a check
     * across forecast origins shows it pays; `off`: one model for the whole dataset.
     */
    perSeries: z
      .enum(['auto', 'off'])
      .default('auto')
      .describe('Per-series model selection: `auto` uses it only when a check across forecast origins (picks made at an older origin, scored at a newer one) beats the single dataset model by at least 1 %; `off` keeps one model for the whole dataset.'),
  })
  .strict()
  .default({ windows: 1, perSeries: 'auto' });

export const ScheduleConfigSchema = z
  .object({
    /** EventBridge Scheduler expression, e.g. `cron(0 3 * * ? *)` or `rate(1 day)`. */
    expression: z.string().default('cron(0 3 * * ? *)'),
    timezone: z.string().default('UTC'),
    enabled: z.boolean().default(true),
    /** AWS Batch array size (number of training shards). */
    arraySize: z.number().int().min(1).max(10_000).default(1),
  })
  .strict()
  .default({ expression: 'cron(0 3 * * ? *)', timezone: 'UTC', enabled: true, arraySize: 1 });

export const DatasetConfigSchema = z
  .object({
    /** Sampling frequency; default: inferred from the dates. */
    frequency: z.enum(FREQUENCIES).optional(),
    horizon: z.number().int().min(1).max(10_000).default(12),
    quantiles: z
      .array(z.number().gt(0).lt(1))
      .min(1)
      .default([0.1, 0.5, 0.9])
      .refine((q) => q.every((v, i) => i === 0 || v > q[i - 1]!), 'quantiles must be strictly increasing'),
    columns: ColumnsConfigSchema,
    /** What to do with two rows for the same series and time. */
    duplicates: z.enum(['reject', 'sum', 'last']).default('reject'),
    decomposition: DecompositionConfigSchema,
    smoothing: SmoothingConfigSchema,
    model: ModelConfigSchema,
    backtest: BacktestConfigSchema,
    schedule: ScheduleConfigSchema,
    /** Submit the training job right after a successful ingest. */
    trainOnUpload: z.boolean().default(false),
  })
  .strict();

export type DatasetConfig = z.infer<typeof DatasetConfigSchema>;
export type ModelConfig = z.infer<typeof ModelConfigSchema>;
export type DecompositionConfig = z.infer<typeof DecompositionConfigSchema>;
export type SmoothingConfig = z.infer<typeof SmoothingConfigSchema>;

/** Parse a config object; throws a `ConfigError` listing every problem with its JSON path. */
export function parseDatasetConfig(input: unknown, source = 'config'): DatasetConfig {
  const result = DatasetConfigSchema.safeParse(input ?? {});
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`invalid dataset config in ${source}:\n${lines.join('\n')}`, result.error.issues);
  }
  return result.data;
}

export class ConfigError extends Error {
  constructor(message: string, public readonly issues: unknown[]) {
    super(message);
    this.name = 'ConfigError';
  }
}
