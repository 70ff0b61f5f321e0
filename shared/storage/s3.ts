/**
 * S3 storage (`@aws-sdk/client-s3`): AWS S3 or any S3 endpoint (LocalStack, s3rver, MinIO).
 *
 * - Keys live under an optional `prefix` inside the bucket; `list` pages through ListObjectsV2.
 * - Bodies up to `partSizeBytes` (8 MiB) use one PutObject; larger streams use a multipart upload
 *   of 8 MiB parts (sequential, so at most two parts are buffered), aborted on any failure.
 * - Conditional puts send `If-None-Match: *` / `If-Match: "<etag>"` (PutObject and
 *   CompleteMultipartUpload). 412 PreconditionFailed and 409 ConditionalRequestConflict become
 *   `PreconditionFailedError`; 404 NoSuchKey / NotFound become `NotFoundError` (`head` → undefined).
 *   `emulateConditionalWrites: true` is for local servers that ignore those headers (s3rver): it
 *   checks with HeadObject before writing, which is RACY and must never be used against AWS.
 * - Retries: the SDK's retry middleware with `FullJitterRetryStrategy` (below). By default an
 *   operation is attempted at most 5 times (1 + 4 retries) on throttling (503 SlowDown, 429,
 *   ThrottlingException, …), 5xx and network errors (ECONNRESET, socket hang up, timeouts), waiting
 *   `random() * min(20 s, base * 2^(retry-1))` with base 100 ms (500 ms for throttling) — exponential
 *   backoff with full jitter; a `Retry-After` hint is honoured up to the cap. Client errors (4xx
 *   other than 429) are not retried. `get` additionally re-reads the object (same attempt budget)
 *   when the connection drops while the body is streaming, which the SDK cannot retry.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompletedPart,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { Readable } from 'node:stream';
import { assertValidKey, assertValidPrefix, compareKeys, md5Hex, stripEtagQuotes, toBytes } from './keys';
import { NotFoundError, PreconditionFailedError, type ObjectInfo, type PutOptions, type Storage } from './types';

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
/** S3 rejects non-final parts under 5 MiB. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

// --- retry strategy ----------------------------------------------------------------------------

export interface S3RetryOptions {
  /** Total attempts per operation, first one included (default 5). 1 disables retries. */
  maxAttempts?: number;
  /** Backoff base for 5xx / network errors, ms (default 100). */
  baseDelayMs?: number;
  /** Backoff base for throttling errors, ms (default 500). */
  throttlingBaseDelayMs?: number;
  /** Cap of one wait, ms (default 20 000). */
  maxDelayMs?: number;
  /** Source of jitter in [0, 1) (tests pass a fixed function). */
  random?: () => number;
  /** Called before each retry wait (logging, tests). */
  onRetry?: (info: { retry: number; delayMs: number; errorType: string; error: unknown }) => void;
}

