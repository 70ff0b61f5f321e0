import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ACCESS_LOG_PREFIX, PREFIXES, forecastRunsPrefix } from '../prefixes';
import { SECURE_BUCKET_PROPS } from '../secure-defaults';

export interface DataBucketProps {
  /**
   * `s3`: SSE-S3. `kms`: SSE-KMS with a customer-managed key (rotation on, S3 bucket key on to
   * keep KMS request costs down); every grant made through this construct includes the key.
   * @default 's3'
   */
  readonly encryption?: 's3' | 'kms';
  /** @default RemovalPolicy.RETAIN (data and logs outlive the stack) */
  readonly removalPolicy?: RemovalPolicy;
  /** Datasets whose `forecasts/<dataset>/runs/` expire (S3 lifecycle filters are prefix-only). @default [] */
  readonly datasets?: readonly string[];
  /** @default 90 */
  readonly forecastRunRetentionDays?: number;
  /** @default 30 */
  readonly quarantineRetentionDays?: number;
  /** @default 30 */
  readonly noncurrentVersionRetentionDays?: number;
  /** Retention of the access-log bucket's objects. @default 365 */
  readonly accessLogRetentionDays?: number;
}

/**
 * The pipeline's data bucket (`raw/ config/ curated/ quarantine/ decomposed/ smoothed/ forecasts/`)
 * plus its server-access-log bucket. Versioned, private, TLS-only, encrypted; publishes every
 * object event to EventBridge; lifecycle keeps `raw/` forever and expires what can be rebuilt.
 */
export class DataBucket extends Construct {
  public readonly bucket: s3.Bucket;
  /** Receives this bucket's server access logs (and, if a VPC exists, its flow logs). */
  public readonly accessLogBucket: s3.Bucket;
  /** The customer-managed key when `encryption` is `kms`. */
  public readonly encryptionKey?: kms.Key;

  constructor(scope: Construct, id: string, props: DataBucketProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      ...SECURE_BUCKET_PROPS,
      // S3 log delivery only writes to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      removalPolicy,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(props.accessLogRetentionDays ?? 365) }],
    });

    if (props.encryption === 'kms') {
      this.encryptionKey = new kms.Key(this, 'Key', {
        description: 'seqcast data bucket',
        enableKeyRotation: true,
        removalPolicy,
      });
    }

    const runRetention = Duration.days(props.forecastRunRetentionDays ?? 90);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...SECURE_BUCKET_PROPS,
      encryption: this.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: this.encryptionKey ? true : undefined,
      versioned: true,
      removalPolicy,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: ACCESS_LOG_PREFIX,
      // `raw/` has no rule: uploads are kept forever (DESIGN.md invariant 1).
      lifecycleRules: [
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionRetentionDays ?? 30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        { id: 'expire-quarantine', prefix: PREFIXES.quarantine, expiration: Duration.days(props.quarantineRetentionDays ?? 30) },
        ...(props.datasets ?? []).map((dataset) => ({
          id: `expire-forecast-runs-${dataset}`,
          prefix: forecastRunsPrefix(dataset),
          expiration: runRetention,
        })),
      ],
    });

    // EventBridge notifications through the native CloudFormation property. The L2
    // `eventBridgeEnabled: true` would add the Custom::S3BucketNotifications resource (a Lambda
    // that rewrites the bucket's whole notification configuration at deploy time); never call
    // `addEventNotification` on this bucket for the same reason — consumers add EventBridge rules.
    const cfnBucket = this.bucket.node.defaultChild as s3.CfnBucket;
    cfnBucket.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
  }

  /** The bucket name CloudFormation generated. */
  public get bucketName(): string {
    return this.bucket.bucketName;
  }

  /**
   * Read objects under `prefixes` (GetObject, no wildcard actions) and list the bucket.
   * ListBucket is not narrowed by `s3:prefix`: without an unconditional ListBucket S3 answers a
   * HEAD on a missing key with 403 instead of 404, and the storage layer's idempotency checks
   * (`head` → undefined) rely on the 404. Key names are not secret within this single-purpose bucket.
   */
  public grantReadPrefixes(grantee: iam.IGrantable, prefixes: readonly string[]): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: prefixes.map((p) => this.bucket.arnForObjects(`${p}*`)),
      }),
    );
    this.encryptionKey?.grant(grantee, 'kms:Decrypt');
  }

  /** Write objects under `prefixes` (PutObject + AbortMultipartUpload; never Delete). */
  public grantWritePrefixes(grantee: iam.IGrantable, prefixes: readonly string[]): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: prefixes.map((p) => this.bucket.arnForObjects(`${p}*`)),
      }),
    );
    // Multipart uploads need Decrypt as well as GenerateDataKey under SSE-KMS.
    this.encryptionKey?.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
  }

  /**
   * The cdk-nag finding ids (`AwsSolutions-IAM5[Resource::…]`) that the prefix grants above
   * produce: object-level access is necessarily a key pattern. The stack acknowledges exactly these.
   */
  public prefixFindingIds(prefixes: readonly string[]): string[] {
    const logicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    return prefixes.map((p) => `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${p}*]`);
  }
}
