/**
 * Writes the published JSON Schemas (`schemas/*.schema.json`) and the dataset-config reference
 * (`docs/config-reference.md`) from the zod schemas, which stay the single source of truth.
 *
 *   npx tsx scripts/generate-json-schemas.ts          # regenerate
 *   npx tsx scripts/generate-json-schemas.ts --check  # exit 1 when a checked-in file is stale
 *
 * tests/unit/json-schemas.test.ts calls `generateSchemaFiles()` and fails when the checked-in
 * files differ, so a schema change cannot ship without its regenerated contract.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { DatasetConfigSchema } from '../shared/schemas/config';
import {
  ForecastPublishedEventSchema,
  ForecastRowSchema,
  LatestPointerSchema,
  ManifestSchema,
  MetricsSchema,
  SCHEMA_VERSION,
} from '../shared/schemas/forecast';

export interface GeneratedFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  content: string;
}

type JsonSchema = Record<string, unknown>;

interface SchemaSource {
  file: string;
  title: string;
  schema: z.ZodType;
  source: string;
  /**
   * `output`: the shape seqcast writes (defaults applied, so defaulted fields are required).
   * `input`: the shape a person writes (defaulted fields optional) — for the dataset config.
   */
  io: 'input' | 'output';
}

const SOURCES: SchemaSource[] = [
  { file: 'forecast-row.schema.json', title: 'ForecastRow', schema: ForecastRowSchema, source: 'shared/schemas/forecast.ts', io: 'output' },
  { file: 'manifest.schema.json', title: 'Manifest', schema: ManifestSchema, source: 'shared/schemas/forecast.ts', io: 'output' },
  { file: 'latest-pointer.schema.json', title: 'LatestPointer', schema: LatestPointerSchema, source: 'shared/schemas/forecast.ts', io: 'output' },
  { file: 'metrics.schema.json', title: 'Metrics', schema: MetricsSchema, source: 'shared/schemas/forecast.ts', io: 'output' },
  {
    file: 'forecast-published-event.schema.json',
    title: 'ForecastPublishedEvent',
    schema: ForecastPublishedEventSchema,
    source: 'shared/schemas/forecast.ts',
    io: 'output',
  },
  { file: 'dataset-config.schema.json', title: 'DatasetConfig', schema: DatasetConfigSchema, source: 'shared/schemas/config.ts', io: 'input' },
];

/**
 * Descriptions of dataset-config fields for the reference table. They fill in where the zod schema
 * has no `.describe()` (config.ts documents its fields in comments); a `.describe()` in the schema
 * takes precedence. The up-to-date test fails when a field has neither.
 */
const CONFIG_FIELD_NOTES: Record<string, string> = {
  frequency: 'Sampling frequency. Default: inferred from the dates.',
  horizon: 'Number of steps to forecast.',
  quantiles: 'Quantiles to forecast, strictly increasing; each becomes a column of forecast.csv (0.1 → `p10`).',
  columns: 'Names of the input columns. Unset names are recognised from common spellings.',
  'columns.id': 'Column holding the series id. Absent from the file: the whole file is one series.',
  'columns.time': 'Column holding the date or time (recognised: `date`, `ds`, `timestamp`).',
  'columns.value': 'Column holding the value (recognised: `value`, `y`, `demand`, `sales`, `units`).',
  duplicates: 'What to do with two rows for the same series and time: reject the file, sum them, or keep the last.',
  decomposition: 'Trend / cycle / seasonal / irregular decomposition.',
  'decomposition.method': 'Decomposition method.',
  'decomposition.model': 'Additive (value = trend + seasonal + irregular) or multiplicative (×).',
  'decomposition.period': 'Seasonal period in steps. Default: from the frequency (12 monthly, 4 quarterly, 7 daily, 52 weekly, 24 hourly).',
  'decomposition.robust': 'Down-weight outliers (robust STL).',
  smoothing: 'Kalman filter and RTS smoother (state-space model).',
  'smoothing.model': 'State-space model.',
  'smoothing.period': 'Seasonal period of the `seasonal` model. Default: from the frequency.',
  'smoothing.variances': 'Fixed variances in statsmodels order (irregular, level, slope, seasonal). Default: fitted by maximum likelihood.',
  'smoothing.initialization': 'Initialisation of the state.',
  model: 'Recurrent network and its training.',
  'model.cell': 'Recurrent cell.',
  'model.layers': 'Number of stacked recurrent layers.',
  'model.units': 'Units per recurrent layer.',
  'model.dropout': 'Dropout rate between layers.',
  'model.bidirectional': 'Bidirectional recurrent layers.',
  'model.encoderDecoder': 'Encoder-decoder (sequence-to-sequence) architecture instead of a direct multi-output head.',
  'model.window': 'Input window length in steps. Default: 2 seasonal periods (at least 8).',
  'model.clipnorm': 'Gradient clipping by norm.',
  'model.clipvalue': 'Gradient clipping by value.',
  'model.epochs': 'Maximum training epochs.',
  'model.batchSize': 'Training batch size.',
  'model.learningRate': 'Adam learning rate.',
  'model.earlyStoppingPatience': 'Epochs without validation improvement before training stops (0: no early stopping).',
  'model.seed': 'Random seed (weights, shuffling), so a re-run trains the same network.',
  'model.search': 'Width × depth search grid: list of `[units, layers]`. Empty: train only the configured size.',
  'model.minSeriesLength': 'Series shorter than this use the statistical fallback only.',
  backtest: 'Rolling-origin backtest.',
  'backtest.windows': 'Number of backtest windows (forecast origins).',
  'backtest.step': 'Steps between successive forecast origins. Default: the horizon.',
  schedule: 'When training runs (EventBridge Scheduler).',
  'schedule.expression': 'Schedule expression, e.g. `cron(0 3 * * ? *)` or `rate(1 day)`.',
  'schedule.timezone': 'Time zone of the cron expression.',
  'schedule.enabled': 'Whether the schedule is active.',
  'schedule.arraySize': 'AWS Batch array size (number of training shards).',
  trainOnUpload: 'Submit the training job right after a successful ingest.',
};

