/**
 * Entry point of the train-forecast job — the same file runs in the AWS Batch container (GPU,
 * tfjs-node-gpu) and in the local runner's child process (wasm/cpu backend).
 *
 * Environment (what AWS Batch / the scheduler / the local runner pass):
 *   SEQCAST_DATASET            dataset name (or `--dataset NAME` argument)          required
 *   DATA_BUCKET | SEQCAST_STORAGE  S3 bucket, or a folder / s3:// URL for local runs   required
 *   AWS_BATCH_JOB_ARRAY_INDEX  this child's index in an array job                  (Batch sets it)
 *   SEQCAST_ARRAY_SIZE         number of children of the array job                 default 1
 *   SEQCAST_REQUIRE_GPU=1      fail fast when no GPU is usable (set in the Docker image)
 *   SEQCAST_BACKEND            auto | tensorflow | wasm | cpu | none (statistical only)   default auto
 *   EVENT_BUS_NAME             EventBridge bus for "ForecastPublished" (AWS); locally the event is a log line
 *   AWS_ENDPOINT_URL           S3 endpoint for LocalStack / a local S3 server
 *   SEQCAST_TEST_PAUSE_BEFORE_MANIFEST_MS  tests only: pause before the manifest (kill test)
 */
import { pathToFileURL } from 'node:url';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { createStorage } from '../../shared/storage';
import { selectBackend, GpuUnavailableError } from '../../shared/nn';
import { trainForecast, type TrainForecastResult } from '../../shared/pipeline/train-forecast';
import type { ForecastPublishedEvent } from '../../shared/schemas/forecast';

export interface JobEnvironment {
  dataset: string;
  storage: string;
  shard: { index: number; count: number };
  requireGpu: boolean;
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu' | 'none';
  eventBus?: string;
  bucket?: string;
  endpoint?: string;
  /** Test hook (SEQCAST_TEST_PAUSE_BEFORE_MANIFEST_MS): sleep between the run files and the manifest. */
  pauseBeforeManifestMs?: number;
}

export class JobConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobConfigError';
  }
}

export function readJobEnvironment(env: NodeJS.ProcessEnv, argv: string[]): JobEnvironment {
  const argDataset = argv.indexOf('--dataset') >= 0 ? argv[argv.indexOf('--dataset') + 1] : undefined;
  const dataset = argDataset ?? env.SEQCAST_DATASET;
  if (!dataset) throw new JobConfigError('no dataset: set SEQCAST_DATASET or pass --dataset NAME');
  const storage = env.SEQCAST_STORAGE ?? (env.DATA_BUCKET ? `s3://${env.DATA_BUCKET}` : undefined);
  if (!storage) throw new JobConfigError('no storage: set DATA_BUCKET (AWS) or SEQCAST_STORAGE (folder or s3:// URL)');
  const count = Number(env.SEQCAST_ARRAY_SIZE ?? env.AWS_BATCH_JOB_ARRAY_SIZE ?? 1);
  const index = Number(env.AWS_BATCH_JOB_ARRAY_INDEX ?? 0);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new JobConfigError(`invalid array job shard: index ${env.AWS_BATCH_JOB_ARRAY_INDEX} of size ${env.SEQCAST_ARRAY_SIZE}`);
  }
  const backend = (env.SEQCAST_BACKEND ?? 'auto') as JobEnvironment['backend'];
  if (!['auto', 'tensorflow', 'wasm', 'cpu', 'none'].includes(backend)) throw new JobConfigError(`invalid SEQCAST_BACKEND "${backend}"`);
  return {
    dataset,
    storage,
    shard: { index, count },
    requireGpu: env.SEQCAST_REQUIRE_GPU === '1' || env.SEQCAST_REQUIRE_GPU === 'true',
    backend,
    eventBus: env.EVENT_BUS_NAME,
    bucket: env.DATA_BUCKET,
    endpoint: env.AWS_ENDPOINT_URL,
    pauseBeforeManifestMs: env.SEQCAST_TEST_PAUSE_BEFORE_MANIFEST_MS ? Number(env.SEQCAST_TEST_PAUSE_BEFORE_MANIFEST_MS) : undefined,
  };
}

function log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}): void {
  // One JSON object per line: CloudWatch Logs Insights and `jq` read it as is.
  process.stderr.write(JSON.stringify({ level, time: new Date().toISOString(), service: 'train-forecast', message, ...fields }) + '\n');
}

export async function runJob(env: JobEnvironment): Promise<TrainForecastResult> {
  const storage = createStorage(env.storage, { endpoint: env.endpoint });
  let neural = null;
  if (env.backend !== 'none') {
    const selection = await selectBackend({
      prefer: env.backend,
      requireGpu: env.requireGpu,
      log: (m: string) => log('info', m),
    });
    log('info', 'tfjs backend selected', { backend: selection.backend, gpu: selection.gpu, detail: selection.detail });
    neural = { backend: selection.backend };
  }
  const result = await trainForecast(storage, {
    dataset: env.dataset,
    shard: env.shard,
    neural,
    log: (m, f) => log('info', m, f),
    // One line per epoch: CloudWatch keeps the training curve; the local runner draws a progress bar from it.
    progress: { epoch: (e) => log('info', 'epoch', e) },
    // Fault-injection point for the kill test: hold the job between its run files and its manifest.
    beforeManifest: env.pauseBeforeManifestMs
      ? async () => {
          log('info', 'paused before manifest', { ms: env.pauseBeforeManifestMs });
          await new Promise((r) => setTimeout(r, env.pauseBeforeManifestMs));
        }
      : undefined,
  });
  if (result.event) await emitEvent(env, result.event);
  return result;
}

async function emitEvent(env: JobEnvironment, event: ForecastPublishedEvent): Promise<void> {
  const detail = { ...event.detail, bucket: env.bucket };
  if (env.eventBus) {
    const client = new EventBridgeClient({});
    const out = await client.send(
      new PutEventsCommand({ Entries: [{ EventBusName: env.eventBus, Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(detail) }] }),
    );
    if (out.FailedEntryCount) throw new Error(`PutEvents failed: ${JSON.stringify(out.Entries)}`);
  }
  // Locally (and in AWS, for the log trail) the event is also a log line; a parent process gets it over IPC.
  log('info', 'ForecastPublished', { event: { ...event, detail } });
  process.send?.({ type: 'ForecastPublished', event: { ...event, detail } });
}

async function main(): Promise<void> {
  try {
    const env = readJobEnvironment(process.env, process.argv.slice(2));
    const result = await runJob(env);
    log('info', 'job finished', { ...result, event: undefined });
    process.send?.({ type: 'result', result });
  } catch (err) {
    const e = err as Error;
    log('error', e.message, { error: e.name, stack: process.env.SEQCAST_DEBUG ? e.stack : undefined });
    process.exitCode = err instanceof GpuUnavailableError ? 3 : err instanceof JobConfigError ? 2 : 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
