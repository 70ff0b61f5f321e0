/**
 * Submitting training runs (`batch-jobs/train-forecast`) and listing them. Implementations:
 * `AwsBatchJobRunner` (AWS Batch) and the lead's local runner (child process, same entry point).
 *
 * The job itself reads `SEQCAST_DATASET` and, when given, `SEQCAST_RUN_ID` from its environment.
 */
export interface JobSubmission {
  dataset: string;
  /** Array job size (one child per shard); 1 or absent: a single job. AWS Batch allows 2–10 000. */
  arraySize?: number;
  runId?: string;
  /** Job definition parameters (`Ref::name` substitutions in the job definition's command). */
  parameters?: Record<string, string>;
}

export interface JobSummary {
  jobId: string;
  jobName: string;
  dataset?: string;
  /** SUBMITTED | PENDING | RUNNABLE | STARTING | RUNNING | SUCCEEDED | FAILED (AWS Batch vocabulary). */
  status: string;
  statusReason?: string;
  createdAt?: Date;
  startedAt?: Date;
  stoppedAt?: Date;
  arraySize?: number;
}

export interface JobRunner {
  submit(s: JobSubmission): Promise<{ jobId: string; jobName: string }>;
  /** Jobs newest first, optionally for one dataset. */
  list(opts?: { dataset?: string; limit?: number }): Promise<JobSummary[]>;
}

export const JOB_NAME_PREFIX = 'seqcast-';
const MAX_JOB_NAME = 128;

/** Replace what AWS Batch does not allow in job names (letters, digits, `-`, `_`) with `-`. */
export function sanitizeJobNamePart(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** `seqcast-<dataset>-`: the name prefix shared by every job of a dataset. */
export function jobNamePrefix(dataset: string): string {
  return `${JOB_NAME_PREFIX}${sanitizeJobNamePart(dataset)}-`;
}

/** `seqcast-<dataset>-<runId | yyyymmddThhmmssZ>`, sanitised, at most 128 characters. */
export function jobNameFor(dataset: string, runId: string | undefined, now: Date): string {
  const suffix = runId ?? now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return (jobNamePrefix(dataset) + sanitizeJobNamePart(suffix)).slice(0, MAX_JOB_NAME);
}
