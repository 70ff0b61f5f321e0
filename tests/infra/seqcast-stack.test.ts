/**
 * The AWS variant of the stack, synthesised once with CLI-style (string) context values, and
 * checked resource by resource: the security properties, the wiring and the outputs other code reads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREFIXES } from '../../infra/prefixes';
import { OUTPUTS } from '../../infra/seqcast-stack';
import { collectNagFindings } from '../../infra/nag';
import {
  asArray,
  describeResource,
  logicalIdOf,
  resourcesOfType,
  statementsOfRole,
  synthSeqcast,
  traceAcknowledgements,
  type SynthesisedSeqcast,
} from './helpers';

const CONTEXT = {
  // Strings, exactly as `-c key=value` delivers them.
  datasets: JSON.stringify([
    { name: 'sales', schedule: 'cron(0 3 * * ? *)', arraySize: 4 },
    { name: 'web', schedule: 'rate(12 hours)', timezone: 'Europe/Berlin', freshnessHours: 30 },
  ]),
  gpuInstanceTypes: 'g5.xlarge,g6.xlarge',
  reservedConcurrency: '{"ingest":10,"decompose":4,"smooth":4}',
  alarmEmail: 'ops@example.com',
  stackName: 'SeqcastTest',
};

let s: SynthesisedSeqcast;
let t: Template;
let ids: Record<'bucket' | 'logBucket' | 'ingest' | 'decompose' | 'smooth' | 'ingestRole' | 'decomposeRole' | 'smoothRole' | 'jobRole' | 'queue' | 'jobDefinition' | 'topic' | 'bus', string>;

beforeAll(() => {
  s = synthSeqcast(CONTEXT);
  t = s.template;
  const st = s.stack;
  ids = {
    bucket: logicalIdOf(st, st.data.bucket),
    logBucket: logicalIdOf(st, st.data.accessLogBucket),
    ingest: logicalIdOf(st, st.ingest.fn),
    decompose: logicalIdOf(st, st.decompose.fn),
    smooth: logicalIdOf(st, st.smooth.fn),
    ingestRole: logicalIdOf(st, st.ingest.role),
    decomposeRole: logicalIdOf(st, st.decompose.role),
    smoothRole: logicalIdOf(st, st.smooth.role),
    jobRole: logicalIdOf(st, st.training!.jobRole),
    queue: logicalIdOf(st, st.training!.jobQueue),
    jobDefinition: logicalIdOf(st, st.training!.jobDefinition),
    topic: logicalIdOf(st, st.monitoring.alarmTopic.topic),
    bus: logicalIdOf(st, st.eventBus),
  };
});

afterAll(() => s?.dispose());

/** Object-level resources of a statement, as `<Bucket.Arn>/prefix/*` strings. */
const objectResources = (statements: Record<string, any>[], action: string) =>
  statements.filter((st) => asArray(st.Action).includes(action)).flatMap((st) => asArray(st.Resource).map(describeResource)).sort();

