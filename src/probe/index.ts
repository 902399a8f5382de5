/**
 * The probe edge's public face: what the CLI (`probe`, `checksum`, the doctor's probe step) and
 * the handshake step call. Run the checks over each result with
 * `runChecks(probeChecks, facts)` and `runChecks(binaryChecks, facts)` (src/checks/probe, src/checks/binary).
 */
export { formatPlatform, inspectBinary, parsePlatform, type BinaryFormat, type BinaryInfo, type Platform } from './binary.js';
export { checksum, NAME_PLACEHOLDER, type ChecksumResult } from './checksum.js';
export { deniedWithoutHeaders } from './facts.js';
export { probePlugins, probeTarget, sha256State, type TargetOptions } from './probe.js';
export { proxyFor, type ProxyChoice, type ProxyEnv } from './proxy.js';
export { probeRowFields } from './row.js';
export { defaultCacheDir } from './store.js';
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_DEADLINES,
  DEFAULT_MAX_SIZE,
  type ContentFacts,
  type Deadlines,
  type DownloadFacts,
  type DownloadOutcome,
  type Hop,
  type LocalFileFacts,
  type ProbeFacts,
  type ProbeOptions,
  type Sha256State,
} from './types.js';
