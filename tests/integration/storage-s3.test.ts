/**
 * S3Storage over the real S3 protocol: s3rver on 127.0.0.1 (or `AWS_ENDPOINT_URL`), behind the
 * fault-injecting proxy of `helpers/s3-server.ts`.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, PreconditionFailedError, S3Storage, S3StorageError } from '../../shared/storage';
import { startS3Server, type S3TestServer } from './helpers/s3-server';
import { chunkedStream, describeStorageContract, patternBytes, readAll } from './helpers/storage-contract';

const md5 = (b: Uint8Array | string): string => createHash('md5').update(b).digest('hex');

describeStorageContract(
  'S3Storage (real protocol)',
  async () => {
    const server = await startS3Server();
    return { storage: server.storage, teardown: () => server.stop() };
  },
  // s3rver ignores conditional-write headers, so the harness emulates them (head-then-put, racy).
  { atomicConditionalWrites: Boolean(process.env.AWS_ENDPOINT_URL) && process.env.SEQCAST_TEST_EMULATE_CONDITIONAL !== '1' },
);

describe('S3Storage against a live endpoint', () => {
  let server: S3TestServer;
  let n = 0;
  const ns = (): string => `s3-${++n}/`;

  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(() => {
    server.faults.clear();
    server.faults.resetCounters();
    server.retries.length = 0;
  });

  it('uploads large streams with multipart (8 MiB parts) and reads them back', async () => {
    const key = `${ns()}big.bin`;
    const body = patternBytes(20 * 1024 * 1024 + 17, 3);
    const info = await server.storage.putStream(key, chunkedStream(body, 1 << 16));
    expect(info.size).toBe(body.byteLength);
    const calls = server.faults.log.filter((r) => r.key === key).map((r) => `${r.method} ${new URLSearchParams(r.query).has('uploadId') ? 'uploadId' : ''}${new URLSearchParams(r.query).get('partNumber') ?? ''}${new URLSearchParams(r.query).has('uploads') ? 'uploads' : ''}`);
    expect(calls).toEqual(['POST uploads', 'PUT uploadId1', 'PUT uploadId2', 'PUT uploadId3', 'POST uploadId']);
    const back = await server.storage.get(key);
    expect(back.byteLength).toBe(body.byteLength);
    expect(md5(back)).toBe(md5(body));
    const streamed = await readAll(await server.storage.getStream(key));
    expect(md5(streamed)).toBe(md5(body));
  });

  it('bodies up to 8 MiB go in one PutObject', async () => {
    const key = `${ns()}exact.bin`;
    const body = patternBytes(8 * 1024 * 1024, 5);
    await server.storage.putStream(key, chunkedStream(body));
    expect(server.faults.log.filter((r) => r.key === key).map((r) => r.method)).toEqual(['PUT']);
    expect(md5(await server.storage.get(key))).toBe(md5(body));
  });

  it('retries 503 SlowDown ×2 transparently (PUT and GET), with throttling backoff', async () => {
    const key = `${ns()}throttled.csv`;
    server.faults.add({ kind: 'slowdown', times: 2, method: 'PUT', key });
    const info = await server.storage.put(key, 'a,b\n1,2\n');
    expect(info.etag).toBe(md5('a,b\n1,2\n'));
    expect(server.faults.failed).toBe(2);
    expect(server.faults.log.filter((r) => r.key === key).map((r) => r.fault ?? 'ok')).toEqual(['slowdown', 'slowdown', 'ok']);
    expect(server.retries.map((r) => r.errorType)).toEqual(['THROTTLING', 'THROTTLING']);

    server.faults.add({ kind: 'slowdown', times: 2, method: 'GET', key });
    expect(await server.storage.getText(key)).toBe('a,b\n1,2\n');
    expect(server.faults.failed).toBe(4);
  });

  it('retries 5xx errors on HEAD and LIST', async () => {
    const p = ns();
    await server.storage.put(`${p}x`, 'x');
    server.faults.add({ kind: 'error', status: 500, code: 'InternalError', times: 1, method: 'HEAD' });
    server.faults.add({ kind: 'slowdown', times: 1, method: 'GET', query: 'list-type' });
    expect(await server.storage.head(`${p}x`)).toMatchObject({ size: 1 });
    expect((await server.storage.list(p)).map((o) => o.key)).toEqual([`${p}x`]);
    expect(server.faults.failed).toBe(2);
    expect(server.faults.pending).toBe(0);
  });

  it('retries dropped connections (PUT, GET, multipart part)', async () => {
    const p = ns();
    server.faults.add({ kind: 'drop', times: 1, method: 'PUT', key: `${p}dropped.json` });
    await server.storage.put(`${p}dropped.json`, '{"ok":true}');
    server.faults.add({ kind: 'drop', times: 2, method: 'GET', key: `${p}dropped.json` });
    expect(await server.storage.getText(`${p}dropped.json`)).toBe('{"ok":true}');
    expect(server.retries.map((r) => r.errorType)).toEqual(['TRANSIENT', 'TRANSIENT', 'TRANSIENT']);

    const body = patternBytes(9 * 1024 * 1024, 11);
    server.faults.add({ kind: 'drop', times: 1, method: 'PUT', query: 'partNumber', key: `${p}parts.bin` });
    await server.storage.putStream(`${p}parts.bin`, chunkedStream(body));
    expect(md5(await server.storage.get(`${p}parts.bin`))).toBe(md5(body));
    expect(server.faults.failed).toBe(4);
  });

  it('re-reads an object when the connection drops mid-body', async () => {
    const key = `${ns()}truncated.bin`;
    const body = patternBytes(300_000, 13);
    await server.storage.put(key, body);
    server.faults.add({ kind: 'truncate', times: 2, method: 'GET', key });
    const back = await server.storage.get(key);
    expect(md5(back)).toBe(md5(body));
    expect(server.faults.log.filter((r) => r.method === 'GET').map((r) => r.fault ?? 'ok')).toEqual(['truncate', 'truncate', 'ok']);
  });

  it('gives up after maxAttempts (5) with a clear S3StorageError', async () => {
    const key = `${ns()}never.csv`;
    server.faults.add({ kind: 'slowdown', times: 100, method: 'PUT', key });
    const err = await server.storage.put(key, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3StorageError);
    expect(String((err as Error).message)).toMatch(/PutObject s3:\/\/.*never\.csv failed: SlowDown \(HTTP 503\)/);
    expect(server.faults.failed).toBe(5);
    expect(server.retries).toHaveLength(4);
  });

  it('does not retry client errors (403)', async () => {
    const key = `${ns()}denied.csv`;
    server.faults.add({ kind: 'error', status: 403, code: 'AccessDenied', times: 5, method: 'PUT', key });
    await expect(server.storage.put(key, 'x')).rejects.toThrow(/AccessDenied/);
    expect(server.faults.failed).toBe(1);
    expect(server.retries).toHaveLength(0);
  });

  it('aborts the multipart upload when a part fails for good, leaving no object', async () => {
    const key = `${ns()}failed-upload.bin`;
    server.faults.add({ kind: 'error', status: 400, code: 'InvalidPart', times: 1, method: 'PUT', query: 'partNumber', key });
    await expect(server.storage.putStream(key, chunkedStream(patternBytes(17 * 1024 * 1024, 2)))).rejects.toThrow(/UploadPart #1.*InvalidPart/);
    const methods = server.faults.log.filter((r) => r.key === key).map((r) => `${r.method}${new URLSearchParams(r.query).has('uploadId') ? ' uploadId' : ''}`);
    expect(methods.at(-1)).toBe('DELETE uploadId'); // AbortMultipartUpload (s3rver answers 405; best effort)
    expect(await server.storage.head(key)).toBeUndefined();
  });

  it('maps 404s: NotFoundError from get/getStream, undefined from head, delete is a no-op', async () => {
    const key = `${ns()}nope.csv`;
    const err = await server.storage.get(key).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).key).toBe(key);
    await expect(server.storage.getStream(key)).rejects.toBeInstanceOf(NotFoundError);
    expect(await server.storage.head(key)).toBeUndefined();
    await server.storage.delete(key);
  });

  it('conditional put semantics over the wire', async () => {
    const key = `${ns()}latest.json`;
    const v1 = await server.storage.put(key, '{"run":"a"}', { ifNoneMatch: '*' });
    await expect(server.storage.put(key, '{"run":"b"}', { ifNoneMatch: '*' })).rejects.toBeInstanceOf(PreconditionFailedError);
    const v2 = await server.storage.put(key, '{"run":"b"}', { ifMatch: v1.etag });
    await expect(server.storage.put(key, '{"run":"c"}', { ifMatch: v1.etag })).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(await server.storage.getText(key)).toBe('{"run":"b"}');
    expect((await server.storage.head(key))?.etag).toBe(v2.etag);
  });

  it('paginates ListObjectsV2 and scopes everything under the storage prefix', async () => {
    const scoped = new S3Storage({ bucket: server.bucket, client: server.client, prefix: 'tenant-a/', listPageSize: 2 });
    expect(scoped.url).toBe(`s3://${server.bucket}/tenant-a`);
    const keys = ['raw/d/1.csv', 'raw/d/2.csv', 'raw/d/3.csv', 'raw/d/4.csv', 'raw/d/5.csv'];
    for (const k of keys) await scoped.put(k, k);
    server.faults.resetCounters();
    expect((await scoped.list('raw/d/')).map((o) => o.key)).toEqual(keys);
    expect(server.faults.log.filter((r) => new URLSearchParams(r.query).has('list-type'))).toHaveLength(3);
    const raw = await server.client.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: 'tenant-a/raw/d/' }));
    expect(raw.Contents?.map((o) => o.Key)).toEqual(keys.map((k) => `tenant-a/${k}`));
    expect(await scoped.getText('raw/d/3.csv')).toBe('raw/d/3.csv');
    expect(await server.storage.getText('tenant-a/raw/d/3.csv')).toBe('raw/d/3.csv');
  });

  it('streams a body the caller produces lazily without reading it all first', async () => {
    const key = `${ns()}lazy.csv`;
    let produced = 0;
    const lazy = new Readable({
      read() {
        if (produced >= 3) return this.push(null);
        produced++;
        this.push(`row ${produced}\n`);
      },
    });
    await server.storage.putStream(key, lazy);
    expect(await server.storage.getText(key)).toBe('row 1\nrow 2\nrow 3\n');
  });
});
