import { controllerListsReadInPart, type ClusterFacts } from '../../cluster/facts.js';
import { CONTROLLER_SELECTOR } from '../../cluster/podspec.js';
import type { Check } from '../../core/check.js';

export const controllerNotFound: Check<ClusterFacts> = {
  meta: {
    id: 'controller-not-found',
    severity: 'warning',
    step: 'cluster',
    title: 'No Argo Rollouts controller was found',
    description:
      `The tool looks for the \`argo-rollouts-config\` ConfigMap and for pods labelled \`${CONTROLLER_SELECTOR}\` (install.yaml and the Helm chart both fit), then for Deployments running the controller image (docs/versions.md). Nothing matched where it could look, so the live controller could not be inspected. A list that came back with items left out (no objects, no names) is no proof of absence: then this is not reported, and the list is under Not checked.`,
    fix: 'Pass `-n <namespace>` where the controller runs, or `--context` for the right cluster.',
    effect: 'not-seen',
    // Not finding it because every read was refused is the refusal's doing.
    symptomOf: { ids: ['cluster-access-denied'] },
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
    // Rejected credentials say it all (cluster-access-denied): nothing was looked at.
    if (facts.permissionFailures.some((f) => f.status === 401)) return;
    const deniedPods = facts.permissionFailures.some((f) => f.resource === 'pods' && (f.namespace === undefined || f.namespace === facts.namespace));
    // An item left out of a list may be the controller: the report says so (Not checked), never that there is none.
    if (controllerListsReadInPart(facts)) return;
    if (!facts.namespace) {
      report({
        title: 'No Argo Rollouts controller was found in this cluster',
        evidence: [
          `context ${facts.context ?? '(none)'}, server ${facts.server}`,
          facts.namespaceFrom === 'none' && facts.permissionFailures.length > 0
            ? 'listing across namespaces was forbidden; looked in argo-rollouts and the context namespace only'
            : `no ConfigMap argo-rollouts-config, no pod matching ${CONTROLLER_SELECTOR} and no Deployment running the controller image in any namespace`,
        ],
        fix: 'Pass `-n <namespace>` where the controller runs (`kubectl get pods -A -l app.kubernetes.io/name=argo-rollouts`), or pick another `--context`.',
      });
      return;
    }
    if (facts.pods.length === 0 && !facts.deployment && !deniedPods) {
      report({
        variant: facts.configMap.exists ? 'not-running' : 'empty-namespace',
        title: `No controller pods or Deployment in namespace ${facts.namespace}`,
        evidence: [
          `no pod matching ${CONTROLLER_SELECTOR} in ${facts.namespace}`,
          facts.configMap.exists ? `${facts.configMap.source} exists, so plugins are configured for a controller that is not running` : `${facts.configMap.source} not found either`,
        ],
        fix: `Check the install: \`kubectl -n ${facts.namespace} get deploy,rs,pods\`; the controller may be scaled to zero (\`kubectl -n ${facts.namespace} scale deployment/argo-rollouts --replicas=1\`).`,
      });
    }
  },
};