/**
 * Adjustments to zod's output, applied per schema node:
 * - Output contracts grow by adding fields (a minor version), so readers must accept fields they
 *   do not know: a non-strict zod object does not get `additionalProperties: false`. A `.strict()`
 *   object (the dataset config) keeps it, because seqcast rejects unknown keys there.
 * - `z.number().int()` carries ±2^53−1 bounds: true but noise to a reader; dropped.
 */
function adjust(ctx: { zodSchema: unknown; jsonSchema: JsonSchema }): void {
  const def = (ctx.zodSchema as { _zod: { def: { type: string; catchall?: unknown } } })._zod.def;
  if (def.type === 'object' && def.catchall === undefined && ctx.jsonSchema.additionalProperties === false) {
    delete ctx.jsonSchema.additionalProperties;
  }
  if (ctx.jsonSchema.type === 'integer') {
    if (ctx.jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete ctx.jsonSchema.maximum;
    if (ctx.jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete ctx.jsonSchema.minimum;
  }
}

function jsonSchemaOf(source: SchemaSource): JsonSchema {
  const generated = z.toJSONSchema(source.schema, { io: source.io, target: 'draft-2020-12', override: adjust }) as JsonSchema;
  const { $schema, ...rest } = generated;
  // Stable key order: identification first, then the schema itself as zod produced it.
  return {
    $schema,
    title: source.title,
    $comment: `Generated from ${source.source} by scripts/generate-json-schemas.ts (output contract version ${SCHEMA_VERSION}). Do not edit by hand.`,
    ...rest,
  };
}

// ---------------------------------------------------------------------------------------------
// Dataset-config reference (Markdown)
// ---------------------------------------------------------------------------------------------

export interface ConfigFieldRow {
  field: string;
  type: string;
  default: string;
  description: string;
}

/** Readable type of a JSON Schema node: `integer (≥ 1, ≤ 8)`, `number[] (each > 0, < 1)`, `"a" | "b"`. */
function typeOf(schema: JsonSchema): string {
  const { base, bounds } = describeType(schema);
  return bounds.length > 0 ? `${base} (${bounds.join(', ')})` : base;
}

function describeType(schema: JsonSchema): { base: string; bounds: string[] } {
  if (Array.isArray(schema.enum)) return { base: schema.enum.map((v) => JSON.stringify(v)).join(' | '), bounds: [] };
  if (schema.const !== undefined) return { base: JSON.stringify(schema.const), bounds: [] };
  const type = schema.type;
  if (type === 'array') {
    const counts = [
      typeof schema.minItems === 'number' && !Array.isArray(schema.prefixItems) ? `at least ${schema.minItems}` : null,
    ].filter((b): b is string => b !== null);
    if (Array.isArray(schema.prefixItems)) {
      const parts = (schema.prefixItems as JsonSchema[]).map(describeType);
      return { base: `[${parts.map((p) => p.base).join(', ')}]`, bounds: [...new Set(parts.flatMap((p) => p.bounds))] };
    }
    const item = schema.items ? describeType(schema.items as JsonSchema) : { base: 'any', bounds: [] };
    const base = item.base.includes(' | ') ? `(${item.base})[]` : `${item.base}[]`;
    return { base, bounds: [...counts, ...item.bounds.map((b, i) => (i === 0 ? `each ${b}` : b))] };
  }
  if (type === 'integer' || type === 'number') {
    const bounds = [
      schema.minimum !== undefined ? `≥ ${schema.minimum}` : schema.exclusiveMinimum !== undefined ? `> ${schema.exclusiveMinimum}` : null,
      schema.maximum !== undefined ? `≤ ${schema.maximum}` : schema.exclusiveMaximum !== undefined ? `< ${schema.exclusiveMaximum}` : null,
    ].filter((b): b is string => b !== null);
    return { base: type, bounds };
  }
  if (type === 'string') return { base: 'string', bounds: typeof schema.minLength === 'number' && schema.minLength > 0 ? ['non-empty'] : [] };
  if (typeof type === 'string') return { base: type, bounds: [] };
  if (Array.isArray(type)) return { base: type.join(' | '), bounds: [] };
  return { base: 'any', bounds: [] };
}

function defaultOf(schema: JsonSchema, isObject: boolean): string {
  if (!('default' in schema)) return '—';
  // An object's default is spelled out by its fields' rows.
  if (isObject) return 'see fields';
  return `\`${JSON.stringify(schema.default)}\``;
}

function markdownCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** Every field of the dataset config, depth first, in schema order. */
export function configReferenceRows(configJsonSchema: JsonSchema): ConfigFieldRow[] {
  const rows: ConfigFieldRow[] = [];
  const walk = (properties: Record<string, JsonSchema>, prefix: string) => {
    for (const [name, schema] of Object.entries(properties)) {
      const field = prefix ? `${prefix}.${name}` : name;
      const isObject = schema.type === 'object' && typeof schema.properties === 'object';
      const description = (typeof schema.description === 'string' ? schema.description : undefined) ?? CONFIG_FIELD_NOTES[field] ?? '';
      rows.push({ field, type: isObject ? 'object' : typeOf(schema), default: defaultOf(schema, isObject), description });
      if (isObject) walk(schema.properties as Record<string, JsonSchema>, field);
    }
  };
  walk(configJsonSchema.properties as Record<string, JsonSchema>, '');
  return rows;
}

function configReferenceMarkdown(configJsonSchema: JsonSchema): string {
  const rows = configReferenceRows(configJsonSchema);
  const table = [
    '| field | type | default | description |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| \`${r.field}\` | ${markdownCell(r.type)} | ${markdownCell(r.default)} | ${markdownCell(r.description)} |`),
  ];
  return [
    '# Dataset config reference',
    '',
    '<!-- Generated by scripts/generate-json-schemas.ts from shared/schemas/config.ts. Do not edit by hand. -->',
    '',
    'A dataset config lives at `config/<dataset>.json`. Every field has a default, so `{}` is a valid',
    'config; unknown fields are rejected, so a typo fails loudly instead of silently doing nothing.',
    'The same rules as a JSON Schema, for editors and CI validation:',
    '[`schemas/dataset-config.schema.json`](../schemas/dataset-config.schema.json).',
    '',
    ...table,
    '',
    'Example:',
    '',
    '```json',
    '{',
    '  "frequency": "monthly",',
    '  "horizon": 18,',
    '  "quantiles": [0.05, 0.1, 0.5, 0.9, 0.95],',
    '  "columns": { "id": "sku", "time": "month", "value": "units" },',
    '  "model": { "cell": "gru", "search": [[32, 1], [64, 1], [64, 2]] },',
    '  "schedule": { "expression": "cron(0 3 ? * MON *)" }',
    '}',
    '```',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

/** Every generated file with its exact bytes (as text). Pure: no file system access. */
export function generateSchemaFiles(): GeneratedFile[] {
  const files: GeneratedFile[] = SOURCES.map((source) => ({
    path: `schemas/${source.file}`,
    content: `${JSON.stringify(jsonSchemaOf(source), null, 2)}\n`,
  }));
  const config = SOURCES.find((s) => s.title === 'DatasetConfig')!;
  files.push({ path: 'docs/config-reference.md', content: configReferenceMarkdown(jsonSchemaOf(config)) });
  return files;
}

/** Paths (relative to `root`) whose content differs from what the generator produces. */
export function staleSchemaFiles(root: string): string[] {
  return generateSchemaFiles()
    .filter((file) => {
      try {
        return readFileSync(join(root, file.path), 'utf8') !== file.content;
      } catch {
        return true;
      }
    })
    .map((file) => file.path);
}

function main(argv: string[]): number {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  if (argv.includes('--check')) {
    const stale = staleSchemaFiles(root);
    if (stale.length > 0) {
      console.error(`stale generated files (run: npx tsx scripts/generate-json-schemas.ts):\n  ${stale.join('\n  ')}`);
      return 1;
    }
    console.log('generated schema files are up to date');
    return 0;
  }
  for (const file of generateSchemaFiles()) {
    const target = join(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    console.log(`wrote ${file.path}`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
