import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { parseRefusal, serviceAccountOf } from '../../cluster/forbidden.js';
import { distinctMatches, groupEvidence, kubectl, pluginRef } from './util.js';

/** The refusal a log line quotes, when a service account was refused and the line names the API group. */
function serviceAccountRefusal(line: string) {
  const refusal = parseRefusal(line);
  const serviceAccount = refusal && serviceAccountOf(refusal.user);
  return refusal?.group !== undefined && serviceAccount !== undefined ? { ...refusal, group: refusal.group, serviceAccount } : undefined;
}

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
      const m = serviceAccountRefusal(first.line.msg);
      const fix = m
        ? (() => {
            const { serviceAccount, verb, resource, group, namespace } = m;
            const name = `argo-rollouts-plugin-${resource.replace(/\W/g, '-')}`;
            return [
              'Grant it, e.g.:',
              'apiVersion: rbac.authorization.k8s.io/v1',
              `kind: ${namespace ? 'Role' : 'ClusterRole'}`,
              'metadata:',
              `  name: ${name}`,
              ...(namespace ? [`  namespace: ${namespace}`] : []),
              'rules:',
              `  - apiGroups: ["${group}"]`,
              `    resources: [${resource}]`,
              `    verbs: [${[...new Set(['get', verb])].join(', ')}]`,
              '---',
              `then bind it: ${kubectl(facts, [...(namespace ? ['-n', namespace, 'create', 'rolebinding'] : ['create', 'clusterrolebinding']), name, `--${namespace ? 'role' : 'clusterrole'}=${name}`, `--serviceaccount=${serviceAccount}`])}`,
            ].join('\n');
          })()
        : 'Grant the service account what the message names (verb, resource, API group, namespace).';
      report({
        plugin: pluginRef(facts, first.plugin),
        title: m ? `Service account ${m.serviceAccount.replace(':', '/')} may not ${m.verb} ${m.resource}${m.group ? `.${m.group}` : ''}${m.namespace ? ` in ${m.namespace}` : ''}` : 'The controller was refused by RBAC',
        evidence: groupEvidence(group),
        fix,
      });
    }
  },
};
