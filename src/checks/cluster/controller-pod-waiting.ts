import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { kubectl, namespaceOf } from './util.js';

/** Waiting reasons that are a normal, short phase of start-up. */
const TRANSIENT = new Set(['ContainerCreating', 'PodInitializing', 'CrashLoopBackOff']);

export const controllerPodWaiting: Check<ClusterFacts> = {
  meta: {
    id: 'controller-pod-waiting',
    severity: 'error',
    step: 'cluster',
    effect: 'broken-now',
    title: 'A controller container cannot start (image pull, configuration error...)',
    description: 'The controller container is waiting for a reason other than normal start-up, such as ImagePullBackOff or CreateContainerConfigError: it never runs, so no plugin is loaded.',
    fix: 'Fix what the waiting reason says: the image name/tag and pull secret for ImagePullBackOff, the referenced ConfigMap/Secret for CreateContainerConfigError.',
    example: 'ImagePullBackOff: Back-off pulling image "quay.io/argoproj/argo-rollouts:1.8.3"',
  },
  run(facts, report) {
    for (const pod of facts.pods) {
      const c = pod.controller;
      if (!c || c.state !== 'waiting' || !c.reason || TRANSIENT.has(c.reason)) continue;
      report({
        title: `Controller pod ${pod.name} is waiting: ${c.reason}`,
        evidence: [`${c.reason}${c.message ? `: ${c.message}` : ''}`, `image ${c.image ?? facts.podSpec?.image ?? '?'}`],
        fix:
          c.reason.includes('ImagePull') || c.reason === 'InvalidImageName'
            ? `Check the image reference and registry access: ${kubectl(facts, ['-n', namespaceOf(facts), 'describe', 'pod', pod.name])}`
            : `See the pod's events: ${kubectl(facts, ['-n', namespaceOf(facts), 'describe', 'pod', pod.name])}`,
      });
    }
  },
};
