/** The facts the probe edge records for each plugin; the probe and binary checks read only these. */
import type { SharedDownloads } from './shared.js';
import type { PluginEntry } from '../config/types.js';
import type { ConfigurationInput } from '../config/sources.js';
import type { DeadlineFlag } from '../core/deadline.js';
import type { ControllerFeatures, KnownRelease } from '../config/version.js';
import type { BinaryInfo, Platform } from './binary.js';
import type { ProxyEnv } from './proxy.js';
import type { ReportedCluster } from '../cluster/kubectl-command.js';
import type { HeaderSecretUnread } from '../cluster/secrets.js';

export interface Deadlines {
  /** TCP connect plus TLS handshake, per hop. */
  connectMs: number;
  /** From request sent to the end of the response headers, per hop. */
  headersMs: number;
  /** Longest silence between two body chunks. */
  bodyIdleMs: number;
  /** The whole download of one plugin, redirects included. */
  totalMs: number;
}

export const DEFAULT_DEADLINES: Deadlines = { connectMs: 10_000, headersMs: 30_000, bodyIdleMs: 30_000, totalMs: 300_000 };

/** `--max-size` default: 512 MiB. */
export const DEFAULT_MAX_SIZE = 512 * 1024 * 1024;
/**
 * Plugins probed at once: real configurations have a handful to a few dozen, and each download
 * mostly waits on the network, so all of them at once up to this bound.
 */
export const DEFAULT_CONCURRENCY = 32;

export interface ProbeOptions {
  /** Told of each plugin once its probe has started (doctor prepares its launch then: see LaunchesAhead). */
  onProbing?: (entry: PluginEntry) => void;
  /** The proxy environment the controller has (its container's env); default: this process's env. */
  proxyEnv?: ProxyEnv;
  /** `--proxy URL`: used instead of HTTP(S)_PROXY; NO_PROXY and the loopback rule still apply. */
  proxy?: string;
  /**
   * Request headers for an entry's headersFrom (Secret data: header name -> value), supplied by
   * the cluster area. Values are sent on the wire only: never in facts, evidence or errors.
   */
  headersFor?: (entry: PluginEntry) => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>;
  /** Why headersFor had no headers from a Secret, as the cluster answered its read (doctor); see ProbeFacts.headersNotSentWhy. */
  headerSecretUnread?: (secret: string) => HeaderSecretUnread | undefined;
  /** PEM file with extra CA certificates, trusted besides the system and Node bundles. */
  extraCaFile?: string;
  /** Stop and report `too-large` past this many bytes (default 512 MiB). */
  maxSize?: number;
  /** How many plugins are probed at once (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** Do not keep verified files in the cache (no `cachePath` then). */
  noCache?: boolean;
  /** Default: `defaultCacheDir()` ($XDG_CACHE_HOME or ~/.cache, then kubectl-rollouts-plugins). */
  cacheDir?: string;
  /** A local directory standing in for the controller pod's root, for file:// locations. */
  pluginDir?: string;
  /** The controller's platform (from its nodes, or `--platform linux/arm64`). */
  expectedPlatform?: Platform;
  /** Where the expected platform came from, for evidence (`--platform`, `node worker-1`...). */
  expectedPlatformSource?: string;
  deadlines?: Partial<Deadlines>;
  /**
   * The controller is older than v1.8: it never checks the HTTP status and saves an error page as
   * the plugin, so the page is hashed and inspected like a binary (default false: v1.8+).
   */
  saveErrorPages?: boolean;
  /**
   * The controller release the downloads are made as: its headersFrom Secrets (none before v1.8,
   * config/version.ts headersFromRead) are the headers sent, and missed (default: the newest).
   */
  judgedAt?: ControllerFeatures;
  /** Ctrl-C or the overall --timeout: stops every download and removes partial files. */
  signal?: AbortSignal;
  /** Downloads shared by a fleet run's clusters or lint's configurations (same URL and settings: fetched once, whatever each entry pins). */
  shared?: SharedDownloads;
}

/** One request of a redirect chain. */
export interface Hop {
  url: string;
  host: string;
  /** The response status; absent when the request itself failed. */
  status?: number;
  /** Redirect target as sent by the server. */
  location?: string;
  /** Names (never values) of the caller's headers sent on this request. */
  headersSent: string[];
  /** Names of the caller's headers Go drops on this request (redirect to another host). */
  headersDropped: string[];
  /** Proxy used for this request (password masked), absent when direct. */
  proxy?: string;
  /** Why this request went through that proxy or went direct. */
  proxyReason: string;
}

export type TlsFailureKind = 'expired' | 'not-yet-valid' | 'unknown-authority' | 'self-signed' | 'host-mismatch' | 'other';

/** How a download ended. `ok` means the controller would have saved the body and carried on. */
export type DownloadOutcome =
  | 'ok'
  | 'http-status'
  | 'dns-failure'
  | 'connection-refused'
  | 'connection-reset'
  | 'tls-error'
  | 'timeout'
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'redirect-bad-scheme'
  | 'redirect-without-location'
  | 'truncated'
  | 'too-large'
  | 'proxy-error'
  | 'invalid-header'
  | 'aborted'
  | 'network-error';

