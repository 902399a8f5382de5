/** The report's `source` for the live ConfigMap, with its drift against the running containers. */
import type { ConfigSource } from '../core/report.js';
import type { ClusterFacts } from './facts.js';

export function configSourceFromCluster(facts: ClusterFacts): ConfigSource {
  if (!facts.configMap.exists) {
    return { kind: 'none', description: `${facts.configMap.source} (not found${facts.namespace ? '' : ': no controller namespace'})` };
  }
  const changed = facts.configMap.lastChanged;
  const starts = facts.pods.map((p) => p.controller?.startedAt).filter((t): t is string => !!t);
  return {
    kind: 'cluster',
    description: facts.configMap.source,
    ...(changed ? { lastChanged: changed } : {}),
    ...(changed && starts.length > 0 ? { changedSincePodsStarted: starts.some((t) => Date.parse(t) < Date.parse(changed)) } : {}),
  };
}
