/**
 * Filesystem storage: each key is a file under `root` (`raw/a.csv` → `<root>/raw/a.csv`).
 *
 * - Atomic writes: the body goes to a hidden temp file in the target's folder (fsynced), which is
 *   then renamed over the target. A process killed mid-write leaves at worst a stray
 *   `.seqcast-tmp-*` file (never listed, never read), and the previous object stays intact.
 * - Conditional puts: `ifNoneMatch: '*'` publishes the temp file with `link(2)`, which fails
 *   atomically when the target exists (race-safe across processes). `ifMatch` takes an exclusive
 *   lock file (`.<name>.seqcast-lock`, created with O_EXCL; a lock older than 30 s is treated as left
 *   by a killed process and broken), compares the current ETag, then renames. An unconditional put
 *   does not take the lock: like S3, the last writer wins.
 * - ETag: hex MD5 of the content (what S3 returns for a single-part upload). It is computed while
 *   writing and, for files written by others, on first `head`/`list` and cached per inode/size/mtime.
 * - Limits of a filesystem: a key cannot be both a file and a folder (`a` and `a/b`); content type
 *   and user metadata are accepted and not stored.
 */
import { createHash, randomUUID } from 'node:crypto';
import { constants as fsc } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { assertValidKey, assertValidPrefix, compareKeys, InvalidKeyError, md5Hex, toBytes } from './keys';
import { NotFoundError, PreconditionFailedError, type ObjectInfo, type PutOptions, type Storage } from './types';

const TMP_PREFIX = '.seqcast-tmp-';
const LOCK_SUFFIX = '.seqcast-lock';
const STALE_LOCK_MS = 30_000;
const LOCK_TIMEOUT_MS = 15_000;