/** Exponential backoff with full jitter: uniform in [0, min(maxDelay, base · 2^(retry−1))). */
export function fullJitterDelay(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

class SimpleRetryToken implements RetryToken {
  constructor(
    private readonly count: number,
    private readonly delay: number,
  ) {}
  getRetryCount(): number {
    return this.count;
  }
  getRetryDelay(): number {
    return this.delay;
  }
}

/**
 * A `RetryStrategyV2` for the SDK's retry middleware: retries THROTTLING, TRANSIENT (network,
 * timeouts, 500/502/503/504) and SERVER_ERROR (other 5xx) errors as classified by the SDK, never
 * CLIENT_ERROR. No retry quota (token bucket): attempts are bounded by `maxAttempts` only.
 */
export class FullJitterRetryStrategy implements RetryStrategyV2 {
  readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly throttlingBaseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;
  private readonly onRetry?: S3RetryOptions['onRetry'];

  constructor(options: S3RetryOptions = {}) {
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.throttlingBaseDelayMs = options.throttlingBaseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 20_000;
    this.random = options.random ?? Math.random;
    this.onRetry = options.onRetry;
  }

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return new SimpleRetryToken(0, 0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const retry = token.getRetryCount() + 1;
    if (info.errorType === 'CLIENT_ERROR' || retry >= this.maxAttempts) {
      throw info.error ?? new Error('S3 request failed and is not retryable');
    }
    const base = info.errorType === 'THROTTLING' ? this.throttlingBaseDelayMs : this.baseDelayMs;
    let delayMs = fullJitterDelay(retry, base, this.maxDelayMs, this.random);
    if (info.retryAfterHint) {
      delayMs = Math.min(this.maxDelayMs, Math.max(delayMs, info.retryAfterHint.getTime() - Date.now()));
    }
    this.onRetry?.({ retry, delayMs, errorType: info.errorType, error: info.error });
    return new SimpleRetryToken(retry, delayMs);
  }

  recordSuccess(): void {}
}

// --- client ------------------------------------------------------------------------------------

export interface S3ClientOptions {
  /** Custom endpoint (LocalStack, s3rver, MinIO); implies path-style addressing. */
  endpoint?: string;
  /** Default: the SDK's resolution (AWS_REGION, profile); `us-east-1` when an endpoint is given. */
  region?: string;
  /** Default: true when `endpoint` is set. */
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  retry?: S3RetryOptions;
  /** TCP connect timeout, ms (default 5 000). */
  connectionTimeoutMs?: number;
  /** Socket inactivity timeout, ms (default 60 000); a timeout is retried. */
  requestTimeoutMs?: number;
}

/** Build an S3 client configured for seqcast (retry strategy, timeouts, path style). */
export function createS3Client(options: S3ClientOptions = {}): S3Client {
  const retryStrategy = new FullJitterRetryStrategy(options.retry);
  const config: S3ClientConfig = {
    region: options.region ?? (options.endpoint ? 'us-east-1' : undefined),
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
    credentials: options.credentials,
    maxAttempts: retryStrategy.maxAttempts,
    retryStrategy,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 5_000,
      requestTimeout: options.requestTimeoutMs ?? 60_000,
    },
  };
  if (options.endpoint) {
    // Local servers do not speak the SDK's default CRC32 trailers / checksum mode; AWS keeps the defaults.
    config.requestChecksumCalculation = 'WHEN_REQUIRED';
    config.responseChecksumValidation = 'WHEN_REQUIRED';
  }
  return new S3Client(config);
}

// --- storage -----------------------------------------------------------------------------------

export interface S3StorageOptions extends S3ClientOptions {
  bucket: string;
  /** Key prefix inside the bucket (`tenant-a` → keys under `tenant-a/`). */
  prefix?: string;
  /** Use this client instead of building one (then endpoint/region/retry options are ignored). */
  client?: S3Client;
  /** Head-then-put emulation of conditional writes for servers that ignore the headers. RACY. */
  emulateConditionalWrites?: boolean;
  /** Multipart part size and single-PutObject threshold (default 8 MiB, at least 5 MiB). */
  partSizeBytes?: number;
  /** ListObjectsV2 page size (default: the server's, 1000 on S3). */
  listPageSize?: number;
}

/** A failed S3 call that is neither "not found" nor "precondition failed". */
export class S3StorageError extends Error {
  constructor(
    public readonly operation: string,
    public readonly location: string,
    public override readonly cause: unknown,
  ) {
    const e = cause as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const status = e?.$metadata?.httpStatusCode;
    super(`S3 ${operation} ${location} failed: ${e?.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${e?.message ?? String(cause)}`);
    this.name = 'S3StorageError';
    // The SDK attaches the raw HTTP response (socket, agent, …): keep it, but out of logs.
    if (cause && typeof cause === 'object' && '$response' in cause) {
      Object.defineProperty(cause, '$response', { enumerable: false });
    }
  }
}

interface AwsErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function httpStatus(err: unknown): number | undefined {
  return (err as AwsErrorLike | undefined)?.$metadata?.httpStatusCode;
}

