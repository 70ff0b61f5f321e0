/** The storage contract against the filesystem and in-memory implementations. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemStorage, MemoryStorage } from '../../shared/storage';
import { describeStorageContract } from './helpers/storage-contract';

describeStorageContract('FileSystemStorage', async () => {
  const root = await mkdtemp(join(tmpdir(), 'seqcast-fs-contract-'));
  return { storage: new FileSystemStorage(root), teardown: () => rm(root, { recursive: true, force: true }) };
});

describeStorageContract('MemoryStorage', async () => ({ storage: new MemoryStorage() }));
