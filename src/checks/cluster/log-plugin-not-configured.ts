import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { distinctMatches, groupEvidence, restartCommand } from './util.js';

export const logPluginNotConfigured: Check<ClusterFacts> = {
  meta: {
    id: 'log-plugin-not-configured',
    severity: 'error',
    step: 'cluster',
    effect: 'broken-now',
    symptomOf: { ids: ['plugin-not-configured', 'plugin-name-mismatch', 'config-drift-restart-pending'] },
    title: 'A Rollout or AnalysisTemplate uses a plugin the running controller does not have',
    description:
      'The name in the Rollout/AnalysisTemplate must equal (case-sensitive) a `name` under the right key of argo-rollouts-config in the controller namespace, as read when the controller started.',
    fix: 'Make the names match, under the key of the right plugin type, and restart the controller if the ConfigMap changed.',
    example: 'unable to find plugin (argoproj-labs/gatewayapi): plugin argoproj-labs/gatewayapi not configured in configmap',
  },
  run(facts, report) {
    for (const group of distinctMatches(facts, ['plugin-not-configured'])) {
      const first = group[0]!;
      const names = facts.plugins.map((p) => `${p.name} (${p.key})`);
      report({
        title: `Plugin ${first.plugin} is used but not configured in the running controller`,
        evidence: [...groupEvidence(group), `configured now in ${facts.configMap.source}: ${names.length ? names.join(', ') : 'none'}`],
        fix: `Add ${first.plugin} to ${facts.configMap.source} under the key of its type (or correct the name where it is used), then: ${restartCommand(facts)}`,
      });
    }
  },
};
