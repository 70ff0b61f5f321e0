/**
 * The storage contract: one suite every `Storage` implementation must pass (filesystem, memory,
 * S3 over the real protocol). Call `describeStorageContract` from a test file.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidKeyError, NotFoundError, PreconditionFailedError, type Storage } from '../../../shared/storage';

export interface ContractTarget {
  storage: Storage;
  teardown?: () => Promise<void>;
}

export interface ContractCapabilities {
  /** Conditional puts are atomic under concurrency (false for head-then-put emulation). */
  atomicConditionalWrites: boolean;
}

const md5 = (b: Uint8Array | string): string => createHash('md5').update(b).digest('hex');

/** Deterministic pseudo-random bytes (xorshift), so large bodies are not trivially compressible. */
export function patternBytes(size: number, seed = 1): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf[i] = x & 0xff;
  }
  return buf;
}

/** A stream of `body` in uneven chunks (exercises re-chunking). */
export function chunkedStream(body: Buffer, chunk = 100_003): Readable {
  return Readable.from(
    (function* () {
      for (let o = 0; o < body.byteLength; o += chunk) yield body.subarray(o, o + chunk);
    })(),
  );
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(parts);
}

export function describeStorageContract(
  name: string,
  setup: () => Promise<ContractTarget>,
  caps: ContractCapabilities = { atomicConditionalWrites: true },
): void {
  describe(`storage contract: ${name}`, () => {
    let target: ContractTarget;
    let s: Storage;
    let n = 0;
    /** A fresh key prefix per test so tests are independent on a shared backend. */
    const ns = (): string => `t${++n}-${Date.now().toString(36)}/`;

    beforeAll(async () => {
      target = await setup();
      s = target.storage;
    });
    afterAll(async () => {
      await target?.teardown?.();
    });

    it('round-trips bytes and text; put, head and list agree on size and etag', async () => {
      const p = ns();
      const bytes = Uint8Array.from([0, 1, 2, 250, 255, 10, 13]);
      const put = await s.put(`${p}bin.dat`, bytes);
      expect(put).toMatchObject({ key: `${p}bin.dat`, size: 7, etag: md5(bytes) });
      expect(Buffer.from(await s.get(`${p}bin.dat`))).toEqual(Buffer.from(bytes));

      const text = 'series_id,date,value\nA,2026-01-01,1.5\nÄ,2026-01-02,2\n';
      const putText = await s.put(`${p}data.csv`, text, { contentType: 'text/csv', metadata: { dataset: 'x' } });
      expect(await s.getText(`${p}data.csv`)).toBe(text);
      const head = await s.head(`${p}data.csv`);
      expect(head).toMatchObject({ key: `${p}data.csv`, size: Buffer.byteLength(text), etag: putText.etag });
      expect(head!.etag).toBe(md5(text));
      expect(head!.lastModified).toBeInstanceOf(Date);
      const listed = await s.list(p);
      expect(listed.map((o) => [o.key, o.size, o.etag])).toEqual([
        [`${p}bin.dat`, 7, md5(bytes)],
        [`${p}data.csv`, Buffer.byteLength(text), md5(text)],
      ]);
    });

    it('keeps keys with spaces, plus signs, percent signs and unicode verbatim', async () => {
      const p = ns();
      const keys = [`${p}my file (1).csv`, `${p}c++ 100%.csv`, `${p}données/été 2026.json`, `${p}a%2Bb.csv`];
      for (const k of keys) await s.put(k, k);
      for (const k of keys) expect(await s.getText(k)).toBe(k);
      expect((await s.list(p)).map((o) => o.key).sort()).toEqual([...keys].sort());
    });

    it('overwrites: new content, new etag', async () => {
      const key = `${ns()}obj`;
      const a = await s.put(key, 'one');
      const b = await s.put(key, 'two!');
      expect(b.etag).not.toBe(a.etag);
      expect(await s.getText(key)).toBe('two!');
      expect(await s.head(key)).toMatchObject({ size: 4, etag: md5('two!') });
    });

    it('reports missing objects: NotFoundError from get/getText/getStream, undefined from head', async () => {
      const key = `${ns()}missing.csv`;
      await expect(s.get(key)).rejects.toBeInstanceOf(NotFoundError);
      await expect(s.getText(key)).rejects.toMatchObject({ name: 'NotFoundError', key });
      await expect(s.getStream(key)).rejects.toBeInstanceOf(NotFoundError);
      expect(await s.head(key)).toBeUndefined();
    });

    it('deletes objects; deleting a missing key is a no-op', async () => {
      const p = ns();
      await s.put(`${p}a`, 'a');
      await s.put(`${p}b`, 'b');
      await s.delete(`${p}a`);
      expect(await s.head(`${p}a`)).toBeUndefined();
      await expect(s.get(`${p}a`)).rejects.toBeInstanceOf(NotFoundError);
      await s.delete(`${p}a`);
      await s.delete(`${p}never-existed`);
      expect((await s.list(p)).map((o) => o.key)).toEqual([`${p}b`]);
    });

    it('lists by plain string prefix, recursively, sorted by key', async () => {
      const p = ns();
      const keys = [`${p}raw/sales/2026-02.csv`, `${p}raw/sales/2026-01.csv`, `${p}raw/salesforce.csv`, `${p}raw/stock/x.csv`, `${p}rawish.csv`, `${p}curated/sales/a.json`];
      for (const k of keys) await s.put(k, k);
      expect((await s.list(`${p}raw/sales/`)).map((o) => o.key)).toEqual([`${p}raw/sales/2026-01.csv`, `${p}raw/sales/2026-02.csv`]);
      expect((await s.list(`${p}raw/sal`)).map((o) => o.key)).toEqual([
        `${p}raw/sales/2026-01.csv`,
        `${p}raw/sales/2026-02.csv`,
        `${p}raw/salesforce.csv`,
      ]);
      expect((await s.list(`${p}raw`)).map((o) => o.key)).toEqual([
        `${p}raw/sales/2026-01.csv`,
        `${p}raw/sales/2026-02.csv`,
        `${p}raw/salesforce.csv`,
        `${p}raw/stock/x.csv`,
        `${p}rawish.csv`,
      ]);
      expect((await s.list(p)).map((o) => o.key)).toEqual([...keys].sort());
      expect(await s.list(`${p}nothing/`)).toEqual([]);
    });

    it('conditional put ifNoneMatch "*": creates once, then PreconditionFailedError and content unchanged', async () => {
      const key = `${ns()}latest.json`;
      const first = await s.put(key, '{"run":1}', { ifNoneMatch: '*' });
      expect(first.etag).toBe(md5('{"run":1}'));
      const err = await s.put(key, '{"run":2}', { ifNoneMatch: '*' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PreconditionFailedError);
      expect(err).toMatchObject({ key });
      expect(await s.getText(key)).toBe('{"run":1}');
    });

    it('conditional put ifMatch: replaces only the expected version', async () => {
      const key = `${ns()}pointer.json`;
      await expect(s.put(key, 'x', { ifMatch: md5('anything') })).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(await s.head(key)).toBeUndefined();
      const v1 = await s.put(key, 'v1');
      const v2 = await s.put(key, 'v2', { ifMatch: v1.etag });
      expect(await s.getText(key)).toBe('v2');
      await expect(s.put(key, 'v3', { ifMatch: v1.etag })).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(await s.getText(key)).toBe('v2');
      await s.put(key, 'v3', { ifMatch: v2.etag });
      expect(await s.getText(key)).toBe('v3');
    });

    it.runIf(caps.atomicConditionalWrites)('ifNoneMatch "*" under concurrency: exactly one writer wins', async () => {
      const key = `${ns()}race.json`;
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => s.put(key, `writer ${i}`, { ifNoneMatch: '*' })));
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(won).toHaveLength(1);
      expect(lost.every((r) => r.reason instanceof PreconditionFailedError)).toBe(true);
      const winner = results.findIndex((r) => r.status === 'fulfilled');
      expect(await s.getText(key)).toBe(`writer ${winner}`);
    });

    it('streams: putStream of a large body (20 MiB + odd bytes) and getStream read back intact', async () => {
      const key = `${ns()}model/weights.bin`;
      const body = patternBytes(20 * 1024 * 1024 + 4321, 7);
      const info = await s.putStream(key, chunkedStream(body));
      expect(info.size).toBe(body.byteLength);
      const head = await s.head(key);
      expect(head?.size).toBe(body.byteLength);
      expect(head?.etag).toBe(info.etag);
      const back = await readAll(await s.getStream(key));
      expect(back.byteLength).toBe(body.byteLength);
      expect(md5(back)).toBe(md5(body));
    });

    it('streams: small putStream, empty body, conditional putStream', async () => {
      const p = ns();
      const info = await s.putStream(`${p}small.csv`, Readable.from([Buffer.from('a,b\n'), Buffer.from('1,2\n')]));
      expect(info).toMatchObject({ size: 8, etag: md5('a,b\n1,2\n') });
      expect(await s.getText(`${p}small.csv`)).toBe('a,b\n1,2\n');
      const empty = await s.putStream(`${p}empty`, Readable.from([]));
      expect(empty.size).toBe(0);
      expect((await s.get(`${p}empty`)).byteLength).toBe(0);
      await expect(s.putStream(`${p}small.csv`, Readable.from([Buffer.from('zzz')]), { ifNoneMatch: '*' })).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect(await s.getText(`${p}small.csv`)).toBe('a,b\n1,2\n');
    });

    it('rejects keys that are not relative /-separated paths', async () => {
      for (const bad of ['', '/abs/key', '../escape', 'a/../../b', 'a//b', 'a/./b', 'dir/', 'back\\slash', 'nul\u0000']) {
        await expect(s.put(bad, 'x'), JSON.stringify(bad)).rejects.toBeInstanceOf(InvalidKeyError);
        await expect(s.get(bad), JSON.stringify(bad)).rejects.toBeInstanceOf(InvalidKeyError);
      }
      await expect(s.list('../')).rejects.toBeInstanceOf(InvalidKeyError);
    });
  });
}
