/**
 * Secure defaults shared by every construct of the app, kept in one place so a reviewer can check
 * them at a glance and a construct cannot quietly drift from them.
 */
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';

/** Buckets: private, TLS-only (1.2+), ACLs disabled. */
export const SECURE_BUCKET_PROPS = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
} as const satisfies Partial<s3.BucketProps>;

/**
 * Queues (dead-letter queues only in this app): SSE-SQS encryption and TLS-only access.
 * SSE-SQS rather than a customer-managed key because EventBridge, Lambda destinations and
 * EventBridge Scheduler can all write to it without extra key-policy grants; 14 days (the SQS
 * maximum) gives people time to look at a failure.
 */
export const SECURE_QUEUE_PROPS = {
  encryption: sqs.QueueEncryption.SQS_MANAGED,
  enforceSSL: true,
  retentionPeriod: Duration.days(14),
} as const satisfies Partial<sqs.QueueProps>;

/** Lambda: Node.js 22 on Graviton (cheaper per GB-s than x86 for this CPU-bound JS), JSON logs, X-Ray. */
export const LAMBDA_DEFAULTS = {
  runtime: lambda.Runtime.NODEJS_22_X,
  architecture: lambda.Architecture.ARM_64,
  tracing: lambda.Tracing.ACTIVE,
  loggingFormat: lambda.LoggingFormat.JSON,
} as const;

/** Log retention when a prop does not say otherwise. */
export const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/**
 * Packages that must never end up in a Lambda bundle: tfjs (native or wasm) is only used by the
 * Batch training job, and would blow the 250 MB unzipped limit and the cold start.
 */
export const LAMBDA_EXCLUDED_MODULES = ['@tensorflow/*'] as const;
