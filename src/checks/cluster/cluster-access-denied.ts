import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';

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
    for (const failure of facts.permissionFailures.filter((f) => f.status !== 401)) {
      const group = failure.group ? `.${failure.group}` : '';
      const scope = failure.namespace ? ` -n ${failure.namespace}` : failure.name ? '' : ' --all-namespaces';
      report({
        title: `Not allowed to ${failure.verb} ${failure.resource}${group}${failure.namespace ? ` in ${failure.namespace}` : failure.name ? '' : ' in all namespaces'}: skipped ${failure.skipped}`,
        evidence: [failure.message, `HTTP ${failure.status}`],
        fix: `Check with \`kubectl auth can-i ${failure.verb} ${failure.resource}${group}${scope}\`; grant it with the read-only role from \`kubectl rollouts-plugins rbac\`${failure.namespace ? '' : `, or pass -n <controller namespace> to look in one namespace only`}.`,
      });
    }
  },
};
