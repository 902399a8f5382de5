import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';

export const keyUnknown: Check<ConfigFacts> = {
  meta: {
    id: 'key-unknown',
    severity: 'error',
    step: 'config',
    title: 'A ConfigMap key looks like a plugin key but is not one: its plugins are never loaded',
    description:
      'The controller reads exactly `trafficRouterPlugins`, `metricProviderPlugins` and `stepPlugins` (case-sensitive). `metricPlugins`, `trafficRouterPlugin` or `stepplugins` are ignored silently, and every Rollout or AnalysisRun using those plugins fails with `plugin … not configured in configmap` (reported inside this finding). When the key is a misspelling of a real one, its entries are also judged as the controller would meet them once renamed, and what breaks there is reported on its own.',
    fix: 'Rename the key to the exact name.',
    example: 'data:\n  metricPlugins: |',
  },
  run(facts, report) {
    for (const k of facts.unknownDataKeys) {
      report({
        title: `data.${k.key} is not read by the controller${k.suggestion ? ` (did you mean ${k.suggestion}?)` : ''}`,
        evidence: [`${facts.source}: data keys read by the controller: trafficRouterPlugins, metricProviderPlugins, stepPlugins; found ${JSON.stringify(k.key)}`],
        fix: k.suggestion ? `Rename data.${k.key} to data.${k.suggestion}.` : `Move its entries under trafficRouterPlugins, metricProviderPlugins or stepPlugins.`,
      });
    }
  },
};
