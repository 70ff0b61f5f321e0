/** AWS Batch job submission/listing and stack outputs: request shapes via aws-sdk-client-mock. */
import { BatchClient, DescribeJobsCommand, ListJobsCommand, SubmitJobCommand } from '@aws-sdk/client-batch';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsBatchJobRunner, jobNameFor, resolveStackOutputs, STACK_OUTPUT_KEYS } from '../../shared/jobs';

const batch = mockClient(BatchClient);
const cfn = mockClient(CloudFormationClient);
const QUEUE = 'arn:aws:batch:eu-west-1:111122223333:job-queue/seqcast-gpu';
const JOBDEF = 'arn:aws:batch:eu-west-1:111122223333:job-definition/seqcast-train:3';
const NOW = new Date('2026-03-01T12:34:56.789Z');

let runner: AwsBatchJobRunner;
beforeEach(() => {
  batch.reset();
  cfn.reset();
  runner = new AwsBatchJobRunner({ jobQueue: QUEUE, jobDefinition: JOBDEF, client: new BatchClient({ region: 'eu-west-1' }), now: () => NOW });
});

describe('job names', () => {
  it('seqcast-<dataset>-<runId|timestamp>, sanitised to Batch characters, ≤ 128', () => {
    expect(jobNameFor('sales', 'r-2026.03.01', NOW)).toBe('seqcast-sales-r-2026-03-01');
    expect(jobNameFor('sales', undefined, NOW)).toBe('seqcast-sales-20260301T123456Z');
    expect(jobNameFor('ventes été/2026', 'a b', NOW)).toBe('seqcast-ventes--t--2026-a-b');
    const long = jobNameFor('d'.repeat(200), 'x', NOW);
    expect(long).toHaveLength(128);
    expect(long).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe('AwsBatchJobRunner.submit', () => {
  it('submits a single job with dataset/run environment and tags', async () => {
    batch.on(SubmitJobCommand).resolves({ jobId: 'job-1', jobName: 'seqcast-sales-run42' });
    const res = await runner.submit({ dataset: 'sales', runId: 'run42', parameters: { horizon: '12' } });
    expect(res).toEqual({ jobId: 'job-1', jobName: 'seqcast-sales-run42' });
    const calls = batch.commandCalls(SubmitJobCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      jobName: 'seqcast-sales-run42',
      jobQueue: QUEUE,
      jobDefinition: JOBDEF,
      parameters: { horizon: '12' },
      containerOverrides: {
        environment: [
          { name: 'SEQCAST_DATASET', value: 'sales' },
          { name: 'SEQCAST_RUN_ID', value: 'run42' },
        ],
      },
      tags: { dataset: 'sales' },
      propagateTags: true,
    });
  });

  it('array jobs only when arraySize > 1; timestamp name without runId', async () => {
    batch.on(SubmitJobCommand).resolves({ jobId: 'job-2', jobName: 'x' });
    await runner.submit({ dataset: 'sales', arraySize: 16 });
    await runner.submit({ dataset: 'sales', arraySize: 1 });
    const [arr, single] = batch.commandCalls(SubmitJobCommand).map((c) => c.args[0].input);
    expect(arr).toMatchObject({ jobName: 'seqcast-sales-20260301T123456Z', arrayProperties: { size: 16 } });
    expect(arr!.containerOverrides!.environment).toEqual([{ name: 'SEQCAST_DATASET', value: 'sales' }]);
    expect(single!.arrayProperties).toBeUndefined();
  });

  it('validates input and wraps service errors', async () => {
    await expect(runner.submit({ dataset: '' })).rejects.toThrow(/dataset is required/);
    await expect(runner.submit({ dataset: 's', arraySize: 10_001 })).rejects.toThrow(/arraySize/);
    await expect(runner.submit({ dataset: 's', arraySize: 2.5 })).rejects.toThrow(/arraySize/);
    expect(batch.commandCalls(SubmitJobCommand)).toHaveLength(0);
    batch.on(SubmitJobCommand).rejects(new Error('ClientException: job queue is DISABLED'));
    await expect(runner.submit({ dataset: 's' })).rejects.toThrow(/SubmitJob seqcast-s-20260301T123456Z on .*seqcast-gpu failed: ClientException/);
  });
});

describe('AwsBatchJobRunner.list', () => {
  it('filters by job-name prefix across statuses, describes for reasons, newest first', async () => {
    batch
      .on(ListJobsCommand, { nextToken: undefined })
      .resolves({
        nextToken: 'p2',
        jobSummaryList: [
          { jobId: 'a', jobName: 'seqcast-sales-r1', status: 'SUCCEEDED', createdAt: 1_000, startedAt: 1_500, stoppedAt: 2_000 },
          { jobId: 'b', jobName: 'seqcast-sales-eu-r9', status: 'RUNNING', createdAt: 5_000 }, // other dataset, same prefix
        ],
      })
      .on(ListJobsCommand, { nextToken: 'p2' })
      .resolves({ jobSummaryList: [{ jobId: 'c', jobName: 'seqcast-sales-r2', status: 'FAILED', createdAt: 3_000, arrayProperties: { size: 4 } }] });
    batch.on(DescribeJobsCommand).callsFake((input: { jobs: string[] }) => ({
      jobs: input.jobs.map((id) => ({
        jobId: id,
        jobName: `n-${id}`,
        jobQueue: QUEUE,
        jobDefinition: JOBDEF,
        status: id === 'c' ? 'FAILED' : id === 'b' ? 'RUNNING' : 'SUCCEEDED',
        createdAt: { a: 1_000, b: 5_000, c: 3_000 }[id],
        tags: { dataset: id === 'b' ? 'sales-eu' : 'sales' },
        ...(id === 'c' ? { statusReason: 'Essential container in task exited', attempts: [{ container: { exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' } }] } : {}),
      })),
    }));

    const jobs = await runner.list({ dataset: 'sales' });
    expect(jobs.map((j) => [j.jobId, j.status, j.dataset])).toEqual([
      ['c', 'FAILED', 'sales'],
      ['a', 'SUCCEEDED', 'sales'],
    ]);
    expect(jobs[0]).toMatchObject({ statusReason: 'Essential container in task exited', arraySize: 4, createdAt: new Date(3_000) });
    expect(jobs[1]).toMatchObject({ startedAt: new Date(1_500), stoppedAt: new Date(2_000) });

    const lists = batch.commandCalls(ListJobsCommand).map((c) => c.args[0].input);
    expect(lists).toEqual([
      { jobQueue: QUEUE, filters: [{ name: 'JOB_NAME', values: ['seqcast-sales-*'] }], maxResults: 100, nextToken: undefined },
      { jobQueue: QUEUE, filters: [{ name: 'JOB_NAME', values: ['seqcast-sales-*'] }], maxResults: 100, nextToken: 'p2' },
    ]);
    expect(batch.commandCalls(DescribeJobsCommand).map((c) => c.args[0].input.jobs)).toEqual([['a', 'b'], ['c']]);
  });

  it('without a dataset lists every seqcast job; stops paging at the limit', async () => {
    batch.on(ListJobsCommand).resolves({
      nextToken: 'more',
      jobSummaryList: [
        { jobId: 'x', jobName: 'seqcast-a-1', status: 'RUNNABLE', createdAt: 10 },
        { jobId: 'y', jobName: 'SEQCAST-b-1', status: 'RUNNABLE', createdAt: 20 }, // case-insensitive server match, not ours
        { jobId: 'z', jobName: 'seqcast-b-2', status: 'SUBMITTED', createdAt: 30 },
      ],
    });
    batch.on(DescribeJobsCommand).resolves({ jobs: [] });
    const jobs = await runner.list({ limit: 2 });
    expect(jobs.map((j) => j.jobId)).toEqual(['z', 'x']);
    expect(batch.commandCalls(ListJobsCommand)).toHaveLength(1);
    expect(batch.commandCalls(ListJobsCommand)[0]!.args[0].input.filters).toEqual([{ name: 'JOB_NAME', values: ['seqcast-*'] }]);
  });
});

describe('resolveStackOutputs', () => {
  it('reads JobQueueArn, JobDefinitionArn and DataBucketName', async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'Seqcast' }).resolves({
      Stacks: [
        {
          StackName: 'Seqcast',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [
            { OutputKey: 'JobQueueArn', OutputValue: QUEUE },
            { OutputKey: 'JobDefinitionArn', OutputValue: JOBDEF },
            { OutputKey: 'DataBucketName', OutputValue: 'seqcast-data-123' },
            { OutputKey: 'Other', OutputValue: 'x' },
          ],
        },
      ],
    });
    const out = await resolveStackOutputs('Seqcast', new CloudFormationClient({ region: 'eu-west-1' }));
    expect(out).toEqual({ JobQueueArn: QUEUE, JobDefinitionArn: JOBDEF, DataBucketName: 'seqcast-data-123', all: expect.objectContaining({ Other: 'x' }) });
    expect(STACK_OUTPUT_KEYS).toEqual(['JobQueueArn', 'JobDefinitionArn', 'DataBucketName']);

    batch.on(SubmitJobCommand).resolves({ jobId: 'j', jobName: 'n' });
    const fromStack = await AwsBatchJobRunner.fromStack('Seqcast', { cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }), batch: new BatchClient({ region: 'eu-west-1' }) });
    await fromStack.submit({ dataset: 'd' });
    expect(batch.commandCalls(SubmitJobCommand)[0]!.args[0].input).toMatchObject({ jobQueue: QUEUE, jobDefinition: JOBDEF });
  });

  it('names missing outputs and failed lookups', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'S', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'DataBucketName', OutputValue: 'b' }] }] });
    await expect(resolveStackOutputs('S', new CloudFormationClient({ region: 'eu-west-1' }))).rejects.toThrow(
      'CloudFormation stack S (CREATE_COMPLETE) lacks output(s) JobQueueArn, JobDefinitionArn; found: DataBucketName',
    );
    cfn.on(DescribeStacksCommand).rejects(new Error('Stack with id Nope does not exist'));
    await expect(resolveStackOutputs('Nope', new CloudFormationClient({ region: 'eu-west-1' }))).rejects.toThrow(/cannot read outputs of CloudFormation stack Nope: Stack with id Nope does not exist/);
  });
});
