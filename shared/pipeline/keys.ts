/**
 * Bucket layout (see docs/outputs.md). Every derived key is a function of its inputs' identity and
 * the config, so a duplicate event or a retry writes the same key (design invariant 2).
 */
export const PREFIX = {
  raw: 'raw/',
  curated: 'curated/',
  quarantine: 'quarantine/',
  decomposed: 'decomposed/',
  smoothed: 'smoothed/',
  forecasts: 'forecasts/',
  models: 'models/',
  config: 'config/',
} as const;

/** Dataset names are one path segment of safe characters. */
export const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export class KeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyError';
  }
}

/** `raw/<dataset>/<rest>` → `{ dataset, file }`; throws a KeyError for keys outside raw/. */
export function parseRawKey(key: string): { dataset: string; file: string } {
  const m = /^raw\/([^/]+)\/(.+)$/.exec(key);
  if (!m) throw new KeyError(`not an upload key (expected raw/<dataset>/<file>): ${key}`);
  const dataset = m[1]!;
  if (!DATASET_NAME.test(dataset)) throw new KeyError(`invalid dataset name "${dataset}" in ${key}`);
  return { dataset, file: m[2]! };
}

/** `curated/<dataset>/<part>.csv` → dataset. */
export function parseCuratedKey(key: string): { dataset: string; part: string } {
  const m = /^curated\/([^/]+)\/(.+)\.csv$/.exec(key);
  if (!m) throw new KeyError(`not a curated key (expected curated/<dataset>/<part>.csv): ${key}`);
  return { dataset: m[1]!, part: m[2]! };
}

export const configKey = (dataset: string) => `${PREFIX.config}${dataset}.json`;
export const curatedPrefix = (dataset: string) => `${PREFIX.curated}${dataset}/`;
/** The curated part of one upload: named after the upload's identity so a retry rewrites the same key. */
export const curatedKey = (dataset: string, uploadId: string) => `${curatedPrefix(dataset)}${uploadId}.csv`;
/** Warnings found while ingesting an accepted upload (unknown columns, filled gaps…), for the report. */
export const ingestWarningsKey = (dataset: string, uploadId: string) => `${curatedPrefix(dataset)}${uploadId}.warnings.json`;
export const quarantineKey = (dataset: string, uploadId: string) => `${PREFIX.quarantine}${dataset}/${uploadId}.json`;
export const decomposedKey = (dataset: string, fingerprint: string) => `${PREFIX.decomposed}${dataset}/${fingerprint}.jsonl`;
export const smoothedKey = (dataset: string, fingerprint: string) => `${PREFIX.smoothed}${dataset}/${fingerprint}.jsonl`;
export const runPrefix = (dataset: string, runId: string) => `${PREFIX.forecasts}${dataset}/runs/${runId}/`;
export const latestKey = (dataset: string) => `${PREFIX.forecasts}${dataset}/latest.json`;
export const modelRegistryKey = (dataset: string) => `${PREFIX.models}${dataset}/registry.json`;
export const modelVersionPrefix = (dataset: string, version: string) => `${PREFIX.models}${dataset}/versions/${version}/`;
