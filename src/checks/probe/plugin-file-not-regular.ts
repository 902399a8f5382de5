import type { Check } from '../../core/check.js';
import type { ProbeFacts } from '../../probe/types.js';
import { pluginRef } from './support.js';

export const pluginFileNotRegular: Check<ProbeFacts> = {
  meta: {
    id: 'plugin-file-not-regular',
    severity: 'error',
    step: 'probe',
    effect: 'fatal-at-startup',
    title: 'The file:// plugin is not a regular file',
    description: 'The path is a directory or a special file. The controller exits with `SRC is not a regular file`.',
    fix: 'Point `location` at the binary itself, not at its directory.',
  },
  run(facts, report) {
    const local = facts.local;
    if (local?.state !== 'not-regular') return;
    report({
      plugin: pluginRef(facts),
      title: `${local.podPath} is not a regular file`,
      evidence: [`location ${facts.entry.location} -> ${local.podPath} in the pod`, local.error ?? ''],
      fix: `Use the path of the binary inside ${local.podPath} in \`location\`.`,
    });
  },
};
