import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { doctorCommand } from './util.js';

export const severalInstallations: Check<ClusterFacts> = {
  meta: {
    id: 'several-installations',
    severity: 'warning',
    step: 'cluster',
    title: 'Several Argo Rollouts controllers were found; one was inspected',
    description:
      'Namespaced installs run one controller per namespace, each with its own argo-rollouts-config. The report covers one of them; the others need their own run.',
    fix: 'Run once per installation with `-n <namespace>`.',
  },
  run(facts, report) {
    const running = facts.installations.filter((i) => i.pods.length > 0 || i.deployment);
    if (running.length < 2) return;
    report({
      title: `${running.length} controller installations found; this report covers ${facts.namespace ?? 'none of them'}`,
      evidence: running.map(
        (i) => `${i.namespace}: ${i.deployment ? `Deployment ${i.deployment}, ` : ''}${i.pods.length} pod(s)${i.configMap ? ', argo-rollouts-config present' : ', no argo-rollouts-config'}${i.instanceId ? `, --instance-id ${i.instanceId}` : ''}`,
      ),
      fix: running
        .filter((i) => i.namespace !== facts.namespace)
        .map((i) => doctorCommand(facts, ['-n', i.namespace]))
        .join('\n'),
    });
  },
};
