import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { refusedUser } from '../../cluster/forbidden.js';
import { distinctMatches, groupEvidence, pluginRef, refusedAccess } from './util.js';

export const logInitPluginFailed: Check<ClusterFacts> = {
  meta: {
    id: 'log-init-plugin-failed',
    severity: 'error',
    step: 'cluster',
    effect: 'broken-now',
    symptomOf: { ids: ['handshake-init-failed'] },
    title: 'A plugin started but its InitPlugin call failed',
    description:
      'After the handshake the controller calls the plugin\'s InitPlugin; an error there (missing RBAC, missing settings under the name the plugin expects, unreachable backend) stops every rollout using it.',
    fix: 'Fix what the plugin reports (often RBAC of the controller\'s service account, or the plugin\'s own configuration).',
    example: 'unable to initialize plugin via rpc (argoproj-labs/gatewayAPI): ...',
  },
  run(facts, report) {
    for (const group of distinctMatches(facts, ['init-plugin-failed'])) {
      const first = group[0]!;
      // The line is this finding alone (a log line gives one signature): its fix says the whole grant, pointing at no other finding.
      const access = refusedAccess(facts, first.line.msg);
      const refused = refusedUser(first.line.msg);
      report({
        plugin: pluginRef(facts, first.plugin),
        title: `Plugin ${first.plugin} failed to initialize: ${first.line.msg.replace(/^.*unable to initialize plugin via rpc \([^)]+\):\s*/, '')}`,
        evidence: groupEvidence(group),
        fix: access
          ? `InitPlugin runs as service account ${access.serviceAccount.replace(':', '/')}, which may not ${access.verb} ${access.refused}. Grant it, e.g.:\n${access.grant}`
          : refused !== undefined
            ? `Grant ${refused} what the message names (verb, resource, API group, namespace), with a Role (or ClusterRole) and a binding.`
            : `Fix the plugin's configuration according to the message; check the plugin's documentation for the settings it reads at InitPlugin.`,
      });
    }
  },
};
