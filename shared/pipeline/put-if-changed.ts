import type { Storage } from '../storage/types';
import { sha256Hex } from './fingerprint';

/**
 * Write `body` under `key` unless the same bytes are already there (duplicate events then write
 * nothing). Returns whether a write happened. Compares by reading the existing object, since ETags
 * are not content hashes for multipart uploads.
 */
export async function putIfChanged(storage: Storage, key: string, body: string | Uint8Array, contentType?: string): Promise<boolean> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const existing = await storage.head(key);
  if (existing && existing.size === bytes.length) {
    const current = await storage.get(key);
    if (sha256Hex(current) === sha256Hex(bytes)) return false;
  }
  await storage.put(key, bytes, { contentType });
  return true;
}
