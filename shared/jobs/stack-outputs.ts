/**
 * Deployed resource names, read from the CloudFormation stack's outputs. The infra stack emits
 * exactly these output keys (the contract between `infra/` and the runtime):
 *
 * | output key         | value                                   |
 * | ------------------ | --------------------------------------- |
 * | `JobQueueArn`      | ARN of the AWS Batch (GPU) job queue    |
 * | `JobDefinitionArn` | ARN of the train-forecast job definition|
 * | `DataBucketName`   | name of the data bucket (raw/, curated/, forecasts/ …) |
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

export const STACK_OUTPUT_KEYS = ['JobQueueArn', 'JobDefinitionArn', 'DataBucketName'] as const;
export type StackOutputKey = (typeof STACK_OUTPUT_KEYS)[number];

/** The required outputs under their CloudFormation names, plus every output in `all`. */
export type StackOutputs = Record<StackOutputKey, string> & {
  /** Every output of the stack, by OutputKey. */
  all: Record<string, string>;
};

export async function resolveStackOutputs(stackName: string, client: CloudFormationClient = new CloudFormationClient({})): Promise<StackOutputs> {
  let stacks;
  try {
    ({ Stacks: stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName })));
  } catch (err) {
    throw new Error(`cannot read outputs of CloudFormation stack ${stackName}: ${(err as Error).message}`, { cause: err });
  }
  const stack = stacks?.[0];
  if (!stack) throw new Error(`CloudFormation stack ${stackName} not found`);
  const all: Record<string, string> = {};
  for (const o of stack.Outputs ?? []) if (o.OutputKey && o.OutputValue !== undefined) all[o.OutputKey] = o.OutputValue;
  const missing = STACK_OUTPUT_KEYS.filter((k) => !all[k]);
  if (missing.length) {
    throw new Error(
      `CloudFormation stack ${stackName} (${stack.StackStatus ?? 'unknown status'}) lacks output(s) ${missing.join(', ')}; ` +
        `found: ${Object.keys(all).join(', ') || 'none'}`,
    );
  }
  return { JobQueueArn: all.JobQueueArn!, JobDefinitionArn: all.JobDefinitionArn!, DataBucketName: all.DataBucketName!, all };
}
