/** A healthy ClusterFacts to start each check's cases from (what inspect returns for a sound install). */
import type { ClusterFacts, ControllerPodFacts } from '../../../src/cluster/facts.js';
import { emptyClusterFacts } from '../../../src/cluster/inspect.js';
import { scanLog } from '../../../src/cluster/logs.js';

export function pod(name: string, overrides: Partial<ControllerPodFacts> = {}): ControllerPodFacts {
  return {
    name,
    phase: 'Running',
    ready: true,
    node: 'node-a',
    leader: false,
    controller: { name: 'argo-rollouts', image: 'quay.io/argoproj/argo-rollouts:v1.8.3', ready: true, restarts: 0, state: 'running', startedAt: '2026-11-20T08:00:00Z' },
    initContainers: [],
    logs: {},
    ...overrides,
  };
}

export function healthyFacts(overrides: Partial<ClusterFacts> = {}): ClusterFacts {
  return {
    ...emptyClusterFacts('https://127.0.0.1:6443', false, 'prod'),
    namespace: 'argo-rollouts',
    namespaceFrom: 'discovered',
    installations: [{ namespace: 'argo-rollouts', deployment: 'argo-rollouts', configMap: true, pods: ['argo-rollouts-a', 'argo-rollouts-b'] }],
    controller: { namespace: 'argo-rollouts', deployment: 'argo-rollouts', replicas: 2, pods: [] },
    deployment: { name: 'argo-rollouts', replicas: 2, readyReplicas: 2, leaderElect: true },
    pods: [pod('argo-rollouts-a', { leader: true }), pod('argo-rollouts-b', { node: 'node-b' })],
    podSpec: {
      source: 'Deployment argo-rollouts/argo-rollouts',
      containerName: 'argo-rollouts',
      image: 'quay.io/argoproj/argo-rollouts:v1.8.3',
      args: [],
      workingDir: '/home/argo-rollouts',
      readOnlyRootFilesystem: true,
      mounts: [
        { name: 'plugin-bin', mountPath: '/home/argo-rollouts/plugin-bin', readOnly: false, volumeKind: 'emptyDir' },
        { name: 'tmp', mountPath: '/tmp', readOnly: false, volumeKind: 'emptyDir' },
      ],
      tempDir: '/tmp',
      initContainers: [],
      serviceAccount: 'argo-rollouts',
      nodeSelector: {},
      affinityArchs: [],
      envFrom: [],
    },
    configMap: { source: 'argo-rollouts/argo-rollouts-config', exists: true, data: { trafficRouterPlugins: '- name: argoproj-labs/gatewayAPI\n  location: https://example.com/gw\n' }, lastChanged: '2026-11-01T10:00:00Z', lastChangedFrom: 'managedFields' },
    plugins: [{ type: 'trafficrouter', key: 'trafficRouterPlugins', index: 0, name: 'argoproj-labs/gatewayAPI', location: 'https://example.com/gw' }],
    ...overrides,
  };
}

/** Facts whose log matches come from real log text of one pod. */
export function withLog(text: string, options: { pod?: string; previous?: boolean; facts?: Partial<ClusterFacts> } = {}): ClusterFacts {
  const scan = scanLog(text, options.pod ?? 'argo-rollouts-a', options.previous ?? false);
  return healthyFacts({
    logMatches: scan.matches,
    loadedPlugins: scan.startSeen ? [{ pod: options.pod ?? 'argo-rollouts-a', previous: options.previous ?? false, plugins: scan.loaded }] : [],
    ...options.facts,
  });
}
