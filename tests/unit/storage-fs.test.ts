/** FileSystemStorage specifics beyond the shared contract (tests/integration/storage-contract.test.ts). */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSystemStorage, InvalidKeyError, PreconditionFailedError } from '../../shared/storage';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

let root: string;
let fs: FileSystemStorage;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'seqcast-fs-unit-'));
  fs = new FileSystemStorage(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('FileSystemStorage', () => {
  it('maps keys to files under the root and exposes a file:// url', async () => {
    await fs.put('raw/sales/2026 01.csv', 'x');
    expect(fs.pathOf('raw/sales/2026 01.csv')).toBe(join(root, 'raw', 'sales', '2026 01.csv'));
    expect(await readdir(join(root, 'raw', 'sales'))).toEqual(['2026 01.csv']);
    expect(fs.url).toMatch(/^file:\/\//);
  });

  it('rejects keys that escape the root or collide with its temp/lock files', () => {
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a/.seqcast-tmp-1', 'a/.b.seqcast-lock']) {
      expect(() => fs.pathOf(bad), bad).toThrow(InvalidKeyError);
    }
  });

  it('a failing input stream leaves the previous object and no temp file', async () => {
    await fs.put('f/obj.csv', 'old');
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1000, 1));
        this.destroy(new Error('upstream broke'));
      },
    });
    await expect(fs.putStream('f/obj.csv', failing)).rejects.toThrow('upstream broke');
    expect(await fs.getText('f/obj.csv')).toBe('old');
    expect(await readdir(join(root, 'f'))).toEqual(['obj.csv']);
  });

  it('ifMatch is a compare-and-swap: concurrent read-modify-write loses no update', async () => {
    await fs.put('counter', '0');
    const increment = async (): Promise<void> => {
      for (;;) {
        const head = (await fs.head('counter'))!;
        const value = Number(await fs.getText('counter'));
        try {
          await fs.put('counter', String(value + 1), { ifMatch: head.etag });
          return;
        } catch (err) {
          if (!(err instanceof PreconditionFailedError)) throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, async () => {
      for (let i = 0; i < 4; i++) await increment();
    }));
    expect(await fs.getText('counter')).toBe('24');
    expect((await readdir(root)).sort()).toEqual(['counter']); // no lock or temp files left
  });

  it('waits for a held lock and breaks a stale one (left by a killed process)', async () => {
    const v1 = await fs.put('p/latest.json', 'v1');
    const lock = join(root, 'p', '.latest.json.seqcast-lock');
    await writeFile(lock, 'held');
    let done = false;
    const pending = fs.put('p/latest.json', 'v2', { ifMatch: v1.etag }).then((r) => ((done = true), r));
    await new Promise((r) => setTimeout(r, 80));
    expect(done).toBe(false);
    await rm(lock);
    await pending;
    expect(await fs.getText('p/latest.json')).toBe('v2');

    await writeFile(lock, 'stale');
    const old = new Date(Date.now() - 120_000);
    await utimes(lock, old, old);
    await fs.put('p/latest.json', 'v3', { ifMatch: md5('v2') });
    expect(await fs.getText('p/latest.json')).toBe('v3');
  });

  it('notices files changed behind its back (etag cache keyed by inode/size/mtime)', async () => {
    await fs.put('ext.csv', 'one');
    expect((await fs.head('ext.csv'))?.etag).toBe(md5('one'));
    await writeFile(join(root, 'ext.csv'), 'changed by someone else');
    expect((await fs.head('ext.csv'))?.etag).toBe(md5('changed by someone else'));
    expect((await fs.list(''))[0]).toMatchObject({ key: 'ext.csv', etag: md5('changed by someone else') });
  });

  it('explains key/folder conflicts the filesystem cannot represent', async () => {
    await fs.put('a', 'file');
    await expect(fs.put('a/b', 'x')).rejects.toThrow(/parent path is a file/);
    await fs.put('d/e', 'x');
    await expect(fs.put('d', 'x')).rejects.toThrow(/folder exists/);
    await expect(fs.get('d')).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(await fs.head('d')).toBeUndefined();
    await fs.delete('d'); // a folder is not an object: no-op
    expect(await fs.getText('d/e')).toBe('x');
  });

  it('lists only objects: skips temp/lock files and empty folders', async () => {
    await fs.put('l/a.csv', 'a');
    await mkdir(join(root, 'l', 'empty'), { recursive: true });
    await writeFile(join(root, 'l', '.seqcast-tmp-dead'), 'partial');
    await writeFile(join(root, 'l', '.a.csv.seqcast-lock'), '');
    expect((await fs.list('l/')).map((o) => o.key)).toEqual(['l/a.csv']);
    expect(await fs.list('l/a.csv/')).toEqual([]);
  });
});
