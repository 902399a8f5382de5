/**
 * Downloads shared by the clusters of a fleet run (or the configurations of `lint --probe`): a
 * download with the same URL and download settings (proxy, CA, deadlines, size limit, cache,
 * error-page rule) is fetched once, by whichever cluster asks first; the others get the same
 * result. The key is what decides the bytes: an entry's sha256 pin does not, so each entry judges
 * its own pin against the same bytes. A download that sends headersFrom Secrets is never shared: each cluster's
 * credentials are its own. Shared downloads run under the run's signal, not one cluster's deadline
 * (a waiter stops waiting at its own), on sessions that live until `close()`. One that no cluster
 * waits for any more is cancelled at once: a run whose clusters all have their answer leaves nothing
 * running behind its report.
 */
import { cancelled, type DownloadResult } from './http.js';
import { HttpSession, type HttpSessionOptions } from './session.js';

export interface SharedDownloadKey {
  /** The URL the controller requests (Go's reading of the location). */
  url: string;
  session: HttpSessionOptions;
  maxSize: number;
  cacheDir?: string;
  saveErrorPages: boolean;
}

/** One shared download: how many clusters wait for it, and how to stop it when none does any more. */
interface SharedDownload {
  result: Promise<DownloadResult>;
  /** How many body bytes it has taken so far: what a waiter cut off reports. */
  received: () => number;
  stop: AbortController;
  waiters: number;
  settled: boolean;
}

export class SharedDownloads {
  private readonly sessions = new Map<string, Promise<HttpSession>>();
  /** By what decides the bytes: the download a later cluster joins (or reuses once done). */
  private readonly downloads = new Map<string, SharedDownload>();
  /** Every download started, cancelled ones too: close() waits until each has removed its partial file. */
  private readonly everyDownload = new Set<SharedDownload>();

  constructor(private readonly signal?: AbortSignal) {}

  /** Downloads actually started (the rest were served from a shared one). */
  get started(): number {
    return this.everyDownload.size;
  }

  /**
   * The shared download for `key`, started with `download` on a shared session when it is the first
   * (`received`: how many body bytes that download has taken so far). A waiter leaves when
   * `waiterSignal` fires; when the last one leaves before the download ends, it is cancelled (its
   * socket closed, its partial cache file removed) and a later cluster starts it again.
   */
  fetch(
    key: SharedDownloadKey,
    download: (session: HttpSession, signal: AbortSignal | undefined) => Promise<DownloadResult>,
    received: () => number,
    waiterSignal?: AbortSignal,
  ): Promise<DownloadResult> {
    const { url, session: sessionOptions, ...rest } = key;
    if (waiterSignal?.aborted) return Promise.resolve(abortedDownload(url, waiterSignal, performance.now(), 0));
    const sessionKey = JSON.stringify([sessionOptions.proxy ?? null, sessionOptions.extraCaFile ?? null, sessionOptions.deadlines, proxyVariables(sessionOptions.proxyEnv)]);
    const resultKey = JSON.stringify([url, sessionKey, rest.maxSize, rest.cacheDir ?? null, rest.saveErrorPages]);
    let shared = this.downloads.get(resultKey);
    if (!shared) {
      let session = this.sessions.get(sessionKey);
      if (!session) {
        session = HttpSession.open(sessionOptions);
        this.sessions.set(sessionKey, session);
      }
      const stop = new AbortController();
      const signal = this.signal ? AbortSignal.any([this.signal, stop.signal]) : stop.signal;
      const fresh: SharedDownload = { result: session.then((s) => download(s, signal)), received, stop, waiters: 0, settled: false };
      const settle = () => {
        fresh.settled = true;
      };
      void fresh.result.then(settle, settle);
      this.downloads.set(resultKey, fresh);
      this.everyDownload.add(fresh);
      shared = fresh;
    }
    shared.waiters++;
    // Each cluster gets its own copy of the facts (its report may be redacted or rendered on its own).
    const own = shared.result.then((r) => ({ ...r, facts: structuredClone(r.facts) }));
    if (!waiterSignal) return own;
    const joined = shared;
    return untilAborted(own, waiterSignal, url, joined.received, () => {
      if (--joined.waiters > 0 || joined.settled) return;
      joined.stop.abort(new Error('no cluster waits for this download any more'));
      if (this.downloads.get(resultKey) === joined) this.downloads.delete(resultKey);
    });
  }

  /** Once the run has its answer: downloads still running are cancelled, each waited for until it has cleaned up, then every session closed. */
  async close(): Promise<void> {
    for (const download of this.everyDownload) if (!download.settled) download.stop.abort(new Error('the run ended'));
    await Promise.allSettled([...this.everyDownload].map((d) => d.result));
    // A session that never opened (an unreadable --ca-file) has nothing to close: its error went to the download.
    await Promise.all([...this.sessions.values()].map((s) => s.then((session) => session.close(), () => undefined)));
  }
}

/** Only the variables that choose a proxy are part of the key: the rest of an env says nothing about a download. */
function proxyVariables(env: HttpSessionOptions['proxyEnv']): [string, string | undefined][] {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'].map((name) => [name, env[name]]);
}

/** What a waiter gets when its own signal fired before the download ended, with the bytes it had taken. */
function abortedDownload(url: string, signal: AbortSignal, since: number, bytes: number): DownloadResult {
  return { facts: { url, outcome: 'aborted', hops: [], finalUrl: url, decompressed: false, bytes, totalMs: Math.round(performance.now() - since), error: cancelled(signal) } };
}

/** The shared result, or an aborted download as soon as this cluster's own signal fires (then `leave`). */
function untilAborted(result: Promise<DownloadResult>, signal: AbortSignal, url: string, received: () => number, leave: () => void): Promise<DownloadResult> {
  const since = performance.now();
  return new Promise((resolve, reject) => {
    const stop = () => {
      resolve(abortedDownload(url, signal, since, received()));
      leave();
    };
    signal.addEventListener('abort', stop, { once: true });
    result.then(
      (r) => {
        signal.removeEventListener('abort', stop);
        resolve(r);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', stop);
        reject(error as Error);
      },
    );
  });
}
