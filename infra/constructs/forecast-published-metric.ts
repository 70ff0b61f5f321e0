import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FORECAST_PUBLISHED } from '../event-contract';
import { LogGroupRuleTarget } from './log-group-rule-target';

/** CloudWatch namespace of the app's own metrics. */
export const METRIC_NAMESPACE = 'Seqcast';
export const FORECASTS_PUBLISHED_METRIC = 'ForecastsPublished';

export interface ForecastPublishedMetricProps {
  /** Bus the training job publishes on. */
  readonly eventBus: events.IEventBus;
  /** Receives events that could not be written to the log group. */
  readonly deadLetterQueue: sqs.IQueue;
  /** @default logs.RetentionDays.ONE_YEAR (the log doubles as the publication history) */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Turns `ForecastPublished` events into CloudWatch metrics: an EventBridge rule writes each event
 * to a log group (also a searchable publication history) and metric filters count them, in
 * total and per dataset (`detail.dataset`). Alarms on "nothing published for N hours" read these.
 */
export class ForecastPublishedMetric extends Construct {
  public readonly rule: events.Rule;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ForecastPublishedMetricProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      // EventBridge only writes to log groups whose name starts with /aws/events/.
      logGroupName: `/aws/events/${Stack.of(this).stackName}/forecast-published`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });
    this.rule = new events.Rule(this, 'Rule', {
      description: 'ForecastPublished → log group (counted by metric filters)',
      eventBus: props.eventBus,
      eventPattern: { source: [FORECAST_PUBLISHED.source], detailType: [FORECAST_PUBLISHED.detailType] },
    });
    this.rule.addTarget(new LogGroupRuleTarget(this.logGroup, { deadLetterQueue: props.deadLetterQueue }));
    // Native resource policy (no custom resource); only this rule may write.
    this.logGroup.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('events.amazonaws.com'), new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.rule.ruleArn } },
      }),
    );

    new logs.MetricFilter(this, 'Total', {
      logGroup: this.logGroup,
      filterPattern: logs.FilterPattern.stringValue('$.source', '=', FORECAST_PUBLISHED.source),
      metricNamespace: METRIC_NAMESPACE,
      metricName: FORECASTS_PUBLISHED_METRIC,
      metricValue: '1',
    });
    new logs.MetricFilter(this, 'PerDataset', {
      logGroup: this.logGroup,
      filterPattern: logs.FilterPattern.exists('$.detail.dataset'),
      metricNamespace: METRIC_NAMESPACE,
      metricName: FORECASTS_PUBLISHED_METRIC,
      metricValue: '1',
      dimensions: { Dataset: '$.detail.dataset' },
    });
  }

  /** Forecasts published (all datasets, or one). */
  public metric(dataset?: string, period: Duration = Duration.hours(1), label?: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName: FORECASTS_PUBLISHED_METRIC,
      dimensionsMap: dataset ? { Dataset: dataset } : undefined,
      statistic: 'Sum',
      period,
      label,
    });
  }

  /**
   * ALARM when not a single forecast was published in the last `hours` hours. Hourly periods, all
   * of them required: a missing datapoint (no event at all) counts as breaching.
   */
  public freshnessAlarm(id: string, hours: number, dataset?: string): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription: `No forecast published${dataset ? ` for dataset ${dataset}` : ''} in ${hours} h: check the schedule, the Batch queue and the job logs.`,
      metric: this.metric(dataset),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: hours,
      datapointsToAlarm: hours,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }
}
