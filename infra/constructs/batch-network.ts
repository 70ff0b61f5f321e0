import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FLOW_LOG_PREFIX } from '../prefixes';

export interface BatchNetworkProps {
  /**
   * NAT gateways (one per AZ up to `maxAzs`). 0 switches to private isolated subnets reached
   * only through VPC endpoints.
   * @default 1
   */
  readonly natGateways?: number;
  /** @default 2 */
  readonly maxAzs?: number;
  /**
   * VPC CIDR. A literal (not the VPC's CidrBlock attribute) so the endpoint security group rule is
   * checkable at synth. @default '10.60.0.0/16'
   */
  readonly cidr?: string;
  /** Bucket receiving the VPC flow logs (under `vpc-flow-logs/`). */
  readonly flowLogBucket: s3.IBucket;
}

/**
 * The network of the GPU training instances.
 *
 * Default: private subnets behind ONE NAT gateway, plus a (free) S3 gateway endpoint so data and
 * ECR image layers (served from S3) do not pay NAT data processing. Chosen over isolated subnets
 * because the instances need eight AWS APIs (ECS ×3, ECR ×2, Logs, EventBridge, STS): eight
 * interface endpoints in two AZs cost roughly 3-4× one NAT gateway per hour, for a job that
 * runs a few hours a day. `natGateways: 0` builds that isolated variant for accounts that
 * forbid internet egress. No inbound path exists either way (no public IPs on instances).
 */
export class BatchNetwork extends Construct {
  public readonly vpc: ec2.Vpc;
  /** Where the compute environments launch instances. */
  public readonly computeSubnets: ec2.SubnetSelection;
  /** True when the subnets egress through NAT, false when only VPC endpoints are reachable. */
  public readonly usesNat: boolean;

  constructor(scope: Construct, id: string, props: BatchNetworkProps) {
    super(scope, id);
    const natGateways = props.natGateways ?? 1;
    this.usesNat = natGateways > 0;
    const computeSubnetType = this.usesNat ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED;

    const cidr = props.cidr ?? '10.60.0.0/16';
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs: props.maxAzs ?? 2,
      natGateways,
      // The default security group is unused; locking it down takes a custom-resource Lambda.
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [
        ...(this.usesNat ? [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }] : []),
        { name: 'compute', subnetType: computeSubnetType, cidrMask: 20 },
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
      flowLogs: {
        toS3: {
          destination: ec2.FlowLogDestination.toS3(props.flowLogBucket, FLOW_LOG_PREFIX),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });
    this.computeSubnets = { subnetType: computeSubnetType };

    if (!this.usesNat) {
      // HTTPS from inside the VPC only; one group shared by all endpoints.
      const endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
        vpc: this.vpc,
        description: 'seqcast VPC interface endpoints: HTTPS from the VPC',
        allowAllOutbound: false,
      });
      endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
      const services: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
        EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
        EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
        Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
        Events: ec2.InterfaceVpcEndpointAwsService.EVENTBRIDGE,
        Sts: ec2.InterfaceVpcEndpointAwsService.STS,
        Ecs: ec2.InterfaceVpcEndpointAwsService.ECS,
        EcsAgent: ec2.InterfaceVpcEndpointAwsService.ECS_AGENT,
        EcsTelemetry: ec2.InterfaceVpcEndpointAwsService.ECS_TELEMETRY,
      };
      for (const [name, service] of Object.entries(services)) {
        this.vpc.addInterfaceEndpoint(name, {
          service,
          subnets: this.computeSubnets,
          privateDnsEnabled: true,
          securityGroups: [endpointSecurityGroup],
          open: false,
        });
      }
    }
  }
}
