import type { Check } from '../../core/check.js';
import type { ProbeFacts } from '../../probe/types.js';
import { pluginRef } from './support.js';

export const pluginFileMissing: Check<ProbeFacts> = {
  meta: {
    id: 'plugin-file-missing',
    severity: 'error',
    step: 'probe',
    effect: 'fatal-at-startup',
    title: 'The file:// plugin does not exist in the plugin directory',
    description:
      'The path the controller copies the plugin from does not exist in the directory given as the pod root (`--plugin-dir`). The controller exits with `failed to copy plugin from SRC to DST: failed to get file stat of SRC`. Note that `file://plugins/x` is relative to /home/argo-rollouts: the first segment is read as a host.',
    fix: 'Put the binary at that path (usually an init container copying it into a shared emptyDir), or fix `location` (`file:///plugins/x` for an absolute path).',
  },
  run(facts, report) {
    const local = facts.local;
    if (local?.state !== 'missing') return;
    report({
      plugin: pluginRef(facts),
      title: `${local.podPath} does not exist`,
      evidence: [`location ${facts.entry.location} -> ${local.podPath} in the pod`, `looked at ${local.localPath}: ${local.error ?? 'missing'}`],
      fix: `Make sure ${local.podPath} exists in the controller container (an init container copying the binary into a volume mounted there), or correct \`location\`.`,
    });
  },
};
