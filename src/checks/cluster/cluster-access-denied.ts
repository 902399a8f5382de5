import type { ClusterFacts, PermissionFailure } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';

/** Resources without a namespace: "in all namespaces" would be wrong for them. */
const CLUSTER_SCOPED = new Set(['nodes', 'namespaces', 'clusteranalysistemplates', 'subjectaccessreviews', 'selfsubjectaccessreviews']);

export const clusterAccessDenied: Check<ClusterFacts> = {
  meta: {
    id: 'cluster-access-denied',
    severity: 'warning',
    step: 'cluster',
    title: 'The API server refused a read, so part of the cluster inspection was skipped',
    description:
      'The tool reads with your own credentials. A 403 names the permission that is missing; what depends on it is skipped and said so, the rest of the report still holds. A 401 means the credentials themselves were rejected.',
    fix: 'Ask for the read-only role printed by `kubectl rollouts-plugins rbac`, or pass `-n <controller namespace>` to stay within what you may read.',
    example: 'pods is forbidden: User "dev" cannot list resource "pods" in API group "" at the cluster scope',
  },
  run(facts, report) {
    const unauthorized = facts.permissionFailures.filter((f) => f.status === 401);
    if (unauthorized.length > 0) {
      report({
        title: `The API server at ${facts.server} rejected the credentials (401 Unauthorized): nothing could be read`,
        evidence: [...new Set(unauthorized.map((f) => `${f.verb} ${f.resource}: ${f.message}`))].slice(0, 5),
        fix: `Refresh the credentials of context ${facts.context ?? '(current)'} (log in again, or renew the token), then check with \`kubectl auth whoami\`.`,
      });
    }
    // One finding per missing permission (verb, resource, namespace), listing everything it skipped.
    const groups = new Map<string, PermissionFailure[]>();
    for (const failure of facts.permissionFailures.filter((f) => f.status !== 401)) {
      const key = `${failure.verb} ${failure.group}/${failure.resource} ${failure.namespace ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), failure]);
    }
    for (const failures of groups.values()) {
      const failure = failures[0]!;
      const group = failure.group ? `.${failure.group}` : '';
      const allNamespaces = !failure.namespace && !failure.name && !CLUSTER_SCOPED.has(failure.resource);
      const where = failure.namespace ? ` in ${failure.namespace}` : allNamespaces ? ' in all namespaces' : '';
      const scope = failure.namespace ? ` -n ${failure.namespace}` : allNamespaces ? ' --all-namespaces' : '';
      // `kubectl auth can-i get pods/log` would ask about a pod named "log": subresources need --subresource.
      const [resource, subresource] = failure.resource.split('/');
      const canI = `kubectl auth can-i ${failure.verb} ${resource}${group}${subresource ? ` --subresource=${subresource}` : ''}${scope}`;
      report({
        title: `Not allowed to ${failure.verb} ${failure.resource}${group}${where}: skipped ${[...new Set(failures.map((f) => f.skipped))].join('; ')}`,
        evidence: [...new Set(failures.map((f) => f.message))].concat(`HTTP ${failure.status}`),
        fix: `Check with \`${canI}\`; grant it with the read-only role from \`kubectl rollouts-plugins rbac\`${allNamespaces ? ', or pass -n <controller namespace> to look in one namespace only' : ''}.`,
      });
    }
  },
};
