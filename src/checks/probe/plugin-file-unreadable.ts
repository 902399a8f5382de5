import type { Check } from '../../core/check.js';
import type { ProbeFacts } from '../../probe/types.js';
import { pluginRef } from './support.js';

export const pluginFileUnreadable: Check<ProbeFacts> = {
  meta: {
    id: 'plugin-file-unreadable',
    severity: 'warning',
    step: 'probe',
    effect: 'restart-undecided',
    title: 'The local plugin file cannot be read',
    description: 'The file exists but could not be read here (permissions), so its checksum and format were not checked.',
    fix: 'Run with permission to read the file.',
  },
  run(facts, report) {
    const local = facts.local;
    if (local?.state !== 'unreadable') return;
    report({
      plugin: pluginRef(facts),
      title: `cannot read ${local.localPath ?? local.podPath}`,
      evidence: [local.error ?? 'unreadable'],
      fix: `Make ${local.localPath ?? local.podPath} readable for this user and run again.`,
    });
  },
};
