import { controllerSearchUnfinished, unfinishedReads, type ClusterFacts } from '../../cluster/facts.js';
import { CONTROLLER_SELECTOR } from '../../cluster/podspec.js';
import type { Check } from '../../core/check.js';
import { kubectl, doctorCommand } from './util.js';

export const controllerNotFound: Check<ClusterFacts> = {
  meta: {
    id: 'controller-not-found',
    severity: 'warning',
    step: 'cluster',
    title: 'No Argo Rollouts controller was found',
    description:
      `The tool looks for the \`argo-rollouts-config\` ConfigMap and for pods labelled \`${CONTROLLER_SELECTOR}\` (install.yaml and the Helm chart both fit), then for Deployments running the controller image (docs/versions.md). Nothing matched, so the live controller could not be inspected. Only a search that finished is proof of absence: when a read that could have found the controller was refused, failed, cut short by \`--timeout\` or came back with items left out (no objects, no names), this is not reported, and Not checked says what was not read.`,
    fix: 'Pass `-n <namespace>` where the controller runs, or `--context` for the right cluster.',
    effect: 'not-seen',
    variants: {
      'not-running': {
        severity: 'error',
        title: 'Plugins are configured for a controller that is not running',
        effect: 'broken-now',
      },
      'empty-namespace': {
        severity: 'error',
        title: 'Nothing of Argo Rollouts is in the namespace given',
        effect: 'not-seen',
      },
    },
  },
  run(facts, report) {
    // What a read refused, failed, cut short or read in part did not show may be the controller:
    // the report says so (Not checked, cluster-access-denied, api-unavailable), never that there is none.
    if (controllerSearchUnfinished(facts)) return;
    if (!facts.namespace) {
      report({
        title: 'No Argo Rollouts controller was found in this cluster',
        evidence: [
          `context ${facts.context ?? '(none)'}, server ${facts.server}`,
          `no ConfigMap argo-rollouts-config, no pod matching ${CONTROLLER_SELECTOR} and no Deployment running the controller image in any namespace`,
        ],
        fix: `Pass \`-n <namespace>\` where the controller runs (\`${kubectl(facts, ['get', 'pods', '-A', '-l', CONTROLLER_SELECTOR])}\`), or pick another \`--context\`.`,
      });
      return;
    }
    if (facts.pods.length === 0 && !facts.deployment) {
      // A ConfigMap whose read was refused or failed is not known to be missing.
      const configMapUnread = unfinishedReads(facts).some((r) => r.resource === 'configmaps' && r.namespace === facts.namespace && r.search !== true);
      report({
        variant: facts.configMap.exists ? 'not-running' : 'empty-namespace',
        title: `No controller pods or Deployment in namespace ${facts.namespace}`,
        evidence: [
          `no pod matching ${CONTROLLER_SELECTOR} in ${facts.namespace}`,
          facts.configMap.exists
            ? `${facts.configMap.source} exists, so plugins are configured for a controller that is not running`
            : configMapUnread
              ? `${facts.configMap.source} could not be read either (see Not checked)`
              : `${facts.configMap.source} not found either`,
        ],
        fix: elsewhere(facts, facts.namespace),
      });
    }
  },
};

/**
 * Where to look instead of a namespace holding no controller Deployment (so nothing to scale):
 * the installations discovery found elsewhere, else how to find one, or install it.
 */
function elsewhere(facts: ClusterFacts, namespace: string): string {
  const others = facts.installations.filter((i) => i.namespace !== namespace && (i.deployment !== undefined || i.pods.length > 0));
  if (others.length > 0) return `Check the controller where it runs: ${others.map((i) => doctorCommand(facts, ['-n', i.namespace])).join(' or ')}`;
  return (
    `Pass -n with the namespace where the controller runs (find it: \`${kubectl(facts, ['get', 'deployments', '-A', '-l', CONTROLLER_SELECTOR])}\`), ` +
    `or install Argo Rollouts (https://argo-rollouts.readthedocs.io/en/stable/installation/)${facts.configMap.exists ? ` to run the plugins ${facts.configMap.source} configures` : ''}.`
  );
}
