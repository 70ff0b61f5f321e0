import { Duration, Size, Stack, Validations } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FORECAST_PUBLISHED } from '../event-contract';
import { REPO_ROOT, TRAIN_FORECAST_DOCKERFILE } from '../paths';
import { PREFIXES } from '../prefixes';
import { DEFAULT_LOG_RETENTION } from '../secure-defaults';
import type { DataBucket } from './data-bucket';

/** What the training job reads and writes in the data bucket. */
export const TRAINING_WRITE_PREFIXES = [PREFIXES.forecasts, PREFIXES.models];
/** Inputs plus its own outputs (publish and the model registry read back what they wrote). */
export const TRAINING_READ_PREFIXES = [PREFIXES.config, PREFIXES.curated, PREFIXES.decomposed, PREFIXES.smoothed, ...TRAINING_WRITE_PREFIXES];

/**
 * Build-context exclusions of the training image. The root `.dockerignore` says the same for
 * `docker build`; this list is applied by CDK when it stages the asset at synth, so the staged
 * copy never includes node_modules, cdk.out or .git even if the ignore file is lost.
 */
export const TRAINING_IMAGE_EXCLUDE = [
  'node_modules', '**/node_modules', 'cdk.out', '.git', '.seqcast', 'dist', 'coverage', 'tests', 'docs', 'infra', 'bench', 'examples', '**/*.tsbuildinfo',
];

export interface GpuTrainingBatchProps {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly dataBucket: DataBucket;
  /** Bus the job publishes `ForecastPublished` on. */
  readonly eventBus: events.IEventBus;
  /** @default ['g5.xlarge', 'g5.2xlarge', 'g6.xlarge'] */
  readonly instanceTypes?: readonly string[];
  /** Per compute environment. @default 32 */
  readonly maxvCpus?: number;
  /** @default 4 */
  readonly jobVcpus?: number;
  /** @default 14336 (fits g5.xlarge / g6.xlarge after the ECS agent's reservation) */
  readonly jobMemoryMiB?: number;
  /** @default Duration.hours(4) */
  readonly jobTimeout?: Duration;
  /** Total attempts, first run included. @default 3 */
  readonly jobAttempts?: number;
  /** A job stuck RUNNABLE (no capacity, or no instance fits) is cancelled after this long. @default Duration.hours(1) */
  readonly stuckRunnableTimeout?: Duration;
  /** @default DEFAULT_LOG_RETENTION (one month) */
  readonly logRetention?: logs.RetentionDays;
  /** Root volume of each instance (the CUDA image alone is several GB). @default 100 */
  readonly rootVolumeGiB?: number;
  /** @default - the repository built with batch-jobs/train-forecast/Dockerfile (linux/amd64) */
  readonly image?: ecs.ContainerImage;
}

/**
 * AWS Batch on GPU instances: a Spot and an on-demand managed EC2/ECS compute environment (ECS
 * AL2023 NVIDIA AMI chosen by Batch at launch, min 0 vCPUs so nothing runs while idle), a queue
 * trying Spot first, and the train-forecast job definition (1 GPU, retries on Spot reclaim only).
 */
