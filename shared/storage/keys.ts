/**
 * Helpers shared by every storage implementation: key validation, ETags, key ordering.
 *
 * All implementations apply the same key rules so a key that works on the laptop also works on S3
 * and the reverse: a key is a non-empty `/`-separated relative path (`raw/sales/2026 01.csv`),
 * without an empty, `.` or `..` segment, a leading or trailing `/`, a backslash or a control
 * character, at most 1024 UTF-8 bytes (the S3 limit).
 */
import { createHash } from 'node:crypto';

export class InvalidKeyError extends Error {
  constructor(
    public readonly key: string,
    reason: string,
  ) {
    super(`invalid storage key ${JSON.stringify(key)}: ${reason}`);
    this.name = 'InvalidKeyError';
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Throws `InvalidKeyError` unless `key` is a valid object key (see the module comment). */
export function assertValidKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidKeyError(String(key), 'empty key');
  if (Buffer.byteLength(key, 'utf8') > 1024) throw new InvalidKeyError(key, 'longer than 1024 bytes');
  if (key.startsWith('/')) throw new InvalidKeyError(key, 'absolute keys are not allowed');
  if (key.endsWith('/')) throw new InvalidKeyError(key, 'a key cannot end with "/"');
  if (key.includes('\\')) throw new InvalidKeyError(key, 'backslashes are not allowed');
  if (CONTROL_CHARS.test(key)) throw new InvalidKeyError(key, 'control characters are not allowed');
  for (const segment of key.split('/')) {
    if (segment === '') throw new InvalidKeyError(key, 'empty path segment ("//")');
    if (segment === '.' || segment === '..') throw new InvalidKeyError(key, `"${segment}" segments are not allowed`);
  }
}

/** A list prefix may be empty or end with `/`, but must not escape the root. */
export function assertValidPrefix(prefix: string): void {
  if (prefix === '') return;
  if (prefix.startsWith('/')) throw new InvalidKeyError(prefix, 'absolute prefixes are not allowed');
  if (prefix.includes('\\')) throw new InvalidKeyError(prefix, 'backslashes are not allowed');
  if (prefix.split('/').some((s) => s === '..')) throw new InvalidKeyError(prefix, '".." segments are not allowed');
}

/**
 * ETag of a body stored in one piece: hex MD5, the same value S3 returns for a single-part PutObject,
 * so a small object has the same ETag on the filesystem, in memory and on S3. (S3 multipart uploads
 * have `<md5-of-part-md5s>-<parts>` ETags: treat ETags as opaque version tokens, never as checksums.)
 */
export function md5Hex(body: Uint8Array): string {
  return createHash('md5').update(body).digest('hex');
}

/** S3 returns ETags in double quotes; the storage interface exposes them without. */
export function stripEtagQuotes(etag: string | undefined): string | undefined {
  if (etag === undefined) return undefined;
  return etag.replace(/^W\//, '').replace(/^"+|"+$/g, '');
}

/** Compare keys as S3 orders them: by UTF-8 bytes (differs from JS `<` for astral characters). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function toBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}
