import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';

export const handshakeBinaryUnreadable: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-binary-unreadable',
    severity: 'error',
    step: 'handshake',
    title: 'The plugin binary cannot be read',
    description: 'The file to launch does not exist or cannot be read, so neither this tool nor the controller can run it.',
    fix: 'Check the path (or the probe cache) and its permissions.',
  },
  run(facts, report) {
    if (facts.skipped?.reason !== 'unreadable') return;
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name}: cannot read ${facts.binaryPath}`,
      evidence: [facts.skipped.detail],
      fix: `Point the handshake at the downloaded plugin file (ls -l ${facts.binaryPath}); for a file:// location make sure the file is in the controller image at that path.`,
    });
  },
};
