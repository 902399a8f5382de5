import type { ClusterFacts } from '../../cluster/facts.js';
import { mountFor } from '../../cluster/podspec.js';
import type { Check } from '../../core/check.js';
import { fileLocationPath, readLogFix } from './util.js';

export const initContainerNotCompleted: Check<ClusterFacts> = {
  meta: {
    id: 'init-container-not-completed',
    severity: 'error',
    step: 'cluster',
    title: 'The init container that provides a file:// plugin did not complete',
    description:
      'With a file:// location the binary is usually copied into a shared volume by an init container. Until it has terminated with exit code 0 the controller does not start, or starts without the file.',
    fix: 'Read the init container\'s log and fix its image or copy command.',
  },
  run(facts, report) {
    const spec = facts.podSpec;
    if (!spec) return;
    for (const plugin of facts.plugins) {
      const path = fileLocationPath(plugin.location, spec.workingDir);
      const mount = path ? mountFor(path, spec.mounts) : undefined;
      if (!path || !mount) continue;
      const fillers = spec.initContainers.filter((c) => c.mounts.some((m) => m.name === mount.name)).map((c) => c.name);
      for (const pod of facts.pods) {
        for (const init of pod.initContainers.filter((c) => fillers.includes(c.name))) {
          if (init.state === 'terminated' && init.exitCode === 0) continue;
          report({
            plugin: { name: plugin.name, type: plugin.type },
            title: `Init container ${init.name} of ${pod.name} has not completed, so ${path} may be missing`,
            evidence: [
              `${init.name}: ${init.state}${init.reason ? ` (${init.reason})` : ''}${init.exitCode !== undefined ? `, exit code ${init.exitCode}` : ''}${init.message ? `: ${init.message}` : ''}, restarts ${init.restarts}`,
              `it mounts volume ${mount.name}, which holds ${plugin.location} → ${path}`,
            ],
            fix: readLogFix(facts, `Fix its image or command so it copies the binary to ${path}; its log says what failed`, [pod.name, '-c', init.name, ...(init.restarts > 0 ? ['--previous'] : [])]),
          });
        }
      }
    }
  },
};
