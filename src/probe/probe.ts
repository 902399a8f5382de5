/**
 * The probe edge: for each plugin entry, get the bytes the controller would get (HTTP like Go, or
 * the local file standing in for a file:// path), hash them into the cache, and say what they are.
 * Everything that can go wrong is recorded in ProbeFacts; only programming errors throw.
 */
import { fileErrorWords } from '../core/file-error.js';
import { basename } from 'node:path';
import { keyOfType, type LocationFacts, type PluginEntry } from '../config/types.js';

/** A plugin entry, with the config step's reading of its location when it has one. */
export type ProbeEntry = PluginEntry & { locationFacts?: LocationFacts };
import { mapConcurrent } from '../core/concurrency.js';
import { inspectBinary } from './binary.js';
import { downloadLikeGo } from './http.js';
import { HttpSession, type HttpSessionOptions } from './session.js';
import { localPathIn, readLocalFile, statLocalFile } from './local.js';
import { locationFacts } from '../config/parse.js';
import { headersFromRead } from '../config/version.js';
import { ContentSink, defaultCacheDir, storeContent, type StoreResult } from './store.js';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_DEADLINES,
  DEFAULT_MAX_SIZE,
  type Deadlines,
  type DownloadOutcome,
  type ProbeFacts,
  type ProbeOptions,
  type Sha256State,
} from './types.js';

/** The controller's rule: only a 64-character value is really compared, and exactly. */
export function sha256State(expected: string | undefined, actual: string | undefined): Sha256State {
  if (actual === undefined) return 'not-verified';
  if (!expected) return 'unpinned';
  if (expected.length !== 64) return 'cannot-match';
  return expected === actual ? 'ok' : 'mismatch';
}

/** Outcomes after which the controller has a file: its download "completed". */
const SAVED_OUTCOMES: ReadonlySet<DownloadOutcome> = new Set(['ok', 'redirect-without-location', 'http-status']);

interface RunContext {
  session: HttpSession;
  /** What the session was made with: a shared download needs the same. */
  sessionOptions: HttpSessionOptions;
  options: ProbeOptions;
  maxSize: number;
  cacheDir?: string;
}

/** `secrets`: the header values sent for the content (none for a local file), masked in what its facts quote of it. */
function finishFacts(facts: ProbeFacts, stored: StoreResult | undefined, options: ProbeOptions, secrets: readonly string[]): ProbeFacts {
  const expected = facts.entry.sha256;
  if (stored?.ok) {
    facts.content = {
      sha256: stored.sha256,
      size: stored.size,
      ...(stored.cachePath ? { cachePath: stored.cachePath } : {}),
      ...(stored.cacheIdentity ? { cacheIdentity: stored.cacheIdentity } : {}),
      ...(stored.cacheError ? { cacheError: stored.cacheError } : {}),
    };
    facts.binary = inspectBinary(stored.head, stored.size, secrets);
  }
  const actual = stored?.ok ? stored.sha256 : undefined;
  facts.sha256 = { state: sha256State(expected, actual), ...(expected ? { expected } : {}), ...(actual ? { actual } : {}) };
  if (options.expectedPlatform) facts.expectedPlatform = options.expectedPlatform;
  if (options.expectedPlatformSource) facts.expectedPlatformSource = options.expectedPlatformSource;
  if (options.proxyEnv && !options.proxy) facts.controllerProxy = true;
  return facts;
}

async function probeLocal(entry: PluginEntry, podPath: string, localPath: string | undefined, ctx: RunContext): Promise<ProbeFacts> {
  const facts: ProbeFacts = { entry, kind: 'file', sha256: { state: 'not-verified' } };
  facts.local = await statLocalFile(podPath, localPath, ctx.maxSize);
  let stored: StoreResult | undefined;
  if (facts.local.state === 'ok' && localPath) {
    stored = await storeContent(readLocalFile(localPath, ctx.options.signal), {
      maxSize: ctx.maxSize,
      ...(ctx.cacheDir ? { cacheDir: ctx.cacheDir } : {}),
      ...(ctx.options.signal ? { signal: ctx.options.signal } : {}),
    });
    if (!stored.ok && stored.reason === 'source-error') {
      facts.local = { ...facts.local, state: 'unreadable', error: fileErrorWords(stored.error) };
    }
  }
  return finishFacts(facts, stored, ctx.options, []);
}

