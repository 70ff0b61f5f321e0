/**
 * CDK feature flags this app relies on, pinned in code (not only in cdk.json) so the CLI synth and
 * the tests' `new App()` build the same template. Each one is a behaviour the constructs assume.
 */
export const FEATURE_FLAGS: Record<string, boolean> = {
  // Server access logs are authorised by a bucket policy (works with ACLs disabled).
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  // Log-delivery buckets (VPC flow logs) get their policy from CDK instead of a racy auto-created one.
  '@aws-cdk/aws-s3:createDefaultLoggingPolicy': true,
  // Merge statements so roles stay under the IAM policy size limit as grants accumulate.
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/core:enablePartitionLiterals': true,
  // AL2023 for any Batch image whose type is not given explicitly (ours are: ECS_AL2023_NVIDIA).
  '@aws-cdk/aws-batch:defaultToAL2023': true,
};
