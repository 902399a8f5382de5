import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { launchedAs, rpcTimings, stderrEvidence } from './common.js';

export const handshakeRpcFailed: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-rpc-failed',
    severity: 'error',
    step: 'handshake',
    effect: 'breaks-users',
    title: 'The plugin broke during an RPC call',
    description:
      'Plugin.Type on the dispensed connection failed: the plugin crashed or closed the connection in the middle of the call ("unexpected EOF"), or did not answer in time. The controller would see the same failure on its first call.',
    fix: 'Read the plugin stderr for the crash (a panic, a fatal log line) and fix or report it.',
  },
  run(facts, report) {
    const type = facts.rpc?.type;
    if (!type || type.ok || type.error === 'Plugin.Type: aborted') return;
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} failed the Plugin.Type call: ${type.error}`,
      evidence: [launchedAs(facts), `Plugin.Type: ${type.error}`, `phases: ${rpcTimings(facts)}`, ...stderrEvidence(facts)],
      fix: 'Fix the crash shown in the plugin stderr (or report it to the plugin author with these lines); the controller restarts the plugin on the next reconcile but it will fail the same way.',
    });
  },
};
