/** Readings of ProbeFacts shared by the checks and the verdict (no I/O: the docs bundle imports it). */
import type { ControllerDownload, DownloadOutcome, ProbeFacts, Sha256State } from './types.js';

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

/**
 * Outcomes without an answer from the plugin's server: they say what the network of the machine
 * that downloaded meets (its DNS, routes, firewall, proxy, CA bundle), not what the controller's does.
 */
const NETWORK_OUTCOMES: ReadonlySet<DownloadOutcome> = new Set(['dns-failure', 'connection-refused', 'connection-reset', 'tls-error', 'proxy-error', 'timeout', 'truncated', 'network-error']);

export function isNetworkOutcome(outcome: DownloadOutcome): boolean {
  return NETWORK_OUTCOMES.has(outcome);
}

/** A download that failed on this machine's network: what the controller would meet is not known from it. */
export function failedOnThisNetwork(facts: ProbeFacts): boolean {
  return facts.download !== undefined && isNetworkOutcome(facts.download.outcome);
}

/**
 * The controller's own download of the entry, when this machine's download failed on its network:
 * then the failure here says nothing about the controller (its pods show what its download did), so
 * it is no finding but a check not made from here (pipeline/coverage.ts).
 */
export function failedOnlyFromHere(facts: ProbeFacts): ControllerDownload | undefined {
  return failedOnThisNetwork(facts) ? facts.controllerDownload : undefined;
}