describe('data bucket', () => {
  it('is versioned, private, encrypted, logs access to a separate bucket and publishes to EventBridge', () => {
    t.hasResource('AWS::S3::Bucket', {
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: ids.logBucket }, LogFilePrefix: Match.stringLikeRegexp('.+/$') },
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      },
      // Data outlives the stack by default.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('needs no notification custom resource (native EventBridgeConfiguration)', () => {
    const types = Object.values(t.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types.filter((ty) => ty.startsWith('Custom::') || ty === 'AWS::CloudFormation::CustomResource')).toEqual([]);
    // Only the three pipeline functions: no provider/handler Lambdas hidden in the stack.
    t.resourceCountIs('AWS::Lambda::Function', 3);
  });

  it('expires noncurrent versions, quarantine/ and forecasts/<ds>/runs/, and never raw/', () => {
    const rules = t.findResources('AWS::S3::Bucket')[ids.bucket]!.Properties.LifecycleConfiguration.Rules as Record<string, any>[];
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }),
        expect.objectContaining({ Prefix: 'quarantine/', ExpirationInDays: 30 }),
        expect.objectContaining({ Prefix: 'forecasts/sales/runs/', ExpirationInDays: 90 }),
        expect.objectContaining({ Prefix: 'forecasts/web/runs/', ExpirationInDays: 90 }),
      ]),
    );
    for (const rule of rules) {
      const prefix: string = rule.Prefix ?? rule.Filter?.Prefix ?? '';
      // A prefix-less rule may only touch noncurrent versions / incomplete uploads, never current objects.
      if (prefix === '') expect(rule.ExpirationInDays ?? rule.ExpirationDate).toBeUndefined();
      expect(prefix.startsWith(PREFIXES.raw)).toBe(false);
      expect(prefix).not.toMatch(/latest\.json/);
    }
  });

  it('denies non-TLS and TLS < 1.2 access to both buckets', () => {
    for (const bucket of [ids.bucket, ids.logBucket]) {
      t.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucket },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ids.bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } })]),
      },
    });
  });

  it('log bucket: SSE-S3 (required by log delivery), private, expiring', () => {
    t.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365 })] },
      }),
    });
  });

  it('uses the pipeline prefixes of shared/pipeline/keys.ts', () => {
    expect(PREFIXES).toMatchObject({
      raw: 'raw/', config: 'config/', curated: 'curated/', quarantine: 'quarantine/',
      decomposed: 'decomposed/', smoothed: 'smoothed/', forecasts: 'forecasts/',
    });
  });
});

describe('Lambda functions', () => {
  const expected = {
    ingest: { memory: 1769, timeout: 900, reserved: 10, service: 'seqcast-ingest' },
    decompose: { memory: 1024, timeout: 600, reserved: 4, service: 'seqcast-decompose' },
    smooth: { memory: 1024, timeout: 600, reserved: 4, service: 'seqcast-smooth' },
  } as const;

  it.each(Object.keys(expected) as (keyof typeof expected)[])('%s: Node 22 arm64, memory, timeout, concurrency, env, tracing, JSON logs', (name) => {
    const e = expected[name];
    const props = t.findResources('AWS::Lambda::Function')[ids[name]]!.Properties;
    expect(props).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: e.memory,
      Timeout: e.timeout,
      ReservedConcurrentExecutions: e.reserved,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
      Environment: { Variables: { DATA_BUCKET: { Ref: ids.bucket }, POWERTOOLS_SERVICE_NAME: e.service } },
    });
    expect(e.timeout).toBeGreaterThanOrEqual(300);
    expect(e.timeout).toBeLessThanOrEqual(900);
    // Its own log group, with retention.
    const logGroup = t.findResources('AWS::Logs::LogGroup')[props.LoggingConfig.LogGroup.Ref]!;
    expect(logGroup.Properties.RetentionInDays).toBe(30);
  });

  it('ingest can submit training (trainOnUpload): queue and job definition in its environment', () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          JOB_QUEUE_ARN: { 'Fn::GetAtt': [ids.queue, 'JobQueueArn'] },
          JOB_DEFINITION_ARN: { Ref: ids.jobDefinition },
        }),
      },
      MemorySize: 1769,
    });
  });

  it.each(['ingest', 'decompose', 'smooth'] as const)('%s: failed async invocations retry then go to an encrypted, TLS-only DLQ with a depth alarm', (name) => {
    const dlq = logicalIdOf(s.stack, s.stack[name].deadLetterQueue.queue);
    t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ids[name] },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
    });
    expect(t.findResources('AWS::SQS::Queue')[dlq]!.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlq }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      AlarmActions: [{ Ref: ids.topic }],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids[name] } }],
      Threshold: 0,
      AlarmActions: [{ Ref: ids.topic }],
    });
  });

  it('roles carry no managed policies; data access is per prefix and never a wildcard action', () => {
    for (const role of [ids.ingestRole, ids.decomposeRole, ids.smoothRole]) {
      expect(t.findResources('AWS::IAM::Role')[role]!.Properties.ManagedPolicyArns).toBeUndefined();
      for (const st of statementsOfRole(t, role)) {
        for (const action of asArray(st.Action as string)) expect(action).not.toMatch(/\*|^s3:Delete/);
        // "*" only where AWS requires it (X-Ray has no resource-level permissions).
        if (asArray(st.Resource).includes('*')) expect(asArray(st.Action).every((a: string) => a.startsWith('xray:'))).toBe(true);
      }
    }
    const obj = (prefix: string) => `<${ids.bucket}.Arn>/${prefix}*`;
    const ingest = statementsOfRole(t, ids.ingestRole);
    expect(objectResources(ingest, 's3:GetObject')).toEqual(['raw/', 'config/', 'curated/', 'quarantine/'].map(obj).sort());
    expect(objectResources(ingest, 's3:PutObject')).toEqual(['curated/', 'quarantine/'].map(obj).sort());
    expect(ingest).toContainEqual(
      expect.objectContaining({ Action: 'batch:SubmitJob', Resource: [{ 'Fn::GetAtt': [ids.queue, 'JobQueueArn'] }, { Ref: ids.jobDefinition }] }),
    );
    const decompose = statementsOfRole(t, ids.decomposeRole);
    expect(objectResources(decompose, 's3:GetObject')).toEqual(['curated/', 'config/', 'decomposed/'].map(obj).sort());
    expect(objectResources(decompose, 's3:PutObject')).toEqual([obj('decomposed/')]);
    const smooth = statementsOfRole(t, ids.smoothRole);
    expect(objectResources(smooth, 's3:GetObject')).toEqual(['curated/', 'config/', 'smoothed/'].map(obj).sort());
    expect(objectResources(smooth, 's3:PutObject')).toEqual([obj('smoothed/')]);
    for (const st of [...decompose, ...smooth]) expect(asArray(st.Action)).not.toContain('batch:SubmitJob');
  });
});

