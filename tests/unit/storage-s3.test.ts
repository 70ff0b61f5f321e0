/**
 * S3Storage request shapes and error mapping (aws-sdk-client-mock), the retry strategy, and
 * createStorage. Real-protocol behaviour is in tests/integration/storage-s3.test.ts.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createStorage,
  FileSystemStorage,
  FullJitterRetryStrategy,
  fullJitterDelay,
  MemoryStorage,
  NotFoundError,
  PreconditionFailedError,
  S3Storage,
  S3StorageError,
} from '../../shared/storage';

function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, message: `${name} (mocked)`, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}

const s3 = mockClient(S3Client);
let storage: S3Storage;

beforeEach(() => {
  s3.reset();
  storage = new S3Storage({ bucket: 'data', prefix: 'env/dev', client: new S3Client({ region: 'us-east-1' }) });
});
afterEach(() => s3.reset());

describe('S3Storage request shapes', () => {
  it('sends If-None-Match: * for create-only puts, under the prefix', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"abc123"' });
    const info = await storage.put('forecasts/x/latest.json', '{}', { ifNoneMatch: '*', contentType: 'application/json', metadata: { run: 'r1' } });
    expect(info).toEqual({ key: 'forecasts/x/latest.json', size: 2, etag: 'abc123' });
    const [call] = s3.commandCalls(PutObjectCommand);
    expect(call!.args[0].input).toMatchObject({
      Bucket: 'data',
      Key: 'env/dev/forecasts/x/latest.json',
      IfNoneMatch: '*',
      ContentType: 'application/json',
      Metadata: { run: 'r1' },
      ContentLength: 2,
    });
    expect(call!.args[0].input.IfMatch).toBeUndefined();
  });

  it('sends If-Match with the quoted ETag', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"new"' });
    await storage.put('k', 'v', { ifMatch: 'old' });
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({ IfMatch: '"old"' });
  });

  it('maps 412 PreconditionFailed and 409 ConditionalRequestConflict to PreconditionFailedError', async () => {
    s3.on(PutObjectCommand).rejectsOnce(s3Error('PreconditionFailed', 412)).rejectsOnce(s3Error('ConditionalRequestConflict', 409));
    await expect(storage.put('k', 'v', { ifNoneMatch: '*' })).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(storage.put('k', 'v', { ifNoneMatch: '*' })).rejects.toMatchObject({ name: 'PreconditionFailedError', key: 'k' });
  });

  it('maps NoSuchKey / NotFound to NotFoundError (head → undefined); other errors to S3StorageError', async () => {
    s3.on(GetObjectCommand).rejects(s3Error('NoSuchKey', 404));
    s3.on(HeadObjectCommand).rejects(s3Error('NotFound', 404));
    await expect(storage.get('missing')).rejects.toBeInstanceOf(NotFoundError);
    await expect(storage.getStream('missing')).rejects.toBeInstanceOf(NotFoundError);
    expect(await storage.head('missing')).toBeUndefined();

    s3.on(GetObjectCommand).rejects(s3Error('NoSuchBucket', 404));
    const err = await storage.get('k').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3StorageError);
    expect((err as Error).message).toBe('S3 GetObject s3://data/env/dev/k failed: NoSuchBucket (HTTP 404): NoSuchBucket (mocked)');
  });

  it('multipart for bodies over 8 MiB, with the condition on CompleteMultipartUpload', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-1' });
    s3.on(UploadPartCommand).callsFake((input: { PartNumber: number }) => ({ ETag: `"p${input.PartNumber}"` }));
    s3.on(CompleteMultipartUploadCommand).resolves({ ETag: '"whole-3"' });
    const size = 2 * 8 * 1024 * 1024 + 5;
    const info = await storage.putStream('big.bin', Readable.from([Buffer.alloc(size, 1)]), { ifNoneMatch: '*' });
    expect(info).toEqual({ key: 'big.bin', size, etag: 'whole-3' });
    const parts = s3.commandCalls(UploadPartCommand).map((c) => [c.args[0].input.PartNumber, c.args[0].input.ContentLength]);
    expect(parts).toEqual([[1, 8 * 1024 * 1024], [2, 8 * 1024 * 1024], [3, 5]]);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0]!.args[0].input).toEqual({
      Bucket: 'data',
      Key: 'env/dev/big.bin',
      UploadId: 'up-1',
      IfNoneMatch: '*',
      MultipartUpload: { Parts: [{ ETag: '"p1"', PartNumber: 1 }, { ETag: '"p2"', PartNumber: 2 }, { ETag: '"p3"', PartNumber: 3 }] },
    });
  });

  it('aborts the multipart upload when completing fails, and reports the original error', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-2' });
    s3.on(UploadPartCommand).resolves({ ETag: '"p"' });
    s3.on(CompleteMultipartUploadCommand).rejects(s3Error('PreconditionFailed', 412));
    s3.on(AbortMultipartUploadCommand).rejects(s3Error('InternalError', 500)); // an abort failure must not mask it
    const body = Readable.from([Buffer.alloc(9 * 1024 * 1024)]);
    await expect(storage.putStream('big.bin', body, { ifNoneMatch: '*' })).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]!.args[0].input).toEqual({ Bucket: 'data', Key: 'env/dev/big.bin', UploadId: 'up-2' });
  });

  it('aborts when the input stream fails mid-upload', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-3' });
    s3.on(UploadPartCommand).resolves({ ETag: '"p"' });
    s3.on(AbortMultipartUploadCommand).resolves({});
    const body = Readable.from(
      (async function* () {
        yield Buffer.alloc(8 * 1024 * 1024);
        yield Buffer.alloc(8 * 1024 * 1024);
        yield Buffer.alloc(10);
        throw new Error('source died');
      })(),
    );
    await expect(storage.putStream('big.bin', body)).rejects.toThrow('source died');
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });

  it('paginates ListObjectsV2, strips the prefix, skips folder markers, sorts by UTF-8 bytes', async () => {
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined })
      .resolves({ IsTruncated: true, NextContinuationToken: 't2', Contents: [{ Key: 'env/dev/raw/b.csv', Size: 2, ETag: '"e2"' }, { Key: 'env/dev/raw/', Size: 0 }] })
      .on(ListObjectsV2Command, { ContinuationToken: 't2' })
      .resolves({ IsTruncated: false, Contents: [{ Key: 'env/dev/raw/\u{1F600}.csv', Size: 1, ETag: '"e3"' }, { Key: 'env/dev/raw/\uFF21.csv', Size: 1, ETag: '"e4"' }, { Key: 'env/dev/raw/a.csv', Size: 1, ETag: '"e1"' }] });
    const listed = await storage.list('raw/');
    expect(listed.map((o) => [o.key, o.etag])).toEqual([
      ['raw/a.csv', 'e1'],
      ['raw/b.csv', 'e2'],
      ['raw/\uFF21.csv', 'e4'], // U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80) in UTF-8
      ['raw/\u{1F600}.csv', 'e3'],
    ]);
    expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.Prefix)).toEqual(['env/dev/raw/', 'env/dev/raw/']);
  });

  it('emulated conditional writes check with HeadObject and send no condition headers', async () => {
    const local = new S3Storage({ bucket: 'b', client: new S3Client({ region: 'us-east-1' }), emulateConditionalWrites: true });
    s3.on(HeadObjectCommand).resolves({ ETag: '"cur"', ContentLength: 1 });
    s3.on(PutObjectCommand).resolves({ ETag: '"n"' });
    await expect(local.put('k', 'v', { ifNoneMatch: '*' })).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(local.put('k', 'v', { ifMatch: 'other' })).rejects.toBeInstanceOf(PreconditionFailedError);
    await local.put('k', 'v', { ifMatch: 'cur' });
    const puts = s3.commandCalls(PutObjectCommand);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.args[0].input.IfMatch).toBeUndefined();
    expect(puts[0]!.args[0].input.IfNoneMatch).toBeUndefined();
  });
});

describe('FullJitterRetryStrategy', () => {
  it('full jitter: uniform below min(cap, base·2^(retry−1))', () => {
    expect(fullJitterDelay(1, 100, 20_000, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, 100, 20_000, () => 0.5)).toBe(200);
    expect(fullJitterDelay(20, 100, 20_000, () => 0.5)).toBe(10_000);
    expect(fullJitterDelay(2, 100, 20_000, () => 0)).toBe(0);
  });

  it('retries throttling/transient/server errors up to maxAttempts, never client errors', async () => {
    const seen: string[] = [];
    const strategy = new FullJitterRetryStrategy({ maxAttempts: 3, random: () => 0.5, onRetry: (i) => seen.push(`${i.retry}:${i.errorType}:${i.delayMs}`) });
    let token = await strategy.acquireInitialRetryToken();
    token = await strategy.refreshRetryTokenForRetry(token, { errorType: 'THROTTLING' });
    expect(token.getRetryDelay()).toBe(250); // throttling base 500
    token = await strategy.refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT' });
    expect(token.getRetryDelay()).toBe(100); // base 100 · 2
    const last = new Error('third failure');
    await expect(strategy.refreshRetryTokenForRetry(token, { errorType: 'SERVER_ERROR', error: last as never })).rejects.toBe(last);
    expect(seen).toEqual(['1:THROTTLING:250', '2:TRANSIENT:100']);

    const fresh = await strategy.acquireInitialRetryToken();
    const denied = new Error('403');
    await expect(strategy.refreshRetryTokenForRetry(fresh, { errorType: 'CLIENT_ERROR', error: denied as never })).rejects.toBe(denied);
  });

  it('honours a Retry-After hint up to the cap', async () => {
    const strategy = new FullJitterRetryStrategy({ random: () => 0, maxDelayMs: 1_000 });
    const t0 = await strategy.acquireInitialRetryToken();
    const t1 = await strategy.refreshRetryTokenForRetry(t0, { errorType: 'THROTTLING', retryAfterHint: new Date(Date.now() + 600) });
    expect(t1.getRetryDelay()).toBeGreaterThan(500);
    expect(t1.getRetryDelay()).toBeLessThanOrEqual(600);
    const t2 = await strategy.refreshRetryTokenForRetry(t1, { errorType: 'THROTTLING', retryAfterHint: new Date(Date.now() + 60_000) });
    expect(t2.getRetryDelay()).toBe(1_000);
  });

  it('is what clients built by S3Storage use (5 attempts by default)', async () => {
    const st = new S3Storage({ bucket: 'b', region: 'eu-west-1' });
    const strategy = await st.client.config.retryStrategy();
    expect(strategy).toBeInstanceOf(FullJitterRetryStrategy);
    expect((strategy as FullJitterRetryStrategy).maxAttempts).toBe(5);
    expect(await st.client.config.maxAttempts()).toBe(5);
    expect(st.client.config.forcePathStyle).toBe(false);
    const local = new S3Storage({ bucket: 'b', endpoint: 'http://127.0.0.1:4566', retry: { maxAttempts: 2 } });
    expect(local.client.config.forcePathStyle).toBe(true);
    expect(await local.client.config.region()).toBe('us-east-1');
    expect(await local.client.config.maxAttempts()).toBe(2);
  });
});

describe('createStorage', () => {
  it('picks the implementation from the location', () => {
    const a = createStorage('s3://my-bucket/some/prefix/', { endpoint: 'http://127.0.0.1:9000' });
    expect(a).toBeInstanceOf(S3Storage);
    expect(a.url).toBe('s3://my-bucket/some/prefix');
    expect((a as S3Storage).prefix).toBe('some/prefix/');
    expect(createStorage('s3://only-bucket').url).toBe('s3://only-bucket');
    const f = createStorage('/tmp/seqcast-data');
    expect(f).toBeInstanceOf(FileSystemStorage);
    expect((f as FileSystemStorage).root).toBe('/tmp/seqcast-data');
    expect((createStorage('file:///tmp/seqcast%20x') as FileSystemStorage).root).toBe('/tmp/seqcast x');
    expect(createStorage('memory://t')).toBeInstanceOf(MemoryStorage);
    expect(() => createStorage('gs://bucket')).toThrow(/unsupported location scheme/);
    expect(() => createStorage('s3://')).toThrow(/invalid S3 location/);
  });
});
