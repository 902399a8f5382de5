import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { kubectl, namespaceOf } from './util.js';

export const controllerReplicasWithoutLeaderElection: Check<ClusterFacts> = {
  meta: {
    id: 'controller-replicas-without-leader-election',
    severity: 'warning',
    step: 'cluster',
    title: 'Several controller replicas run with --leader-elect=false',
    description:
      'With leader election off every replica reconciles every Rollout and starts its own plugin processes, so plugins act twice and fight over the same routes. The Helm chart runs 2 replicas with --leader-elect.',
    fix: 'Remove `--leader-elect=false` (leader election is on by default) or scale to one replica.',
  },
  run(facts, report) {
    const d = facts.deployment;
    if (!d || d.leaderElect || (d.replicas ?? 1) < 2) return;
    report({
      title: `Deployment ${namespaceOf(facts)}/${d.name} runs ${d.replicas} replicas without leader election`,
      evidence: [`replicas: ${d.replicas}`, `args: ${facts.podSpec?.args.join(' ') || '(none)'}`],
      fix: `Drop --leader-elect=false from the controller args, or: ${kubectl(facts, ['-n', namespaceOf(facts), 'scale', `deployment/${d.name}`, '--replicas=1'])}`,
    });
  },
};
