/** Readings of ProbeFacts shared by the checks and the verdict (no I/O: the docs bundle imports it). */
import { formatBytes, formatSize } from '../core/size.js';
import type { ControllerDownload, DownloadOutcome, ProbeFacts, Sha256State, Verification } from './types.js';

/** Formats a controller could execute: only these have an OS and architecture to compare. */
const EXECUTABLE_FORMATS: ReadonlySet<string> = new Set(['elf', 'macho', 'macho-fat', 'pe']);

/**
 * An executable binary whose OS and architecture were not compared with the controller's: no
 * platform was given (--platform) or learnt from the controller's nodes. `handshake`'s binary has
 * no controller in view: nothing to compare with.
 */
export function platformNotCompared(facts: ProbeFacts): boolean {
  return !facts.expectedPlatform && !facts.standalone && facts.binary !== undefined && EXECUTABLE_FORMATS.has(facts.binary.format);
}

/**
 * The download was made without the entry's headersFrom headers (their Secret was not read here):
 * the controller sends them, and a server may answer them with other bytes (GitHub's API assets
 * serve JSON without `Accept: application/octet-stream`), so what came back is not what it downloads.
 */
export function fetchedWithoutHeaders(facts: ProbeFacts): boolean {
  return (facts.headersNotSent?.length ?? 0) > 0;
}

/** A 401/403/404 to a download made without the headers: it says nothing about the controller's. */
export function deniedWithoutHeaders(facts: ProbeFacts): boolean {
  const d = facts.download;
  return d?.outcome === 'http-status' && [401, 403, 404].includes(d.status ?? 0) && fetchedWithoutHeaders(facts);
}

/**
 * The plugin's file was not read whole, being over --max-size: where, and by how much. download-too-large's title;
 * what that left unseen (its sha256, its handshake) says it in the same words. Undefined when it is not.
 */
export function overMaxSize(facts: ProbeFacts): string | undefined {
  const d = facts.download;
  if (d?.outcome === 'too-large') return `${d.finalUrl} is larger than --max-size (stopped after ${formatBytes(d.bytes)})`;
  const local = facts.local;
  if (local?.state !== 'too-large') return undefined;
  const size = formatBytes(local.size ?? 0);
  return `${local.localPath ?? local.podPath} is larger than --max-size${local.maxSize !== undefined ? ` ${formatSize(local.maxSize)}: ${size}` : ` (${size})`}`;
}

/**
 * May the binary be executed, as far as its sha256 says: a mismatch, a value that cannot match, or
 * bytes that could not be hashed are never run without --allow-unverified.
 */
export function verificationOf(state: Sha256State): Verification {
  return state === 'ok' ? true : state;
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

/** Why a download that failed on this machine's network says nothing about the controller's. */
export type FromHereOnly =
  /** The controller's pods show what its own download of the entry did. */
  | { kind: 'controller-download'; own: ControllerDownload }
  /** The controller's own proxy cannot be reached from here: this download never took the controller's path. */
  | { kind: 'controller-proxy'; proxy: string };

/**
 * When this machine's download failed on its network and that says nothing about the controller,
 * why: then it is no finding but a check not made from here (pipeline/coverage.ts).
 */
export function failedOnlyFromHere(facts: ProbeFacts): FromHereOnly | undefined {
  if (!failedOnThisNetwork(facts)) return undefined;
  if (facts.controllerDownload) return { kind: 'controller-download', own: facts.controllerDownload };
  const d = facts.download!;
  const proxy = d.hops.at(-1)?.proxy;
  if (d.outcome === 'proxy-error' && d.error?.proxyStatus === undefined && facts.controllerProxy && proxy) return { kind: 'controller-proxy', proxy };
  return undefined;
}
