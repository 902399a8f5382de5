/**
 * Which namespace holds the controller: -n when given, else every namespace with the ConfigMap, a
 * controller pod or a controller Deployment (kept as names only), else those with a Deployment
 * running the controller image, else, when listing across namespaces is forbidden, where the
 * controller usually is and then the context's namespace.
 */
import type { V1ConfigMap, V1Deployment, V1Pod } from '@kubernetes/client-node';
import { CONFIGMAP_NAME } from '../../config/sources.js';
import type { ClusterFacts, Installation } from '../facts.js';
import { CONTROLLER_SELECTOR, controllerArgs, DEFAULT_CONTROLLER_NAMESPACE, obj, runsControllerImage } from '../podspec.js';
import type { ApiReads } from './api.js';
import { argValue, isDashboard } from './controller.js';

export interface Discovery {
  namespace?: string;
  namespaceFrom: ClusterFacts['namespaceFrom'];
  installations: Installation[];
}

/** At most this many Deployments running the controller image are kept from the whole cluster. */
const MAX_IMAGE_INSTALLATIONS = 10;

/** Deployments of every namespace running the controller image, not the dashboard (names only). */
async function byImage(api: ApiReads, skipped: string) {
  const found = await api.list<V1Deployment, { namespace: string; deployment: string }[]>(
    { path: '/apis/apps/v1/deployments' },
    { verb: 'list', resource: 'deployments', group: 'apps' },
    skipped,
    () => [],
    (kept, d) => {
      if (runsControllerImage(obj(d.spec?.template?.spec)) && d.metadata?.namespace && !isDashboard(d) && kept.length < MAX_IMAGE_INSTALLATIONS) kept.push({ namespace: d.metadata.namespace, deployment: d.metadata.name ?? '' });
    },
  );
  return found.ok ? found : { body: [] };
}

export async function discoverController(
  api: ApiReads,
  where: { explicit?: string; contextNamespace: string },
): Promise<Discovery> {
  if (where.explicit) return { namespace: where.explicit, namespaceFrom: 'flag', installations: [] };

  const skipped = 'finding the controller namespace in all namespaces';
  const byNamespace = new Map<string, Installation>();
  const entry = (ns: string): Installation => {
    const existing = byNamespace.get(ns) ?? { namespace: ns, configMap: false, pods: [] };
    byNamespace.set(ns, existing);
    return existing;
  };
  // Each list keeps namespaces and names only; the installations are assembled once all are read.
  const [configMaps, pods, deployments] = await Promise.all([
    api.list<V1ConfigMap, string[]>(
      { path: '/api/v1/configmaps', query: { fieldSelector: `metadata.name=${CONFIGMAP_NAME}` } },
      { verb: 'list', resource: 'configmaps', group: '' },
      skipped,
      () => [],
      (kept, configMap) => {
        if (configMap.metadata?.namespace) kept.push(configMap.metadata.namespace);
      },
    ),
    api.list<V1Pod, [string, string][]>(
      { path: '/api/v1/pods', query: { labelSelector: CONTROLLER_SELECTOR } },
      { verb: 'list', resource: 'pods', group: '' },
      skipped,
      () => [],
      (kept, pod) => {
        if (pod.metadata?.namespace) kept.push([pod.metadata.namespace, pod.metadata.name ?? '']);
      },
    ),
    api.list<V1Deployment, Omit<Installation, 'configMap' | 'pods'>[]>(
      { path: '/apis/apps/v1/deployments', query: { labelSelector: CONTROLLER_SELECTOR } },
      { verb: 'list', resource: 'deployments', group: 'apps' },
      skipped,
      () => [],
      (kept, d) => {
        if (!d.metadata?.namespace || isDashboard(d)) return;
        kept.push({ namespace: d.metadata.namespace, deployment: d.metadata.name, instanceId: argValue(controllerArgs(obj(d.spec?.template?.spec)), '--instance-id') });
      },
    ),
  ]);
  if (configMaps.ok || pods.ok) {
    for (const ns of configMaps.ok ? configMaps.body : []) entry(ns).configMap = true;
    for (const [ns, name] of pods.ok ? pods.body : []) entry(ns).pods.push(name);
    for (const d of deployments.ok ? deployments.body : []) Object.assign(entry(d.namespace), { deployment: d.deployment, instanceId: d.instanceId });
    // Nothing labelled and no ConfigMap (nameOverride, a custom controller.component, createConfigmap: false): the controller image.
    if (byNamespace.size === 0 && deployments.ok) {
      for (const d of (await byImage(api, 'finding the controller by its image in all namespaces')).body) Object.assign(entry(d.namespace), { deployment: d.deployment });
    }
    const installations = [...byNamespace.values()].sort((a, b) => a.namespace.localeCompare(b.namespace));
    const namespace =
      installations.find((i) => i.namespace === DEFAULT_CONTROLLER_NAMESPACE && i.pods.length > 0)?.namespace ??
      installations.find((i) => i.pods.length > 0 || i.deployment)?.namespace ??
      installations[0]?.namespace;
    return { namespace, namespaceFrom: namespace ? 'discovered' : 'none', installations };
  }

  // Listing across namespaces is not allowed: try where the controller usually is, then the context's namespace.
  for (const candidate of [...new Set([DEFAULT_CONTROLLER_NAMESPACE, where.contextNamespace])]) {
    const found = await api.list<V1Pod, string[]>(
      { path: `/api/v1/namespaces/${candidate}/pods`, query: { labelSelector: CONTROLLER_SELECTOR } },
      { verb: 'list', resource: 'pods', group: '', namespace: candidate },
      `looking for the controller in ${candidate}`,
      () => [],
      (kept, pod) => kept.push(pod.metadata?.name ?? ''),
    );
    const configMap = await api.read<V1ConfigMap>(
      { path: `/api/v1/namespaces/${candidate}/configmaps/${CONFIGMAP_NAME}` },
      { verb: 'get', resource: 'configmaps', group: '', namespace: candidate, name: CONFIGMAP_NAME },
      `looking for ${CONFIGMAP_NAME} in ${candidate}`,
    );
    const podNames = found.ok ? found.body : [];
    if (podNames.length > 0 || configMap.ok) {
      return { namespace: candidate, namespaceFrom: 'fallback', installations: [{ namespace: candidate, configMap: configMap.ok, pods: podNames }] };
    }
  }
  return { namespaceFrom: 'none', installations: [] };
}
