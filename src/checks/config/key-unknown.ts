import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';

/** The variant config/lint.ts reports for an entry under a misspelt key that would stop the controller once renamed. */
export const FAILS_AFTER_RENAME = 'fails-after-rename';

export const keyUnknown: Check<ConfigFacts> = {
  meta: {
    id: 'key-unknown',
    severity: 'error',
    step: 'config',
    title: 'A ConfigMap key looks like a plugin key but is not one: its plugins are never loaded',
    description:
      'The controller reads exactly `trafficRouterPlugins`, `metricProviderPlugins` and `stepPlugins` (case-sensitive). `metricPlugins`, `trafficRouterPlugin` or `stepplugins` are ignored silently, and every Rollout or AnalysisRun using those plugins fails with `plugin … not configured in configmap` (reported inside this finding). When the key is a misspelling of a real one, its entries are also judged as the controller would meet them once renamed, and what breaks there is reported on its own; what would stop the controller then is `key-unknown/fails-after-rename`, which leaves the restart verdict as it is (today the controller ignores the key and starts).',
    fix: 'Rename the key to the exact name, once nothing under it would stop the controller.',
    example: 'data:\n  metricPlugins: |',
    variants: {
      // Reported by config/lint.ts, which judges the renamed entries with every check. No effect: the controller ignores the key today and starts.
      [FAILS_AFTER_RENAME]: {
        severity: 'error',
        title: 'An entry under a misspelt key would stop the controller once the key is renamed as suggested',
      },
    },
  },
  run(facts, report) {
    for (const k of facts.unknownDataKeys) {
      const fatal = k.renamed?.verdict.fatal;
      report({
        title: `data.${k.key} is not read by the controller${k.suggestion ? ` (did you mean ${k.suggestion}?)` : ''}`,
        evidence: [
          `${facts.source}: data keys read by the controller: trafficRouterPlugins, metricProviderPlugins, stepPlugins; found ${JSON.stringify(k.key)}`,
          ...(fatal ? [`renamed to ${k.suggestion} as it is, the controller would exit at start-up: ${fatal.message}`] : []),
        ],
        fix: !k.suggestion
          ? `Move its entries under trafficRouterPlugins, metricProviderPlugins or stepPlugins.`
          : fatal
            ? `First fix ${fatal.name ?? 'its entries'} (key-unknown/${FAILS_AFTER_RENAME}), then rename data.${k.key} to data.${k.suggestion}: renamed as it is, the controller would not start.`
            : `Rename data.${k.key} to data.${k.suggestion}.`,
      });
    }
  },
};
