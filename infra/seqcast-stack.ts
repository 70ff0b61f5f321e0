import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { parseSeqcastSettings, type SeqcastSettings, type SeqcastSettingsInput } from './config';
import { BatchNetwork } from './constructs/batch-network';
import { DataBucket } from './constructs/data-bucket';
import { ForecastCatalog } from './constructs/forecast-catalog';
import { GpuTrainingBatch, TRAINING_READ_PREFIXES, TRAINING_WRITE_PREFIXES } from './constructs/gpu-training-batch';
import { ObjectCreatedTrigger } from './constructs/object-created-trigger';
import { PipelineFunction } from './constructs/pipeline-function';
import { PipelineMonitoring } from './constructs/pipeline-monitoring';
import { TrainingSchedules } from './constructs/training-schedules';
import { LAMBDA_ENTRIES } from './paths';
import { PREFIXES } from './prefixes';

/** Names of the stack outputs other tools read (cli/, scripts/): keep them stable. */
export const OUTPUTS = {
  dataBucketName: 'DataBucketName',
  jobQueueArn: 'JobQueueArn',
  jobDefinitionArn: 'JobDefinitionArn',
  dashboardUrl: 'DashboardUrl',
  eventBusName: 'EventBusName',
} as const;

/** Data access of each Lambda: inputs, plus its own outputs (put-if-changed reads them back). */
export const FUNCTION_ACCESS = {
  ingest: { read: [PREFIXES.raw, PREFIXES.config, PREFIXES.curated, PREFIXES.quarantine], write: [PREFIXES.curated, PREFIXES.quarantine] },
  decompose: { read: [PREFIXES.curated, PREFIXES.config, PREFIXES.decomposed], write: [PREFIXES.decomposed] },
  smooth: { read: [PREFIXES.curated, PREFIXES.config, PREFIXES.smoothed], write: [PREFIXES.smoothed] },
} as const;

export interface SeqcastStackProps extends StackProps {
  /**
   * Deployment settings, validated and defaulted by `SeqcastSettingsSchema` (infra/config.ts, where
   * every field and its default is documented). `infra/app.ts` fills them from CDK context.
   * @default - every default: S3-managed encryption, no scheduled datasets, 1 NAT gateway, …
   */
  readonly settings?: SeqcastSettingsInput;
}

/**
 * The whole seqcast pipeline: data bucket → EventBridge → ingest / decompose / smooth Lambdas;
 * GPU training on AWS Batch submitted by per-dataset schedules; a custom bus for
 * `ForecastPublished`; alarms, dashboard and a Glue table over the forecasts.
 * With `localstack: true` only the parts LocalStack's free tier runs are built.
 */
export class SeqcastStack extends Stack {
  public readonly settings: SeqcastSettings;
  public readonly data: DataBucket;
  /** Custom bus `seqcast` (configurable): `ForecastPublished` events, separate from AWS service noise. */
  public readonly eventBus: events.EventBus;
  public readonly ingest: PipelineFunction;
  public readonly decompose: PipelineFunction;
  public readonly smooth: PipelineFunction;
  public readonly rawTrigger: ObjectCreatedTrigger;
  public readonly curatedTrigger: ObjectCreatedTrigger;
  public readonly network?: BatchNetwork;
  public readonly training?: GpuTrainingBatch;
  public readonly schedules?: TrainingSchedules;
  public readonly catalog?: ForecastCatalog;
  public readonly monitoring: PipelineMonitoring;