describe('S3 → EventBridge → Lambda triggers', () => {
  const ruleFor = (prefix: string) =>
    resourcesOfType(t, 'AWS::Events::Rule').find(([, p]) => p.EventPattern?.detail?.object?.key?.[0]?.prefix === prefix)?.[1];

  it('raw/ ObjectCreated → ingest, with retries and the DLQ', () => {
    const rule = ruleFor('raw/')!;
    expect(rule.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: [{ Ref: ids.bucket }] }, object: { key: [{ prefix: 'raw/' }] } },
    });
    expect(rule.EventBusName).toBeUndefined(); // S3 events arrive on the default bus
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [ids.ingest, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 6 * 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdOf(s.stack, s.stack.ingest.deadLetterQueue.queue), 'Arn'] } },
      }),
    ]);
  });

  it('curated/ ObjectCreated → decompose AND smooth, each with its own DLQ', () => {
    const rule = ruleFor('curated/')!;
    expect(rule.Targets.map((x: any) => x.Arn['Fn::GetAtt'][0]).sort()).toEqual([ids.decompose, ids.smooth].sort());
    for (const target of rule.Targets) {
      expect(target.DeadLetterConfig.Arn['Fn::GetAtt'][0]).toMatch(/Dlq/);
      expect(target.RetryPolicy.MaximumRetryAttempts).toBe(4);
    }
  });

  it('EventBridge may invoke the functions', () => {
    for (const fn of [ids.ingest, ids.decompose, ids.smooth]) {
      t.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
      });
    }
  });
});

