import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { restartCommand } from './util.js';

export const configDriftRestartPending: Check<ClusterFacts> = {
  meta: {
    id: 'config-drift-restart-pending',
    severity: 'warning',
    step: 'cluster',
    title: 'argo-rollouts-config changed after the controller started: the change is not applied yet',
    description:
      'The controller reads the ConfigMap once, at start-up. A later edit changes nothing until the next restart (a node drain, an upgrade, a crash), and a bad edit then stops the controller from starting: a time bomb. The rest of this report checks the ConfigMap as it is now.',
    fix: 'Make sure this report has no error for the current ConfigMap, then restart the controller at a time you choose.',
  },
  run(facts, report) {
    const changed = facts.configMap.lastChanged;
    if (!changed) return;
    const stale = facts.pods.filter((p) => p.controller?.state === 'running' && p.controller.startedAt && Date.parse(p.controller.startedAt) < Date.parse(changed));
    if (stale.length === 0) return;
    report({
      title: `${facts.configMap.source} changed at ${changed}, after ${stale.length} running controller container(s) started`,
      evidence: [
        `last change ${changed} (from ${facts.configMap.lastChangedFrom === 'managedFields' ? 'metadata.managedFields' : 'creationTimestamp'})`,
        ...stale.map((p) => `${p.name} started ${p.controller!.startedAt}${p.leader ? ' (leader)' : ''}`),
      ],
      fix: `Check that the current ConfigMap has no error in this report, then restart when convenient: ${restartCommand(facts)}`,
    });
  },
};
