import type { ClusterFacts } from '../../cluster/facts.js';
import { writableMountFor } from '../../cluster/podspec.js';
import type { Check } from '../../core/check.js';
import { emptyDirPatch, hasPlugins } from './util.js';

export const noWritableTmp: Check<ClusterFacts> = {
  meta: {
    id: 'no-writable-tmp',
    severity: 'error',
    step: 'cluster',
    title: 'readOnlyRootFilesystem without a writable temp directory: plugins cannot start',
    description:
      'go-plugin creates the unix socket it talks to the plugin over in the temp directory (TMPDIR, else /tmp). On a read-only root filesystem without a writable volume there, every plugin fails to start even though the download worked.',
    fix: 'Mount an emptyDir at /tmp (or at TMPDIR) in the controller container.',
  },
  run(facts, report) {
    const spec = facts.podSpec;
    if (!spec || !spec.readOnlyRootFilesystem || !hasPlugins(facts)) return;
    if (writableMountFor(spec.tempDir, spec.mounts)) return;
    report({
      title: `Plugins cannot start: the temp directory ${spec.tempDir} is on a read-only root filesystem`,
      evidence: [
        `${spec.source}: container ${spec.containerName} has securityContext.readOnlyRootFilesystem: true`,
        `temp directory ${spec.tempDir}${spec.tempDir === '/tmp' ? ' (no TMPDIR set)' : ' (TMPDIR)'}; volumeMounts: ${spec.mounts.length ? spec.mounts.map((m) => m.mountPath).join(', ') : 'none'}`,
      ],
      fix: emptyDirPatch(facts, 'tmp', spec.tempDir),
    });
  },
};
