/**
 * Storage: the interface (`types.ts`) and its implementations.
 *
 * `createStorage(location)` picks one from a location string:
 * - `s3://bucket` or `s3://bucket/prefix` → `S3Storage` (pass `endpoint` for LocalStack / a local
 *   S3 server; this module reads no environment variables: callers pass `process.env.AWS_ENDPOINT_URL`);
 * - `memory://name` → `MemoryStorage` (tests);
 * - `file:///abs/path` or a plain path → `FileSystemStorage`.
 */
import { fileURLToPath } from 'node:url';
import { FileSystemStorage } from './fs';
import { MemoryStorage } from './memory';
import { S3Storage, type S3RetryOptions } from './s3';
import type { Storage } from './types';

export * from './types';
export * from './keys';
export { FileSystemStorage } from './fs';
export { MemoryStorage } from './memory';
export {
  S3Storage,
  S3StorageError,
  FullJitterRetryStrategy,
  createS3Client,
  fullJitterDelay,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_PART_SIZE,
  MIN_PART_SIZE,
  type S3ClientOptions,
  type S3RetryOptions,
  type S3StorageOptions,
} from './s3';

export interface CreateStorageOptions {
  /** S3 endpoint for `s3://` locations (LocalStack, s3rver, MinIO); implies path-style. */
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
  /** Head-then-put emulation of conditional writes, for local S3 servers only (racy). */
  emulateConditionalWrites?: boolean;
  retry?: S3RetryOptions;
}

export function parseS3Location(location: string): { bucket: string; prefix: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (!m) return undefined;
  return { bucket: m[1]!, prefix: m[2]!.replace(/\/+$/, '') };
}

export function createStorage(location: string, opts: CreateStorageOptions = {}): Storage {
  if (!location) throw new Error('createStorage: empty location');
  if (location.startsWith('s3://')) {
    const parsed = parseS3Location(location);
    if (!parsed) throw new Error(`createStorage: invalid S3 location ${JSON.stringify(location)} (expected s3://bucket[/prefix])`);
    return new S3Storage({ ...parsed, ...opts });
  }
  if (location.startsWith('memory://')) return new MemoryStorage(location.slice('memory://'.length) || 'default');
  if (location.startsWith('file://')) return new FileSystemStorage(fileURLToPath(location));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new Error(`createStorage: unsupported location scheme in ${JSON.stringify(location)} (use s3://, file:// or a path)`);
  }
  return new FileSystemStorage(location);
}
