import type { Check } from '../../core/check.js';
import type { UsageFacts } from '../../config/types.js';
import { configuredFor } from './support.js';

export const stepPluginDisabledInUse: Check<UsageFacts> = {
  meta: {
    id: 'step-plugin-disabled-in-use',
    severity: 'info',
    step: 'usage',
    title: 'A Rollout step uses a disabled step plugin: the step is skipped',
    description: 'With `disabled: true` the controller skips the plugin step in every Rollout that has it; the Rollout goes on to the next step.',
    fix: 'Remove `disabled: true` to run the step, or remove the step from the Rollout.',
  },
  run(facts, report) {
    for (const ref of facts.references) {
      if (ref.type !== 'step') continue;
      const { exact } = configuredFor(facts, ref);
      if (!exact?.disabled) continue;
      report({
        plugin: { name: ref.name, type: ref.type },
        title: `${ref.resource}: step plugin ${ref.name} is disabled, its step is skipped`,
        evidence: [`${ref.resource}: ${ref.path}`, `stepPlugins[${exact.index}]: disabled: true`],
        fix: `Delete \`disabled: true\` from stepPlugins[${exact.index}] to run it.`,
      });
    }
  },
};
