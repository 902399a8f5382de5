/**
 * The controller container's logs of every controller pod, the current instance and, after a
 * restart, the previous one (bounded by tailLines), scanned for the known failure lines.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { ControllerPodFacts } from '../facts.js';
import { scanLog, type LoadedPlugin, type LogMatch } from '../logs.js';
import { mapConcurrent } from '../../core/concurrency.js';
import { MAX_CONNECTIONS } from '../client.js';
import type { ApiReads, Wire } from './api.js';
import { controllerContainerName } from './controller.js';

export interface LogsRead {
  logMatches: LogMatch[];
  loadedPlugins: { pod: string; previous: boolean; plugins: LoadedPlugin[] }[];
  /** The controller version a start-up line names, when one was read. */
  version?: string;
}

/** Log reads in flight at once: half the client's connections, so logs that hang hold none the other readers wait for. */
const LOG_CONCURRENCY = MAX_CONNECTIONS / 2;

/** Reads the logs into each pod's `logs`; matches come back in pod order, current before previous. */
export async function readControllerLogs(api: ApiReads, ns: string, pods: readonly { facts: ControllerPodFacts; raw: Wire<V1Pod> }[], tailLines: number): Promise<LogsRead> {
  const reads = pods.flatMap(({ facts: pod, raw }) => {
    const instances = [false];
    if (pod.controller && (pod.controller.restarts > 0 || pod.controller.lastTerminated)) instances.push(true);
    return instances.map((previous) => ({ pod, container: controllerContainerName(raw), previous }));
  });
  // Issued in pod order.
  const scans = await mapConcurrent(reads, LOG_CONCURRENCY, async ({ pod, container, previous }) => {
    // 400 is how the apiserver says a container has no such instance (not started yet, no previous one).
    const result = await api.read<string>(
      { path: `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(pod.name)}/log`, query: { container, tailLines, ...(previous ? { previous: true } : {}) }, as: 'text' },
      { verb: 'get', resource: 'pods/log', group: '', namespace: ns, name: pod.name },
      `${previous ? 'previous' : 'current'} logs of ${pod.name}`,
      ['bad-request'],
    );
    if (!result.ok) return undefined;
    if (previous) pod.logs.previous = result.body;
    else pod.logs.current = result.body;
    return { pod: pod.name, previous, scan: scanLog(result.body, pod.name, previous) };
  });
  const read: LogsRead = { logMatches: [], loadedPlugins: [] };
  for (const s of scans) {
    if (!s) continue;
    for (const match of s.scan.matches) read.logMatches.push(match);
    if (s.scan.startSeen) read.loadedPlugins.push({ pod: s.pod, previous: s.previous, plugins: s.scan.loaded });
    if (s.scan.version && !read.version) read.version = s.scan.version.replace(/\+.*$/, '');
  }
  return read;
}
