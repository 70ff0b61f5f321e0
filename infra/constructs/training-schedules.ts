import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import type * as batch from 'aws-cdk-lib/aws-batch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';

export interface TrainingScheduleSpec {
  /** Dataset name, passed to the job as `SEQCAST_DATASET`. */
  readonly name: string;
  /** `cron(...)`, `rate(...)` or `at(...)`. */
  readonly schedule: string;
  /** @default 'UTC' */
  readonly timezone?: string;
  /** Batch array size; 1 submits a plain job. @default 1 */
  readonly arraySize?: number;
  /** @default true */
  readonly enabled?: boolean;
}

export interface TrainingSchedulesProps {
  readonly datasets: readonly TrainingScheduleSpec[];
  readonly jobQueue: batch.IJobQueue;
  readonly jobDefinition: batch.IJobDefinition;
  /** Scheduler retries of a failed SubmitJob before the request goes to the DLQ. @default 3 */
  readonly retryAttempts?: number;
  /** @default Duration.hours(1) */
  readonly maxEventAge?: Duration;
}

/**
 * One EventBridge Scheduler schedule per dataset, each calling Batch SubmitJob directly through
 * the universal target (`arn:aws:scheduler:::aws-sdk:batch:submitJob`, no Lambda in between).
 * Failed submissions go to a DLQ; the shared role can only submit to this queue/definition
 * (plus sqs:SendMessage to that DLQ, which Scheduler performs with the same role).
 */
export class TrainingSchedules extends Construct {
  public readonly scheduleGroup: scheduler.ScheduleGroup;
  public readonly role: iam.Role;
  public readonly deadLetterQueue: DeadLetterQueue;
  public readonly schedules: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: TrainingSchedulesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'Group');
    this.deadLetterQueue = new DeadLetterQueue(this, 'Dlq', { purpose: 'scheduled training submissions Batch rejected' });
    this.role = new iam.Role(this, 'Role', {
      description: 'EventBridge Scheduler: submit seqcast training jobs',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        // Confused-deputy guard: only schedules of this account's group may assume it.
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': this.scheduleGroup.scheduleGroupArn },
        },
      }),
    });
    const submitJob = new iam.PolicyStatement({
      actions: ['batch:SubmitJob'],
      resources: [props.jobQueue.jobQueueArn, props.jobDefinition.jobDefinitionArn],
    });

    for (const dataset of props.datasets) {
      const arraySize = dataset.arraySize ?? 1;
      const target = new schedulerTargets.Universal({
        service: 'batch',
        action: 'submitJob',
        role: this.role,
        policyStatements: [submitJob],
        deadLetterQueue: this.deadLetterQueue.queue,
        retryAttempts: props.retryAttempts ?? 3,
        maxEventAge: props.maxEventAge ?? Duration.hours(1),
        input: scheduler.ScheduleTargetInput.fromObject({
          JobName: `seqcast-train-${dataset.name}`,
          JobQueue: props.jobQueue.jobQueueArn,
          JobDefinition: props.jobDefinition.jobDefinitionArn,
          ...(arraySize > 1 ? { ArrayProperties: { Size: arraySize } } : {}),
          // The job reads its dataset and its array size (shard count) from the environment.
          ContainerOverrides: {
            Environment: [
              { Name: 'SEQCAST_DATASET', Value: dataset.name },
              { Name: 'SEQCAST_ARRAY_SIZE', Value: String(arraySize) },
            ],
          },
        }),
      });
      this.schedules.push(
        new scheduler.Schedule(this, `Schedule-${dataset.name}`, {
          description: `Train and publish the ${dataset.name} forecast`,
          scheduleGroup: this.scheduleGroup,
          schedule: scheduler.ScheduleExpression.expression(dataset.schedule, TimeZone.of(dataset.timezone ?? 'UTC')),
          target,
          enabled: dataset.enabled ?? true,
        }),
      );
    }
  }
}
