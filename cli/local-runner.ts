/**
 * The local runner: the embedded default that runs the whole pipeline on one machine with no cloud
 * account and no Docker (design invariant 5 — one code path):
 *
 *   upload  → put the file under raw/<dataset>/ in the storage (a folder, or any S3 endpoint)
 *   ingest  → the ingest Lambda handler, fed a real S3 ObjectCreated event record
 *   analyse → the decompose and smooth Lambda handlers, fed the curated object's event
 *   train   → the Batch job entry point in a child process (tfjs wasm/cpu backend)
 *
 * `LocalJobRunner` implements the same JobRunner interface as AWS Batch for `trainOnUpload`.
 */
import { spawn } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { Storage } from '../shared/storage/types';
import type { JobRunner, JobSubmission, JobSummary } from '../shared/jobs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const JOB_ENTRY = join(REPO_ROOT, 'batch-jobs', 'train-forecast', 'main.ts');

/** An S3 ObjectCreated notification record, as S3 sends it (keys URL-encoded, `+` for spaces). */
export function objectCreatedEvent(bucket: string, key: string, size: number, etag: string) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'seqcast-local',
          bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'), size, eTag: etag, sequencer: Date.now().toString(16).toUpperCase() },
        },
      },
    ],
  };
}

export async function uploadFile(storage: Storage, file: string, key: string): Promise<{ size: number; etag: string }> {
  const info = await storage.putStream(key, createReadStream(file), { contentType: guessContentType(file) });
  return { size: statSync(file).size, etag: info.etag };
}

function guessContentType(file: string): string {
  if (/\.jsonl$|\.ndjson$/i.test(file)) return 'application/x-ndjson';
  if (/\.json$/i.test(file)) return 'application/json';
  return 'text/csv';
}

export interface JobProcessResult {
  exitCode: number;
  result?: Record<string, unknown>;
  event?: Record<string, unknown>;
}

/**
 * Run the train-forecast entry point in a child process and wait for it. Its structured log lines
 * (stderr) go to `onLog`; the result and the ForecastPublished event come back over IPC.
 */
export function runJobProcess(env: Record<string, string>, onLog: (line: string) => void, signal?: AbortSignal): Promise<JobProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', JOB_ENTRY], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      signal,
    });
    const out: JobProcessResult = { exitCode: 0 };
    let buffer = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        onLog(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
    child.on('message', (m: { type?: string; result?: Record<string, unknown>; event?: Record<string, unknown> }) => {
      if (m.type === 'result') out.result = m.result;
      if (m.type === 'ForecastPublished') out.event = m.event;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (buffer) onLog(buffer);
      out.exitCode = code ?? 1;
      resolvePromise(out);
    });
  });
}

/** JobRunner that runs training as local child processes and keeps a job log in the storage. */
export class LocalJobRunner implements JobRunner {
  constructor(
    private readonly storage: Storage,
    private readonly storageLocation: string,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  async submit(s: JobSubmission): Promise<{ jobId: string; jobName: string }> {
    const jobId = randomUUID();
    const jobName = `seqcast-${s.dataset}-${s.runId ?? Date.now()}`;
    const record: JobSummary = { jobId, jobName, dataset: s.dataset, status: 'RUNNING', createdAt: new Date(), startedAt: new Date(), arraySize: s.arraySize };
    await this.save(record);
    const size = s.arraySize ?? 1;
    void Promise.all(
      Array.from({ length: size }, (_, i) =>
        runJobProcess(
          {
            ...this.extraEnv,
            SEQCAST_DATASET: s.dataset,
            SEQCAST_STORAGE: this.storageLocation,
            SEQCAST_ARRAY_SIZE: String(size),
            AWS_BATCH_JOB_ARRAY_INDEX: String(i),
          },
          () => {},
        ),
      ),
    ).then(async (results) => {
      const failed = results.find((r) => r.exitCode !== 0);
      await this.save({ ...record, status: failed ? 'FAILED' : 'SUCCEEDED', statusReason: failed ? `exit code ${failed.exitCode}` : undefined, stoppedAt: new Date() });
    });
    return { jobId, jobName };
  }

  async list(opts: { dataset?: string; limit?: number } = {}): Promise<JobSummary[]> {
    const out: JobSummary[] = [];
    for (const o of await this.storage.list('_local/jobs/')) {
      const j = JSON.parse(await this.storage.getText(o.key)) as JobSummary;
      if (!opts.dataset || j.dataset === opts.dataset) out.push(j);
    }
    out.sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
    return out.slice(0, opts.limit ?? 20);
  }

  private async save(j: JobSummary): Promise<void> {
    await this.storage.put(`_local/jobs/${j.jobId}.json`, JSON.stringify(j, null, 2));
  }
}

export const defaultInput = () => join(REPO_ROOT, 'examples', 'retail', 'sales.csv');
export const defaultConfig = () => join(REPO_ROOT, 'examples', 'retail', 'config.json');
export const datasetFromFile = (file: string) => basename(file).replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._-]/g, '-');