  constructor(scope: Construct, id: string, props: SeqcastStackProps = {}) {
    super(scope, id, props);
    const s = (this.settings = parseSeqcastSettings(props.settings ?? {}, 'stack settings'));
    const logRetention = s.logRetentionDays as logs.RetentionDays;
    const eventMaxAge = Duration.hours(s.eventMaxAgeHours);

    this.data = new DataBucket(this, 'Data', {
      encryption: s.bucketEncryption,
      removalPolicy: s.dataRemovalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      datasets: s.datasets.map((d) => d.name),
      forecastRunRetentionDays: s.forecastRunRetentionDays,
      quarantineRetentionDays: s.quarantineRetentionDays,
      noncurrentVersionRetentionDays: s.noncurrentVersionRetentionDays,
      accessLogRetentionDays: s.accessLogRetentionDays,
    });
    this.eventBus = new events.EventBus(this, 'EventBus', { eventBusName: s.eventBusName });

    const dataEnvironment = { DATA_BUCKET: this.data.bucketName };
    this.ingest = new PipelineFunction(this, 'Ingest', {
      entry: LAMBDA_ENTRIES.ingest,
      description: 'seqcast: parse + validate raw uploads → curated/ or quarantine/',
      serviceName: 'seqcast-ingest',
      // 1769 MB = one full vCPU; the load test ingests 10^6 rows in under 1 GB.
      memorySize: 1769,
      timeout: Duration.minutes(15),
      reservedConcurrentExecutions: s.reservedConcurrency.ingest,
      environment: dataEnvironment,
      logRetention,
      maxEventAge: eventMaxAge,
    });
    this.decompose = new PipelineFunction(this, 'Decompose', {
      entry: LAMBDA_ENTRIES.decompose,
      description: 'seqcast: trend/seasonal decomposition of curated data → decomposed/',
      serviceName: 'seqcast-decompose',
      memorySize: 1024,
      timeout: Duration.minutes(10),
      reservedConcurrentExecutions: s.reservedConcurrency.decompose,
      environment: dataEnvironment,
      logRetention,
      maxEventAge: eventMaxAge,
    });
    this.smooth = new PipelineFunction(this, 'Smooth', {
      entry: LAMBDA_ENTRIES.smooth,
      description: 'seqcast: Kalman filter + RTS smoother over curated data → smoothed/',
      serviceName: 'seqcast-smooth',
      memorySize: 1024,
      timeout: Duration.minutes(10),
      reservedConcurrentExecutions: s.reservedConcurrency.smooth,
      environment: dataEnvironment,
      logRetention,
      maxEventAge: eventMaxAge,
    });
    for (const [name, fn] of [['ingest', this.ingest], ['decompose', this.decompose], ['smooth', this.smooth]] as const) {
      this.grantData(fn.role, FUNCTION_ACCESS[name].read, FUNCTION_ACCESS[name].write);
    }

    const retry = { retryAttempts: s.eventRetryAttempts, maxEventAge: eventMaxAge };
    this.rawTrigger = new ObjectCreatedTrigger(this, 'RawCreated', {
      bucket: this.data.bucket, prefix: PREFIXES.raw, functions: [this.ingest], ...retry,
    });
    // decompose and smooth only read curated data and do not depend on each other: both follow curated/.
    this.curatedTrigger = new ObjectCreatedTrigger(this, 'CuratedCreated', {
      bucket: this.data.bucket, prefix: PREFIXES.curated, functions: [this.decompose, this.smooth], ...retry,
    });

    if (!s.localstack) {
      this.network = new BatchNetwork(this, 'Network', { natGateways: s.natGateways, flowLogBucket: this.data.accessLogBucket });
      this.training = new GpuTrainingBatch(this, 'Training', {
        vpc: this.network.vpc,
        subnets: this.network.computeSubnets,
        dataBucket: this.data,
        eventBus: this.eventBus,
        instanceTypes: s.gpuInstanceTypes,
        maxvCpus: s.maxvCpus,
        jobVcpus: s.jobVcpus,
        jobMemoryMiB: s.jobMemoryMiB,
        jobTimeout: Duration.hours(s.jobTimeoutHours),
        logRetention,
      });
      this.acknowledgePrefixGrants(this.training.jobRole, TRAINING_READ_PREFIXES, TRAINING_WRITE_PREFIXES);

      // ingest submits a training run itself when a dataset config says trainOnUpload.
      this.ingest.addEnvironment('JOB_QUEUE_ARN', this.training.jobQueue.jobQueueArn);
      this.ingest.addEnvironment('JOB_DEFINITION_ARN', this.training.jobDefinition.jobDefinitionArn);
      this.ingest.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['batch:SubmitJob'],
          resources: [this.training.jobQueue.jobQueueArn, this.training.jobDefinition.jobDefinitionArn],
        }),
      );

      if (s.datasets.length > 0) {
        this.schedules = new TrainingSchedules(this, 'Schedules', {
          datasets: s.datasets,
          jobQueue: this.training.jobQueue,
          jobDefinition: this.training.jobDefinition,
        });
      }
      this.catalog = new ForecastCatalog(this, 'Catalog', { bucket: this.data.bucket });
    }

    this.monitoring = new PipelineMonitoring(this, 'Monitoring', {
      eventBus: this.eventBus,
      functions: [this.ingest, this.decompose, this.smooth],
      deadLetterQueues: this.schedules ? [this.schedules.deadLetterQueue] : [],
      jobQueue: this.training?.jobQueue,
      datasets: s.datasets,
      // LocalStack has no scheduled training, so "nothing published" would alarm forever there.
      forecastFreshnessHours: s.localstack ? 0 : s.forecastFreshnessHours,
      alarmEmail: s.alarmEmail,
    });

    new CfnOutput(this, OUTPUTS.dataBucketName, { value: this.data.bucketName, description: 'Data bucket (raw/ uploads, forecasts/ results)' });
    new CfnOutput(this, OUTPUTS.eventBusName, { value: this.eventBus.eventBusName, description: 'Custom EventBridge bus of ForecastPublished events' });
    new CfnOutput(this, OUTPUTS.dashboardUrl, { value: this.monitoring.dashboardUrl, description: 'CloudWatch dashboard' });
    if (this.training) {
      new CfnOutput(this, OUTPUTS.jobQueueArn, { value: this.training.jobQueue.jobQueueArn, description: 'GPU Batch job queue' });
      new CfnOutput(this, OUTPUTS.jobDefinitionArn, { value: this.training.jobDefinition.jobDefinitionArn, description: 'train-forecast job definition' });
    }
  }

  private grantData(role: iam.Role, read: readonly string[], write: readonly string[]): void {
    this.data.grantReadPrefixes(role, read);
    this.data.grantWritePrefixes(role, write);
    this.acknowledgePrefixGrants(role, read, write);
  }

  /** Object ARNs are necessarily `<bucket>/<prefix>*`: acknowledge exactly those findings. */
  private acknowledgePrefixGrants(role: iam.Role, read: readonly string[], write: readonly string[]): void {
    for (const findingId of this.data.prefixFindingIds([...new Set([...read, ...write])])) {
      Validations.of(role).acknowledge({
        id: findingId,
        reason: 'Object-level S3 permissions are scoped to one pipeline prefix of the data bucket (read and/or write as DESIGN.md assigns); keys below it are data-dependent.',
      });
    }
  }
}
