export * from './types';
export { AwsBatchJobRunner, MAX_ARRAY_SIZE, type AwsBatchJobRunnerOptions } from './aws-batch';
export { resolveStackOutputs, STACK_OUTPUT_KEYS, type StackOutputKey, type StackOutputs } from './stack-outputs';
