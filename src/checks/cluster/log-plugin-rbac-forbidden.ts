import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { distinctMatches, groupEvidence, kubectl, pluginRef } from './util.js';

const FORBIDDEN = /User "system:serviceaccount:([^:"]+):([^"]+)" cannot (\w+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)")?/;

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
      const m = FORBIDDEN.exec(first.line.msg);
      const fix = m
        ? (() => {
            const [, saNamespace, saName, verb, resource, group, namespace] = m as unknown as string[];
            const name = `argo-rollouts-plugin-${resource!.replace(/\W/g, '-')}`;
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
              `then bind it: ${kubectl(facts, [...(namespace ? ['-n', namespace, 'create', 'rolebinding'] : ['create', 'clusterrolebinding']), name, `--${namespace ? 'role' : 'clusterrole'}=${name}`, `--serviceaccount=${saNamespace}:${saName}`])}`,
            ].join('\n');
          })()
        : 'Grant the service account what the message names (verb, resource, API group, namespace).';
      report({
        plugin: pluginRef(facts, first.plugin),
        title: m ? `Service account ${m[1]}/${m[2]} may not ${m[3]} ${m[4]}${m[5] ? `.${m[5]}` : ''}${m[6] ? ` in ${m[6]}` : ''}` : 'The controller was refused by RBAC',
        evidence: groupEvidence(group),
        fix,
      });
    }
  },
};
