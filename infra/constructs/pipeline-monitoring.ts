import { Aws, Duration } from 'aws-cdk-lib';
import type * as batch from 'aws-cdk-lib/aws-batch';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AlarmTopic } from './alarm-topic';
import { DeadLetterQueue } from './dead-letter-queue';
import { ForecastPublishedMetric } from './forecast-published-metric';
import type { PipelineFunction } from './pipeline-function';

export interface MonitoredDataset {
  readonly name: string;
  /** Hours without a published forecast before this dataset's alarm fires (0: none). @default forecastFreshnessHours */
  readonly freshnessHours?: number;
}

export interface PipelineMonitoringProps {
  /** Bus of the `ForecastPublished` events. */
  readonly eventBus: events.IEventBus;
  readonly functions: readonly PipelineFunction[];
  /** Every DLQ of the app besides the function DLQs (their alarms are already on the functions). */
  readonly deadLetterQueues?: readonly DeadLetterQueue[];
  /** Queue whose FAILED jobs are reported. @default - no Batch monitoring (LocalStack variant) */
  readonly jobQueue?: batch.IJobQueue;
  /** Datasets trained on a schedule: each gets its own freshness alarm. @default [] */
  readonly datasets?: readonly MonitoredDataset[];
  /** Hours without any published forecast before the overall alarm fires (0: no freshness alarms). @default 26 */
  readonly forecastFreshnessHours?: number;
  /** @default - no e-mail subscription */
  readonly alarmEmail?: string;
  /** Retention of the ForecastPublished log. @default logs.RetentionDays.ONE_YEAR */
  readonly publicationLogRetention?: logs.RetentionDays;
}

/**
 * Everything that tells a person the pipeline is unwell: an encrypted SNS topic; alarms on Lambda
 * errors, every DLQ, failed Batch jobs and missing forecasts; one dashboard.
 */
export class PipelineMonitoring extends Construct {
  public readonly alarmTopic: AlarmTopic;
  /** DLQ of the monitoring rules' own targets (SNS, log group). */
  public readonly eventsDeadLetterQueue: DeadLetterQueue;
  public readonly forecastPublished: ForecastPublishedMetric;
  public readonly failedJobsRule?: events.Rule;
  public readonly failedJobsAlarm?: cloudwatch.Alarm;
  public readonly freshnessAlarms: cloudwatch.Alarm[] = [];
  /** Every alarm of the app; all notify `alarmTopic`. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: PipelineMonitoringProps) {
    super(scope, id);
    this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', { email: props.alarmEmail });
    this.eventsDeadLetterQueue = new DeadLetterQueue(this, 'EventsDlq', { purpose: 'monitoring events EventBridge could not deliver' });
    this.forecastPublished = new ForecastPublishedMetric(this, 'ForecastPublished', {
      eventBus: props.eventBus,
      deadLetterQueue: this.eventsDeadLetterQueue.queue,
      logRetention: props.publicationLogRetention,
    });

    if (props.jobQueue) {
      // Batch state changes always arrive on the default bus.
      this.failedJobsRule = new events.Rule(this, 'BatchJobFailed', {
        description: 'seqcast training job FAILED → alarm topic',
        eventPattern: {
          source: ['aws.batch'],
          detailType: ['Batch Job State Change'],
          detail: { status: ['FAILED'], jobQueue: [props.jobQueue.jobQueueArn] },
        },
      });
      this.failedJobsRule.addTarget(
        new targets.SnsTopic(this.alarmTopic.topic, {
          deadLetterQueue: this.eventsDeadLetterQueue.queue,
          retryAttempts: 4,
          maxEventAge: Duration.hours(6),
          message: events.RuleTargetInput.fromText(
            `seqcast training job ${events.EventField.fromPath('$.detail.jobName')} (${events.EventField.fromPath('$.detail.jobId')}) FAILED: ${events.EventField.fromPath('$.detail.statusReason')}`,
          ),
        }),
      );
      this.failedJobsAlarm = new cloudwatch.Alarm(this, 'BatchJobFailedAlarm', {
        alarmDescription: 'A seqcast training job FAILED (after its retries). See the Batch console / the job log group.',
        metric: new cloudwatch.Metric({
          namespace: 'AWS/Events',
          metricName: 'TriggeredRules',
          dimensionsMap: { RuleName: this.failedJobsRule.ruleName },
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    const overallHours = props.forecastFreshnessHours ?? 26;
    if (overallHours > 0) {
      this.freshnessAlarms.push(this.forecastPublished.freshnessAlarm('NoForecastAlarm', overallHours));
      for (const dataset of props.datasets ?? []) {
        const hours = dataset.freshnessHours ?? overallHours;
        if (hours > 0) this.freshnessAlarms.push(this.forecastPublished.freshnessAlarm(`NoForecastAlarm-${dataset.name}`, hours, dataset.name));
      }
    }

    const dlqs = [...props.functions.map((f) => f.deadLetterQueue), ...(props.deadLetterQueues ?? []), this.eventsDeadLetterQueue];
    if (this.alarmTopic.subscriptionDeadLetterQueue) dlqs.push(this.alarmTopic.subscriptionDeadLetterQueue);
    this.alarms.push(
      ...props.functions.map((f) => f.errorsAlarm),
      ...dlqs.map((q) => q.depthAlarm),
      ...(this.failedJobsAlarm ? [this.failedJobsAlarm] : []),
      ...this.freshnessAlarms,
    );
    this.alarmTopic.notify(...this.alarms);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(1) });
    this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Lambda invocations / errors',
        left: props.functions.map((f) => f.fn.metricInvocations({ label: `${f.node.id} invocations` })),
        right: props.functions.map((f) => f.fn.metricErrors({ label: `${f.node.id} errors` })),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Lambda duration p95 (ms)',
        left: props.functions.map((f) => f.fn.metricDuration({ statistic: 'p95', label: f.node.id })),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queue depth',
        left: dlqs.map((q) => q.queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', label: q.node.path.split('/').slice(-2).join('/') })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Forecasts published',
        left: [
          this.forecastPublished.metric(undefined, Duration.hours(1), 'all datasets'),
          ...(props.datasets ?? []).map((d) => this.forecastPublished.metric(d.name, Duration.hours(1), d.name)),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Failed training jobs',
        left: this.failedJobsAlarm ? [this.failedJobsAlarm.metric] : [],
        width: 8,
      }),
    );
  }

  /** Console URL of the dashboard. */
  public get dashboardUrl(): string {
    return `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards:name=${this.dashboard.dashboardName}`;
  }
}
