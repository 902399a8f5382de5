import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { kubectl } from './util.js';

export const clusterDataUnreadable: Check<ClusterFacts> = {
  meta: {
    id: 'cluster-data-unreadable',
    severity: 'info',
    step: 'cluster',
    title: 'Part of what the cluster returned could not be used',
    description:
      'An object lacked what the tool needs (a Deployment without containers, a proxy variable set from a Secret, ConfigMap entries the parser could not read): the checks that depend on it had less to go on, and this says what. A list with items that are no object with a name (null, a number, a nameless object) was read in part: those items were left out, the rest was judged, and the verdict the left-out ones could change stays UNKNOWN (under Not checked).',
    fix: 'Usually nothing to do; look at the object named if a check you expected is missing from the report.',
    variants: {
      // No real API server lists such items: what stood there may be the controller's pod or a Rollout using a plugin.
      'items-left-out': {
        severity: 'warning',
        title: 'A list was read in part: items that are no object with a name were left out',
      },
    },
  },
  run(facts, report) {
    // One list read twice (discovery's search by label, then by image) is said once.
    const partial = [...new Map(facts.partialLists.map((p) => [p.request, p])).values()];
    if (partial.length > 0) {
      const leftOut = partial.reduce((n, p) => n + p.leftOut, 0);
      report({
        variant: 'items-left-out',
        title: `${partial.map((p) => p.what).join('; ')}: read in part, ${leftOut} item${leftOut === 1 ? ' that is' : 's that are'} no object with a name left out`,
        evidence: partial.map((p) => `${p.what}: ${p.request}: ${p.leftOut} of the ${p.listed} ${p.listed === 1 ? 'item' : 'items'} listed left out${p.leftOut < p.listed ? `, the other ${p.listed - p.leftOut} read and judged` : ''}`),
        fix: `Run again; no API server lists such items, so whatever is in front of it (a proxy, an aggregated API) changed the answer. See what it lists:\n${partial.map((p) => kubectl(facts, ['get', '--raw', p.request])).join('\n')}`,
      });
    }
    if (facts.unreadable.length === 0) return;
    report({
      title: `${facts.unreadable.length} thing(s) read from the cluster could not be used`,
      evidence: facts.unreadable,
      fix: facts.namespace ? `Inspect the objects named: ${kubectl(facts, ['-n', facts.namespace, 'get', 'deploy,pods', '-o', 'yaml'])}` : 'Inspect the objects named with kubectl get -o yaml.',
    });
  },
};
