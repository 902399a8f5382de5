/**
 * Completion candidates that only the cluster knows: namespaces for -n, plugin names for --plugin.
 * A completion must never hang the shell: one short deadline, and any failure offers nothing.
 */
import { connectCluster } from '../cluster/client.js';
import type { ConnectionFlags } from '../cluster/kubeconfig.js';
import { parseConfigMapData } from '../config/parse.js';
import { CONFIGMAP_NAME } from '../config/sources.js';

const COMPLETION_TIMEOUT_MS = 2000;

/** The connection flags already typed on the command line (kubectl completes with them too). */
function typedFlags(words: readonly string[]): ConnectionFlags {
  const flags: ConnectionFlags = { requestTimeout: `${COMPLETION_TIMEOUT_MS}ms` };
  const value = (...names: string[]) => {
    const i = words.findIndex((w) => names.includes(w));
    return i >= 0 && i + 1 < words.length - 1 ? words[i + 1] : undefined;
  };
  const kubeconfig = value('--kubeconfig');
  const context = value('--context');
  const namespace = value('-n', '--namespace');
  if (kubeconfig) flags.kubeconfig = kubeconfig;
  if (context) flags.context = context;
  if (namespace) flags.namespace = namespace;
  return flags;
}

export async function clusterCandidates(kind: 'namespaces' | 'plugins', words: readonly string[]): Promise<string[]> {
  const flags = typedFlags(words);
  const signal = AbortSignal.timeout(COMPLETION_TIMEOUT_MS);
  try {
    const client = await connectCluster(flags, { verify: false, maxRetries: 0, defaultTimeoutMs: COMPLETION_TIMEOUT_MS });
    try {
      if (kind === 'namespaces') {
        const result = await client.request<{ items?: { metadata?: { name?: string } }[] }>({ path: '/api/v1/namespaces', signal });
        return result.ok ? (result.body.items ?? []).map((i) => i.metadata?.name ?? '').filter(Boolean) : [];
      }
      const path = flags.namespace ? `/api/v1/namespaces/${encodeURIComponent(flags.namespace)}/configmaps` : '/api/v1/configmaps';
      const result = await client.request<{ items?: { data?: Record<string, string> }[] }>({
        path,
        query: { fieldSelector: `metadata.name=${CONFIGMAP_NAME}` },
        signal,
      });
      if (!result.ok) return [];
      return [...new Set((result.body.items ?? []).flatMap((cm) => parseConfigMapData(cm.data ?? {}).entries.map((e) => e.name)))];
    } finally {
      client.close();
    }
  } catch {
    return [];
  }
}