function isNotFound(err: unknown): boolean {
  const name = (err as AwsErrorLike | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || (httpStatus(err) === 404 && name !== 'NoSuchBucket');
}

function isPreconditionFailed(err: unknown): boolean {
  const name = (err as AwsErrorLike | undefined)?.name;
  return httpStatus(err) === 412 || name === 'PreconditionFailed' || name === 'ConditionalRequestConflict';
}

/** A connection that dropped while a response body was streaming. */
function isBodyNetworkError(err: unknown): boolean {
  const e = err as AwsErrorLike | undefined;
  if (!e) return false;
  if (['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE'].includes(e.code ?? '')) return true;
  return e.name === 'TimeoutError' || /aborted|socket hang up|premature close/i.test(e.message ?? '');
}

function quoteEtag(etag: string | undefined): string | undefined {
  return etag === undefined ? undefined : `"${etag.replace(/^"+|"+$/g, '')}"`;
}

export class S3Storage implements Storage {
  readonly url: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly client: S3Client;
  private readonly emulate: boolean;
  private readonly partSize: number;
  private readonly bodyAttempts: number;
  private readonly listPageSize?: number;

  constructor(options: S3StorageOptions) {
    if (!options.bucket) throw new Error('S3Storage: bucket is required');
    this.bucket = options.bucket;
    const p = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    this.prefix = p ? `${p}/` : '';
    this.url = `s3://${this.bucket}${p ? `/${p}` : ''}`;
    this.client = options.client ?? createS3Client(options);
    this.emulate = options.emulateConditionalWrites ?? false;
    this.partSize = Math.max(MIN_PART_SIZE, options.partSizeBytes ?? DEFAULT_PART_SIZE);
    this.bodyAttempts = Math.max(1, options.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    this.listPageSize = options.listPageSize;
  }

  async get(key: string): Promise<Uint8Array> {
    const Key = this.fullKey(key);
    for (let attempt = 1; ; attempt++) {
      const res = await this.call('GetObject', key, () => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key })));
      try {
        return res.Body ? await res.Body.transformToByteArray() : new Uint8Array();
      } catch (err) {
        if (attempt < this.bodyAttempts && isBodyNetworkError(err)) continue;
        throw new S3StorageError('GetObject (reading body)', this.location(key), err);
      }
    }
  }

  async getText(key: string): Promise<string> {
    return Buffer.from(await this.get(key)).toString('utf8');
  }

  async getStream(key: string): Promise<Readable> {
    const Key = this.fullKey(key);
    const res = await this.call('GetObject', key, () => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key })));
    if (!res.Body) return Readable.from([]);
    return res.Body as Readable;
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<ObjectInfo> {
    const Key = this.fullKey(key);
    const bytes = toBytes(body);
    if (this.emulate) await this.emulatedCondition(key, options);
    const res = await this.call('PutObject', key, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key,
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: options.contentType,
          Metadata: options.metadata,
          ...this.conditionHeaders(options),
        }),
      ),
    );
    return { key, size: bytes.byteLength, etag: stripEtagQuotes(res.ETag) ?? md5Hex(bytes) };
  }

  async putStream(key: string, body: Readable, options: PutOptions = {}): Promise<ObjectInfo> {
    const Key = this.fullKey(key);
    const parts = chunk(body, this.partSize);
    const first = await parts.next();
    if (first.done) return this.put(key, new Uint8Array(), options);
    const second = await parts.next();
    if (second.done) return this.put(key, first.value, options);

    if (this.emulate) await this.emulatedCondition(key, options);
    const created = await this.call('CreateMultipartUpload', key, () =>
      this.client.send(
        new CreateMultipartUploadCommand({ Bucket: this.bucket, Key, ContentType: options.contentType, Metadata: options.metadata }),
      ),
    );
    const UploadId = created.UploadId;
    if (!UploadId) throw new S3StorageError('CreateMultipartUpload', this.location(key), new Error('no UploadId in response'));
    try {
      const completed: CompletedPart[] = [];
      let size = 0;
      const upload = async (data: Buffer): Promise<void> => {
        const PartNumber = completed.length + 1;
        const res = await this.call(`UploadPart #${PartNumber}`, key, () =>
          this.client.send(
            new UploadPartCommand({ Bucket: this.bucket, Key, UploadId, PartNumber, Body: data, ContentLength: data.byteLength }),
          ),
        );
        completed.push({ ETag: res.ETag, PartNumber });
        size += data.byteLength;
      };
      await upload(first.value);
      await upload(second.value);
      for await (const data of parts) await upload(data);
      const done = await this.call('CompleteMultipartUpload', key, () =>
        this.client.send(
          new CompleteMultipartUploadCommand({
            Bucket: this.bucket,
            Key,
            UploadId,
            MultipartUpload: { Parts: completed },
            ...this.conditionHeaders(options),
          }),
        ),
      );
      return { key, size, etag: stripEtagQuotes(done.ETag) ?? '' };
    } catch (err) {
      await parts.return(undefined).catch(() => undefined); // stop reading (destroys `body`)
      // Best effort: a failed abort (or a server without AbortMultipartUpload) must not hide `err`;
      // a bucket lifecycle rule for incomplete uploads is the backstop.
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId }))
        .catch(() => undefined);
      throw err;
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const Key = this.fullKey(key);
    try {
      const res = await this.call('HeadObject', key, () => this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key })));
      return { key, size: res.ContentLength ?? 0, etag: stripEtagQuotes(res.ETag) ?? '', lastModified: res.LastModified };
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    assertValidPrefix(prefix);
    const out: ObjectInfo[] = [];
    let ContinuationToken: string | undefined;
    do {
      const res = await this.call('ListObjectsV2', prefix, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, ContinuationToken, MaxKeys: this.listPageSize })),
      );
      for (const o of res.Contents ?? []) {
        if (!o.Key || o.Key.endsWith('/')) continue; // console "folder" markers are not objects
        out.push({
          key: o.Key.slice(this.prefix.length),
          size: o.Size ?? 0,
          etag: stripEtagQuotes(o.ETag) ?? '',
          lastModified: o.LastModified,
        });
      }
      ContinuationToken = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return out.sort((a, b) => compareKeys(a.key, b.key));
  }

  async delete(key: string): Promise<void> {
    const Key = this.fullKey(key);
    try {
      await this.call('DeleteObject', key, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key })));
    } catch (err) {
      if (err instanceof NotFoundError) return; // some servers answer 404; S3 answers 204
      throw err;
    }
  }

  // --- internals -------------------------------------------------------------------------------

  private fullKey(key: string): string {
    assertValidKey(key);
    return this.prefix + key;
  }

  private location(key: string): string {
    return `s3://${this.bucket}/${this.prefix}${key}`;
  }

  private conditionHeaders(options: PutOptions): { IfNoneMatch?: string; IfMatch?: string } {
    if (this.emulate) return {};
    const headers: { IfNoneMatch?: string; IfMatch?: string } = {};
    if (options.ifNoneMatch === '*') headers.IfNoneMatch = '*';
    if (options.ifMatch !== undefined) headers.IfMatch = quoteEtag(options.ifMatch);
    return headers;
  }

  private async emulatedCondition(key: string, options: PutOptions): Promise<void> {
    if (options.ifNoneMatch !== '*' && options.ifMatch === undefined) return;
    const current = await this.head(key);
    if (options.ifNoneMatch === '*' && current) throw new PreconditionFailedError(key);
    if (options.ifMatch !== undefined && (!current || current.etag !== stripEtagQuotes(options.ifMatch))) {
      throw new PreconditionFailedError(key);
    }
  }

  private async call<T>(operation: string, key: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isNotFound(err)) throw new NotFoundError(key);
      if (isPreconditionFailed(err)) throw new PreconditionFailedError(key);
      throw new S3StorageError(operation, this.location(key), err);
    }
  }
}

/** Re-chunk a byte stream into `size`-byte Buffers (the last one may be shorter, never empty). */
async function* chunk(body: Readable, size: number): AsyncGenerator<Buffer, void, undefined> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of body) {
    let buf: Buffer = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
    while (pendingBytes + buf.byteLength >= size) {
      const take = size - pendingBytes;
      pending.push(buf.subarray(0, take));
      yield Buffer.concat(pending, size);
      buf = buf.subarray(take);
      pending = [];
      pendingBytes = 0;
    }
    if (buf.byteLength > 0) {
      pending.push(buf);
      pendingBytes += buf.byteLength;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}
