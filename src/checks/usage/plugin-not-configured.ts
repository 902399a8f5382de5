import type { Check } from '../../core/check.js';
import type { UsageFacts } from '../../config/types.js';
import { configuredFor, failureFor } from './support.js';
import { keyOfType } from '../../config/types.js';

export const pluginNotConfigured: Check<UsageFacts> = {
  meta: {
    id: 'plugin-not-configured',
    severity: 'error',
    step: 'usage',
    effect: 'broken-now',
    title: 'A Rollout or AnalysisTemplate uses a plugin the controller does not have',
    description:
      'Plugins are looked up by exact name and type. A name missing from the matching key (wrong key such as `metricPlugins`, wrong ConfigMap name or namespace, a typo) fails at run time with `unable to find plugin (NAME): plugin NAME not configured in configmap`: the Rollout stops progressing, the AnalysisRun stays running until aborted.',
    fix: 'Register the plugin under the key of its type in argo-rollouts-config, with exactly the name the resource uses, and restart the controller.',
  },
  run(facts, report) {
    for (const ref of facts.references) {
      const { exact, caseOnly, otherType } = configuredFor(facts, ref);
      if (exact || caseOnly || otherType) continue; // configured, or plugin-name-mismatch says what is off
      const key = keyOfType(ref.type);
      const keyFacts = facts.config.keys.find((k) => k.key === key);
      const configured = facts.config.entries.filter((e) => e.key === key).map((e) => e.name);
      report({
        plugin: { name: ref.name, type: ref.type },
        title: `${ref.resource} uses ${ref.name}, which is not in ${key}`,
        evidence: [
          `${ref.resource}: ${ref.path} names ${JSON.stringify(ref.name)}`,
          !facts.config.configMapFound
            ? 'there is no argo-rollouts-config ConfigMap'
            : keyFacts?.ignoredByController
              ? `${facts.config.source}: data.${key} is not read by controller ${facts.config.controllerVersion} (step plugins need v1.8.0)`
              : `${facts.config.source}: ${key} has ${configured.join(', ') || 'no entries'}`,
          `it will fail with: ${failureFor(ref)}`,
        ],
        fix: `Add it to argo-rollouts-config and restart the controller:\ndata:\n  ${key}: |\n    - name: "${ref.name}"\n      location: "https://…"`,
      });
    }
  },
};
