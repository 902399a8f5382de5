import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';

export const noPluginsConfigured: Check<ConfigFacts> = {
  meta: {
    id: 'no-plugins-configured',
    severity: 'info',
    step: 'config',
    title: 'The ConfigMap configures no plugins',
    description: 'All three plugin keys are absent or empty. Fine unless a Rollout or AnalysisTemplate uses a plugin.',
    fix: 'Add the plugins the Rollouts use, or nothing if none do.',
  },
  run(facts, report) {
    if (!facts.configMapFound || facts.entries.length > 0) return;
    if (facts.keys.some((k) => k.unmarshalError || k.shape === 'map' || k.shape === 'scalar')) return;
    if (facts.unknownDataKeys.length > 0) return; // key-unknown explains why nothing is configured
    // The ConfigMap cannot even be applied: a key is there, just not a string (data-value-not-string), or data is no mapping.
    if (facts.inputProblems.some((p) => p.kind === 'configmap-data-not-mapping' || p.kind === 'data-value-not-string')) return;
    report({
      title: 'argo-rollouts-config has no plugin entries',
      evidence: [`${facts.source}: ${facts.keys.map((k) => `${k.key}: ${k.shape}`).join(', ')}`],
      fix: 'Nothing to do unless plugins are needed.',
    });
  },
};
