/**
 * Builds the CDK app: used by infra/app.ts (the `cdk` entry point) and by the tests, so both
 * synthesise the same thing with the same context handling and the same cdk-nag packs.
 */
import { App, Tags, type AppProps } from 'aws-cdk-lib';
import { readSettingsFromContext, SeqcastConfigError } from './config';
import { FEATURE_FLAGS } from './feature-flags';
import { applyNagPacks } from './nag';
import { SeqcastStack } from './seqcast-stack';

export interface BuildSeqcastAppOptions {
  /** CDK context (the same keys as `-c key=value`). @default {} */
  readonly context?: Record<string, unknown>;
  /** Cloud assembly directory. @default - CDK's default (cdk.out from the CLI, a temp dir otherwise) */
  readonly outdir?: string;
  /** Register the cdk-nag packs. @default true */
  readonly nag?: boolean;
  /**
   * CDK's built-in CloudFormation template validation (about 8 s per synth). The tests switch it
   * off for the in-process synths and keep it in the one real `cdk synth`.
   * @default true
   */
  readonly cfnValidation?: boolean;
}

export interface SeqcastApp {
  readonly app: App;
  readonly stack: SeqcastStack;
}

export function buildSeqcastApp(options: BuildSeqcastAppOptions = {}): SeqcastApp {
  const appProps: AppProps = {
    context: { ...FEATURE_FLAGS, ...options.context },
    outdir: options.outdir,
    builtinCloudFormationValidation: options.cfnValidation ?? true,
  };
  const app = new App(appProps);
  const stackName = app.node.tryGetContext('stackName') ?? 'Seqcast';
  if (typeof stackName !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName)) {
    throw new SeqcastConfigError(`invalid seqcast context:\n  stackName: expected a CloudFormation stack name, got ${JSON.stringify(stackName)}`);
  }
  const settings = readSettingsFromContext((key) => app.node.tryGetContext(key));
  const stack = new SeqcastStack(app, stackName, {
    settings,
    description: settings.localstack ? 'seqcast demand forecasting (LocalStack variant)' : 'seqcast demand forecasting pipeline',
    env: deploymentEnvironment(),
  });
  Tags.of(app).add('project', 'seqcast');
  if (options.nag ?? true) applyNagPacks(app);
  return { app, stack };
}

/**
 * The account/region the CDK CLI resolved from the caller's credentials (CDK_DEFAULT_ACCOUNT /
 * CDK_DEFAULT_REGION). Without credentials the CLI still sets a default region (us-east-1); using
 * it alone would bake that region into an offline synth, so the stack stays environment-agnostic
 * (deployable to any account/region) unless the account is known too.
 */
function deploymentEnvironment(): { account: string; region: string } | undefined {
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  return account && region ? { account, region } : undefined;
}
