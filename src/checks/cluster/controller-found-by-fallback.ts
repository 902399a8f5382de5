import type { ClusterFacts } from '../../cluster/facts.js';
import { CONTROLLER_SELECTOR } from '../../cluster/podspec.js';
import type { Check } from '../../core/check.js';
import { kubectl, namespaceOf } from './util.js';

export const controllerFoundByFallback: Check<ClusterFacts> = {
  meta: {
    id: 'controller-found-by-fallback',
    severity: 'info',
    step: 'cluster',
    title: 'The controller was found without its usual labels',
    description:
      `Nothing in the namespace is labelled \`${CONTROLLER_SELECTOR}\`: a Helm install with \`nameOverride\` changes app.kubernetes.io/name, and a custom \`controller.component\` the component label too. ` +
      'The tool then looks for the chart\'s component label `app.kubernetes.io/component=rollouts-controller`, and last for Deployments of the namespace running the controller image (quay.io/argoproj/argo-rollouts, Red Hat\'s argo-rollouts-rhel8, by tag or digest; never the dashboard\'s kubectl-argo-rollouts). ' +
      'The report says which way it took. When several Deployments run the controller image, the first by name is inspected, the others are listed under Not checked and both verdicts stay UNKNOWN (exit 1): the tool cannot tell which is the controller.',
    fix: 'Nothing to fix for one controller; with several, remove the stray Deployment or run the report where only one runs.',
    variants: {
      'several-candidates': {
        severity: 'warning',
        // The Deployments not inspected are listed under "Not checked" (pipeline/coverage.ts), which keeps both verdicts open.
        title: 'Several Deployments run the controller image; one was inspected and the others not seen',
      },
    },
  },
  run(facts, report) {
    const found = facts.controllerFallback;
    if (!found || !facts.namespace) return;
    const [inspected, ...others] = found.deployments;
    const how =
      found.by === 'component-label'
        ? `found by the chart's component label ${found.selector ?? ''}`.trim()
        : `found by its image${inspected?.image ? ` ${inspected.image}` : ''}`;
    const evidence = [
      `no Deployment or pod in ${facts.namespace} is labelled ${CONTROLLER_SELECTOR} (a Helm install with nameOverride)`,
      ...(found.by === 'image' ? [`nor app.kubernetes.io/component=rollouts-controller (a custom controller.component)`] : []),
      ...(inspected ? [`Deployment ${facts.namespace}/${inspected.name}: ${how}`] : [how]),
      ...(found.by === 'image'
        ? [found.selector ? `its pods listed by its selector ${found.selector}` : 'its selector has no matchLabels: its pods were not read']
        : []),
    ];
    if (others.length === 0) {
      const what = inspected ? `Controller Deployment ${facts.namespace}/${inspected.name}` : `Controller pods in ${facts.namespace}`;
      report({ title: `${what} ${how}`, evidence, fix: 'Nothing to fix: the report covers this controller.' });
      return;
    }
    const names = found.deployments.map((d) => d.name);
    report({
      variant: 'several-candidates',
      title: `${found.deployments.length} Deployments in ${facts.namespace} run the controller image; ${inspected!.name} was inspected, ${others.map((d) => d.name).join(', ')} not`,
      evidence: [...evidence, ...others.map((d) => `Deployment ${facts.namespace}/${d.name} also runs ${d.image ?? 'the controller image'}`)],
      fix:
        `Find which one is the controller: \`${kubectl(facts, ['-n', namespaceOf(facts), 'get', 'deployment', ...names, '-o', 'wide'])}\`. ` +
        'Two controllers in one namespace read the same argo-rollouts-config and compete for one leader Lease (unless --instance-id differs): remove the stray one.',
    });
  },
};
