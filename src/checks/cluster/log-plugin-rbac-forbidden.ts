import { stringify } from 'yaml';
import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { distinctMatches, groupEvidence, pluginRef } from './util.js';

const FORBIDDEN = /User "system:serviceaccount:([^:"]+):([^"]+)" cannot (\w+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)")?/;

export const logPluginRbacForbidden: Check<ClusterFacts> = {
  meta: {
    id: 'log-plugin-rbac-forbidden',
    severity: 'error',
    step: 'cluster',
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
        ? `Grant it, e.g.:\n${stringify({
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: m[6] ? 'Role' : 'ClusterRole',
            metadata: { name: `argo-rollouts-plugin-${m[4]!.replace(/\W/g, '-')}`, ...(m[6] ? { namespace: m[6] } : {}) },
            rules: [{ apiGroups: [m[5]!], resources: [m[4]!], verbs: [...new Set(['get', m[3]!])] }],
          })}---\nthen bind it: kubectl ${m[6] ? `-n ${m[6]} create rolebinding` : 'create clusterrolebinding'} argo-rollouts-plugin-${m[4]!.replace(/\W/g, '-')} --${m[6] ? 'role' : 'clusterrole'}=argo-rollouts-plugin-${m[4]!.replace(/\W/g, '-')} --serviceaccount=${m[1]}:${m[2]}`
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
