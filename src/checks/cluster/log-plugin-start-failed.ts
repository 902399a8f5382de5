import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { distinctMatches, groupEvidence, pluginRef, restartCommand } from './util.js';

export const logPluginStartFailed: Check<ClusterFacts> = {
  meta: {
    id: 'log-plugin-start-failed',
    severity: 'error',
    step: 'cluster',
    effect: 'broken-now',
    symptomOf: { effects: ['breaks-users'] },
    title: 'A plugin could not be started when a rollout or analysis needed it',
    description:
      'Plugins start lazily, the first time a Rollout or AnalysisRun uses them; a binary that downloaded fine but cannot run (wrong OS/arch, not a go-plugin of this type, bad `args`, exits early) fails there, in the leader\'s log only.',
    fix: 'Use a binary built for the controller\'s nodes and of the right plugin type; `kubectl rollouts-plugins doctor` launches it to prove it.',
    example: 'level=error msg="unable to get plugin client (argoproj-labs/gatewayAPI): fork/exec /home/argo-rollouts/plugin-bin/argoproj-labs/gatewayAPI: exec format error"',
  },
  run(facts, report) {
    // Plugins that also log "Stdout already set" are reported, with this line as their cause, by log-stdout-already-set.
    const cached = new Set(facts.logMatches.filter((m) => m.signature === 'stdout-already-set').map((m) => m.plugin));
    for (const group of distinctMatches(facts, ['plugin-client-failed', 'plugin-start-failed', 'plugin-exited-before-connect'])) {
      const first = group[0]!;
      if (first.signature === 'plugin-client-failed' && cached.has(first.plugin)) continue;
      report({
        plugin: pluginRef(facts, first.plugin),
        title: `Plugin ${first.plugin ?? '(unnamed)'} could not be started: ${first.line.msg}`,
        evidence: groupEvidence(group),
        fix: `${/exec format error/.test(first.line.msg) ? 'The binary is for another OS/architecture: use the linux build matching the nodes. ' : /no such file or directory/.test(first.line.msg) ? 'The binary needs a dynamic loader the distroless image lacks, or is missing: use a statically linked linux build. ' : ''}Correct the plugin's location (or args), then: ${restartCommand(facts)}`,
      });
    }
  },
};
