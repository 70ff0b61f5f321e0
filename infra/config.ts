/**
 * Deployment options of the seqcast stack: one zod schema holds every default and every check, and
 * is applied both to CDK context (`-c key=value`, `cdk.json`) and to props passed in code, so a
 * bad value fails `cdk synth` with a readable message instead of a failed CloudFormation deploy.
 */
import { z } from 'zod';

/** Dataset name: used in S3 prefixes, schedule names and Batch job names (letters, digits, `-`, `_`). */
const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$/;

/**
 * GPU families the training image runs on: x86_64 with NVIDIA GPUs supported by the ECS AL2023
 * NVIDIA AMI. Graviton GPU types (g5g) are excluded: the image is linux/amd64.
 */
const GPU_INSTANCE_TYPE = /^(g4dn|g5|g6|g6e|gr6|p3|p3dn|p4d|p4de|p5|p5e)\.[0-9]*x?large$/;

/** Retention values CloudWatch Logs accepts (RetentionDays enum of aws-cdk-lib). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Context values given with `-c key=value` arrive as strings; cdk.json and code give typed values. */
function fromJsonString(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}

const bool = z.preprocess((v) => {
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0' || s === '') return false;
  }
  return v;
}, z.boolean());

const int = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number().int().min(min).max(max));

/** A list given as a JSON array, a comma-separated string or an array. */
const stringList = (item: z.ZodString) =>
  z.preprocess((v) => {
    const parsed = fromJsonString(v);
    if (typeof parsed === 'string') return parsed.split(',').map((s) => s.trim()).filter((s) => s !== '');
    return parsed;
  }, z.array(item).min(1));

export const DatasetScheduleSchema = z
  .object({
    /** Dataset name: `raw/<name>/…`, `config/<name>.json`, `forecasts/<name>/…`. */
    name: z.string().regex(DATASET_NAME, 'dataset names are 1-48 letters, digits, "-" or "_", starting with a letter or digit'),
    /** EventBridge Scheduler expression, e.g. `cron(0 3 * * ? *)` or `rate(1 day)`. */
    schedule: z
      .string()
      .regex(/^(cron\(.+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\)|at\(.+\))$/, 'expected cron(...), rate(...) or at(...)')
      .default('cron(0 3 * * ? *)'),
    /** IANA time zone the cron expression is evaluated in. */
    timezone: z.string().min(1).default('UTC'),
    /** Batch array size (training shards); 1 submits a plain job. */
    arraySize: int(1, 10_000).default(1),
    /** A disabled schedule is deployed but does not fire. */
    enabled: bool.default(true),
    /** Alarm when this dataset has not published a forecast for this many hours (0: no alarm). */
    freshnessHours: int(0, 168).optional(),
  })
  .strict();

