import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { fatalLine } from './support.js';

export const valueNotAList: Check<ConfigFacts> = {
  meta: {
    id: 'value-not-a-list',
    severity: 'error',
    step: 'config',
    effect: 'fatal-at-startup',
    title: 'A plugin key holds a mapping or a single value instead of a list',
    // Rendered from old-shape helm values: that finding names the value to rewrite, with the list to write.
    symptomOf: { ids: ['helm-values-map-shape'] },
    description:
      'Each of trafficRouterPlugins, metricProviderPlugins and stepPlugins must be a YAML list of entries. A mapping, typically `trafficRouterPlugins: {trafficRouterPlugins: …}` rendered by the argo-helm chart from the old values shape (chart 2.37.8 and later), makes the controller exit with `json: cannot unmarshal object into Go value of type []types.PluginItem` (argo-rollouts #4096).',
    fix: 'Write the value as a list: each entry starts with `- name: …`.',
    example: 'trafficRouterPlugins: |\n  trafficRouterPlugins:\n    - name: argoproj-labs/gatewayAPI',
  },
  run(facts, report) {
    for (const k of facts.keys) {
      if ((k.shape !== 'map' && k.shape !== 'scalar') || !k.unmarshalError) continue;
      report({
        location: { key: k.key },
        title: `data.${k.key} is ${k.shape === 'map' ? 'a mapping' : 'a single value'}, not a list: the controller exits at start-up`,
        evidence: [
          `${facts.source}: data.${k.key}: ${k.unmarshalError.message}`,
          ...(fatalLine(facts, k) ? [`the controller would exit with: ${fatalLine(facts, k)}`] : []),
        ],
        fix:
          k.shape === 'map'
            ? `Make data.${k.key} a list. If it reads \`${k.key}: …\` inside itself, it came from the old argo-helm values shape: in values.yaml write\ncontroller:\n  ${k.key}:\n    - name: "<namespace>/<name>"\n      location: "https://…"`
            : `Make data.${k.key} a list of entries:\n${k.key}: |\n  - name: "<namespace>/<name>"\n    location: "https://…"`,
      });
    }
  },
};
