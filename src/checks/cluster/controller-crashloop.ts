import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { earlierConfiguration, quote, readLogFix, restartCommand } from './util.js';

export const controllerCrashloop: Check<ClusterFacts> = {
  meta: {
    id: 'controller-crashloop',
    severity: 'error',
    step: 'cluster',
    effect: 'broken-now',
    symptomOf: { effects: ['fatal-at-startup', 'fatal-from-pod-spec', 'fatal-while-logged'] },
    title: 'A controller pod keeps crashing',
    description:
      'The controller reads argo-rollouts-config and downloads every plugin at start-up, before leader election; any error there is fatal, so the container exits with code 1 and Kubernetes restarts it into CrashLoopBackOff. The last lines of the previous container say why.',
    fix: 'Fix the cause quoted from the previous container\'s log (see the related finding), then let the pod restart or restart the Deployment.',
    example: 'level=fatal msg="Failed to download plugins: failed to download plugin from URL: failed to download file from URL: response code Not Found"',
  },
  run(facts, report) {
    const crashing = facts.pods.flatMap((pod) => {
      const c = pod.controller;
      if (!c) return [];
      const crashLooping = c.state === 'waiting' && c.reason === 'CrashLoopBackOff';
      const crashedRecently = c.restarts > 0 && c.lastTerminated !== undefined && c.lastTerminated.exitCode !== 0 && !pod.ready;
      if (!crashLooping && !crashedRecently) return [];
      const fatal = facts.logMatches.filter((m) => m.pod === pod.name && ['fatal-download', 'fatal-config', 'plugin-folder-create-failed'].includes(m.signature)).at(-1);
      return [{ pod, c, fatal }];
    });
    const [first] = crashing;
    if (!first) return;
    // Pods of one Deployment crash for one reason: one finding, every pod as evidence.
    const fatal = crashing.find((x) => x.fatal)?.fatal;
    const earlier = fatal && earlierConfiguration(facts, fatal);
    const what = crashing.length === 1 ? `Controller pod ${first.pod.name} is in ${first.c.reason ?? first.c.state} after ${first.c.restarts} restart${first.c.restarts === 1 ? '' : 's'}` : `${crashing.length} controller pods keep crashing`;
    report({
      title: `${what}${fatal ? `: ${fatal.line.msg.split(':')[0]}` : ''}`,
      evidence: [
        ...crashing.flatMap(({ pod, c, fatal: line }) => {
          const last = c.lastTerminated;
          return [
            `${pod.name}: state ${c.state}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}, restarts ${c.restarts}, ready ${pod.ready}`,
            ...(last ? [`${pod.name}: last terminated: exit code ${last.exitCode ?? '?'}, reason ${last.reason ?? '?'}, finished ${last.finishedAt ?? '?'}`] : []),
            line ? quote(line) : `${pod.name}: no fatal line in the logs read (previous container log unavailable or rotated out)`,
          ];
        }),
        ...(facts.pods.length > 1 ? [`${facts.pods.filter((p) => p.ready).length} of ${facts.pods.length} controller pods are ready`] : []),
        ...(earlier ? [`the fatal line is about an earlier configuration: ${earlier}`] : []),
      ],
      fix: earlier
        ? `It exited on a configuration that has changed since; its next start reads the current one, which this report judges (On restart). When that is OK, restart now rather than wait for the back-off: ${restartCommand(facts)}`
        : fatal
        ? `Fix what the fatal line says (the related controller-fatal-* finding has the corrected configuration), then: ${restartCommand(facts)}`
        : readLogFix(facts, "Read why it exits in the previous container's log", [first.pod.name, '-c', first.c.name, '--previous']),
    });
  },
};
