/** Readings of ProbeFacts shared by the checks and the verdict (no I/O: the docs bundle imports it). */
import type { ProbeFacts } from './types.js';

/**
 * A 401/403/404 although the entry's headersFrom headers were not sent from here: the controller
 * sends them, so this answer says nothing about its download.
 */
export function deniedWithoutHeaders(facts: ProbeFacts): boolean {
  const d = facts.download;
  return d?.outcome === 'http-status' && [401, 403, 404].includes(d.status ?? 0) && (facts.headersNotSent?.length ?? 0) > 0;
}
