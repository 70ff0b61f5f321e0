/**
 * Key prefixes of the data bucket. The single source is `PREFIX` in shared/pipeline/keys.ts (the
 * code that writes the keys); infra re-exports it so IAM grants, lifecycle rules, triggers and the
 * Glue table can never disagree with the pipeline. tests/infra pins the values.
 */
import { PREFIX } from '../shared/pipeline/keys';

export const PREFIXES = PREFIX;
export type PrefixName = keyof typeof PREFIXES;

/** `forecasts/<dataset>/runs/`: the run folders of one dataset (lifecycle rules expire these). */
export function forecastRunsPrefix(dataset: string): string {
  return `${PREFIXES.forecasts}${dataset}/runs/`;
}

/** Key prefix under which the access-log bucket receives the data bucket's server access logs. */
export const ACCESS_LOG_PREFIX = 'data-bucket-access/';
/** Key prefix under which the access-log bucket receives the Batch VPC's flow logs. */
export const FLOW_LOG_PREFIX = 'vpc-flow-logs/';
