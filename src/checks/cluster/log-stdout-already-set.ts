import type { ClusterFacts } from '../../cluster/facts.js';
import type { LogMatch } from '../../cluster/logs.js';
import type { Check } from '../../core/check.js';
import { parseControllerVersion, controllerFeatures, startFailureLoops } from '../../config/version.js';
import { groupEvidence, kubectl, namespaceOf, pluginRef, quote, restartCommand, deploymentOf } from './util.js';

/** The earliest line first: by timestamp when both have one, else by position in its log. */
function earliest(matches: readonly LogMatch[]): LogMatch | undefined {
  return [...matches].sort((a, b) => (a.line.time && b.line.time ? a.line.time.localeCompare(b.line.time) : 0) || Number(b.previous) - Number(a.previous) || a.index - b.index)[0];
}

/** What the usual first errors mean. */
function causeHint(reason: string): string {
  if (/exec format error|no such file or directory/.test(reason)) {
    return "The binary cannot run on the controller's nodes (wrong OS/arch, dynamically linked, or not a binary at all): point `location` at the linux build for the nodes' architecture. ";
  }
  if (/listen unix .*read-only file system/.test(reason)) {
    return 'go-plugin cannot create its socket: mount a writable emptyDir at /tmp (see no-writable-tmp). ';
  }
  return '';
}

export const logStdoutAlreadySet: Check<ClusterFacts> = {
  meta: {
    id: 'log-stdout-already-set',
    severity: 'error',
    step: 'cluster',
    effect: 'broken-now',
    symptomOf: { ids: ['no-writable-tmp'] },
    title: 'Rollouts are stuck on "exec: Stdout already set"; the real start error is earlier in the log',
    description:
      'When a plugin fails to start, the controller caches the failed client and every later reconcile logs `unable to get plugin client (NAME) for ping: exec: Stdout already set`. The real cause is logged once, as the earliest `unable to get plugin client (NAME): ...` line without "for ping" (a binary for another OS/arch, an HTML page saved as the binary...). From v1.10.0-rc1 a traffic router\'s failed start is retried and logs its own error each time (argo-rollouts #3918); metric and step plugins still loop.',
    fix: 'Fix the real cause (quoted), then restart the controller: the failed start stays cached until then.',
    example: 'level=error msg="unable to get plugin client (argoproj-labs/gatewayAPI) for ping: exec: Stdout already set"',
  },
  run(facts, report) {
    const byPlugin = new Map<string, LogMatch[]>();
    for (const m of facts.logMatches.filter((x) => x.signature === 'stdout-already-set')) {
      byPlugin.set(m.plugin ?? '', [...(byPlugin.get(m.plugin ?? '') ?? []), m]);
    }
    const version = facts.controller.version ? parseControllerVersion(facts.controller.version) : undefined;
    for (const [plugin, matches] of byPlugin) {
      const cause = earliest(facts.logMatches.filter((m) => m.signature === 'plugin-client-failed' && m.plugin === plugin));
      const reason = cause ? /unable to get plugin client \([^)]+\): (.*)$/s.exec(cause.line.msg)?.[1] : undefined;
      const ref = pluginRef(facts, plugin);
      // Only a known release and a configured router are told apart: metric and step plugins loop at every release.
      const router = version && ref?.type === 'trafficrouter' ? { loops: startFailureLoops('trafficrouter', controllerFeatures(version)) } : undefined;
      const upgrade = router?.loops ? 'Upgrading to v1.10.0 or later ends this loop for traffic routers: each use retries the start and logs its own error (argo-rollouts #3918). ' : '';
      report({
        plugin: ref,
        title: cause
          ? `Plugin ${plugin} failed to start (${reason ?? 'see evidence'}); every later use only says "Stdout already set"`
          : `Plugin ${plugin} failed to start earlier; its first error is not in the logs read`,
        evidence: [
          ...groupEvidence(matches),
          `${matches.length} "Stdout already set" line(s)`,
          cause ? `real cause, first logged: ${quote(cause)}` : 'no "unable to get plugin client" line without "for ping" in the logs read (rotated out, or logged by another replica before it restarted)',
          ...(router && !router.loops
            ? [`controller ${facts.controller.version} retries a traffic router's failed start (v1.10.0-rc1 and later), so it does not log this loop: check the image of the pod that logged it`]
            : []),
        ],
        fix: cause
          ? `${causeHint(reason ?? '')}${upgrade}Fix the cause quoted above, then: ${restartCommand(facts)}`
          : `${upgrade}Restart the controller to clear the cached failure and catch the first error: ${restartCommand(facts)}; then run this again, or: ${kubectl(facts, ['-n', namespaceOf(facts), 'logs', `deploy/${deploymentOf(facts)}`], '| grep -v "for ping" | grep "unable to get plugin client"')}`,
      });
    }
  },
};