describe('AWS Batch GPU training', () => {
  it('VPC: private subnets behind the configured number of NAT gateways, S3 gateway endpoint, flow logs', () => {
    t.resourceCountIs('AWS::EC2::NatGateway', 1);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.objectLike({}) });
    t.hasResourceProperties('AWS::EC2::FlowLog', { LogDestinationType: 's3', TrafficType: 'ALL' });
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 1); // interface endpoints only in the natGateways=0 variant
  });

  it('one Spot and one on-demand compute environment: GPU types, min 0 vCPU, ECS AL2023 NVIDIA, private subnets', () => {
    const envs = resourcesOfType(t, 'AWS::Batch::ComputeEnvironment').map(([, p]) => p);
    expect(envs.map((e) => e.ComputeResources.Type).sort()).toEqual(['EC2', 'SPOT']);
    for (const e of envs) {
      expect(e.Type).toBe('managed');
      expect(e.ComputeResources).toMatchObject({
        InstanceTypes: ['g5.xlarge', 'g6.xlarge'],
        MinvCpus: 0,
        MaxvCpus: 32,
        Ec2Configuration: [{ ImageType: 'ECS_AL2023_NVIDIA' }],
        LaunchTemplate: { LaunchTemplateId: { Ref: expect.any(String) } },
      });
      expect(e.ComputeResources.InstanceTypes).not.toContain('optimal');
      for (const subnet of e.ComputeResources.Subnets) expect(subnet.Ref).toMatch(/compute/i);
    }
    expect(envs.find((e) => e.ComputeResources.Type === 'SPOT')!.ComputeResources.AllocationStrategy).toBe('SPOT_PRICE_CAPACITY_OPTIMIZED');
  });

  it('launch template: IMDSv2 only, encrypted gp3 root volume', () => {
    t.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: Match.objectLike({ HttpTokens: 'required' }),
        BlockDeviceMappings: [Match.objectLike({ DeviceName: '/dev/xvda', Ebs: Match.objectLike({ Encrypted: true, VolumeType: 'gp3' }) })],
      }),
    });
  });

  it('queue: Spot first, then on-demand; RUNNABLE jobs stuck for lack of capacity are cancelled after 1 h', () => {
    const spot = logicalIdOf(s.stack, s.stack.training!.spotComputeEnvironment);
    const onDemand = logicalIdOf(s.stack, s.stack.training!.onDemandComputeEnvironment);
    const queue = t.findResources('AWS::Batch::JobQueue')[ids.queue]!.Properties;
    expect(queue.ComputeEnvironmentOrder).toEqual([
      { ComputeEnvironment: { 'Fn::GetAtt': [spot, 'ComputeEnvironmentArn'] }, Order: 1 },
      { ComputeEnvironment: { 'Fn::GetAtt': [onDemand, 'ComputeEnvironmentArn'] }, Order: 2 },
    ]);
    expect(queue.JobStateTimeLimitActions).toEqual(
      expect.arrayContaining([
        { Action: 'CANCEL', MaxTimeSeconds: 3600, Reason: 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY', State: 'RUNNABLE' },
        { Action: 'CANCEL', MaxTimeSeconds: 3600, Reason: 'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT', State: 'RUNNABLE' },
        { Action: 'CANCEL', MaxTimeSeconds: 3600, Reason: 'MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE', State: 'RUNNABLE' },
      ]),
    );
  });

  it('job definition: 1 GPU, vCPU/memory, timeout, retry on Spot reclaim only, CloudWatch logs, job role, env', () => {
    const def = t.findResources('AWS::Batch::JobDefinition')[ids.jobDefinition]!.Properties;
    expect(def).toMatchObject({
      Type: 'container',
      PlatformCapabilities: ['EC2'],
      Timeout: { AttemptDurationSeconds: 4 * 3600 },
      RetryStrategy: {
        Attempts: 3,
        EvaluateOnExit: [
          { Action: 'RETRY', OnStatusReason: 'Host EC2*' },
          { Action: 'EXIT', OnReason: '*' },
        ],
      },
      ContainerProperties: {
        JobRoleArn: { 'Fn::GetAtt': [ids.jobRole, 'Arn'] },
        LogConfiguration: { LogDriver: 'awslogs' },
      },
    });
    expect(def.ContainerProperties.ResourceRequirements).toEqual(
      expect.arrayContaining([{ Type: 'GPU', Value: '1' }, { Type: 'VCPU', Value: '4' }, { Type: 'MEMORY', Value: '14336' }]),
    );
    const env = Object.fromEntries(def.ContainerProperties.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]));
    expect(env).toMatchObject({ DATA_BUCKET: { Ref: ids.bucket }, EVENT_BUS_NAME: { Ref: ids.bus }, SEQCAST_REQUIRE_GPU: '1', AWS_REGION: { Ref: 'AWS::Region' } });
    // The image is the CDK container asset built from the repository (ECR asset repository).
    expect(JSON.stringify(def.ContainerProperties.Image)).toContain('container-assets');
  });

  it('image asset: repo root with the train-forecast Dockerfile, linux/amd64, staged without node_modules/.git/cdk.out', () => {
    const manifest = JSON.parse(readFileSync(join(s.outdir, `${s.stack.artifactId}.assets.json`), 'utf8'));
    const images = Object.values(manifest.dockerImages ?? {}) as { source: { directory: string; dockerFile: string; platform: string } }[];
    expect(images).toHaveLength(1);
    const source = images[0]!.source;
    expect(source).toMatchObject({ dockerFile: 'batch-jobs/train-forecast/Dockerfile', platform: 'linux/amd64' });
    // The staged build context: what `docker build` will receive.
    const staged = readdirSync(join(s.outdir, source.directory), { recursive: true }).map(String);
    expect(staged).toContain(join('batch-jobs', 'train-forecast', 'Dockerfile'));
    expect(staged).toContain('package-lock.json');
    expect(staged.some((p) => p.startsWith(`shared${sep}`))).toBe(true);
    for (const p of staged) expect(p).not.toMatch(/(^|[\\/])(node_modules|\.git|cdk\.out|infra|tests)([\\/]|$)/);
  });

  it('job role: reads the pipeline inputs, writes forecasts/ and models/ only, PutEvents ForecastPublished on the seqcast bus only', () => {
    const statements = statementsOfRole(t, ids.jobRole);
    const obj = (prefix: string) => `<${ids.bucket}.Arn>/${prefix}*`;
    expect(objectResources(statements, 's3:GetObject')).toEqual(
      ['config/', 'curated/', 'decomposed/', 'smoothed/', 'forecasts/', 'models/'].map(obj).sort(),
    );
    expect(objectResources(statements, 's3:PutObject')).toEqual(['forecasts/', 'models/'].map(obj).sort());
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'events:PutEvents',
      Resource: { 'Fn::GetAtt': [ids.bus, 'Arn'] },
      Condition: { StringEquals: { 'events:source': 'seqcast', 'events:detail-type': 'ForecastPublished' } },
    });
    for (const st of statements) expect(asArray(st.Resource)).not.toContain('*');
  });
});

