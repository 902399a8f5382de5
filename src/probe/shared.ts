/**
 * Downloads shared by the clusters of a fleet run (or the configurations of `lint --probe`): a
 * download with the same URL and download settings (proxy, CA, deadlines, size limit, cache,
 * error-page rule) is fetched once, by whichever cluster asks first; the others get the same
 * result. The key is what decides the bytes: an entry's sha256 pin does not, so each entry judges
 * its own pin against the same bytes. A download that sends headersFrom Secrets is never shared: each cluster's
 * credentials are its own. Shared downloads run under the run's signal, not one cluster's deadline
 * (a waiter stops waiting at its own), on sessions that live until `close()`.
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

export class SharedDownloads {
  private readonly sessions = new Map<string, Promise<HttpSession>>();
  private readonly results = new Map<string, { result: Promise<DownloadResult>; received: () => number }>();
  /** Downloads actually started (the rest were served from a shared one). */
  started = 0;

  constructor(private readonly signal?: AbortSignal) {}

  /**
   * The shared download for `key`, started with `download` on a shared session when it is the first;
   * `received` says how many body bytes that download has taken so far (a waiter cut off reports them).
   */
  fetch(
    key: SharedDownloadKey,
    download: (session: HttpSession, signal: AbortSignal | undefined) => Promise<DownloadResult>,
    received: () => number,
    waiterSignal?: AbortSignal,
  ): Promise<DownloadResult> {
    const { url, session: sessionOptions, ...rest } = key;
    const sessionKey = JSON.stringify([sessionOptions.proxy ?? null, sessionOptions.extraCaFile ?? null, sessionOptions.deadlines, proxyVariables(sessionOptions.proxyEnv)]);
    const resultKey = JSON.stringify([url, sessionKey, rest.maxSize, rest.cacheDir ?? null, rest.saveErrorPages]);
    let started = this.results.get(resultKey);
    if (!started) {
      let session = this.sessions.get(sessionKey);
      if (!session) {
        session = HttpSession.open(sessionOptions);
        this.sessions.set(sessionKey, session);
      }
      this.started++;
      started = { result: session.then((s) => download(s, this.signal)), received };
      this.results.set(resultKey, started);
    }
    // Each cluster gets its own copy of the facts (its report may be redacted or rendered on its own).
    const own = started.result.then((r) => ({ ...r, facts: structuredClone(r.facts) }));
    return waiterSignal ? untilAborted(own, waiterSignal, url, started.received) : own;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.results.values()].map((r) => r.result));
    // A session that never opened (an unreadable --ca-file) has nothing to close: its error went to the download.
    await Promise.all([...this.sessions.values()].map((s) => s.then((session) => session.close(), () => undefined)));
  }
}

/** Only the variables that choose a proxy are part of the key: the rest of an env says nothing about a download. */
function proxyVariables(env: HttpSessionOptions['proxyEnv']): [string, string | undefined][] {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'].map((name) => [name, env[name]]);
}

/** The shared result, or an aborted download (with the bytes it had taken) as soon as this cluster's own signal fires. */
function untilAborted(result: Promise<DownloadResult>, signal: AbortSignal, url: string, received: () => number): Promise<DownloadResult> {
  const started = performance.now();
  const aborted = (): DownloadResult => ({
    facts: { url, outcome: 'aborted', hops: [], finalUrl: url, decompressed: false, bytes: received(), totalMs: Math.round(performance.now() - started), error: cancelled(signal) },
  });
  if (signal.aborted) return Promise.resolve(aborted());
  return new Promise((resolve) => {
    const stop = () => resolve(aborted());
    signal.addEventListener('abort', stop, { once: true });
    void result.then((r) => {
      signal.removeEventListener('abort', stop);
      resolve(r);
    });
  });
}
