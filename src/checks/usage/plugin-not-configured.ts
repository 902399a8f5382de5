import type { Check } from '../../core/check.js';
import type { UsageFacts } from '../../config/types.js';
import { configuredFor, failureFor, misregisteredPlugins } from './support.js';
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
    variants: {
      'under-unknown-key': {
        severity: 'error',
        title: 'A Rollout or AnalysisTemplate uses a plugin the controller does not have, while the ConfigMap lists plugins under a key it does not read',
        effect: 'broken-now',
        // The misspelt or legacy key (`metricPlugins`, the pre-release `plugins:`) is the cause: key-unknown says it, this is its consequence.
        symptomOf: { ids: ['key-unknown'] },
      },
    },
  },
  run(facts, report) {
    const misregistered = misregisteredPlugins(facts);
    for (const ref of facts.references) {
      const { exact, caseOnly, otherType } = configuredFor(facts, ref);
      if (exact || caseOnly || otherType) continue; // configured, or plugin-name-mismatch says what is off
      // A well-known plugin registered under another name than the one this resource uses: plugin-registered-name-mismatch says it.
      if (misregistered.some((m) => m.entry.type === ref.type && m.expected === ref.name)) continue;
      const key = keyOfType(ref.type);
      const keyFacts = facts.config.keys.find((k) => k.key === key);
      const configured = facts.config.entries.filter((e) => e.key === key).map((e) => e.name);
      // A key that may hold this type's plugins: one read as this key's misspelling, or one whose type cannot be told (`plugins`).
      const unknownKey = facts.config.unknownDataKeys.find((k) => k.suggestion === undefined || k.suggestion === key);
      report({
        ...(unknownKey && { variant: 'under-unknown-key' }),
        plugin: { name: ref.name, type: ref.type },
        // The resource's reference is what to fix, not the ConfigMap.
        ...(ref.at && { location: ref.at }),
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
