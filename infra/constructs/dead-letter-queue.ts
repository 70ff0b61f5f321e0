import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SECURE_QUEUE_PROPS } from '../secure-defaults';

export interface DeadLetterQueueProps {
  /** What ends up here, for the alarm description (e.g. "ingest events that failed after retries"). */
  readonly purpose: string;
}

/**
 * An encrypted, TLS-only SQS dead-letter queue and an alarm that fires as soon as one message is
 * in it: every message here is an upload, event or schedule the pipeline gave up on.
 */
export class DeadLetterQueue extends Construct {
  public readonly queue: sqs.Queue;
  /** ApproximateNumberOfMessagesVisible > 0. */
  public readonly depthAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', { ...SECURE_QUEUE_PROPS });
    for (const rule of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
      Validations.of(this.queue).acknowledge({
        id: rule,
        reason: 'This queue is itself a dead-letter queue (terminal: nothing consumes it automatically); its depth alarm pages a person.',
      });
    }
    this.depthAlarm = new cloudwatch.Alarm(this, 'DepthAlarm', {
      alarmDescription: `Dead-letter queue not empty: ${props.purpose}. Inspect the messages, fix the cause, then redrive or purge.`,
      metric: this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
