/** Filesystem locations the CDK app needs (ESM: derived from import.meta.url, not __dirname). */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (the folder holding package.json). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PACKAGE_LOCK = join(REPO_ROOT, 'package-lock.json');

/** Lambda entry points (each exports `handler`). */
export const LAMBDA_ENTRIES = {
  ingest: join(REPO_ROOT, 'lambdas/ingest/handler.ts'),
  decompose: join(REPO_ROOT, 'lambdas/decompose/handler.ts'),
  smooth: join(REPO_ROOT, 'lambdas/smooth/handler.ts'),
} as const;

/** Dockerfile of the training job, relative to the repository root (the build context). */
export const TRAIN_FORECAST_DOCKERFILE = 'batch-jobs/train-forecast/Dockerfile';
