/** `seqcast submit` and `seqcast jobs`: training jobs on a deployed stack's AWS Batch queue (or locally). */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { AwsBatchJobRunner, resolveStackOutputs, type JobRunner } from '../../shared/jobs';
import { createStorage } from '../../shared/storage';
import { CliError, parsePositiveInt } from '../io';
import { LocalJobRunner } from '../local-runner';

interface TargetOptions {
  stack: string;
  jobQueue?: string;
  jobDefinition?: string;
  local?: boolean;
  store: string;
}

async function runnerFor(opts: TargetOptions): Promise<JobRunner> {
  if (opts.local) {
    const location = opts.store.startsWith('s3://') ? opts.store : resolve(opts.store);
    return new LocalJobRunner(createStorage(location, { endpoint: process.env.AWS_ENDPOINT_URL }), location);
  }
  let { jobQueue, jobDefinition } = opts;
  if (!jobQueue || !jobDefinition) {
    let outputs;
    try {
      outputs = await resolveStackOutputs(opts.stack);
    } catch (err) {
      throw new CliError(`could not read the outputs of stack "${opts.stack}" (${(err as Error).message}); deploy it first or pass --job-queue and --job-definition`);
    }
    jobQueue ??= outputs.JobQueueArn;
    jobDefinition ??= outputs.JobDefinitionArn;
  }
  if (!jobQueue || !jobDefinition) throw new CliError(`stack "${opts.stack}" has no JobQueueArn/JobDefinitionArn outputs`);
  return new AwsBatchJobRunner({ jobQueue, jobDefinition });
}

function targetOptions(c: Command): Command {
  return c
    .option('--stack <name>', 'deployed CloudFormation stack to read the queue and job definition from', 'Seqcast')
    .option('--job-queue <arn>', 'AWS Batch job queue (instead of the stack outputs)')
    .option('--job-definition <arn>', 'AWS Batch job definition (instead of the stack outputs)')
    .option('--local', 'use the local runner (child processes) instead of AWS Batch', false)
    .option('-s, --store <location>', 'storage for --local: folder or s3:// URL', '.seqcast/store');
}

export function submitCommand(): Command {
  return targetOptions(
    new Command('submit')
      .description('Submit the train-forecast job for a dataset to AWS Batch (or the local runner).')
      .requiredOption('-d, --dataset <name>', 'dataset to train and forecast')
      .option('--array-size <n>', 'shard the series over an array job of N children', parsePositiveInt('--array-size')),
  )
    .addHelpText('after', `\nExamples:\n  seqcast submit --dataset retail\n  seqcast submit --dataset retail --array-size 8 --stack Seqcast-prod\n  seqcast submit --dataset retail --local`)
    .action(async (opts) => {
      const runner = await runnerFor(opts);
      const job = await runner.submit({ dataset: opts.dataset, arraySize: opts.arraySize });
      process.stdout.write(`submitted ${job.jobName} (job id ${job.jobId})\n`);
    });
}

export function jobsCommand(): Command {
  return targetOptions(
    new Command('jobs')
      .description('List recent training jobs with their status and reason.')
      .option('-d, --dataset <name>', 'only this dataset')
      .option('-n, --limit <n>', 'at most N jobs', parsePositiveInt('--limit'), 20)
      .option('--json', 'print JSON', false),
  ).action(async (opts) => {
    const runner = await runnerFor(opts);
    const jobs = await runner.list({ dataset: opts.dataset, limit: opts.limit });
    if (opts.json) {
      process.stdout.write(JSON.stringify(jobs, null, 2) + '\n');
      return;
    }
    if (jobs.length === 0) {
      process.stdout.write('no jobs\n');
      return;
    }
    for (const j of jobs) {
      const when = j.createdAt ? new Date(j.createdAt).toISOString().replace('T', ' ').slice(0, 19) : '';
      process.stdout.write(`${when}  ${j.status.padEnd(10)} ${j.jobName}  ${j.jobId}${j.statusReason ? `  (${j.statusReason})` : ''}\n`);
    }
  });
}
