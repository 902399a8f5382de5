import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { distinctMatches, groupEvidence, kubectl, namespaceOf, pluginRef, restartCommand } from './util.js';

export const controllerFatalConfig: Check<ClusterFacts> = {
  meta: {
    id: 'controller-fatal-config',
    severity: 'error',
    step: 'cluster',
    effect: 'fatal-while-logged',
    symptomOf: { effects: ['fatal-at-startup'] },
    title: 'The controller could not parse argo-rollouts-config at start-up and exited',
    description:
      'A value that is not a YAML list of maps, a wrong field type, a name not of the form `<namespace>/<name>` or a location that is not http(s)/file is `Failed to init config: ...` at level fatal.',
    fix: 'Correct the ConfigMap (`kubectl -n <namespace> get configmap argo-rollouts-config -o yaml | kubectl rollouts-plugins lint -f -` shows the exact problem and the corrected YAML), then restart the controller.',
    example: 'level=fatal msg="Failed to init config: failed to unmarshal traffic router plugins while initializing: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []types.PluginItem"',
  },
  run(facts, report) {
    for (const group of distinctMatches(facts, ['fatal-config'])) {
      const first = group[0]!;
      report({
        plugin: pluginRef(facts, first.plugin),
        title: `The controller rejected ${facts.configMap.source}: ${first.line.msg.replace(/^Failed to init config: /, '')}`,
        evidence: groupEvidence(group),
        fix: `Run \`${kubectl(facts, ['-n', namespaceOf(facts), 'get', 'configmap', 'argo-rollouts-config', '-o', 'yaml'], '| kubectl rollouts-plugins lint -f -')}\` for the corrected YAML, apply it, then: ${restartCommand(facts)}`,
      });
    }
  },
};