function isInternalName(name: string): boolean {
  return name.startsWith(TMP_PREFIX) || name.endsWith(LOCK_SUFFIX);
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

interface CachedEtag {
  ino: number;
  size: number;
  mtimeMs: number;
  etag: string;
}

export class FileSystemStorage implements Storage {
  readonly root: string;
  readonly url: string;
  private readonly etags = new Map<string, CachedEtag>();

  constructor(root: string) {
    this.root = path.resolve(root);
    this.url = pathToFileURL(this.root).href;
  }

  /** Absolute path of a key; throws `InvalidKeyError` for keys that could escape the root. */
  pathOf(key: string): string {
    assertValidKey(key);
    const segments = key.split('/');
    if (segments.some(isInternalName)) throw new InvalidKeyError(key, 'reserved name (storage temp/lock file)');
    const full = path.join(this.root, ...segments);
    if (!full.startsWith(this.root + path.sep)) throw new InvalidKeyError(key, 'resolves outside the storage root');
    return full;
  }

  async get(key: string): Promise<Uint8Array> {
    const file = this.pathOf(key);
    try {
      const buf = await fsp.readFile(file);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (err) {
      throw this.mapReadError(err, key);
    }
  }

  async getText(key: string): Promise<string> {
    return Buffer.from(await this.get(key)).toString('utf8');
  }

  async getStream(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, 'r');
      // An open handle pins the inode: a concurrent replace (rename) cannot change what we read.
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        throw new NotFoundError(key);
      }
    } catch (err) {
      throw this.mapReadError(err, key);
    }
    return handle.createReadStream({ autoClose: true });
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<ObjectInfo> {
    const bytes = toBytes(body);
    return this.write(key, options, async (handle) => {
      await handle.writeFile(bytes);
      return { size: bytes.byteLength, etag: md5Hex(bytes) };
    });
  }

  async putStream(key: string, body: Readable, options: PutOptions = {}): Promise<ObjectInfo> {
    return this.write(key, options, async (handle) => {
      const hash = createHash('md5');
      let size = 0;
      for await (const chunk of body) {
        const buf: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
        hash.update(buf);
        size += buf.byteLength;
        await handle.write(buf);
      }
      return { size, etag: hash.digest('hex') };
    });
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const file = this.pathOf(key);
    return this.infoOf(key, file);
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    assertValidPrefix(prefix);
    const slash = prefix.lastIndexOf('/');
    const baseKey = slash >= 0 ? prefix.slice(0, slash) : '';
    const baseDir = baseKey ? path.join(this.root, ...baseKey.split('/')) : this.root;
    const out: ObjectInfo[] = [];
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      let entries;
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch (err) {
        if (errCode(err) === 'ENOENT' || errCode(err) === 'ENOTDIR') return;
        throw err;
      }
      for (const entry of entries) {
        if (isInternalName(entry.name)) continue;
        const key = keyPrefix + entry.name;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          // Only descend where keys below can still match the prefix.
          const dirKey = key + '/';
          if (dirKey.startsWith(prefix) || prefix.startsWith(dirKey)) await walk(full, dirKey);
        } else if (entry.isFile() && key.startsWith(prefix)) {
          const info = await this.infoOf(key, full);
          if (info) out.push(info);
        }
      }
    };
    await walk(baseDir, baseKey ? baseKey + '/' : '');
    return out.sort((a, b) => compareKeys(a.key, b.key));
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    try {
      await fsp.unlink(file);
    } catch (err) {
      // Deleting a missing key is a no-op, as on S3; a folder is not an object.
      const code = errCode(err);
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'EPERM' || code === 'ENOTDIR') return;
      throw err;
    } finally {
      this.etags.delete(file);
    }
  }

  // --- internals -------------------------------------------------------------------------------

  private mapReadError(err: unknown, key: string): Error {
    const code = errCode(err);
    if (err instanceof NotFoundError) return err;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return new NotFoundError(key);
    return err as Error;
  }

  private async infoOf(key: string, file: string): Promise<ObjectInfo | undefined> {
    let st;
    try {
      st = await fsp.stat(file);
    } catch (err) {
      const code = errCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw err;
    }
    if (!st.isFile()) return undefined;
    const cached = this.etags.get(file);
    let etag: string;
    if (cached && cached.ino === st.ino && cached.size === st.size && cached.mtimeMs === st.mtimeMs) {
      etag = cached.etag;
    } else {
      try {
        etag = await hashFile(file);
      } catch (err) {
        if (errCode(err) === 'ENOENT') return undefined; // deleted meanwhile
        throw err;
      }
      this.etags.set(file, { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, etag });
    }
    return { key, size: st.size, etag, lastModified: st.mtime };
  }

  /** Write a temp file with `fill`, fsync it, then publish it under `key` per `options`. */
  private async write(
    key: string,
    options: PutOptions,
    fill: (handle: fsp.FileHandle) => Promise<{ size: number; etag: string }>,
  ): Promise<ObjectInfo> {
    const target = this.pathOf(key);
    const dir = path.dirname(target);
    try {
      await fsp.mkdir(dir, { recursive: true });
    } catch (err) {
      if (errCode(err) === 'EEXIST' || errCode(err) === 'ENOTDIR') {
        throw new Error(`cannot write ${key} in ${this.url}: a parent path is a file (a key cannot also be a folder)`);
      }
      throw err;
    }
    const tmp = path.join(dir, `${TMP_PREFIX}${randomUUID()}`);
    const handle = await fsp.open(tmp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, 0o644);
    try {
      let written: { size: number; etag: string };
      try {
        written = await fill(handle);
        await handle.sync();
      } finally {
        await handle.close();
      }
      const st = await fsp.stat(tmp);
      await this.publish(key, tmp, target, options);
      this.etags.set(target, { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, etag: written.etag });
      return { key, size: written.size, etag: written.etag, lastModified: st.mtime };
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  private async publish(key: string, tmp: string, target: string, options: PutOptions): Promise<void> {
    if (options.ifNoneMatch === '*') {
      try {
        await fsp.link(tmp, target); // atomic create-if-absent
      } catch (err) {
        if (errCode(err) === 'EEXIST') throw new PreconditionFailedError(key);
        throw err;
      }
      return;
    }
    if (options.ifMatch !== undefined) {
      const expected = options.ifMatch.replace(/^"+|"+$/g, '');
      await this.withLock(target, async () => {
        const current = await this.infoOf(key, target);
        if (!current || current.etag !== expected) throw new PreconditionFailedError(key);
        await this.renameOver(key, tmp, target);
      });
      return;
    }
    await this.renameOver(key, tmp, target);
  }

  private async renameOver(key: string, tmp: string, target: string): Promise<void> {
    try {
      await fsp.rename(tmp, target);
    } catch (err) {
      const code = errCode(err);
      if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST') {
        throw new Error(`cannot write ${key} in ${this.url}: a folder exists at that path (a key cannot also be a folder)`);
      }
      throw err;
    }
  }

  private async withLock<T>(target: string, fn: () => Promise<T>): Promise<T> {
    const lock = path.join(path.dirname(target), `.${path.basename(target)}${LOCK_SUFFIX}`);
    const deadline = Date.now() + LOCK_TIMEOUT_MS;
    for (;;) {
      try {
        const h = await fsp.open(lock, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, 0o644);
        await h.writeFile(`${new Date().toISOString()}\n`);
        await h.close();
        break;
      } catch (err) {
        if (errCode(err) !== 'EEXIST') throw err;
        const st = await fsp.stat(lock).catch(() => undefined);
        if (st && Date.now() - st.mtimeMs > STALE_LOCK_MS) {
          await fsp.rm(lock, { force: true }); // left by a killed process
          continue;
        }
        if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${lock}`);
        await new Promise((r) => setTimeout(r, 2 + Math.random() * 10));
      }
    }
    try {
      return await fn();
    } finally {
      await fsp.rm(lock, { force: true });
    }
  }
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('md5');
  const handle = await fsp.open(file, 'r');
  try {
    for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}
