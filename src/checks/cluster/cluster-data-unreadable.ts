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
    variants: {
      // No real API server lists these: whatever stood there may be a crashing controller pod.
      'pods-left-out': {
        severity: 'warning',
        title: 'Items of the controller pod list are no pods: the controller is not seen as it runs now',
        effect: 'not-seen',
      },
    },
  },
  run(facts, report) {
    if (facts.podsLeftOut) {
      report({
        variant: 'pods-left-out',
        title: `${facts.podsLeftOut} item(s) of the controller pod list are no pods (no name)`,
        evidence: [`${facts.podsLeftOut} item(s) listed in ${facts.namespace ?? 'the controller namespace'} were left out, so their state and logs are not seen; ${facts.pods.length} pod(s) remain`],
        fix: facts.namespace ? `Look at what the API server lists: kubectl -n ${facts.namespace} get pods -o yaml` : 'Look at what the API server lists with kubectl get pods -o yaml.',
      });
    }
    if (facts.unreadable.length === 0) return;
    report({
      title: `${facts.unreadable.length} thing(s) read from the cluster could not be used`,
      evidence: facts.unreadable,
      fix: facts.namespace ? `Inspect the objects named: kubectl -n ${facts.namespace} get deploy,pods -o yaml` : 'Inspect the objects named with kubectl get -o yaml.',
    });
  },
};
