import type { ClusterFacts } from '../../cluster/facts.js';
import { parseControllerVersion } from '../../config/version.js';
import type { Check } from '../../core/check.js';
import { shellQuote } from '../../core/shell.js';
import { distinctMatches, groupEvidence, kubectl, namespaceOf, pluginRef, restartCommand } from './util.js';

/**
 * `lint -f -` judging the live ConfigMap at the release this run judged it at: the run's
 * --controller-version, else the controller's own (lint alone would assume the latest). A run that
 * judged a -f file at --controller-version did not judge the live one: the controller's own release rejected it.
 */
function lintArgs(facts: ClusterFacts): string[] {
  const input = facts.configurationInput;
  const flag = input?.controllerVersion;
  const judgedFile = input !== undefined && !('args' in input && input.args.length === 0);
  const release = judgedFile ? (facts.controller.version ?? flag) : (flag ?? facts.controller.version);
  return ['lint', '-f', '-', ...(release !== undefined && parseControllerVersion(release) ? ['--controller-version', release] : [])];
}

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
    fix: 'Correct the ConfigMap (`kubectl -n <namespace> get configmap argo-rollouts-config -o yaml | kubectl rollouts-plugins lint -f - --controller-version <its-release>` shows the exact problem and the corrected YAML; doctor prints it with the release it judged at), then restart the controller.',
    example: 'level=fatal msg="Failed to init config: failed to unmarshal traffic router plugins while initializing: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []types.PluginItem"',
  },
  run(facts, report) {
    for (const group of distinctMatches(facts, ['fatal-config'])) {
      const first = group[0]!;
      report({
        plugin: pluginRef(facts, first.plugin),
        title: `The controller rejected ${facts.configMap.source}: ${first.line.msg.replace(/^Failed to init config: /, '')}`,
        evidence: groupEvidence(group),
        fix: `Run \`${kubectl(facts, ['-n', namespaceOf(facts), 'get', 'configmap', 'argo-rollouts-config', '-o', 'yaml'], `| kubectl rollouts-plugins ${lintArgs(facts).map(shellQuote).join(' ')}`)}\` for the corrected YAML, apply it, then: ${restartCommand(facts)}`,
      });
    }
  },
};
