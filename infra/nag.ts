/**
 * cdk-nag v3: rule packs are CDK policy-validation plugins. Registered on the app they run on every
 * synth (CLI or `app.synth()`); any unacknowledged ERROR fails the synth and the report lands in
 * the cloud assembly (policy-validation report). Acknowledgements live next to the resource they
 * concern (`Validations.of(construct).acknowledge({ id, reason })`), each with its own reason.
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The packs this project must pass. */
export function createNagPacks(scope?: IConstruct): NagPack[] {
  return [new AwsSolutionsChecks(scope), new ServerlessChecks(scope)];
}

/** Run the packs on every synth of `app`. */
export function applyNagPacks(app: IConstruct): void {
  Validations.of(app).addPlugins(...createNagPacks(app));
}

export interface NagFinding {
  readonly rule: string;
  readonly severity: string;
  readonly paths: readonly string[];
}

/**
 * Unacknowledged findings (errors and warnings) of every pack under `scope`, for tests and
 * scripts: the same evaluation the synth-time plugin does, returned instead of thrown.
 */
export function collectNagFindings(scope: IConstruct): NagFinding[] {
  return createNagPacks().flatMap((pack) =>
    pack.validateScope(scope).violations.map((v) => ({
      rule: v.ruleName,
      severity: v.severity ?? 'error',
      paths: v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId ?? '?'),
    })),
  );
}
