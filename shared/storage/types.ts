/**
 * The storage interface: the only way the core touches bytes (design invariant 4).
 *
 * Keys are `/`-separated relative paths such as `raw/sales/2026-01.csv`. Implementations:
 * `FileSystemStorage` (a local folder) and `S3Storage` (any S3 endpoint).
 */
import type { Readable } from 'node:stream';

export interface ObjectInfo {
  key: string;
  size: number;
  /** Opaque version token: S3 ETag (quotes stripped) or a content hash for the filesystem. */
  etag: string;
  lastModified?: Date;
}

export interface PutOptions {
  contentType?: string;
  /**
   * Conditional put. `ifNoneMatch: '*'` writes only when the key does not exist yet;
   * `ifMatch: etag` writes only when the current object has that ETag.
   * A failed condition throws `PreconditionFailedError`.
   */
  ifNoneMatch?: '*';
  ifMatch?: string;
  metadata?: Record<string, string>;
}

export interface Storage {
  /** Human-readable location, e.g. `file:///tmp/x` or `s3://bucket`. */
  readonly url: string;
  get(key: string): Promise<Uint8Array>;
  getText(key: string): Promise<string>;
  /** Streaming read for large objects. */
  getStream(key: string): Promise<Readable>;
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<ObjectInfo>;
  /** Streaming write for large objects. */
  putStream(key: string, body: Readable, options?: PutOptions): Promise<ObjectInfo>;
  /** Metadata of one object, or `undefined` when it does not exist. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** Every object whose key starts with `prefix`, sorted by key. */
  list(prefix: string): Promise<ObjectInfo[]>;
  delete(key: string): Promise<void>;
}

export class NotFoundError extends Error {
  constructor(public readonly key: string) {
    super(`object not found: ${key}`);
    this.name = 'NotFoundError';
  }
}

export class PreconditionFailedError extends Error {
  constructor(public readonly key: string) {
    super(`precondition failed for ${key}`);
    this.name = 'PreconditionFailedError';
  }
}
