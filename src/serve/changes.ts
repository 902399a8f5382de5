/**
 * Notices when the argo-rollouts-config ConfigMap or a controller pod changes, so serve runs at
 * once rather than an interval later. It watches both (list, then watch from the list's
 * resourceVersion, bookmarks on), watches again when a watch ends, lists again after 410 Expired,
 * and backs off after a failure. A watch that sends something other than watch events is closed at
 * once and is a failure too. When the watch verb is refused, the server does not stream watches, or
 * MALFORMED_WATCHES_BEFORE_POLLING watches in a row were not streams of events, it falls back to
 * comparing resourceVersions every --change-poll, and says so; every WATCH_RETRY_MS it tries
 * watching again (the refusal may have been fixed), and says so. Watching and polling compare with
 * one record of what was last seen (Seen), so a change starts one run whichever of them saw it.
 */
import type { ApiFailure, ClusterClient, WatchEvent } from '../cluster/client.js';
import { CONTROLLER_SELECTOR } from '../cluster/podspec.js';
import { isPlainObject } from '../core/plain-object.js';
import { CONFIGMAP_NAME } from '../config/sources.js';
import type { ChangeState } from '../core/change-detection.js';
import { scopedSignal, sleep } from '../core/deadline.js';
import type { ControllerInfo } from '../core/report.js';
import { humanDuration } from '../core/duration.js';

type Meta = { metadata?: { name?: string; resourceVersion?: string } };

/** A list's items that are objects: a broken server's null or number says nothing of a change (doctor's run reports it). */
const listedObjects = (items: unknown): Meta[] => (Array.isArray(items) ? items.filter(isPlainObject) : []);

/**
 * What serve watches: the controller's namespace and the label selector of its pods ('': they cannot
 * be selected, only the ConfigMap is watched).
 */
export interface WatchedController {
  namespace: string;
  podSelector: string;
}

/**
 * The controller to watch: -n's namespace, else the one the last report found; its pods by the
 * selector that report read them by (a controller found without its usual labels), else the usual one.
 */
export function controllerToWatch(explicitNamespace: string | undefined, reported: ControllerInfo | undefined): WatchedController | undefined {
  const namespace = explicitNamespace ?? reported?.namespace;
  if (namespace === undefined) return undefined;
  return { namespace, podSelector: reported?.namespace === namespace && reported.podSelector !== undefined ? reported.podSelector : CONTROLLER_SELECTOR };
}

const sameController = (a: WatchedController, b: WatchedController) => a.namespace === b.namespace && a.podSelector === b.podSelector;

/**
 * What was last seen of each watched set of objects (the ConfigMap; the controller pods by their
 * selector), by Target.key: each object's name and resourceVersion. Watching and polling share it,
 * so a change one of them saw is not seen again by the other (one change, one run), and a change
 * made while neither looked is seen by whichever looks next.
 */
type Seen = Map<string, Map<string, string>>;

/** Records what a list or a poll read; true when it differs from what was seen before (never on a first look). */
function changedSince(seen: Seen, key: string, now: Map<string, string>): boolean {
  const before = seen.get(key);
  seen.set(key, now);
  return before !== undefined && !sameVersions(before, now);
}

const versionsOf = (objects: Meta[]) => new Map(objects.map((o) => [o.metadata?.name ?? '', o.metadata?.resourceVersion ?? '']));

interface Target {
  key: string;
  what: string;
  path: string;
  query: Record<string, string>;
}

/** The ConfigMap, then the controller pods when they can be selected. */
function targetsOf({ namespace, podSelector }: WatchedController): Target[] {
  const ns = encodeURIComponent(namespace);
  return [
    { key: `configmap ${namespace}`, what: `the ConfigMap ${namespace}/${CONFIGMAP_NAME}`, path: `/api/v1/namespaces/${ns}/configmaps`, query: { fieldSelector: `metadata.name=${CONFIGMAP_NAME}` } },
    ...(podSelector === '' ? [] : [{ key: `pods ${namespace} ${podSelector}`, what: `a controller pod in ${namespace}`, path: `/api/v1/namespaces/${ns}/pods`, query: { labelSelector: podSelector } }]),
  ];
}

/**
 * One poll: what each target holds now, by Target.key. A target whose read failed is left out (that
 * says nothing of a change), so a ConfigMap is still watched by polling when the pods cannot be listed;
 * undefined when nothing could be read.
 */
