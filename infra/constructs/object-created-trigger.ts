import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { PipelineFunction } from './pipeline-function';

export interface ObjectCreatedTriggerProps {
  /** Bucket with EventBridge notifications enabled. */
  readonly bucket: s3.IBucket;
  /** Key prefix that triggers, e.g. `raw/`. */
  readonly prefix: string;
  /** Functions invoked (independently, each with its own retries and DLQ) for every matching object. */
  readonly functions: readonly PipelineFunction[];
  /** Delivery retries per target before the event goes to that function's DLQ. @default 4 */
  readonly retryAttempts?: number;
  /** Oldest event EventBridge still tries to deliver. @default Duration.hours(6) */
  readonly maxEventAge?: Duration;
}

/**
 * S3 "Object Created" under one prefix → Lambda, through an EventBridge rule on the default bus.
 *
 * Why EventBridge rather than S3 → Lambda notifications: several consumers can subscribe to the
 * same prefix (decompose and smooth both follow `curated/`) — S3 notifications refuse overlapping
 * prefixes for the same event type; rules filter on prefix (and more) without touching the bucket;
 * each target has its own retry policy and dead-letter queue; and no notification-configuration
 * custom resource is needed to wire it (the bucket only sets EventBridgeEnabled).
 */
export class ObjectCreatedTrigger extends Construct {
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ObjectCreatedTriggerProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description: `S3 Object Created under ${props.prefix} → ${props.functions.length} pipeline function(s)`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.bucket.bucketName] },
          object: { key: [{ prefix: props.prefix }] },
        },
      },
    });
    for (const pipelineFunction of props.functions) {
      this.rule.addTarget(
        new targets.LambdaFunction(pipelineFunction.fn, {
          retryAttempts: props.retryAttempts ?? 4,
          maxEventAge: props.maxEventAge ?? Duration.hours(6),
          deadLetterQueue: pipelineFunction.deadLetterQueue.queue,
        }),
      );
    }
  }
}
