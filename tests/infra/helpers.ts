/**
 * Shared helpers of the infra tests. Every test file synthesises its app ONCE (beforeAll) and
 * queries the template many times: NodejsFunction bundling and asset staging are not free.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations, type App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as cxapi from 'aws-cdk-lib/cx-api';
import { NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { buildSeqcastApp } from '../../infra/build';
import type { SeqcastStack } from '../../infra/seqcast-stack';

export interface SynthesisedSeqcast {
  readonly app: App;
  readonly stack: SeqcastStack;
  readonly template: Template;
  readonly assembly: cxapi.CloudAssembly;
  readonly outdir: string;
  /** Delete the cloud assembly directory (call in afterAll). */
  dispose(): void;
}

/**
 * Build and synthesise the app with the cdk-nag packs registered (so an unacknowledged error
 * throws right here, exactly as `cdk synth` fails). Lambda bundling is skipped unless asked for:
 * the template tests do not need the bundles (tests/infra/lambda-bundles.test.ts and the CLI
 * synth test build them), and the built-in CloudFormation validation runs only in the CLI test.
 */
export function synthSeqcast(context: Record<string, unknown> = {}, options: { bundle?: boolean } = {}): SynthesisedSeqcast {
  const outdir = mkdtempSync(join(tmpdir(), 'seqcast-infra-'));
  const { app, stack } = buildSeqcastApp({
    context: { ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...context },
    outdir,
    cfnValidation: false,
  });
  const assembly = app.synth();
  return {
    app, stack, template: Template.fromStack(stack), assembly, outdir,
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** Resources of one type as [logicalId, properties] pairs. */
export function resourcesOfType(template: Template, type: string): [string, Record<string, any>][] {
  return Object.entries(template.findResources(type)).map(([id, r]) => [id, (r as { Properties?: Record<string, any> }).Properties ?? {}]);
}

export function logicalIdOf(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

/** Policy statements attached (through AWS::IAM::Policy) to the role with this logical id. */
export function statementsOfRole(template: Template, roleLogicalId: string): Record<string, any>[] {
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Roles as { Ref?: string }[]).some((r) => r.Ref === roleLogicalId))
    .flatMap(([, p]) => p.PolicyDocument.Statement as Record<string, any>[]);
}

export function asArray<T>(v: T | T[]): T[] {
  return Array.isArray(v) ? v : [v];
}

/** `Fn::Join` of a bucket ARN and a key pattern → `<LogicalId>/pattern` (for readable assertions). */
export function describeResource(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  const r = resource as Record<string, any>;
  if (r['Fn::GetAtt']) return `<${r['Fn::GetAtt'][0]}.${r['Fn::GetAtt'][1]}>`;
  if (r.Ref) return `<${r.Ref}>`;
  if (r['Fn::Join']) return (r['Fn::Join'][1] as unknown[]).map(describeResource).join(r['Fn::Join'][0]);
  if (r['Fn::Sub']) return String(r['Fn::Sub']);
  return JSON.stringify(r);
}

export interface AcknowledgementUse {
  /** `path|ruleId` of every acknowledgement recorded in the tree. */
  readonly declared: Map<string, string>;
  /** `path|ruleId` of those a rule pack actually relied on. */
  readonly used: Set<string>;
}

/**
 * Run `evaluate` while recording which acknowledgements cdk-nag consults, so a test can prove every
 * acknowledgement suppresses a real finding (no stale or blanket ones). Hooks NagPack's private
 * `isAcknowledged`; the caller asserts the hook fired, so a cdk-nag refactor fails loudly.
 */
export function traceAcknowledgements(root: IConstruct, evaluate: () => void): AcknowledgementUse {
  const proto = NagPack.prototype as unknown as { isAcknowledged: (node: IConstruct, id: string) => boolean };
  const original = proto.isAcknowledged;
  const used = new Set<string>();
  proto.isAcknowledged = function (this: unknown, node: IConstruct, id: string): boolean {
    const acknowledged = original.call(this, node, id);
    if (acknowledged) {
      for (let current: IConstruct | undefined = node; current; current = current.node.scope) {
        if (ackIdsOn(current).includes(id)) {
          used.add(`${current.node.path}|${id}`);
          break;
        }
      }
    }
    return acknowledged;
  };
  try {
    evaluate();
  } finally {
    proto.isAcknowledged = original;
  }
  const declared = new Map<string, string>();
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [key, reason] of Object.entries(entry.data as Record<string, string>)) {
        const id = key.replace(/^annotation::/i, '');
        if (/^(AwsSolutions|Serverless)-/.test(id)) declared.set(`${construct.node.path}|${id}`, reason);
      }
    }
  }
  return { declared, used };
}

function ackIdsOn(construct: IConstruct): string[] {
  return construct.node.metadata
    .filter((e) => e.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((e) => Object.keys(e.data as object).map((k) => k.replace(/^annotation::/i, '')));
}
