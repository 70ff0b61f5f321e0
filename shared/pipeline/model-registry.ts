/**
 * Model registry: `models/<dataset>/registry.json`, the list of trained network versions with what
 * produced them (config and data fingerprints, backend, metrics) and their parent (the previous
 * version), so a forecast can always be traced to the exact weights and a model can be rolled back.
 * Updated with compare-and-swap on the ETag: concurrent jobs never lose each other's entries.
 */
import type { Storage } from '../storage/types';
import { PreconditionFailedError } from '../storage/types';
import { modelRegistryKey } from './keys';

export interface ModelVersion {
  version: string;
  runId: string;
  createdAt: string;
  configFingerprint: string;
  dataFingerprint: string;
  backend: string;
  selectedModel: string;
  params: number | null;
  metrics: unknown;
  /** Storage prefix holding `model.json` + `weights.bin` (one folder per shard). */
  modelPrefix: string;
  parent?: string | null;
}

export interface ModelRegistry {
  dataset: string;
  versions: ModelVersion[];
}

export async function readModelRegistry(storage: Storage, dataset: string): Promise<{ registry: ModelRegistry; etag?: string }> {
  const key = modelRegistryKey(dataset);
  const head = await storage.head(key);
  if (!head) return { registry: { dataset, versions: [] } };
  return { registry: JSON.parse(await storage.getText(key)) as ModelRegistry, etag: head.etag };
}

export async function registerModelVersion(storage: Storage, dataset: string, entry: Omit<ModelVersion, 'parent'>): Promise<ModelVersion> {
  const key = modelRegistryKey(dataset);
  for (let attempt = 0; attempt < 8; attempt++) {
    const { registry, etag } = await readModelRegistry(storage, dataset);
    const existing = registry.versions.find((v) => v.version === entry.version);
    if (existing) return existing;
    const parent = registry.versions.length ? registry.versions[registry.versions.length - 1]!.version : null;
    const version: ModelVersion = { ...entry, parent };
    const next: ModelRegistry = { dataset, versions: [...registry.versions, version] };
    try {
      await storage.put(key, JSON.stringify(next, null, 2) + '\n', {
        contentType: 'application/json',
        ...(etag ? { ifMatch: etag } : { ifNoneMatch: '*' }),
      });
      return version;
    } catch (err) {
      if (!(err instanceof PreconditionFailedError)) throw err;
    }
  }
  throw new Error(`could not update ${key}: too many concurrent writers`);
}
