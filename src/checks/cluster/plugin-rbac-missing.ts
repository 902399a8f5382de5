import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { kubectl, pluginRef } from './util.js';

export const pluginRbacMissing: Check<ClusterFacts> = {
  meta: {
    id: 'plugin-rbac-missing',
    severity: 'error',
    step: 'cluster',
    effect: 'breaks-users',
    title: 'The controller\'s service account lacks access a well-known plugin needs',
    description:
      'Plugins run as the controller\'s service account. A SubjectAccessReview says whether it may do what the plugin does (e.g. the Gateway API plugin gets and updates HTTPRoutes); without it the plugin\'s calls are forbidden and rollouts stall.',
    fix: 'Grant the access with a ClusterRole (or Role per namespace) bound to the controller\'s service account.',
  },
  run(facts, report) {
    const denied = facts.pluginPermissions.filter((p) => p.allowed === false);
    const byPlugin = new Map<string, typeof denied>();
    for (const d of denied) byPlugin.set(d.plugin, [...(byPlugin.get(d.plugin) ?? []), d]);
    for (const [plugin, checks] of byPlugin) {
      const first = checks[0]!;
      const sa = first.serviceAccount.replace(/^system:serviceaccount:/, '');
      const name = `${plugin.replace(/[^a-zA-Z0-9]+/g, '-').toLowerCase()}-plugin`;
      report({
        plugin: pluginRef(facts, plugin),
        title: `${first.serviceAccount} may not ${[...new Set(checks.map((c) => c.verb))].join('/')} ${first.resource}.${first.group}, which ${plugin} needs`,
        evidence: checks.map((c) => `SubjectAccessReview: ${c.verb} ${c.resource}.${c.group}${c.namespace ? ` in ${c.namespace}` : ' (cluster scope)'} → denied`),
        fix: [
          'apiVersion: rbac.authorization.k8s.io/v1',
          'kind: ClusterRole',
          'metadata:',
          `  name: ${name}`,
          'rules:',
          `  - apiGroups: ["${first.group}"]`,
          `    resources: [${first.resource}]`,
          '    verbs: [get, list, watch, update, patch]',
          '---',
          kubectl(facts, ['create', 'clusterrolebinding', name, `--clusterrole=${name}`, `--serviceaccount=${sa}`]),
        ].join('\n'),
      });
    }
  },
};
