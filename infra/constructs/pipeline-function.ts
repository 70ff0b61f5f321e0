import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PACKAGE_LOCK, REPO_ROOT } from '../paths';
import { DEFAULT_LOG_RETENTION, LAMBDA_DEFAULTS, LAMBDA_EXCLUDED_MODULES } from '../secure-defaults';
import { DeadLetterQueue } from './dead-letter-queue';

export interface PipelineFunctionProps {
  /** Absolute path of the TypeScript entry point exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  /** `POWERTOOLS_SERVICE_NAME` of the function's logs. */
  readonly serviceName: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** @default - unreserved (shares the account pool) */
  readonly reservedConcurrentExecutions?: number;
  /** Extra environment variables (POWERTOOLS_SERVICE_NAME and NODE_OPTIONS are set here). @default {} */
  readonly environment?: Record<string, string>;
  /** @default DEFAULT_LOG_RETENTION (one month) */
  readonly logRetention?: logs.RetentionDays;
  /** Lambda's own retries of a failed asynchronous invocation (0-2). @default 2 */
  readonly retryAttempts?: number;
  /** Oldest asynchronous event Lambda still processes. @default Duration.hours(6) */
  readonly maxEventAge?: Duration;
}

/**
 * One pipeline Lambda: TypeScript bundled locally by esbuild to an ESM file (no Docker, no tfjs),
 * Node.js 22 on arm64, its own log group with retention, a least-privilege role that starts
 * with nothing but its log group, and an encrypted DLQ receiving asynchronous invocations that
 * still fail after Lambda's retries. Callers grant data access on `fn`.
 */
export class PipelineFunction extends Construct {
  public readonly fn: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;
  /** Receives failed asynchronous invocations and, via the trigger rule, undeliverable events. */
  public readonly deadLetterQueue: DeadLetterQueue;
  /** Errors > 0 in 5 minutes. */
  public readonly errorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention ?? DEFAULT_LOG_RETENTION });
    // An explicit role instead of AWSLambdaBasicExecutionRole (a managed policy allowing every log group).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.serviceName} Lambda`,
    });
    this.logGroup.grantWrite(this.role);
    this.deadLetterQueue = new DeadLetterQueue(this, 'Dlq', { purpose: `${props.serviceName} events that failed after retries` });

    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      ...LAMBDA_DEFAULTS,
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      projectRoot: REPO_ROOT,
      depsLockFilePath: PACKAGE_LOCK,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      retryAttempts: props.retryAttempts ?? 2,
      maxEventAge: props.maxEventAge ?? Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.deadLetterQueue.queue),
      bundling: {
        // esbuild from node_modules: synth works without Docker.
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        target: 'node22',
        platform: 'node',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The AWS SDK is bundled (pinned by package-lock) rather than taken from the runtime.
        externalModules: [...LAMBDA_EXCLUDED_MODULES],
        // CommonJS dependencies inside an ESM bundle still call require().
        banner: "import { createRequire as __seqcastCreateRequire } from 'node:module'; const require = __seqcastCreateRequire(import.meta.url);",
      },
    });

    Validations.of(this.fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: 'Failed asynchronous invocations go to an on-failure destination (this DLQ, with error and request context); a legacy DeadLetterConfig as well would deliver every failure twice.',
    });
    for (const rule of ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion']) {
      Validations.of(this.fn).acknowledge({
        id: rule,
        reason: 'Node.js 22 is the runtime this project pins (the Lambdas and the Batch image both run 22); moving to a newer runtime is a deliberate, tested upgrade rather than drift.',
      });
    }
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions, AWS requires "*".',
    });

    this.errorsAlarm = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: `${props.serviceName} Lambda reported errors (see its log group; failed events land in its DLQ).`,
      metric: this.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** Add an environment variable after construction (e.g. an ARN created later). */
  public addEnvironment(key: string, value: string): void {
    this.fn.addEnvironment(key, value);
  }
}
