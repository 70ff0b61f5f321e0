import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

export interface LogGroupRuleTargetProps {
  /** Receives events EventBridge could not write. */
  readonly deadLetterQueue: sqs.IQueue;
  /** @default 4 */
  readonly retryAttempts?: number;
  /** @default Duration.hours(6) */
  readonly maxEventAge?: Duration;
}

/**
 * EventBridge rule target writing matched events into a CloudWatch Logs group.
 *
 * `aws-events-targets.CloudWatchLogGroup` grants EventBridge access through a custom resource
 * (a Lambda calling PutResourcePolicy); here the owner of the log group adds a native
 * AWS::Logs::ResourcePolicy instead (see ForecastPublishedMetric), so this target only renders
 * the target ARN, the retry policy and the DLQ (plus the DLQ's queue policy for this rule).
 */
export class LogGroupRuleTarget implements events.IRuleTarget {
  constructor(
    private readonly logGroup: logs.ILogGroup,
    private readonly props: LogGroupRuleTargetProps,
  ) {}

  public bind(rule: events.IRuleRef): events.RuleTargetConfig {
    this.props.deadLetterQueue.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.props.deadLetterQueue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': rule.ruleRef.ruleArn } },
      }),
    );
    return {
      // EventBridge wants the log-group ARN without the trailing ":*" of LogGroup.logGroupArn.
      arn: Stack.of(this.logGroup).formatArn({
        service: 'logs',
        resource: 'log-group',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        resourceName: this.logGroup.logGroupName,
      }),
      deadLetterConfig: { arn: this.props.deadLetterQueue.queueArn },
      retryPolicy: {
        maximumRetryAttempts: this.props.retryAttempts ?? 4,
        maximumEventAgeInSeconds: (this.props.maxEventAge ?? Duration.hours(6)).toSeconds(),
      },
      targetResource: this.logGroup,
    };
  }
}
