import type { Check } from '../../core/check.js';
import type { ProbeFacts } from '../../probe/types.js';
import { pluginRef } from './support.js';

export const downloadCacheUnwritable: Check<ProbeFacts> = {
  meta: {
    id: 'download-cache-unwritable',
    severity: 'warning',
    step: 'probe',
    title: 'The verified plugin could not be kept in the cache',
    description: 'The file was downloaded and hashed, but the cache directory could not be written, so the handshake step has no copy to launch.',
    fix: 'Make the cache directory writable ($XDG_CACHE_HOME/kubectl-rollouts-plugins), or set XDG_CACHE_HOME to a writable directory.',
  },
  run(facts, report) {
    const error = facts.content?.cacheError;
    if (!error) return;
    report({ plugin: pluginRef(facts), title: 'plugin not cached', evidence: [error], fix: 'Set XDG_CACHE_HOME to a writable directory and run again.' });
  },
};
