/**
 * Module-scope runtime of every Lambda (built once per container, reused across invocations):
 * the structured logger, the storage and the training-job runner, all from environment variables.
 *
 * - `DATA_BUCKET` (set by the CDK stack): S3 storage on that bucket (`AWS_ENDPOINT_URL` honoured,
 *   path-style, for LocalStack or a local S3 server).
 * - `SEQCAST_STORAGE` (local runs): a folder path or `s3://bucket[/prefix]`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { createStorage } from '../../shared/storage';
import type { Storage } from '../../shared/storage/types';
import { AwsBatchJobRunner, type JobRunner } from '../../shared/jobs';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'seqcast' });

let storage: Storage | undefined;
export function getStorage(): Storage {
  if (!storage) {
    const location = process.env.SEQCAST_STORAGE ?? (process.env.DATA_BUCKET ? `s3://${process.env.DATA_BUCKET}` : undefined);
    if (!location) throw new Error('no storage configured: set DATA_BUCKET (AWS) or SEQCAST_STORAGE (local folder or s3:// URL)');
    storage = createStorage(location, { endpoint: process.env.AWS_ENDPOINT_URL, region: process.env.AWS_REGION });
  }
  return storage;
}

/** Used by tests and the local runner to inject a storage without environment variables. */
export function setStorage(s: Storage | undefined): void {
  storage = s;
}

let jobRunner: JobRunner | undefined | null;
export function getJobRunner(): JobRunner | undefined {
  if (jobRunner === undefined) {
    const jobQueue = process.env.JOB_QUEUE_ARN;
    const jobDefinition = process.env.JOB_DEFINITION_ARN;
    jobRunner = jobQueue && jobDefinition ? new AwsBatchJobRunner({ jobQueue, jobDefinition }) : null;
  }
  return jobRunner ?? undefined;
}

export function setJobRunner(r: JobRunner | undefined): void {
  jobRunner = r ?? null;
}
