/**
 * The OS/arch the controller runs on, for the probe to expect: the nodes of its pods, else its
 * nodeSelector, else its node affinity, else every distinct platform among all nodes.
 */
import type { V1Node } from '@kubernetes/client-node';
import type { NodePlatform, PodSpecFacts } from '../facts.js';
import type { ApiReads, Wire } from './api.js';

export async function readNodePlatforms(api: ApiReads, podNodes: readonly string[], podSpec: PodSpecFacts): Promise<NodePlatform[]> {
  const nodes = [...new Set(podNodes)];
  // The nodes of the controller pods are few: all read at once, kept in pod order.
  const read = await Promise.all(
    nodes.map((node) => api.read<V1Node>({ path: `/api/v1/nodes/${node}` }, { verb: 'get', resource: 'nodes', group: '', name: node }, `the OS/arch of node ${node}`)),
  );
  const platforms: NodePlatform[] = read.flatMap((result, i) => (result.ok ? [{ ...platformOf(result.body), from: `node ${nodes[i]}` }] : []));
  if (platforms.length > 0) return platforms;
  const arch = podSpec.nodeSelector['kubernetes.io/arch'];
  if (arch) return [{ os: podSpec.nodeSelector['kubernetes.io/os'] ?? 'linux', arch, from: 'nodeSelector' }];
  if (podSpec.affinityArchs.length > 0) return podSpec.affinityArchs.map((a) => ({ os: 'linux', arch: a, from: 'node affinity' }));
  // Only platforms not seen yet are kept: a cluster of thousands of nodes costs a few entries.
  const all = await api.list<V1Node, NodePlatform[]>(
    { path: '/api/v1/nodes' },
    { verb: 'list', resource: 'nodes', group: '' },
    'the OS/arch of the nodes',
    () => [],
    (kept, node) => {
      const p = platformOf(node);
      if (!kept.some((k) => k.os === p.os && k.arch === p.arch)) kept.push({ ...p, from: 'all nodes' });
    },
  );
  // An item left out may be a node of another platform, the controller's: a list read in part names none.
  return all.ok && all.leftOut === 0 ? all.body : [];
}

function platformOf(node: Wire<V1Node>): Omit<NodePlatform, 'from'> {
  const info = node.status?.nodeInfo;
  const labels = node.metadata?.labels ?? {};
  return {
    os: info?.operatingSystem ?? labels['kubernetes.io/os'] ?? 'unknown',
    arch: info?.architecture ?? labels['kubernetes.io/arch'] ?? 'unknown',
  };
}
