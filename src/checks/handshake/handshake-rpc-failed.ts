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
      'Plugin.Type on the dispensed connection failed: the plugin crashed or closed the connection in the middle of the call ("unexpected EOF"), or did not answer within `--handshake-timeout`. The controller would see the same failure on its first call; it calls its plugins through net/rpc without a deadline, so a plugin that never answers holds what waits on it.',
    fix: 'Read the plugin stderr for the crash (a panic, a fatal log line) and fix or report it.',
    variants: {
      'no-reply': {
        severity: 'error',
        effect: 'breaks-users',
        title: 'The plugin did not answer Plugin.Type in time',
      },
    },
  },
  run(facts, report) {
    const type = facts.rpc?.type;
    if (!type?.error || type.ok || type.error === 'Plugin.Type: aborted') return;
    // The RPC's own errors name the method already.
    const why = type.error.replace(/^Plugin\.Type: /, '');
    if (type.timedOut) {
      report({
        plugin: facts.plugin,
        variant: 'no-reply',
        title: `${facts.plugin.name} did not answer Plugin.Type: ${why} (--handshake-timeout)`,
        evidence: [
          launchedAs(facts),
          `Plugin.Type: ${why}`,
          // net/rpc's Client.Call, which Argo Rollouts' plugin clients use, waits for the reply without a deadline.
          'the controller calls its plugins through net/rpc without a deadline: it would wait for this answer as long as the plugin runs, and so would every Rollout or AnalysisRun that uses the plugin',
          `phases: ${rpcTimings(facts)}`,
          ...stderrEvidence(facts),
        ],
        fix: 'The plugin hangs in Plugin.Type (a lock or a call at start-up that never returns): read its stderr above, and fix or report it to the plugin author with these lines; if it is only slow, run again with a longer `--handshake-timeout`.',
      });
      return;
    }
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} failed the Plugin.Type call: ${why}`,
      evidence: [launchedAs(facts), `Plugin.Type: ${why}`, `phases: ${rpcTimings(facts)}`, ...stderrEvidence(facts)],
      fix: 'Fix the crash shown in the plugin stderr (or report it to the plugin author with these lines); the controller restarts the plugin on the next reconcile but it will fail the same way.',
    });
  },
};
