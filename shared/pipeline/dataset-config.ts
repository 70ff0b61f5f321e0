/** Loading a dataset's config from storage: `config/<dataset>.json`, defaults when absent. */
import type { Storage } from '../storage/types';
import { NotFoundError } from '../storage/types';
import { parseDatasetConfig, type DatasetConfig } from '../schemas/config';
import { configKey } from './keys';
import { canonicalJson, sha256Hex } from './fingerprint';

export interface LoadedConfig {
  config: DatasetConfig;
  /** SHA-256 of the canonical parsed config: part of every derived key. */
  fingerprint: string;
  /** Where it came from (`config/x.json` or `defaults`). */
  source: string;
}

export async function loadDatasetConfig(storage: Storage, dataset: string): Promise<LoadedConfig> {
  const key = configKey(dataset);
  let raw: unknown = {};
  let source = 'defaults';
  try {
    const text = await storage.getText(key);
    source = key;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new Error(`invalid JSON in ${key}: ${(err as Error).message}`);
    }
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
  const config = parseDatasetConfig(raw, source);
  return { config, fingerprint: sha256Hex(canonicalJson(config)), source };
}
