/**
 * The controller's sha256 comparison (utils/plugin/downloader.go checkShaOfPlugin), as pure
 * functions: a 64-character value is compared with the file's SHA-256 in lowercase hex; any other
 * length with `hasher.Sum(fileBytes)`, which appends the SHA-256 of no bytes to the file's own bytes.
 */
import { createHash } from 'node:crypto';

/** SHA-256 of no bytes: what `hasher.Sum(fileBytes)` appends to the file's own bytes. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** A value the controller can match with a file's SHA-256: 64 characters of lowercase hex, as it encodes the digest. */
export function isSha256Hex(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

/** The string the controller compares `expected` with, for a file of these bytes (v1.7.0 and later). */
export function controllerComparedDigest(expected: string, fileBytes: Uint8Array): string {
  if (expected.length === 64) return createHash('sha256').update(fileBytes).digest('hex');
  return Buffer.from(fileBytes).toString('hex') + EMPTY_SHA256;
}

/**
 * The only file a value that is not 64 characters can match: the bytes its characters before the
 * last 64 spell in hex, if the controller's own comparison then gives back the value. Undefined: no
 * file matches it (a shorter value, uppercase, another tail than the SHA-256 of nothing).
 */
export function onlyFileMatching(expected: string): Buffer | undefined {
  if (expected.length === 64) return undefined;
  const candidate = Buffer.from(expected.slice(0, Math.max(0, expected.length - 64)), 'hex');
  return controllerComparedDigest(expected, candidate) === expected ? candidate : undefined;
}