describe('EventBridge Scheduler', () => {
  const schedules = () => resourcesOfType(t, 'AWS::Scheduler::Schedule').map(([, p]) => p);

  it('one schedule per dataset calling Batch SubmitJob through the universal target, with a DLQ and retries', () => {
    const all = schedules();
    expect(all).toHaveLength(2);
    const sales = all.find((p) => p.Description.includes('sales'))!;
    const web = all.find((p) => p.Description.includes('web'))!;
    expect(sales).toMatchObject({ ScheduleExpression: 'cron(0 3 * * ? *)', ScheduleExpressionTimezone: 'UTC', State: 'ENABLED' });
    expect(web).toMatchObject({ ScheduleExpression: 'rate(12 hours)', ScheduleExpressionTimezone: 'Europe/Berlin' });
    const dlq = logicalIdOf(s.stack, s.stack.schedules!.deadLetterQueue.queue);
    for (const p of all) {
      expect(describeResource(p.Target.Arn)).toBe('arn:<AWS::Partition>:scheduler:::aws-sdk:batch:submitJob');
      expect(p.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } });
      expect(p.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
    }
    // Input: JobName / JobQueue / JobDefinition / ArrayProperties / ContainerOverrides (what main.ts reads).
    const input = JSON.parse(describeResource(sales.Target.Input));
    expect(input).toEqual({
      JobName: 'seqcast-train-sales',
      JobQueue: `<${ids.queue}.JobQueueArn>`,
      JobDefinition: `<${ids.jobDefinition}>`,
      ArrayProperties: { Size: 4 },
      ContainerOverrides: {
        Environment: [
          { Name: 'SEQCAST_DATASET', Value: 'sales' },
          { Name: 'SEQCAST_ARRAY_SIZE', Value: '4' },
        ],
      },
    });
    expect(JSON.parse(describeResource(web.Target.Input)).ArrayProperties).toBeUndefined();
  });

  it('the scheduler role may only submit to this queue/definition (and write its DLQ)', () => {
    const role = logicalIdOf(s.stack, s.stack.schedules!.role);
    const trust = t.findResources('AWS::IAM::Role')[role]!.Properties.AssumeRolePolicyDocument.Statement[0];
    expect(trust.Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
    expect(trust.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    const statements = statementsOfRole(t, role);
    expect(statements.flatMap((st) => asArray(st.Action)).sort()).toEqual(['batch:SubmitJob', 'sqs:SendMessage']);
    const submit = statements.find((st) => st.Action === 'batch:SubmitJob')!;
    expect(submit.Resource).toEqual([{ 'Fn::GetAtt': [ids.queue, 'JobQueueArn'] }, { Ref: ids.jobDefinition }]);
  });
});

describe('monitoring', () => {
  it('alarm topic: customer-managed key with rotation, TLS-only publishing, e-mail subscription with a DLQ', () => {
    const topic = t.findResources('AWS::SNS::Topic')[ids.topic]!.Properties;
    const key = topic.KmsMasterKeyId['Fn::GetAtt'][0];
    expect(t.findResources('AWS::KMS::Key')[key]!.Properties.EnableKeyRotation).toBe(true);
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: ids.topic }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    t.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
  });

  it('every alarm notifies the topic (ALARM and OK)', () => {
    const alarms = resourcesOfType(t, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(3 + 5 + 1 + 3);
    for (const [, a] of alarms) {
      expect(a.AlarmActions).toEqual([{ Ref: ids.topic }]);
      expect(a.OKActions).toEqual([{ Ref: ids.topic }]);
    }
  });

  it('failed Batch jobs: rule on FAILED state changes of this queue → SNS (with DLQ) and an alarm', () => {
    const rule = resourcesOfType(t, 'AWS::Events::Rule').find(([, p]) => p.EventPattern?.source?.[0] === 'aws.batch')!;
    expect(rule[1].EventPattern).toEqual({
      source: ['aws.batch'],
      'detail-type': ['Batch Job State Change'],
      detail: { status: ['FAILED'], jobQueue: [{ 'Fn::GetAtt': [ids.queue, 'JobQueueArn'] }] },
    });
    expect(rule[1].Targets[0]).toMatchObject({ Arn: { Ref: ids.topic }, DeadLetterConfig: { Arn: expect.anything() } });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Events',
      MetricName: 'TriggeredRules',
      Dimensions: [{ Name: 'RuleName', Value: { Ref: rule[0] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('"no forecast published" alarms: overall and per scheduled dataset, missing data breaching', () => {
    const freshness = resourcesOfType(t, 'AWS::CloudWatch::Alarm')
      .map(([, a]) => a)
      .filter((a) => a.MetricName === 'ForecastsPublished');
    expect(freshness).toHaveLength(3);
    for (const a of freshness) {
      expect(a).toMatchObject({ Namespace: 'Seqcast', ComparisonOperator: 'LessThanThreshold', Threshold: 1, TreatMissingData: 'breaching', Period: 3600, Statistic: 'Sum' });
      expect(a.DatapointsToAlarm).toBe(a.EvaluationPeriods);
    }
    const byDataset = Object.fromEntries(freshness.map((a) => [a.Dimensions?.[0]?.Value ?? '(all)', a.EvaluationPeriods]));
    expect(byDataset).toEqual({ '(all)': 26, sales: 26, web: 30 });
  });

  it('ForecastPublished events on the custom bus are logged and counted by metric filters', () => {
    t.hasResourceProperties('AWS::Events::EventBus', { Name: 'seqcast' });
    const [ruleId, rule] = resourcesOfType(t, 'AWS::Events::Rule').find(([, p]) => p.EventPattern?.source?.[0] === 'seqcast')!;
    rule.__id = ruleId;
    expect(rule.EventBusName).toEqual({ Ref: ids.bus });
    expect(rule.EventPattern['detail-type']).toEqual(['ForecastPublished']);
    expect(rule.Targets[0].DeadLetterConfig).toBeDefined();
    expect(describeResource(rule.Targets[0].Arn)).toMatch(/:log-group:<.+>$/);
    t.hasResourceProperties('AWS::Logs::MetricFilter', {
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'Seqcast', MetricName: 'ForecastsPublished', Dimensions: [{ Key: 'Dataset', Value: '$.detail.dataset' }] })],
    });
    const [, policy] = resourcesOfType(t, 'AWS::Logs::ResourcePolicy')[0]!;
    const document = JSON.parse(describeResource(policy.PolicyDocument));
    expect(document.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: expect.arrayContaining(['events.amazonaws.com']) },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // Only the ForecastPublished rule may write.
        Condition: { ArnEquals: { 'aws:SourceArn': `<${rule.__id}.Arn>` } },
      }),
    ]);
  });

  it('one dashboard', () => {
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('Glue / Athena', () => {
  it('database + table over forecasts/ CSVs with projected dataset/run_id partitions', () => {
    t.resourceCountIs('AWS::Glue::Database', 1);
    const table = resourcesOfType(t, 'AWS::Glue::Table')[0]![1].TableInput;
    expect(table.StorageDescriptor.Columns).toEqual([
      { Name: 'series_id', Type: 'string' },
      { Name: 'date', Type: 'string' },
      { Name: 'model', Type: 'string' },
      { Name: 'mean', Type: 'double' },
      { Name: 'p10', Type: 'double' },
      { Name: 'p50', Type: 'double' },
      { Name: 'p90', Type: 'double' },
    ]);
    expect(table.PartitionKeys).toEqual([{ Name: 'dataset', Type: 'string' }, { Name: 'run_id', Type: 'string' }]);
    expect(table.Parameters).toMatchObject({ 'skip.header.line.count': '1', 'projection.enabled': 'true' });
    expect(describeResource(table.Parameters['storage.location.template'])).toBe(`s3://<${ids.bucket}>/forecasts/\${dataset}/runs/\${run_id}/`);
    expect(table.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.serde2.OpenCSVSerde');
  });
});

describe('outputs', () => {
  it('has exactly the names other tools read', () => {
    const outputs = t.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs).sort()).toEqual(Object.values(OUTPUTS).sort());
    expect(outputs.DataBucketName!.Value).toEqual({ Ref: ids.bucket });
    expect(outputs.JobQueueArn!.Value).toEqual({ 'Fn::GetAtt': [ids.queue, 'JobQueueArn'] });
    expect(outputs.JobDefinitionArn!.Value).toEqual({ Ref: ids.jobDefinition });
    expect(outputs.EventBusName!.Value).toEqual({ Ref: ids.bus });
    expect(describeResource(outputs.DashboardUrl!.Value)).toMatch(/^https:\/\/<AWS::Region>\.console\.aws\.amazon\.com\/cloudwatch\/.*#dashboards:name=<.+>$/);
  });
});

describe('cdk-nag (AwsSolutions + Serverless)', () => {
  it('reports no unacknowledged finding, and every acknowledgement suppresses a real one, with a reason', () => {
    let findings: ReturnType<typeof collectNagFindings> = [];
    const acks = traceAcknowledgements(s.stack, () => {
      findings = collectNagFindings(s.stack);
    });
    expect(findings).toEqual([]);
    expect(acks.used.size).toBeGreaterThan(0); // the hook into cdk-nag works
    expect([...acks.declared.keys()].filter((k) => !acks.used.has(k))).toEqual([]);
    for (const reason of acks.declared.values()) expect(reason.length).toBeGreaterThan(40);
  });

  it('acknowledges "*" resources only for actions AWS offers no resource-level permission for', () => {
    const wildcardIds = [...traceAcknowledgements(s.stack, () => collectNagFindings(s.stack)).declared.keys()].filter((k) => k.includes('Resource::*'));
    for (const k of wildcardIds) expect(k).toMatch(/(Ingest|Decompose|Smooth)\/Role\||TrainForecastContainer\|/);
    for (const [, policy] of resourcesOfType(t, 'AWS::IAM::Policy')) {
      for (const st of policy.PolicyDocument.Statement) {
        if (asArray(st.Resource).includes('*')) {
          expect(asArray(st.Action).every((a: string) => a.startsWith('xray:') || a === 'ecr:GetAuthorizationToken')).toBe(true);
        }
      }
    }
  });
});
