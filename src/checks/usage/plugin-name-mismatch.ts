import type { Check } from '../../core/check.js';
import type { UsageFacts } from '../../config/types.js';
import { configuredFor, failureFor } from './support.js';
import { keyOfType } from '../../config/types.js';

export const pluginNameMismatch: Check<UsageFacts> = {
  meta: {
    id: 'plugin-name-mismatch',
    severity: 'error',
    step: 'usage',
    effect: 'broken-now',
    title: 'A resource names a plugin that is configured only with another case or under another type',
    description:
      'The lookup is exact and by type: `argoproj-labs/GatewayAPI` does not find `argoproj-labs/gatewayAPI`, and a plugin under `metricProviderPlugins` is not found by a Rollout\'s trafficRouting. The resource fails with `plugin … not configured in configmap`.',
    fix: 'Use the same spelling in the resource and the ConfigMap, under the key of the plugin\'s type.',
  },
  run(facts, report) {
    for (const ref of facts.references) {
      const { exact, caseOnly, otherType } = configuredFor(facts, ref);
      if (exact || (!caseOnly && !otherType)) continue;
      const near = caseOnly ?? otherType;
      if (!near) continue;
      const evidence = [
        `${ref.resource}: ${ref.path} names ${JSON.stringify(ref.name)}`,
        caseOnly
          ? `${keyOfType(ref.type)} has ${JSON.stringify(caseOnly.name)}: same name in another case`
          : `${JSON.stringify(ref.name)} is configured under ${otherType?.key}, not ${keyOfType(ref.type)}`,
        `it will fail with: ${failureFor(ref)}`,
      ];
      report({
        plugin: { name: ref.name, type: ref.type },
        // The fix starts at the resource's spelling: its reference is where to look; or it moves the entry configured under another type.
        ...(caseOnly ? ref.at && { location: ref.at } : otherType && { location: { key: otherType.key, entry: otherType.index } }),
        title: caseOnly
          ? `${ref.resource} uses ${ref.name} but the ConfigMap says ${caseOnly.name}`
          : `${ref.resource} uses ${ref.name} as a ${ref.type} plugin, but it is configured under ${otherType?.key}`,
        evidence,
        fix: caseOnly
          ? `Use one spelling: name: "${caseOnly.name}" in ${ref.resource} (${ref.path}), or rename the ConfigMap entry.`
          : `Move the entry to ${keyOfType(ref.type)} (a binary serves one plugin type: check it is a ${ref.type} plugin).`,
      });
    }
  },
};
