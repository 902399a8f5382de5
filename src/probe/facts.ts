/** Readings of ProbeFacts shared by the checks and the verdict (no I/O: the docs bundle imports it). */
import type { ProbeFacts, Sha256State } from './types.js';

/**
 * A 401/403/404 although the entry's headersFrom headers were not sent from here: the controller
 * sends them, so this answer says nothing about its download.
 */
export function deniedWithoutHeaders(facts: ProbeFacts): boolean {
  const d = facts.download;
  return d?.outcome === 'http-status' && [401, 403, 404].includes(d.status ?? 0) && (facts.headersNotSent?.length ?? 0) > 0;
}

/**
 * May the binary be executed, as far as its sha256 says: true when it matches the pinned value,
 * 'unpinned' when nothing is pinned (run, and said so), false otherwise: a mismatch, a value that
 * cannot match, or bytes that could not be hashed are never run without --allow-unverified.
 */
export function verificationOf(state: Sha256State): boolean | 'unpinned' {
  return state === 'ok' ? true : state === 'unpinned' ? 'unpinned' : false;
}
