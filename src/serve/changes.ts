/**
 * Notices when the ConfigMap or the controller pods change between serve's runs, so the next run
 * starts at once rather than an interval later. It compares resourceVersions from two small reads
 * every few seconds (the client has no streaming requests for the watch API); a failed read is
 * ignored: the interval's run reports it.
 */
import type { ClusterClient } from '../cluster/client.js';
import { CONTROLLER_SELECTOR } from '../cluster/podspec.js';
import { CONFIGMAP_NAME } from '../config/sources.js';
import { scopedSignal } from '../core/deadline.js';

type Meta = { metadata?: { name?: string; resourceVersion?: string } };

/** resourceVersions of the ConfigMap and the controller pods in `namespace`; undefined when a read failed. */
export async function controllerFingerprint(client: ClusterClient, namespace: string, signal: AbortSignal): Promise<string | undefined> {
  const [configMap, pods] = await Promise.all([
    client.request<Meta>({ path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps/${CONFIGMAP_NAME}`, signal }),
    client.request<{ items?: Meta[] }>({ path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, query: { labelSelector: CONTROLLER_SELECTOR }, signal }),
  ]);
  // A missing ConfigMap is a state too (it may be created); any other failure says nothing.
  const configMapVersion = configMap.ok ? (configMap.body.metadata?.resourceVersion ?? '') : configMap.kind === 'not-found' ? 'absent' : undefined;
  if (configMapVersion === undefined || !pods.ok) return undefined;
  const podVersions = (pods.body.items ?? []).map((p) => `${p.metadata?.name}@${p.metadata?.resourceVersion}`).sort();
  return [configMapVersion, ...podVersions].join(' ');
}

export interface ChangePollOptions {
  everyMs: number;
  /** The controller namespace to look in: -n, or the one the last report found; undefined: not known yet. */
  namespace: () => string | undefined;
  /** A client for one poll; closed afterwards. */
  connect: (signal: AbortSignal) => Promise<ClusterClient>;
  onChange: (what: string) => void;
  signal: AbortSignal;
}

/** Polls until the signal fires; resolves then. */
export async function pollForChanges(options: ChangePollOptions): Promise<void> {
  const { signal } = options;
  let last: { namespace: string; fingerprint: string } | undefined;
  while (!signal.aborted) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, options.everyMs);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
    const namespace = options.namespace();
    if (signal.aborted || namespace === undefined) continue;
    const poll = scopedSignal(signal, Math.max(1_000, options.everyMs));
    let client: ClusterClient | undefined;
    try {
      client = await options.connect(poll.signal);
      const fingerprint = await controllerFingerprint(client, namespace, poll.signal);
      if (fingerprint === undefined) continue;
      if (last && last.namespace === namespace && last.fingerprint !== fingerprint) options.onChange(`the ConfigMap or the controller pods in ${namespace} changed`);
      last = { namespace, fingerprint };
    } catch {
      // unreachable now: the interval's run says so
    } finally {
      client?.close();
      poll.dispose();
    }
  }
}
