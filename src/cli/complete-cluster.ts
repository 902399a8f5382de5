/**
 * Completion candidates that only the cluster knows: namespaces for -n, plugin names for --plugin.
 * A completion must never hang the shell: one short deadline, and any failure offers nothing.
 */
import type { V1ConfigMap, V1Namespace } from '@kubernetes/client-node';
import { connectCluster } from '../cluster/client.js';
import { apiReads } from '../cluster/read/api.js';
import type { ConnectionFlags } from '../cluster/connection-flags.js';
import { parseConfigMapData } from '../config/parse.js';
import { formatDuration } from '../core/duration.js';
import { CONFIGMAP_NAME } from '../config/sources.js';
import { typedConnectionFlags } from './main.js';

const COMPLETION_TIMEOUT_MS = 2000;

export async function clusterCandidates(kind: 'namespaces' | 'plugins', words: readonly string[]): Promise<string[]> {
  const typed = typedConnectionFlags(words);
  if (!typed) return [];
  const flags: ConnectionFlags = { ...typed, requestTimeout: formatDuration(COMPLETION_TIMEOUT_MS) };
  const signal = AbortSignal.timeout(COMPLETION_TIMEOUT_MS);
  try {
    const client = await connectCluster(flags, { verify: false, maxRetries: 0, runTimeoutMs: COMPLETION_TIMEOUT_MS });
    try {
      // Paged like every list; a failure offers nothing, so it is recorded nowhere that matters.
      const api = apiReads(client, { permissionFailures: [], apiProblems: [], partialLists: [] }, new Map(), 0, { signal });
      if (kind === 'namespaces') {
        const result = await api.list<V1Namespace, string[]>({ path: '/api/v1/namespaces' }, { verb: 'list', resource: 'namespaces', group: '' }, 'completion', () => [], (names, ns) => {
          if (ns.metadata?.name) names.push(ns.metadata.name);
        });
        return result.ok ? result.body : [];
      }
      const path = flags.namespace ? `/api/v1/namespaces/${encodeURIComponent(flags.namespace)}/configmaps` : '/api/v1/configmaps';
      const result = await api.list<V1ConfigMap, Set<string>>(
        { path, query: { fieldSelector: `metadata.name=${CONFIGMAP_NAME}` } },
        { verb: 'list', resource: 'configmaps', group: '' },
        'completion',
        () => new Set(),
        (names, cm) => {
          for (const entry of parseConfigMapData(cm.data ?? {}).entries) names.add(entry.name);
        },
      );
      return result.ok ? [...result.body] : [];
    } finally {
      client.close();
    }
  } catch {
    return [];
  }
}
