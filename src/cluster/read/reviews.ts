/**
 * Whether the controller's service account may do what each well-known plugin does with the API
 * (SubjectAccessReview). One review per permission at cluster scope; only where that is denied,
 * one per namespace whose Rollouts route through the plugin. The cost follows the plugins, not the
 * namespaces, in the common case of a ClusterRole.
 */
import type { V1SubjectAccessReview } from '@kubernetes/client-node';
import type { PluginEntry, PluginReference } from '../../config/types.js';
import { knownPluginNeeds } from '../../config/known-plugins.js';
import { mapConcurrent } from '../../core/concurrency.js';
import { samePlugin } from '../../core/finding.js';
import type { PluginPermissionCheck } from '../facts.js';
import type { ApiReads } from './api.js';
import { serviceAccountUser } from '../forbidden.js';

/** Namespaced reviews in flight at once, after a denial at cluster scope. */
export const REVIEW_CONCURRENCY = 8;

export interface ReviewSubject {
  /** The controller's namespace. */
  namespace: string;
  serviceAccount: string;
}

export async function reviewPluginPermissions(
  api: ApiReads,
  subject: ReviewSubject,
  plugins: readonly PluginEntry[],
  references: readonly PluginReference[],
): Promise<PluginPermissionCheck[]> {
  const user = serviceAccountUser(subject.namespace, subject.serviceAccount);
  const review = async (plugin: string, verb: string, group: string, resource: string, namespace: string | undefined): Promise<PluginPermissionCheck> => {
    const result = await api.read<V1SubjectAccessReview>(
      {
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: { user, groups: ['system:serviceaccounts', `system:serviceaccounts:${subject.namespace}`, 'system:authenticated'], resourceAttributes: { verb, group, resource, ...(namespace ? { namespace } : {}) } },
        },
      },
      { verb: 'create', resource: 'subjectaccessreviews', group: 'authorization.k8s.io' },
      `whether ${plugin} may ${verb} ${resource}`,
    );
    const allowed = result.ok ? result.body.status?.allowed === true : ('unknown' as const);
    return { plugin, serviceAccount: user, verb, group, resource, ...(namespace ? { namespace } : {}), allowed };
  };

  const asked = plugins.flatMap((plugin) =>
    knownPluginNeeds(plugin.name, plugin.location).flatMap((need) => need.verbs.map((verb) => ({ plugin, need, verb }))),
  );
  // Every cluster-scope review is issued at once, in entry order (a few per plugin).
  const clusterWide = await Promise.all(asked.map(({ plugin, need, verb }) => review(plugin.name, verb, need.group, need.resource, undefined)));
  const checks = await Promise.all(
    asked.map(async ({ plugin, need, verb }, i) => {
      const atClusterScope = clusterWide[i]!;
      // Allowed everywhere, or the reviews themselves cannot be made: the namespaces would say nothing more.
      if (atClusterScope.allowed !== false) return [atClusterScope];
      const routeNamespaces = routeNamespacesOf(plugin, references);
      if (routeNamespaces.length === 0) return [atClusterScope];
      return mapConcurrent(routeNamespaces, REVIEW_CONCURRENCY, (ns) => review(plugin.name, verb, need.group, need.resource, ns));
    }),
  );
  return checks.flat();
}

/** Namespaces of the Rollouts routing through this plugin: where it reads and updates routes. */
function routeNamespacesOf(plugin: PluginEntry, references: readonly PluginReference[]): string[] {
  return [
    ...new Set(
      references
        .filter((r) => samePlugin(r, plugin) && r.kind === 'Rollout')
        .map((r) => /^Rollout ([^/]+)\//.exec(r.resource)?.[1])
        .filter((n): n is string => !!n),
    ),
  ];
}
