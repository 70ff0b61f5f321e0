/**
 * Atomic publishing of a forecast run (design invariant 3).
 *
 * Order: every run file → `manifest.json` (keys, sizes, SHA-256, written with if-none-match so a
 * run is published once) → `latest.json`, written last. A process killed at any point leaves
 * `latest.json` on the previous complete run; readers only ever follow `latest.json`.
 */
import type { Storage } from '../storage/types';
import { PreconditionFailedError } from '../storage/types';
import {
  LatestPointerSchema,
  ManifestSchema,
  SCHEMA_VERSION,
  type LatestPointer,
  type Manifest,
} from '../schemas/forecast';
import { latestKey, runPrefix } from './keys';
import { sha256Hex } from './fingerprint';

export interface RunFile {
  /** Name inside the run folder, e.g. `forecast.csv` or `model/model.json`. */
  name: string;
  body: Uint8Array | string;
  contentType?: string;
}

export interface PublishInput {
  dataset: string;
  runId: string;
  files: RunFile[];
  /** Manifest fields other than the file list / identity. */
  manifest: Omit<Manifest, 'files' | 'dataset' | 'runId' | 'schemaVersion'>;
  /** Files already written under the run folder by someone else (e.g. the tf.io model handler). */
  extraKeys?: string[];
}

export interface PublishResult {
  manifestKey: string;
  forecastKey: string;
  latestKey: string;
  latest: LatestPointer;
  /** false when this run had already been published (idempotent re-run): nothing was written. */
  published: boolean;
  /** false when `latest.json` already pointed at a newer run and was left alone. */
  latestUpdated: boolean;
}

export const manifestKeyOf = (dataset: string, runId: string) => `${runPrefix(dataset, runId)}manifest.json`;

/** Has this run been fully published already? */
export async function isRunPublished(storage: Storage, dataset: string, runId: string): Promise<boolean> {
  return (await storage.head(manifestKeyOf(dataset, runId))) !== undefined;
}

export async function publishRun(storage: Storage, input: PublishInput, hooks: { afterFiles?: () => Promise<void> } = {}): Promise<PublishResult> {
  const prefix = runPrefix(input.dataset, input.runId);
  const manifestKey = `${prefix}manifest.json`;
  const forecastKey = `${prefix}forecast.csv`;

  let published = false;
  let manifestBytes: Uint8Array;
  const existing = await storage.head(manifestKey);
  if (existing) {
    manifestBytes = await storage.get(manifestKey);
  } else {
    const files: Manifest['files'] = [];
    for (const f of input.files) {
      const bytes = typeof f.body === 'string' ? Buffer.from(f.body, 'utf8') : f.body;
      const key = prefix + f.name;
      await storage.put(key, bytes, { contentType: f.contentType });
      files.push({ key, size: bytes.length, sha256: sha256Hex(bytes), contentType: f.contentType });
    }
    for (const key of input.extraKeys ?? []) {
      const bytes = await storage.get(key);
      files.push({ key, size: bytes.length, sha256: sha256Hex(bytes) });
    }
    files.sort((a, b) => a.key.localeCompare(b.key));
    await hooks.afterFiles?.();
    const manifest: Manifest = ManifestSchema.parse({
      schemaVersion: SCHEMA_VERSION,
      dataset: input.dataset,
      runId: input.runId,
      ...input.manifest,
      files,
    });
    manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
    try {
      await storage.put(manifestKey, manifestBytes, { contentType: 'application/json', ifNoneMatch: '*' });
      published = true;
    } catch (err) {
      if (!(err instanceof PreconditionFailedError)) throw err;
      manifestBytes = await storage.get(manifestKey); // a concurrent attempt won; use its manifest
    }
  }
  const manifest = ManifestSchema.parse(JSON.parse(Buffer.from(manifestBytes).toString('utf8')));

  const latest: LatestPointer = LatestPointerSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    dataset: input.dataset,
    runId: input.runId,
    manifestKey,
    forecastKey,
    manifestSha256: sha256Hex(manifestBytes),
    publishedAt: manifest.createdAt,
  });
  const latestUpdated = await pointLatest(storage, latest);
  return { manifestKey, forecastKey, latestKey: latestKey(input.dataset), latest, published, latestUpdated };
}

/**
 * Move `latest.json` to `next` unless it already points at a run with a later `publishedAt`
 * (an out-of-order or re-run older job must not roll consumers back). Compare-and-swap on the
 * ETag so two concurrent publishers cannot interleave.
 */
async function pointLatest(storage: Storage, next: LatestPointer): Promise<boolean> {
  const key = latestKey(next.dataset);
  for (let attempt = 0; attempt < 5; attempt++) {
    const head = await storage.head(key);
    const body = JSON.stringify(next, null, 2) + '\n';
    if (head) {
      const current = LatestPointerSchema.safeParse(JSON.parse(await storage.getText(key)));
      if (current.success) {
        if (current.data.runId === next.runId) return false;
        if (current.data.publishedAt > next.publishedAt) return false;
      }
    }
    try {
      await storage.put(key, body, { contentType: 'application/json', ...(head ? { ifMatch: head.etag } : { ifNoneMatch: '*' }) });
      return true;
    } catch (err) {
      if (!(err instanceof PreconditionFailedError)) throw err;
    }
  }
  throw new Error(`could not update ${key}: it kept changing under us`);
}
