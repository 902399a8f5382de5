import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { distinctMatches, groupEvidence, pluginRef, refusedAccess } from './util.js';

export const logPluginRbacForbidden: Check<ClusterFacts> = {
  meta: {
    id: 'log-plugin-rbac-forbidden',
    severity: 'error',
    step: 'cluster',
    effect: 'broken-now',
    symptomOf: { ids: ['plugin-rbac-missing'] },
    title: 'The controller (or a plugin running as it) was refused by RBAC',
    description:
      'Plugins run inside the controller pod as its service account. Traffic router plugins change resources the default controller role does not cover (Gateway API routes, ...), so their calls are forbidden until a Role grants them.',
    fix: 'Grant the service account the verb/resource quoted, with a ClusterRole (or Role) and binding.',
    example: 'httproutes.gateway.networking.k8s.io "checkout" is forbidden: User "system:serviceaccount:argo-rollouts:argo-rollouts" cannot update resource "httproutes" in API group "gateway.networking.k8s.io" in the namespace "shop"',
  },
  run(facts, report) {
    for (const group of distinctMatches(facts, ['plugin-rbac-forbidden'])) {
      const first = group[0]!;
      const access = refusedAccess(facts, first.line.msg);
      report({
        plugin: pluginRef(facts, first.plugin),
        title: access ? `Service account ${access.serviceAccount.replace(':', '/')} may not ${access.verb} ${access.refused}` : 'The controller was refused by RBAC',
        evidence: groupEvidence(group),
        fix: access ? `Grant it, e.g.:\n${access.grant}` : 'Grant the service account what the message names (verb, resource, API group, namespace).',
      });
    }
  },
};