export class GpuTrainingBatch extends Construct {
  public readonly spotComputeEnvironment: batch.ManagedEc2EcsComputeEnvironment;
  public readonly onDemandComputeEnvironment: batch.ManagedEc2EcsComputeEnvironment;
  public readonly jobQueue: batch.JobQueue;
  public readonly jobDefinition: batch.EcsJobDefinition;
  public readonly container: batch.EcsEc2ContainerDefinition;
  /** Role the job's container runs as (data access, PutEvents). */
  public readonly jobRole: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: GpuTrainingBatchProps) {
    super(scope, id);
    const instanceTypes = (props.instanceTypes ?? ['g5.xlarge', 'g5.2xlarge', 'g6.xlarge']).map((t) => new ec2.InstanceType(t));
    const maxvCpus = props.maxvCpus ?? 32;

    // IMDSv2 only (hop limit 1 keeps containers away from the instance role) and an encrypted
    // gp3 root volume large enough for the CUDA image.
    const launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      requireImdsv2: true,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(props.rootVolumeGiB ?? 100, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }),
        },
      ],
    });

    const computeEnvironment = (name: string, spot: boolean) =>
      new batch.ManagedEc2EcsComputeEnvironment(this, name, {
        vpc: props.vpc,
        vpcSubnets: props.subnets,
        instanceTypes,
        // "optimal" would add non-GPU C/M/R families.
        useOptimalInstanceClasses: false,
        // Batch picks the current ECS-optimized AL2023 NVIDIA AMI at launch: patched without a redeploy.
        images: [{ imageType: batch.EcsMachineImageType.ECS_AL2023_NVIDIA }],
        minvCpus: 0,
        maxvCpus,
        spot,
        allocationStrategy: spot ? batch.AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED : batch.AllocationStrategy.BEST_FIT_PROGRESSIVE,
        launchTemplate,
      });
    this.spotComputeEnvironment = computeEnvironment('SpotGpu', true);
    this.onDemandComputeEnvironment = computeEnvironment('OnDemandGpu', false);

    const stuck = props.stuckRunnableTimeout ?? Duration.hours(1);
    this.jobQueue = new batch.JobQueue(this, 'Queue', {
      priority: 1,
      computeEnvironments: [
        { computeEnvironment: this.spotComputeEnvironment, order: 1 },
        { computeEnvironment: this.onDemandComputeEnvironment, order: 2 },
      ],
      // Without these a job waits RUNNABLE forever when no GPU capacity exists or no instance type fits it.
      jobStateTimeLimitActions: [
        batch.JobStateTimeLimitActionsReason.INSUFFICIENT_INSTANCE_CAPACITY,
        batch.JobStateTimeLimitActionsReason.COMPUTE_ENVIRONMENT_MAX_RESOURCE,
        batch.JobStateTimeLimitActionsReason.JOB_RESOURCE_REQUIREMENT,
      ].map((reason) => ({
        reason,
        maxTime: stuck,
        state: batch.JobStateTimeLimitActionsState.RUNNABLE,
        action: batch.JobStateTimeLimitActionsAction.CANCEL,
      })),
    });

    this.jobRole = new iam.Role(this, 'JobRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'seqcast train-forecast Batch job',
    });
    props.dataBucket.grantReadPrefixes(this.jobRole, TRAINING_READ_PREFIXES);
    props.dataBucket.grantWritePrefixes(this.jobRole, TRAINING_WRITE_PREFIXES);
    this.jobRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [props.eventBus.eventBusArn],
        conditions: {
          StringEquals: { 'events:source': FORECAST_PUBLISHED.source, 'events:detail-type': FORECAST_PUBLISHED.detailType },
        },
      }),
    );

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention ?? DEFAULT_LOG_RETENTION });
    const image =
      props.image ??
      ecs.ContainerImage.fromAsset(REPO_ROOT, {
        file: TRAIN_FORECAST_DOCKERFILE,
        exclude: TRAINING_IMAGE_EXCLUDE,
        // g5/g6 are x86_64; also right when building on an arm64 laptop.
        platform: Platform.LINUX_AMD64,
      });

    this.container = new batch.EcsEc2ContainerDefinition(this, 'TrainForecastContainer', {
      image,
      gpu: 1,
      cpu: props.jobVcpus ?? 4,
      memory: Size.mebibytes(props.jobMemoryMiB ?? 14_336),
      jobRole: this.jobRole,
      logging: ecs.LogDriver.awsLogs({ logGroup: this.logGroup, streamPrefix: 'train-forecast' }),
      environment: {
        DATA_BUCKET: props.dataBucket.bucketName,
        EVENT_BUS_NAME: props.eventBus.eventBusName,
        POWERTOOLS_SERVICE_NAME: 'seqcast-train-forecast',
        // ECS does not inject the region; SDK region lookup via IMDS is blocked by the hop limit.
        AWS_REGION: Stack.of(this).region,
        // Fail fast instead of silently training on CPU (also set in the image).
        SEQCAST_REQUIRE_GPU: '1',
      },
    });
    this.jobDefinition = new batch.EcsJobDefinition(this, 'TrainForecast', {
      container: this.container,
      timeout: props.jobTimeout ?? Duration.hours(4),
      retryAttempts: props.jobAttempts ?? 3,
      retryStrategies: [
        // Spot reclaim (and host termination): the run is idempotent, try again.
        batch.RetryStrategy.of(batch.Action.RETRY, batch.Reason.SPOT_INSTANCE_RECLAIMED),
        // Anything else (a bug, bad data, OOM) would fail the same way again.
        batch.RetryStrategy.of(batch.Action.EXIT, batch.Reason.custom({ onReason: '*' })),
      ],
      propagateTags: true,
    });

    this.acknowledgeManagedRoles();
  }

  /** Findings that come from AWS Batch/ECS requirements rather than from choices made here. */
  private acknowledgeManagedRoles(): void {
    for (const ce of [this.spotComputeEnvironment, this.onDemandComputeEnvironment]) {
      Validations.of(ce).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role]',
        reason: 'Container instances need AmazonEC2ContainerServiceforEC2Role for the ECS agent to register and pull images; AWS maintains it as ECS evolves.',
      });
    }
    Validations.of(this.container).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Execution role: ecr:GetAuthorizationToken does not support resource-level permissions, AWS requires "*".',
    });
  }
}