export const SeqcastSettingsSchema = z
  .object({
    /**
     * Build the variant LocalStack's free tier can run: bucket, Lambdas, rules, DLQs and alarms,
     * but no VPC, Batch, Scheduler or Glue (training runs through the local runner).
     * @default false
     */
    localstack: bool.default(false),
    /** Datasets trained on a schedule (one EventBridge Scheduler schedule each). @default [] */
    datasets: z.preprocess(fromJsonString, z.array(DatasetScheduleSchema)).default([]),
    /** Data bucket encryption: `s3` (SSE-S3) or `kms` (a customer-managed key with rotation). @default 's3' */
    bucketEncryption: z.enum(['s3', 'kms']).default('s3'),
    /** What happens to the data and log buckets when the stack is deleted. @default 'retain' */
    dataRemovalPolicy: z.enum(['retain', 'destroy']).default('retain'),
    /** `forecasts/<dataset>/runs/` objects expire after this many days (`latest.json` never does). @default 90 */
    forecastRunRetentionDays: int(1, 36_500).default(90),
    /** `quarantine/` error reports expire after this many days. @default 30 */
    quarantineRetentionDays: int(1, 36_500).default(30),
    /** Noncurrent object versions expire after this many days. @default 30 */
    noncurrentVersionRetentionDays: int(1, 36_500).default(30),
    /** Server access logs and VPC flow logs expire after this many days. @default 365 */
    accessLogRetentionDays: int(1, 36_500).default(365),
    /** CloudWatch Logs retention of every log group (a value CloudWatch accepts). @default 30 */
    logRetentionDays: z
      .preprocess((v) => (typeof v === 'string' ? Number(v) : v), z.number())
      .refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`)
      .default(30),
    /**
     * Reserved concurrency per function. Unset: unreserved, because a new account (concurrency
     * limit 10) cannot reserve any and the deploy would fail there.
     * @default {}
     */
    reservedConcurrency: z
      .preprocess(
        fromJsonString,
        z.object({ ingest: int(1, 1000).optional(), decompose: int(1, 1000).optional(), smooth: int(1, 1000).optional() }).strict(),
      )
      .default({}),
    /** EventBridge → Lambda delivery retries before the event goes to the function's DLQ. @default 4 */
    eventRetryAttempts: int(0, 185).default(4),
    /** Oldest event age (hours) EventBridge and Lambda still deliver/retry. @default 6 */
    eventMaxAgeHours: int(1, 24).default(6),
    /** GPU instance types of both compute environments. @default ['g5.xlarge', 'g5.2xlarge', 'g6.xlarge'] */
    gpuInstanceTypes: stringList(
      z.string().regex(GPU_INSTANCE_TYPE, 'expected an x86_64 NVIDIA GPU instance type such as g5.xlarge, g6.xlarge, p3.2xlarge'),
    ).default(['g5.xlarge', 'g5.2xlarge', 'g6.xlarge']),
    /**
     * NAT gateways of the Batch VPC. 0 builds private isolated subnets reached through VPC
     * endpoints instead (no internet egress; more hourly endpoint cost, see docs/deploy.md).
     * @default 1
     */
    natGateways: int(0, 3).default(1),
    /** Upper bound of each compute environment (the cost ceiling). @default 32 */
    maxvCpus: int(4, 10_000).default(32),
    /** vCPUs of one training job. @default 4 */
    jobVcpus: int(1, 192).default(4),
    /** Memory (MiB) of one training job; must fit the smallest instance type after ECS overhead. @default 14336 */
    jobMemoryMiB: int(1024, 2_000_000).default(14_336),
    /** Batch terminates an attempt after this many hours. @default 4 */
    jobTimeoutHours: int(1, 336).default(4),
    /** Custom EventBridge bus receiving `ForecastPublished`. @default 'seqcast' */
    eventBusName: z.string().regex(/^[A-Za-z0-9._-]{1,256}$/).refine((n) => n !== 'default', 'use a custom bus name').default('seqcast'),
    /**
     * Alarm when no forecast at all was published for this many hours (0: no such alarm); also the
     * default of each dataset's own freshness alarm.
     * @default 26
     */
    forecastFreshnessHours: int(0, 168).default(26),
    /** E-mail subscribed to the alarm topic. @default - no subscription */
    alarmEmail: z.email().optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const names = s.datasets.map((d) => d.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['datasets'], message: `dataset "${dup}" is listed twice` });
    if (s.jobVcpus > s.maxvCpus) ctx.addIssue({ code: 'custom', path: ['jobVcpus'], message: 'jobVcpus exceeds maxvCpus' });
  });

/** Fully defaulted, validated settings. */
export type SeqcastSettings = z.output<typeof SeqcastSettingsSchema>;
/** What a caller may pass (every field optional; strings accepted where CDK context gives strings). */
export type SeqcastSettingsInput = z.input<typeof SeqcastSettingsSchema>;
export type DatasetSchedule = z.output<typeof DatasetScheduleSchema>;

/** Context keys read by `readSettingsFromContext` (the schema's keys plus `stackName`). */
export const SETTINGS_CONTEXT_KEYS = Object.keys(SeqcastSettingsSchema.shape) as (keyof SeqcastSettings)[];

export class SeqcastConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeqcastConfigError';
  }
}

/** Validate and default settings; throws `SeqcastConfigError` listing every problem with its key. */
export function parseSeqcastSettings(input: unknown, source = 'settings'): SeqcastSettings {
  const result = SeqcastSettingsSchema.safeParse(input ?? {});
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new SeqcastConfigError(`invalid seqcast ${source}:\n${lines.join('\n')}`);
  }
  return result.data;
}

/**
 * Collect the seqcast keys from CDK context (anything else in context belongs to CDK and is left
 * alone). `tryGetContext` is passed in so this module needs no construct.
 */
export function readSettingsFromContext(tryGetContext: (key: string) => unknown): SeqcastSettings {
  const raw: Record<string, unknown> = {};
  for (const key of SETTINGS_CONTEXT_KEYS) {
    const value = tryGetContext(key);
    if (value !== undefined) raw[key] = value;
  }
  return parseSeqcastSettings(raw, 'context (-c key=value or cdk.json "context")');
}
