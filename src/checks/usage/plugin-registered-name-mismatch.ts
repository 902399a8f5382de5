import type { Check } from '../../core/check.js';
import type { UsageFacts } from '../../config/types.js';
import { knownPluginFor } from '../../config/known-plugins.js';
import { redactText } from '../config/support.js';

export const pluginRegisteredNameMismatch: Check<UsageFacts> = {
  meta: {
    id: 'plugin-registered-name-mismatch',
    severity: 'error',
    step: 'usage',
    effect: 'breaks-users',
    title: 'A well-known plugin is registered under a name it does not look itself up by',
    description:
      'Some plugins read their settings from the Rollout under a fixed name: the Gateway API plugin under `argoproj-labs/gatewayAPI`, the OpenShift one under `argoproj-labs/openshift`, Contour under `argoproj-labs/contour`. Registered under another name the plugin starts, but finds no configuration in the Rollout and fails on every reconcile.',
    fix: 'Register it under the name the plugin expects, and use that name in the Rollouts.',
    variants: {
      unused: { severity: 'warning', title: 'A well-known plugin is registered under a name it does not look itself up by; no Rollout uses it yet' },
    },
  },
  run(facts, report) {
    for (const e of facts.config.entries) {
      const known = knownPluginFor(e.location, e.type);
      if (!known || known.expectedName === e.name) continue;
      const users = facts.references.filter((r) => r.type === e.type && r.name === e.name).map((r) => r.resource);
      report({
        plugin: { name: e.name, type: e.type },
        ...(users.length === 0 && { variant: 'unused' }),
        title: `${e.name} looks like the ${known.title.split(' (')[0]}, which expects the name ${known.expectedName}`,
        evidence: [
          `${e.key}[${e.index}]: location ${redactText(e.location)} is the ${known.title}`,
          `the plugin reads its settings from the Rollout's plugins.${JSON.stringify(known.expectedName)}, registered here as ${JSON.stringify(e.name)}`,
          ...(users.length > 0 ? [`used by ${users.join(', ')}`] : []),
        ],
        fix: `name: "${known.expectedName}"   # in ${e.key}, and under trafficRouting.plugins in the Rollouts`,
      });
    }
  },
};
