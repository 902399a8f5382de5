import type { ClusterFacts } from '../../cluster/facts.js';
import { writableMountFor } from '../../cluster/podspec.js';
import type { Check } from '../../core/check.js';
import { emptyDirPatch, hasPlugins } from './util.js';

export const readonlyRootNoPluginBinMount: Check<ClusterFacts> = {
  meta: {
    id: 'readonly-root-no-plugin-bin-mount',
    severity: 'error',
    step: 'cluster',
    effect: 'fatal-from-pod-spec',
    title: 'readOnlyRootFilesystem without a writable volume at <workdir>/plugin-bin',
    description:
      'The controller writes each plugin to plugin-bin under its working directory. v1.7.0 added readOnlyRootFilesystem without volumes (fixed in v1.7.1 with emptyDirs at /home/argo-rollouts/plugin-bin and /tmp); kustomized or forked manifests still miss them, and the next start fails with "read-only file system".',
    fix: 'Mount an emptyDir at /home/argo-rollouts/plugin-bin in the controller container.',
  },
  run(facts, report) {
    const spec = facts.podSpec;
    if (!spec || !spec.readOnlyRootFilesystem || !hasPlugins(facts)) return;
    const pluginBin = `${spec.workingDir.replace(/\/+$/, '')}/plugin-bin`;
    if (writableMountFor(pluginBin, spec.mounts)) return;
    report({
      title: `The controller cannot write plugins: ${pluginBin} is on a read-only root filesystem`,
      evidence: [
        `${spec.source}: container ${spec.containerName} has securityContext.readOnlyRootFilesystem: true`,
        `volumeMounts: ${spec.mounts.length ? spec.mounts.map((m) => `${m.mountPath}${m.readOnly ? ' (readOnly)' : ''}`).join(', ') : 'none'}; none is writable at ${pluginBin}`,
      ],
      fix: emptyDirPatch(facts, 'plugin-bin', pluginBin),
    });
  },
};
