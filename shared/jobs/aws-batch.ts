/**
 * `JobRunner` on AWS Batch.
 *
 * submit: SubmitJob with jobName `seqcast-<dataset>-<runId | yyyymmddThhmmssZ>` (characters outside
 * `[A-Za-z0-9_-]` become `-`, at most 128), environment overrides `SEQCAST_DATASET` (and
 * `SEQCAST_RUN_ID` when a run id is given), `arrayProperties.size` when arraySize > 1, tag
 * `dataset` (propagated to the ECS tasks).
 *
 * list: ListJobs with a `JOB_NAME` filter `seqcast-<dataset>-*` (with a filter, Batch returns jobs of
 * every status — SUBMITTED … FAILED — newest first, up to 100 per page, parents only for array
 * jobs), then DescribeJobs (≤ 100 ids per call) for tags and failure reasons. The name filter is a
 * case-insensitive prefix match, so `sales` would also match `sales-eu` jobs: results are kept only
 * when the job's `dataset` tag (or SEQCAST_DATASET) is exactly the dataset.
 */
import {
  BatchClient,
  DescribeJobsCommand,
  ListJobsCommand,
  SubmitJobCommand,
  type JobDetail,
  type JobSummary as BatchJobSummary,
} from '@aws-sdk/client-batch';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { resolveStackOutputs } from './stack-outputs';
import { JOB_NAME_PREFIX, jobNameFor, jobNamePrefix, type JobRunner, type JobSubmission, type JobSummary } from './types';

export const MAX_ARRAY_SIZE = 10_000;
const DEFAULT_LIST_LIMIT = 50;

export interface AwsBatchJobRunnerOptions {
  jobQueue: string;
  jobDefinition: string;
  client?: BatchClient;
  /** Clock for default run names (tests). */
  now?: () => Date;
}

const toDate = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));

export class AwsBatchJobRunner implements JobRunner {
  readonly jobQueue: string;
  readonly jobDefinition: string;
  private readonly client: BatchClient;
  private readonly now: () => Date;

  constructor(options: AwsBatchJobRunnerOptions) {
    if (!options.jobQueue) throw new Error('AwsBatchJobRunner: jobQueue is required');
    if (!options.jobDefinition) throw new Error('AwsBatchJobRunner: jobDefinition is required');
    this.jobQueue = options.jobQueue;
    this.jobDefinition = options.jobDefinition;
    this.client = options.client ?? new BatchClient({});
    this.now = options.now ?? (() => new Date());
  }

  /** A runner for the queue and job definition of a deployed seqcast stack. */
  static async fromStack(stackName: string, clients: { batch?: BatchClient; cloudFormation?: CloudFormationClient } = {}): Promise<AwsBatchJobRunner> {
    const outputs = await resolveStackOutputs(stackName, clients.cloudFormation);
    return new AwsBatchJobRunner({ jobQueue: outputs.JobQueueArn, jobDefinition: outputs.JobDefinitionArn, client: clients.batch });
  }

  async submit(s: JobSubmission): Promise<{ jobId: string; jobName: string }> {
    if (!s.dataset) throw new Error('submit: dataset is required');
    const arraySize = s.arraySize ?? 1;
    if (!Number.isInteger(arraySize) || arraySize < 1 || arraySize > MAX_ARRAY_SIZE) {
      throw new Error(`submit: arraySize must be an integer in 1..${MAX_ARRAY_SIZE}, got ${s.arraySize}`);
    }
    const jobName = jobNameFor(s.dataset, s.runId, this.now());
    const environment = [{ name: 'SEQCAST_DATASET', value: s.dataset }];
    if (s.runId) environment.push({ name: 'SEQCAST_RUN_ID', value: s.runId });
    let res;
    try {
      res = await this.client.send(
        new SubmitJobCommand({
          jobName,
          jobQueue: this.jobQueue,
          jobDefinition: this.jobDefinition,
          ...(arraySize > 1 ? { arrayProperties: { size: arraySize } } : {}),
          ...(s.parameters && Object.keys(s.parameters).length ? { parameters: s.parameters } : {}),
          containerOverrides: { environment },
          tags: { dataset: s.dataset },
          propagateTags: true,
        }),
      );
    } catch (err) {
      throw new Error(`AWS Batch SubmitJob ${jobName} on ${this.jobQueue} failed: ${(err as Error).message}`, { cause: err });
    }
    if (!res.jobId) throw new Error(`AWS Batch SubmitJob ${jobName} returned no jobId`);
    return { jobId: res.jobId, jobName: res.jobName ?? jobName };
  }

  async list(opts: { dataset?: string; limit?: number } = {}): Promise<JobSummary[]> {
    const limit = Math.max(1, opts.limit ?? DEFAULT_LIST_LIMIT);
    const prefix = opts.dataset ? jobNamePrefix(opts.dataset) : JOB_NAME_PREFIX;
    const out: JobSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListJobsCommand({
          jobQueue: this.jobQueue,
          filters: [{ name: 'JOB_NAME', values: [`${prefix}*`] }],
          maxResults: 100,
          nextToken,
        }),
      );
      nextToken = page.nextToken;
      const candidates = (page.jobSummaryList ?? []).filter((j) => j.jobId && j.jobName?.startsWith(prefix));
      const details = await this.describe(candidates.map((j) => j.jobId!));
      for (const summary of candidates) {
        const job = toSummary(summary, details.get(summary.jobId!));
        if (opts.dataset && job.dataset !== undefined && job.dataset !== opts.dataset) continue;
        out.push(job);
      }
    } while (nextToken && out.length < limit);
    out.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
    return out.slice(0, limit);
  }

  private async describe(jobIds: string[]): Promise<Map<string, JobDetail>> {
    const details = new Map<string, JobDetail>();
    for (let i = 0; i < jobIds.length; i += 100) {
      const res = await this.client.send(new DescribeJobsCommand({ jobs: jobIds.slice(i, i + 100) }));
      for (const job of res.jobs ?? []) if (job.jobId) details.set(job.jobId, job);
    }
    return details;
  }
}

function toSummary(s: BatchJobSummary, d: JobDetail | undefined): JobSummary {
  const env = d?.container?.environment ?? [];
  const dataset = d?.tags?.dataset ?? env.find((e) => e.name === 'SEQCAST_DATASET')?.value;
  const lastAttempt = d?.attempts?.at(-1);
  const reason =
    d?.statusReason ?? s.statusReason ?? d?.container?.reason ?? lastAttempt?.container?.reason ?? lastAttempt?.statusReason ?? s.container?.reason;
  const summary: JobSummary = {
    jobId: s.jobId!,
    jobName: s.jobName!,
    status: d?.status ?? s.status ?? 'UNKNOWN',
  };
  if (dataset !== undefined) summary.dataset = dataset;
  if (reason) summary.statusReason = reason;
  const createdAt = toDate(d?.createdAt ?? s.createdAt);
  const startedAt = toDate(d?.startedAt ?? s.startedAt);
  const stoppedAt = toDate(d?.stoppedAt ?? s.stoppedAt);
  if (createdAt) summary.createdAt = createdAt;
  if (startedAt) summary.startedAt = startedAt;
  if (stoppedAt) summary.stoppedAt = stoppedAt;
  const arraySize = d?.arrayProperties?.size ?? s.arrayProperties?.size;
  if (arraySize !== undefined) summary.arraySize = arraySize;
  return summary;
}