export interface DownloadFacts {
  url: string;
  outcome: DownloadOutcome;
  hops: Hop[];
  finalUrl: string;
  status?: number;
  contentType?: string;
  /** Content-Length of the final response as announced (before any gzip decoding). */
  contentLength?: number;
  contentEncoding?: string;
  /** True when the body was gzip-decoded, as Go's Transport does when it asked for gzip itself. */
  decompressed: boolean;
  /** `Retry-After` of a 429/503. */
  retryAfter?: string;
  /** First bytes of a 4xx/5xx body, whitespace collapsed. */
  bodyExcerpt?: string;
  /** Body bytes received (after decoding), also when the download failed part way. */
  bytes: number;
  ttfbMs?: number;
  totalMs: number;
  /** Bytes per second over the body transfer. */
  throughput?: number;
  error?: {
    message: string;
    code?: string;
    /** For timeouts: which deadline expired. */
    phase?: 'connect' | 'headers' | 'body-idle' | 'total';
    /** The deadline that expired, in ms. */
    deadlineMs?: number;
    tls?: TlsFailureKind;
    /** The status a proxy answered the CONNECT with. */
    proxyStatus?: number;
    /** For `invalid-header`: the headersFrom header (a Secret key) Go refuses to send; never its value. */
    header?: string;
    /** What Go's client would say, when it differs from our wording (the controller log line). */
    goError?: string;
    /** For `aborted`: what ended the run, the deadline of a flag (--timeout, a fleet cluster's --cluster-timeout) or an interruption (Ctrl-C). */
    cancelledBy?: DeadlineFlag | 'interrupted';
  };
}

/** A file:// location resolved inside `pluginDir`, or a `probe FILE` path. */
export interface LocalFileFacts {
  /** The path the controller uses inside its pod (`Abs(host + path)`). */
  podPath: string;
  /** Where it was read on this machine, when a plugin dir or a file was given. */
  localPath?: string;
  state: 'ok' | 'missing' | 'not-regular' | 'unreadable' | 'too-large' | 'not-checked';
  /** Size in bytes, when the file exists. */
  size?: number;
  /** too-large: the limit it is over (--max-size), in bytes. */
  maxSize?: number;
  /** missing, unreadable: why, in words (core/file-error.ts: `permission denied`); not-regular: what it is instead. */
  error?: string;
}

export type Sha256State = 'ok' | 'mismatch' | 'unpinned' | 'cannot-match' | 'not-verified';

/** May the binary be executed, as its sha256 says: true (it matches), 'unpinned' (nothing pinned: run, and said so), or the state that refuses it. */
export type Verification = true | 'unpinned' | Exclude<Sha256State, 'ok' | 'unpinned'>;

export interface ContentFacts {
  sha256: string;
  size: number;
  /** The verified copy in the cache (mode 0700), for the handshake; absent with noCache, and for content no OS can launch (store.ts keeps only executables and scripts). */
  cachePath?: string;
  /** What the cached file was when its sha256 was computed (store.ts identityOf): launched only while it still is. */
  cacheIdentity?: string;
  /** Why the cache could not be written (the probe still hashed the content). */
  cacheError?: string;
}

export interface ProbeFacts {
  entry: PluginEntry;
  /** `http` for http(s) locations, `file` for file:// and `probe FILE`, `unsupported` otherwise. */
  kind: 'http' | 'file' | 'unsupported';
  download?: DownloadFacts;
  local?: LocalFileFacts;
  content?: ContentFacts;
  sha256: { state: Sha256State; expected?: string; actual?: string };
  /**
   * The entry's headersFrom Secrets whose headers were not sent (no `headersFor`, as in `lint
   * --probe` and `probe -f`, or it gave no header): the controller sends them, so a 401/403/404
   * from here proves nothing about it.
   */
  headersNotSent?: string[];
  /**
   * Why each of headersNotSent gave no headers, as doctor's read of it answered: a fix that says to
   * run doctor with read access helps only when the read was refused, not when the Secret is missing.
   */
  headersNotSentWhy?: Record<string, HeaderSecretUnread>;
  binary?: BinaryInfo;
  expectedPlatform?: Platform;
  expectedPlatformSource?: string;
  /** The controller release that would run the plugin, when it is known. */
  controller?: KnownRelease;
  /** See TargetOptions.standalone. */
  standalone?: true;
  /** What the controller's own download of this entry did, as its pods show (doctor only). */
  controllerDownload?: ControllerDownload;
  /** The download used the controller's own proxy settings (its container's env, no --proxy). */
  controllerProxy?: true;
  /** The cluster the printed commands go to (doctor); absent, the run read no cluster. */
  reportedCluster?: ReportedCluster;
  /** The -f configuration the run judged, as a printed doctor names it (config/sources.ts configurationInput); absent, the live ConfigMap. */
  configurationInput?: ConfigurationInput;
}

/**
 * The controller's own download of an entry (same name and location): a running, ready pod whose
 * log shows it downloading the entry at its start (so the download worked), or the fatal line a
 * pod logged for it while the configuration is unchanged since.
 */
export type ControllerDownload = { result: 'loaded'; pod: string } | { result: 'failed'; pod: string; line: string };
