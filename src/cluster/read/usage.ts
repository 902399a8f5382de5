/**
 * Which Rollouts, AnalysisTemplates and ClusterAnalysisTemplates use which plugin. Each object is
 * reduced to its plugin references as it arrives and dropped: thousands of Rollouts cost their
 * references, not their objects.
 */
import { extractPluginReferences } from '../../config/usage.js';
import type { PluginReference } from '../../config/types.js';
import type { ApiReads } from './api.js';

type UsageKind = 'Rollout' | 'AnalysisTemplate' | 'ClusterAnalysisTemplate';

export interface UsageRead {
  references: PluginReference[];
  /** How many objects of each kind were listed (absent: the list could not be read). */
  listed: Partial<Record<UsageKind, number>>;
  /** Namespaces holding Rollouts, in the order listed (where plugin events may be). */
  rolloutNamespaces: string[];
}

interface Kept {
  references: PluginReference[];
  count: number;
  namespaces: Set<string>;
}

const KINDS: { kind: UsageKind; resource: string; namespaced: boolean }[] = [
  { kind: 'Rollout', resource: 'rollouts', namespaced: true },
  { kind: 'AnalysisTemplate', resource: 'analysistemplates', namespaced: true },
  { kind: 'ClusterAnalysisTemplate', resource: 'clusteranalysistemplates', namespaced: false },
];

/** Lists across namespaces; when that is forbidden, in `fallbackNamespace` (the context's). */
export async function readUsage(api: ApiReads, fallbackNamespace: string): Promise<UsageRead> {
  const start = (): Kept => ({ references: [], count: 0, namespaces: new Set() });
  const adder = (kind: UsageKind) => (kept: Kept, item: Record<string, unknown>): void => {
    kept.count++;
    kept.references.push(...extractPluginReferences([{ ...item, kind }]));
    const ns = (item.metadata as { namespace?: unknown } | undefined)?.namespace;
    if (kind === 'Rollout' && typeof ns === 'string') kept.namespaces.add(ns);
  };
  const all = await Promise.all(
    KINDS.map(({ kind, resource }) =>
      api.list({ path: `/apis/argoproj.io/v1alpha1/${resource}` }, { verb: 'list', resource, group: 'argoproj.io' }, `which ${resource} use which plugin`, start, adder(kind)),
    ),
  );
  // The fallbacks are issued together, in KINDS order, once every cluster-wide answer is in: what a
  // refused read reports does not depend on which answer came first.
  const ns = fallbackNamespace;
  const lists = await Promise.all(
    KINDS.map(async ({ kind, resource, namespaced }, i) => {
      const result = all[i]!;
      if (result.ok || !namespaced || (result.kind !== 'forbidden' && result.kind !== 'unauthorized')) return { kind, result };
      const here = await api.list(
        { path: `/apis/argoproj.io/v1alpha1/namespaces/${ns}/${resource}` },
        { verb: 'list', resource, group: 'argoproj.io', namespace: ns },
        `which ${resource} use which plugin in ${ns}`,
        start,
        adder(kind),
      );
      return { kind, result: here };
    }),
  );
  const read: UsageRead = { references: [], listed: {}, rolloutNamespaces: [] };
  for (const { kind, result } of lists) {
    if (!result.ok) continue;
    read.references.push(...result.body.references);
    read.listed[kind] = result.body.count;
    read.rolloutNamespaces.push(...result.body.namespaces);
  }
  return read;
}
