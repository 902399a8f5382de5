import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { parsePathRefusal, parseRefusal, serviceAccountOf } from '../../cluster/forbidden.js';
import { distinctMatches, groupEvidence, kubectl, pluginRef } from './util.js';

/** The refusal a log line quotes, when a service account was refused and the line names the API group. */
function serviceAccountRefusal(line: string) {
  const refusal = parseRefusal(line);
  const serviceAccount = refusal && serviceAccountOf(refusal.user);
  return refusal?.group !== undefined && serviceAccount !== undefined ? { ...refusal, group: refusal.group, serviceAccount } : undefined;
}

/** The refusal of a path a log line quotes (discovery, /version), when a service account was refused. */
function serviceAccountPathRefusal(line: string) {
  const refusal = parsePathRefusal(line);
  const serviceAccount = refusal && serviceAccountOf(refusal.user);
  return serviceAccount !== undefined ? { ...refusal!, serviceAccount } : undefined;
}

/** A ClusterRole granting `rules` (YAML lines) and the command binding it to `serviceAccount` (`namespace:name`). */
function grant(facts: ClusterFacts, name: string, namespace: string | undefined, rules: string[], serviceAccount: string): string {
  return [
    'Grant it, e.g.:',
    'apiVersion: rbac.authorization.k8s.io/v1',
    `kind: ${namespace ? 'Role' : 'ClusterRole'}`,
    'metadata:',
    `  name: ${name}`,
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    'rules:',
    ...rules,
    '---',
    `then bind it: ${kubectl(facts, [...(namespace ? ['-n', namespace, 'create', 'rolebinding'] : ['create', 'clusterrolebinding']), name, `--${namespace ? 'role' : 'clusterrole'}=${name}`, `--serviceaccount=${serviceAccount}`])}`,
  ].join('\n');
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
      // A path is granted by nonResourceURLs, in a ClusterRole only: paths have no namespace.
      const path = m ? undefined : serviceAccountPathRefusal(first.line.msg);
      const fix = m
        ? grant(facts, `argo-rollouts-plugin-${m.resource.replace(/\W/g, '-')}`, m.namespace, [`  - apiGroups: ["${m.group}"]`, `    resources: [${m.resource}]`, `    verbs: [${[...new Set(['get', m.verb])].join(', ')}]`], m.serviceAccount)
        : path
          ? grant(facts, `argo-rollouts-plugin-path${path.path.replace(/\W+/g, '-').replace(/-$/, '')}`, undefined, [`  - nonResourceURLs: [${JSON.stringify(path.path)}]`, `    verbs: [${path.verb}]`], path.serviceAccount)
          : 'Grant the service account what the message names (verb, resource, API group, namespace).';
      const refused = m ? `${m.resource}${m.group ? `.${m.group}` : ''}${m.namespace ? ` in ${m.namespace}` : ''}` : path && `path ${path.path}`;
      const who = m ?? path;
      report({
        plugin: pluginRef(facts, first.plugin),
        title: who ? `Service account ${who.serviceAccount.replace(':', '/')} may not ${who.verb} ${refused}` : 'The controller was refused by RBAC',
        evidence: groupEvidence(group),
        fix,
      });
    }
  },
};
