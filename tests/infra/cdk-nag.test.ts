/**
 * Proves the cdk-nag gate can fail: a throwaway stack with deliberately non-compliant resources
 * must be reported by the same packs (and the same registration) the real app uses, and an
 * unacknowledged error must abort the synth. Cheap: no Lambda bundling, no assets.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { applyNagPacks, collectNagFindings } from '../../infra/nag';

function throwawayStack(app: App): Stack {
  const stack = new Stack(app, 'NonCompliant');
  new s3.Bucket(stack, 'PlainBucket'); // no access logs, no TLS-only policy
  new sqs.Queue(stack, 'PlainQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED }); // no DLQ, no SSE, no TLS-only
  return stack;
}

describe('cdk-nag gate', () => {
  it('reports the findings of a non-compliant resource', () => {
    const stack = throwawayStack(new App({ builtinCloudFormationValidation: false }));
    const rules = collectNagFindings(stack).map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10', 'AwsSolutions-SQS2', 'AwsSolutions-SQS3', 'AwsSolutions-SQS4', 'Serverless-SQSRedrivePolicy']));
  });

  it('fails the synth of an app that registers the packs like infra/app.ts does', () => {
    const app = new App({ builtinCloudFormationValidation: false, context: { '@aws-cdk/core:appMode': 'inmemory' } });
    throwawayStack(app);
    applyNagPacks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
  });

  it('an acknowledgement (with a reason) suppresses exactly that rule on that resource', () => {
    const stack = throwawayStack(new App({ builtinCloudFormationValidation: false }));
    Validations.of(stack.node.findChild('PlainBucket')).acknowledge({ id: 'AwsSolutions-S1', reason: 'test: access logs not needed here' });
    const findings = collectNagFindings(stack);
    expect(findings.map((f) => f.rule)).not.toContain('AwsSolutions-S1');
    expect(findings.map((f) => f.rule)).toContain('AwsSolutions-S10');
  });
});
