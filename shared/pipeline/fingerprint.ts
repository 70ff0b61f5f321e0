/** Content fingerprints: SHA-256, hex. Used for idempotent keys, run ids and manifests. */
import { createHash } from 'node:crypto';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Fingerprint of several parts, unambiguous (length-prefixed) so ("ab","c") ≠ ("a","bc"). */
export function fingerprint(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    const bytes = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
    h.update(String(bytes.length)).update(':').update(bytes);
  }
  return h.digest('hex');
}

/** Canonical JSON (sorted keys) so the same config always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** Fingerprint of one series' history (id, dates, values) — identifies derived per-series outputs. */
export function seriesFingerprint(id: string, dates: string[], values: Float64Array): string {
  const h = createHash('sha256');
  h.update(id).update('\0').update(dates[0] ?? '').update('\0').update(String(dates.length)).update('\0');
  h.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return h.digest('hex');
}
