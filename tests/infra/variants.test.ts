/**
 * The other shapes the stack takes from context: the LocalStack variant and a locked-down AWS
 * variant (KMS bucket encryption, no NAT: isolated subnets + VPC endpoints). One synth each.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectNagFindings } from '../../infra/nag';
import { asArray, describeResource, logicalIdOf, resourcesOfType, statementsOfRole, synthSeqcast, type SynthesisedSeqcast } from './helpers';

describe('localstack=true', () => {
  let s: SynthesisedSeqcast;
  let t: Template;
  beforeAll(() => {
    s = synthSeqcast({ localstack: 'true', datasets: '[{"name":"sales"}]' });
    t = s.template;
  });
  afterAll(() => s?.dispose());

  it('has the bucket, the three Lambdas, their triggers and DLQs', () => {
    t.resourceCountIs('AWS::S3::Bucket', 2);
    t.resourceCountIs('AWS::Lambda::Function', 3);
    const prefixes = resourcesOfType(t, 'AWS::Events::Rule').map(([, p]) => p.EventPattern?.detail?.object?.key?.[0]?.prefix).filter(Boolean);
    expect(prefixes.sort()).toEqual(['curated/', 'raw/']);
    t.hasResourceProperties('AWS::S3::Bucket', { NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } });
  });

  it('has no VPC, Batch, Scheduler or Glue (training runs through the local runner)', () => {
    const types = new Set(Object.values(t.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type));
    for (const type of types) expect(type).not.toMatch(/^AWS::(EC2|Batch|Scheduler|Glue)::/);
    const outputs = Object.keys(t.toJSON().Outputs);
    expect(outputs.sort()).toEqual(['DashboardUrl', 'DataBucketName', 'EventBusName']);
  });

  it('ingest gets no job queue (the local runner trains) and no batch permission', () => {
    const ingest = t.findResources('AWS::Lambda::Function')[logicalIdOf(s.stack, s.stack.ingest.fn)]!.Properties;
    expect(ingest.Environment.Variables.JOB_QUEUE_ARN).toBeUndefined();
    const actions = statementsOfRole(t, logicalIdOf(s.stack, s.stack.ingest.role)).flatMap((st) => asArray(st.Action));
    expect(actions).not.toContain('batch:SubmitJob');
  });

  it('has no freshness alarm (nothing is scheduled there) and passes cdk-nag', () => {
    expect(resourcesOfType(t, 'AWS::CloudWatch::Alarm').filter(([, a]) => JSON.stringify(a).includes('ForecastsPublished'))).toEqual([]);
    expect(collectNagFindings(s.stack)).toEqual([]);
  });
});

describe('bucketEncryption=kms, natGateways=0', () => {
  let s: SynthesisedSeqcast;
  let t: Template;
  beforeAll(() => {
    s = synthSeqcast({ bucketEncryption: 'kms', natGateways: '0', dataRemovalPolicy: 'destroy', logRetentionDays: '90' });
    t = s.template;
  });
  afterAll(() => s?.dispose());

  it('encrypts the data bucket with a rotating customer-managed key (bucket key on)', () => {
    const key = logicalIdOf(s.stack, s.stack.data.encryptionKey!);
    expect(t.findResources('AWS::KMS::Key')[key]!.Properties.EnableKeyRotation).toBe(true);
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [key, 'Arn'] } } },
        ],
      },
    });
  });

  it('grants the key to every data reader/writer, with explicit (non-wildcard) KMS actions', () => {
    const key = logicalIdOf(s.stack, s.stack.data.encryptionKey!);
    for (const role of [s.stack.ingest.role, s.stack.decompose.role, s.stack.smooth.role, s.stack.training!.jobRole]) {
      const kms = statementsOfRole(t, logicalIdOf(s.stack, role)).filter((st) => asArray(st.Action).some((a: string) => a.startsWith('kms:')));
      expect(kms).toEqual([expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: { 'Fn::GetAtt': [key, 'Arn'] } })]);
    }
  });

  it('isolated subnets with the VPC endpoints the instances need, and no NAT', () => {
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    t.resourceCountIs('AWS::EC2::InternetGateway', 0);
    const services = resourcesOfType(t, 'AWS::EC2::VPCEndpoint').map(([, p]) => describeResource(p.ServiceName).replace(/^.*\.amazonaws\.com\.|^com\.amazonaws\.<AWS::Region>\./, ''));
    expect(services.map((x) => x.split('.').pop()).sort()).toEqual(['api', 'dkr', 'ecs', 'ecs-agent', 'ecs-telemetry', 'events', 'logs', 's3', 'sts'].sort());
    for (const [, p] of resourcesOfType(t, 'AWS::EC2::VPCEndpoint')) if (p.VpcEndpointType === 'Interface') expect(p.PrivateDnsEnabled).toBe(true);
    // Endpoints accept HTTPS from the VPC CIDR only.
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ CidrIp: '10.60.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp', Description: 'HTTPS from the VPC' }],
    });
  });

  it('honours dataRemovalPolicy and logRetentionDays', () => {
    const bucket = t.findResources('AWS::S3::Bucket')[logicalIdOf(s.stack, s.stack.data.bucket)]!;
    expect(bucket.DeletionPolicy).toBe('Delete');
    const retentions = resourcesOfType(t, 'AWS::Logs::LogGroup').map(([, p]) => p.RetentionInDays);
    expect(retentions.filter((r) => r === 90).length).toBeGreaterThanOrEqual(4); // 3 Lambdas + Batch job
  });

  it('schedules nothing without datasets, and passes cdk-nag', () => {
    t.resourceCountIs('AWS::Scheduler::Schedule', 0);
    expect(collectNagFindings(s.stack)).toEqual([]);
  });
});
