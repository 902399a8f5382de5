import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { distinctMatches, groupEvidence, pluginRef } from './util.js';

export const logPluginFolderCreateFailed: Check<ClusterFacts> = {
  meta: {
    id: 'log-plugin-folder-create-failed',
    severity: 'error',
    step: 'cluster',
    effect: 'fatal-while-logged',
    symptomOf: { ids: ['readonly-root-no-plugin-bin-mount'] },
    title: 'The controller could not create its plugin-bin folder',
    description:
      'Plugins are written to plugin-bin under the working directory (/home/argo-rollouts). With readOnlyRootFilesystem and no writable volume there (v1.7.0 manifests, forks), creating it fails with "read-only file system".',
    fix: 'Mount an emptyDir at /home/argo-rollouts/plugin-bin (and one at /tmp).',
    example: 'failed to create plugin folder for plugin (argoproj-labs/gatewayAPI): (mkdir /home/argo-rollouts/plugin-bin: read-only file system)',
  },
  run(facts, report) {
    for (const group of distinctMatches(facts, ['plugin-folder-create-failed'])) {
      const first = group[0]!;
      report({
        plugin: pluginRef(facts, first.plugin),
        title: `Could not create the plugin folder for ${first.plugin}${/read-only file system/.test(first.line.msg) ? ': read-only file system' : ''}`,
        evidence: groupEvidence(group),
        fix: 'Add a writable emptyDir volume at <workingDir>/plugin-bin to the controller container (see readonly-root-no-plugin-bin-mount for the YAML).',
      });
    }
  },
};
