import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';

export interface AlarmTopicProps {
  /** Address subscribed to the topic (confirm the e-mail AWS sends). @default - no subscription */
  readonly email?: string;
}

/**
 * The SNS topic every alarm and failure notification goes to: encrypted with a customer-managed
 * key (an AWS-managed SNS key cannot be used by CloudWatch alarms or EventBridge, their
 * principals need kms:GenerateDataKey on it), publishing only over TLS.
 */
export class AlarmTopic extends Construct {
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;
  /** Receives alarm e-mails SNS could not deliver (only with `email`). */
  public readonly subscriptionDeadLetterQueue?: DeadLetterQueue;
  private readonly action: cloudwatch.IAlarmAction;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'seqcast alarm topic',
      enableKeyRotation: true,
      // Only encrypts in-flight notifications: nothing to keep after the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')],
        resources: ['*'], // in a key policy "*" means this key
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'seqcast alarms', masterKey: this.key, enforceSSL: true });
    this.action = new cloudwatchActions.SnsAction(this.topic);

    if (props.email) {
      this.subscriptionDeadLetterQueue = new DeadLetterQueue(this, 'SubscriptionDlq', { purpose: 'alarm e-mails SNS could not deliver' });
      this.topic.addSubscription(
        new subscriptions.EmailSubscription(props.email, { deadLetterQueue: this.subscriptionDeadLetterQueue.queue }),
      );
    }
  }

  /** Send ALARM (and OK, so a recovery is visible) of these alarms to the topic. */
  public notify(...alarms: cloudwatch.Alarm[]): void {
    for (const alarm of alarms) {
      alarm.addAlarmAction(this.action);
      alarm.addOkAction(this.action);
    }
  }
}