async function pollVersions(client: ClusterClient, controller: WatchedController, signal: AbortSignal): Promise<Seen | undefined> {
  const [configMapTarget, podsTarget] = targetsOf(controller);
  const [configMap, pods] = await Promise.all([
    client.request<Meta>({ path: `${configMapTarget!.path}/${CONFIGMAP_NAME}`, signal }),
    podsTarget && client.request<{ items?: Meta[] }>({ path: podsTarget.path, query: podsTarget.query, signal }),
  ]);
  const read: Seen = new Map();
  // A missing ConfigMap is a state too (it may be created), as an empty list is to a watch.
  if (configMap.ok || configMap.kind === 'not-found') read.set(configMapTarget!.key, versionsOf(configMap.ok ? [configMap.body] : []));
  if (podsTarget && pods?.ok) read.set(podsTarget.key, versionsOf(listedObjects(pods.body.items)));
  return read.size > 0 ? read : undefined;
}

export interface ChangeOptions {
  /** The controller to watch (controllerToWatch); undefined: not known yet. */
  controller: () => WatchedController | undefined;
  /** A client for one watch session or one poll; closed afterwards. */
  connect: (signal: AbortSignal) => Promise<ClusterClient>;
  onChange: (what: string) => void;
  signal: AbortSignal;
  log: (line: string) => void;
  /** Updated as the mode changes and watches fail. */
  state: ChangeState;
  /** Polling's period when watching is not possible (--change-poll); 0: no polling. */
  pollEveryMs: number;
  /** Whether to watch at all (false: poll only, as before watches). */
  watch?: boolean;
  /** The server ends each watch after this many seconds (a random 5-10 min, like client-go's reflector). */
  watchSeconds?: () => number;
  /** How long to poll after falling back before trying to watch again (default WATCH_RETRY_MS). */
  watchRetryMs?: number;
  /** First wait after a failed watch, doubled each time up to maxBackoffMs (default 1 s and 30 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** Longer than any real apiserver takes to close a watch at its timeoutSeconds. */
const WATCH_MARGIN_MS = 30_000;
/** Reading the kubeconfig (or the service account) and reaching the API server, for one session. */
const CONNECT_DEADLINE_MS = 30_000;
/** How often to look whether the controller is known yet (before the first report), or has moved (watching). */
const CONTROLLER_WAIT_MS = 500;
/**
 * Watches in a row answered with something other than watch events before serve polls instead: one
 * may be a proxy's passing error page; a server or proxy that ignores watch=1 answers so every time.
 */
const MALFORMED_WATCHES_BEFORE_POLLING = 3;
/**
 * How long serve polls after falling back before it tries to watch again. A refusal is usually RBAC
 * or a proxy, fixed by someone minutes later; one list and watch attempt per 10 minutes costs less
 * than the watch itself (renewed every 5-10 min) and far less than polling (60 reads at the default 10 s).
 */
const WATCH_RETRY_MS = 10 * 60_000;

/** Detects changes until the signal fires; resolves then, every watch closed. */
export async function detectChanges(options: ChangeOptions): Promise<void> {
  const { signal, state, log } = options;
  const seen: Seen = new Map();
  if (options.watch === false) {
    state.mode = options.pollEveryMs > 0 ? 'poll' : 'off';
    if (state.mode === 'poll') await pollForChanges(options, seen);
    return;
  }
  // Watching only once a watch opens (opened()): before, no report may have found the controller yet.
  state.mode = 'retry';
  const backoffMs = options.backoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  let failures = 0;
  let malformedInARow = 0;
  const retryMs = options.watchRetryMs ?? WATCH_RETRY_MS;
  /** Polls (or waits) for retryMs, then lets the loop try watching again: neither polling nor watching until a watch opens. */
  const fallBack = async ({ namespace }: WatchedController, reason: string) => {
    state.fallbackReason = reason;
    state.mode = options.pollEveryMs > 0 ? 'poll' : 'off';
    log(
      `cannot watch the ConfigMap and the controller pods in ${namespace} (${reason}): ${state.mode === 'poll' ? `polling every ${humanDuration(options.pollEveryMs)} instead (--change-poll)` : 'changes are seen at the next interval only (--change-poll 0)'}; trying to watch again in ${humanDuration(retryMs)}`,
    );
    const retry = scopedSignal(signal, retryMs);
    try {
      if (state.mode === 'poll') await pollForChanges({ ...options, signal: retry.signal }, seen);
      else await sleep(retryMs, signal);
    } finally {
      retry.dispose();
    }
    failures = 0;
    malformedInARow = 0;
    state.mode = 'retry';
    delete state.fallbackReason;
    if (!signal.aborted) log(`trying to watch the ConfigMap and the controller pods in ${namespace} again`);
  };
  // A session's watches all open: watching (again, after a fallback).
  const opened = () => {
    state.mode = 'watch';
    delete state.fallbackReason;
  };
  while (!signal.aborted) {
    const controller = options.controller();
    if (controller === undefined) {
      await sleep(CONTROLLER_WAIT_MS, signal);
      continue;
    }
    const outcome = await watchSession(options, controller, seen, opened);
    if (signal.aborted) return;
    if (outcome.kind === 'unsupported') {
      await fallBack(controller, outcome.reason);
      continue;
    }
    malformedInARow = outcome.kind === 'failed' && outcome.malformed ? malformedInARow + 1 : 0;
    if (outcome.kind === 'failed') {
      failures++;
      state.watchFailures++;
      state.mode = 'retry';
      if (malformedInARow >= MALFORMED_WATCHES_BEFORE_POLLING) {
        await fallBack(controller, `${outcome.reason}, ${malformedInARow} watches in a row`);
        continue;
      }
      const wait = Math.min(maxBackoffMs, backoffMs * 2 ** Math.min(failures - 1, 16)) * (0.75 + Math.random() / 2);
      log(`watching for changes failed (${outcome.reason}); watching again in ${humanDuration(wait)}`);
      await sleep(wait, signal);
    } else {
      failures = 0;
    }
  }
}

/** `malformed`: the watch answered something other than watch events (and was closed at once). */
type SessionEnd = { kind: 'ended' } | { kind: 'failed'; reason: string; malformed?: boolean } | { kind: 'unsupported'; reason: string };

/** One client, the watches (the ConfigMap, the controller pods when they can be selected) until one fails, the controller moves or serve stops. */
async function watchSession(options: ChangeOptions, controller: WatchedController, seen: Seen, opened: () => void): Promise<SessionEnd> {
  const { namespace, podSelector } = controller;
  // Ends both watches when one of them ends; unlinked from serve's signal afterwards (no AbortSignal.any,
  // which would keep every session's signal reachable from the long-lived one).
  const session = new AbortController();
  const { signal } = session;
  const onStop = () => session.abort();
  options.signal.addEventListener('abort', onStop, { once: true });
  if (options.signal.aborted) onStop();
  // A later report found the controller elsewhere, or its pods by another selector: end this session, the next one watches those.
  const moved = setInterval(() => {
    const now = options.controller();
    if (now !== undefined && !sameController(now, controller)) session.abort();
  }, CONTROLLER_WAIT_MS);
  let client: ClusterClient | undefined;
  try {
    const connecting = scopedSignal(signal, CONNECT_DEADLINE_MS);
    try {
      client = await options.connect(connecting.signal);
    } catch (error) {
      return { kind: 'failed', reason: (error as Error).message.split('\n')[0]! };
    } finally {
      connecting.dispose();
    }
    const targets = targetsOf(controller);
    const watching =
      podSelector === ''
        ? `watching the ConfigMap in ${namespace} for changes (not the controller pods: their Deployment's selector has no matchLabels)`
        : `watching the ConfigMap and the controller pods${podSelector === CONTROLLER_SELECTOR ? '' : ` (${podSelector})`} in ${namespace} for changes`;
    // Said once both watches of a session are open: at the start, and after a failure (watching again).
    let open = 0;
    const ends = targets.map(async (target) => {
      let counted = false;
      const end = await watchOne(client!, target, seen, options, signal, () => {
        if (counted) return;
        counted = true;
        if (++open < targets.length) return;
        opened();
        options.log(watching);
      });
      session.abort();
      return end;
    });
    const results = await Promise.all(ends);
    return results.find((e) => e.kind === 'unsupported') ?? results.find((e) => e.kind === 'failed') ?? results[0]!;
  } finally {
    clearInterval(moved);
    options.signal.removeEventListener('abort', onStop);
    session.abort();
    client?.close();
  }
}

/** List, then watch from there, again and again; a change (after the first list) calls onChange. */
async function watchOne(client: ClusterClient, target: Target, seen: Seen, options: ChangeOptions, signal: AbortSignal, watching: () => void): Promise<SessionEnd> {
  let resourceVersion: string | undefined;
  for (;;) {
    if (signal.aborted) return { kind: 'ended' };
    if (resourceVersion === undefined) {
      const list = await client.request<{ metadata?: { resourceVersion?: string }; items?: Meta[] }>({ path: target.path, query: target.query, signal });
      if (!list.ok) return ended(list, `list ${target.what}`, 'list');
      if (changedSince(seen, target.key, versionsOf(listedObjects(list.body.items)))) options.onChange(`${target.what} changed`);
      resourceVersion = list.body.metadata?.resourceVersion;
      if (resourceVersion === undefined) return { kind: 'unsupported', reason: `the list of ${target.what} has no resourceVersion` };
    }
    const known = seen.get(target.key)!;
    let expired: string | undefined;
    let failed: string | undefined;
    const seconds = options.watchSeconds?.() ?? 300 + Math.floor(Math.random() * 300);
    const began = Date.now();
    let events = 0;
    const result = await client.watch({
      path: target.path,
      query: { ...target.query, resourceVersion, allowWatchBookmarks: true, timeoutSeconds: seconds },
      timeoutMs: seconds * 1000 + WATCH_MARGIN_MS,
      signal,
      onOpen: watching,
      onEvent: (event: WatchEvent) => {
        events++;
        const meta = (event.object as Meta).metadata;
        if (event.type === 'ERROR') {
          const status = event.object as { code?: number; message?: string };
          if (status.code === 410) expired = status.message ?? '410 Expired';
          else failed ??= `the watch sent an error: ${status.message ?? JSON.stringify(event.object).slice(0, 200)}`;
          return;
        }
        if (meta?.resourceVersion) resourceVersion = meta.resourceVersion;
        if (event.type === 'BOOKMARK') return;
        const name = meta?.name ?? '';
        if (event.type === 'DELETED') known.delete(name);
        else known.set(name, meta?.resourceVersion ?? '');
        options.onChange(`${target.what} changed (${name} ${event.type.toLowerCase()})`);
      },
    });
    if (signal.aborted) return { kind: 'ended' };
    // Some servers refuse an old resourceVersion with HTTP 410 rather than an ERROR event.
    if (!result.ok && result.kind === 'expired') expired = result.message;
    else if (!result.ok) return ended(result, `watch ${target.what}`, 'watch');
    if (failed) return { kind: 'failed', reason: failed };
    if (expired) {
      // The resourceVersion fell out of the server's history: list again, as client-go's reflector does.
      options.log(`the watch of ${target.what} expired (${expired}); listing again`);
      resourceVersion = undefined;
      continue;
    }
    // A server that closes every watch at once would make this loop spin: that is a failure, backed off.
    if (events === 0 && Date.now() - began < 1_000 && seconds >= 1) return { kind: 'failed', reason: `the server closed the watch of ${target.what} at once` };
    // The server closed the watch at its timeout: watch again from where it ended.
  }
}

/**
 * A refused or unsupported watch falls back to polling; anything else is retried after a backoff,
 * 401 included: the next session connects again, with the service account's rotated token. A watch
 * stream that is not watch events is retried too (detectChanges polls once it keeps happening); a
 * list that is not JSON falls back at once.
 */
function ended(failure: ApiFailure, what: string, request: 'list' | 'watch'): SessionEnd {
  const reason = `${what}: ${failure.status && failure.status >= 300 ? `HTTP ${failure.status}: ` : ''}${failure.message.split('\n')[0]!.slice(0, 300)}`;
  if (failure.kind === 'malformed' && request === 'watch') return { kind: 'failed', reason, malformed: true };
  const unsupported = failure.kind === 'forbidden' || failure.kind === 'malformed' || failure.status === 405 || failure.kind === 'not-found' || failure.kind === 'bad-request';
  return { kind: unsupported ? 'unsupported' : 'failed', reason };
}

function sameVersions(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([name, version]) => b.get(name) === version);
}

/** Compares resourceVersions with what was last seen every pollEveryMs until the signal fires; resolves then. */
async function pollForChanges(options: ChangeOptions, seen: Seen): Promise<void> {
  const { signal } = options;
  while (!signal.aborted) {
    await sleep(options.pollEveryMs, signal);
    const controller = options.controller();
    if (signal.aborted || controller === undefined) continue;
    const poll = scopedSignal(signal, Math.max(1_000, options.pollEveryMs));
    let client: ClusterClient | undefined;
    try {
      client = await options.connect(poll.signal);
      const read = await pollVersions(client, controller, poll.signal);
      if (read === undefined) continue;
      // Every target recorded (no short-circuit), then one change for the poll however many of them changed.
      const changed = [...read].map(([key, now]) => changedSince(seen, key, now));
      if (changed.includes(true)) options.onChange(`the ConfigMap or the controller pods in ${controller.namespace} changed`);
    } catch {
      // unreachable now: the interval's run says so
    } finally {
      client?.close();
      poll.dispose();
    }
  }
}
