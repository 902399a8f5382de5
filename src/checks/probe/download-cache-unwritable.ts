import type { Check } from '../../core/check.js';
import type { ProbeFacts } from '../../probe/types.js';
import { formatBytes } from '../../core/size.js';
import { pluginRef } from './support.js';

export const downloadCacheUnwritable: Check<ProbeFacts> = {
  meta: {
    id: 'download-cache-unwritable',
    severity: 'warning',
    step: 'probe',
    title: 'The verified plugin could not be kept in the cache',
    description:
      'The file was downloaded and hashed, but the cache could not be written (a directory that cannot be created or written, a full disk), so the handshake step has no copy to launch. The download and its sha256 verdict are unaffected.',
    fix: 'Free space in the cache directory or make it writable ($XDG_CACHE_HOME/kubectl-rollouts-plugins), or set XDG_CACHE_HOME to a directory that is.',
  },
  run(facts, report) {
    const content = facts.content;
    if (!content?.cacheError) return;
    // Say what did work, so the cache is not mistaken for the plugin's problem.
    const read = facts.kind === 'file' ? 'the file itself was read' : facts.download?.outcome === 'ok' ? 'the download itself is fine' : 'the body was read';
    report({
      plugin: pluginRef(facts),
      title: `plugin not cached: the cache could not be written (${read})`,
      evidence: [content.cacheError, `${read}: ${formatBytes(content.size)}, sha256 ${content.sha256}`],
      fix: 'Free space where the cache is or make it writable, or set XDG_CACHE_HOME to a directory that is, and run again.',
    });
  },
};
