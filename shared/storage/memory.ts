/**
 * In-memory storage for unit tests. Same semantics as the filesystem and S3 implementations
 * (key rules, conditional puts, MD5 ETags, byte-ordered listing); bodies are copied in and out so
 * callers can never mutate a stored object.
 */
import { Readable } from 'node:stream';
import { assertValidKey, assertValidPrefix, compareKeys, md5Hex, toBytes } from './keys';
import { NotFoundError, PreconditionFailedError, type ObjectInfo, type PutOptions, type Storage } from './types';

interface Entry {
  body: Uint8Array;
  info: ObjectInfo;
}

export class MemoryStorage implements Storage {
  readonly url: string;
  private readonly objects = new Map<string, Entry>();

  constructor(name = 'default') {
    this.url = `memory://${name}`;
  }

  async get(key: string): Promise<Uint8Array> {
    return Uint8Array.from(this.entry(key).body);
  }

  async getText(key: string): Promise<string> {
    return Buffer.from(this.entry(key).body).toString('utf8');
  }

  async getStream(key: string): Promise<Readable> {
    return Readable.from([Buffer.from(this.entry(key).body)]);
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<ObjectInfo> {
    assertValidKey(key);
    const bytes = Uint8Array.from(toBytes(body));
    // Check and write synchronously: no await between them, so concurrent puts cannot interleave.
    this.checkCondition(key, options);
    const info: ObjectInfo = { key, size: bytes.byteLength, etag: md5Hex(bytes), lastModified: new Date() };
    this.objects.set(key, { body: bytes, info });
    return { ...info };
  }

  async putStream(key: string, body: Readable, options: PutOptions = {}): Promise<ObjectInfo> {
    assertValidKey(key);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    return this.put(key, Buffer.concat(chunks), options);
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    assertValidKey(key);
    const entry = this.objects.get(key);
    return entry && { ...entry.info };
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    assertValidPrefix(prefix);
    return [...this.objects.values()]
      .filter((e) => e.info.key.startsWith(prefix))
      .map((e) => ({ ...e.info }))
      .sort((a, b) => compareKeys(a.key, b.key));
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    this.objects.delete(key);
  }

  private entry(key: string): Entry {
    assertValidKey(key);
    const entry = this.objects.get(key);
    if (!entry) throw new NotFoundError(key);
    return entry;
  }

  private checkCondition(key: string, options: PutOptions): void {
    const current = this.objects.get(key);
    if (options.ifNoneMatch === '*' && current) throw new PreconditionFailedError(key);
    if (options.ifMatch !== undefined && (!current || current.info.etag !== options.ifMatch)) {
      throw new PreconditionFailedError(key);
    }
  }
}
