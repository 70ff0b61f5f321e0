/**
 * Invariant 3 on the filesystem: a process killed (SIGKILL) in the middle of a write leaves the
 * previous object intact and no half-written object visible.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { FileSystemStorage } from '../../shared/storage';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

it('SIGKILL during putStream keeps the previous object and hides the partial temp file', async () => {
  const root = await mkdtemp(join(tmpdir(), 'seqcast-fs-crash-'));
  dirs.push(root);
  const storage = new FileSystemStorage(root);
  await storage.put('forecasts/sales/latest.json', '{"run":"previous"}');

  const script = fileURLToPath(new URL('./helpers/fs-slow-writer.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, root, 'forecasts/sales/latest.json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`writer did not start: ${stderr}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('WRITING')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`writer exited early: ${stderr}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');

  // The partial write exists on disk (so the kill really hit mid-write) …
  const dir = join(root, 'forecasts', 'sales');
  const names = await readdir(dir);
  const temps = names.filter((n) => n.startsWith('.seqcast-tmp-'));
  expect(temps).toHaveLength(1);
  expect((await stat(join(dir, temps[0]!))).size).toBeGreaterThan(0);
  // … but readers only ever see the previous, complete object.
  expect(await storage.getText('forecasts/sales/latest.json')).toBe('{"run":"previous"}');
  const listed = await storage.list('forecasts/');
  expect(listed.map((o) => o.key)).toEqual(['forecasts/sales/latest.json']);
  expect(listed[0]!.etag).toBe(createHash('md5').update('{"run":"previous"}').digest('hex'));
});
