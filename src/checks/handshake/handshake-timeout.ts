import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { controllerClientError, launchedAs, rerunCommand, stderrEvidence } from './common.js';
import { humanDuration } from '../../core/duration.js';

export const handshakeTimeout: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-timeout',
    severity: 'error',
    step: 'handshake',
    effect: 'breaks-users',
    title: 'The plugin never printed its handshake line',
    description:
      'go-plugin waits for the plugin to print `CORE|APP|NETWORK|ADDRESS|PROTOCOL` on stdout. A plugin that blocks before serving (waiting for a cluster, a lock, a network call) makes the controller give up with "timeout while waiting for plugin to start".',
    fix: 'Read the plugin\'s stderr for what it waits on; a plugin must call plugin.Serve without blocking on external systems first (do that work in InitPlugin).',
  },
  run(facts, report) {
    if (facts.start?.outcome !== 'timeout') return;
    // Longer than the deadline that ran out, and never under a minute.
    const longerMs = Math.max(60_000, 2 * facts.timeoutMs);
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} did not complete the handshake within ${humanDuration(facts.start.timeoutMs)}`,
      evidence: [launchedAs(facts), controllerClientError(facts, 'timeout while waiting for plugin to start'), ...stderrEvidence(facts)],
      fix: `Find what the plugin waits for in the stderr above (it must reach plugin.Serve without network calls); if it is merely slow, confirm with a longer deadline: ${rerunCommand(facts, { handshakeTimeoutMs: longerMs, coveringTimeout: true })}`,
    });
  },
};
