import type { Check } from '../../core/check.js';
import { interruptedDuring, type HandshakeFacts } from '../../handshake/handshake.js';
import { rerunCommand, rpcTimings } from './common.js';

export const handshakeAborted: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-aborted',
    severity: 'info',
    step: 'handshake',
    title: 'The handshake test was interrupted',
    description: 'The run was cancelled (Ctrl-C or an overall deadline) before the test finished; the plugin process was ended and its files removed. Nothing is known about this plugin\'s handshake.',
    fix: 'Run the handshake again.',
  },
  run(facts, report) {
    const at = interruptedDuring(facts);
    if (!at) return;
    report({
      plugin: facts.plugin,
      title: `The handshake test of ${facts.plugin.name} was interrupted during ${at}`,
      evidence: [`phases: ${rpcTimings(facts) || 'none'}`],
      fix: `Run it again: ${rerunCommand(facts)}`,
    });
  },
};
