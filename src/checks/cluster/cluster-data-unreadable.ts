import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';

export const clusterDataUnreadable: Check<ClusterFacts> = {
  meta: {
    id: 'cluster-data-unreadable',
    severity: 'info',
    step: 'cluster',
    title: 'Part of what the cluster returned could not be used',
    description:
      'An object lacked what the tool needs (a Deployment without containers, a proxy variable set from a Secret, ConfigMap entries the parser could not read): the checks that depend on it had less to go on, and this says what.',
    fix: 'Usually nothing to do; look at the object named if a check you expected is missing from the report.',
  },
  run(facts, report) {
    if (facts.unreadable.length === 0) return;
    report({
      title: `${facts.unreadable.length} thing(s) read from the cluster could not be used`,
      evidence: facts.unreadable,
      fix: facts.namespace ? `Inspect the objects named: kubectl -n ${facts.namespace} get deploy,pods -o yaml` : 'Inspect the objects named with kubectl get -o yaml.',
    });
  },
};