async function probeHttp(entry: PluginEntry, url: string, ctx: RunContext): Promise<ProbeFacts> {
  const facts: ProbeFacts = { entry, kind: 'http', sha256: { state: 'not-verified' } };
  let headers: Readonly<Record<string, string>> = {};
  const secrets = headersFromRead(entry, ctx.options.judgedAt);
  if (secrets.length > 0 && ctx.options.headersFor) {
    try {
      headers = await ctx.options.headersFor(entry);
    } catch (error) {
      facts.download = {
        url,
        outcome: 'network-error',
        hops: [],
        finalUrl: url,
        decompressed: false,
        bytes: 0,
        totalMs: 0,
        error: { message: `the headersFrom Secrets could not be read: ${(error as Error).message}` },
      };
      return finishFacts(facts, undefined, ctx.options, []);
    }
  }
  if (secrets.length > 0 && Object.keys(headers).length === 0) {
    facts.headersNotSent = [...secrets];
    const why = secrets.flatMap((secret) => {
      const unread = ctx.options.headerSecretUnread?.(secret);
      return unread ? [[secret, unread] as const] : [];
    });
    if (why.length > 0) facts.headersNotSentWhy = Object.fromEntries(why);
  }
  let sink: ContentSink | undefined;
  const download = (session: HttpSession, signal: AbortSignal | undefined) =>
    downloadLikeGo(session, {
      url,
      headers,
      ...(signal ? { signal } : {}),
      openSink: () => (sink = new ContentSink({ maxSize: ctx.maxSize, ...(ctx.cacheDir ? { cacheDir: ctx.cacheDir } : {}), ...(signal ? { signal } : {}) })),
      ...(ctx.options.saveErrorPages ? { saveRejectedBody: true } : {}),
    });
  // Without credentials, the same download for several clusters of a fleet is made once.
  const shared = ctx.options.shared && Object.keys(headers).length === 0 ? ctx.options.shared : undefined;
  const key = { url, session: ctx.sessionOptions, maxSize: ctx.maxSize, ...(ctx.cacheDir ? { cacheDir: ctx.cacheDir } : {}), saveErrorPages: ctx.options.saveErrorPages === true };
  const { facts: downloadFacts, stored } = shared ? await shared.fetch(key, download, () => sink?.received ?? 0, ctx.options.signal) : await download(ctx.session, ctx.options.signal);
  facts.download = downloadFacts;
  // A body the controller would not keep (truncated, cut by a deadline) is not "the plugin".
  return finishFacts(facts, SAVED_OUTCOMES.has(downloadFacts.outcome) ? stored : undefined, ctx.options, Object.values(headers));
}

/** The controller's reading of `location` (Go's URL parser): the config step's facts when it parsed the entry. */
function whereFrom(entry: ProbeEntry): LocationFacts {
  return entry.locationFacts ?? locationFacts(entry.location);
}

function probeEntry(entry: ProbeEntry, ctx: RunContext): Promise<ProbeFacts> {
  const where = whereFrom(entry);
  // Exactly what the controller requests: an entry Go cannot send (no host, unparseable) is the config step's finding.
  if ((where.kind === 'http' || where.kind === 'https') && where.target && !where.missingHost) return probeHttp(entry, where.target, ctx);
  if (where.kind === 'file' && where.target) {
    const podPath = where.target;
    const localPath = ctx.options.pluginDir ? localPathIn(ctx.options.pluginDir, podPath) : undefined;
    return probeLocal(entry, podPath, localPath, ctx);
  }
  // The config step reports a bad scheme or URL; there is nothing to fetch.
  return Promise.resolve({ entry, kind: 'unsupported', sha256: { state: 'not-verified' } });
}

async function withSession<T>(options: ProbeOptions, run: (ctx: RunContext) => Promise<T>): Promise<T> {
  const deadlines: Deadlines = { ...DEFAULT_DEADLINES, ...options.deadlines };
  const sessionOptions: HttpSessionOptions = {
    proxyEnv: options.proxyEnv ?? process.env,
    ...(options.proxy ? { proxy: options.proxy } : {}),
    ...(options.extraCaFile ? { extraCaFile: options.extraCaFile } : {}),
    deadlines,
  };
  const session = await HttpSession.open(sessionOptions);
  const cacheDir = options.noCache ? undefined : (options.cacheDir ?? defaultCacheDir());
  try {
    return await run({ session, sessionOptions, options, maxSize: options.maxSize ?? DEFAULT_MAX_SIZE, ...(cacheDir ? { cacheDir } : {}) });
  } finally {
    session.close();
  }
}

/**
 * Probes every entry (disabled ones too: the controller downloads them at start-up), at most
 * `concurrency` at once. Resolves with one ProbeFacts per entry, in input order; never rejects
 * for a network, file or cache problem (only for an unreadable `extraCaFile`, a usage error).
 * Every socket is closed when it resolves.
 */
export function probePlugins(entries: readonly ProbeEntry[], options: ProbeOptions = {}): Promise<ProbeFacts[]> {
  return withSession(options, (ctx) =>
    mapConcurrent(entries, options.concurrency ?? DEFAULT_CONCURRENCY, (entry) => {
      const facts = probeEntry(entry, ctx);
      options.onProbing?.(entry);
      return facts;
    }),
  );
}

export interface TargetOptions extends ProbeOptions {
  /** Name for the synthetic entry (default `local/<file name>`); used in findings and the pinned YAML. */
  name?: string;
  /** A sha256 to compare with, as if configured. */
  sha256?: string;
  type?: PluginEntry['type'];
  /**
   * `handshake PATH`: a binary tested on this machine for its own sake, with no configuration entry
   * and no controller in view: fixes name the command's flags, and its platform is compared with
   * this machine's only (handshake-cannot-run-on-host).
   */
  standalone?: true;
}

/**
 * `probe URL|FILE` and `checksum URL|FILE`: an http(s) URL is downloaded like the controller does;
 * a file:// URL resolves inside `pluginDir`; anything else is a path on this machine.
 */
export function probeTarget(target: string, options: TargetOptions = {}): Promise<ProbeFacts> {
  const type = options.type ?? 'trafficrouter';
  const isUrl = /^(https?|file):/i.test(target);
  const fileName = basename(isUrl && URL.canParse(target) ? new URL(target).pathname : target) || 'plugin';
  const entry: PluginEntry = {
    type,
    key: keyOfType(type),
    index: 0,
    name: options.name ?? `local/${fileName.replace(/[^a-zA-Z0-9_.-]/g, '-')}`,
    location: isUrl ? target : `file://${target}`,
    ...(options.sha256 ? { sha256: options.sha256 } : {}),
  };
  const probed = withSession(options, (ctx) => (isUrl ? probeEntry(entry, ctx) : probeLocal(entry, target, target, ctx)));
  return options.standalone ? probed.then((facts) => ({ ...facts, standalone: true })) : probed;
}
