import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { controllerClientError, launchedAs, stderrEvidence } from './common.js';

export const handshakeConnectFailed: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-connect-failed',
    severity: 'error',
    step: 'handshake',
    effect: 'breaks-users',
    title: 'The plugin handshook but its RPC connection does not work',
    description:
      'After the handshake line the host dials the announced unix socket (or tcp address), runs a yamux session over it and calls Control.Ping. A failure here means the plugin died right after the handshake, announced an address it does not serve, or cannot create its socket (no writable TMPDIR).',
    fix: 'Read the plugin stderr; in the controller pod make sure /tmp is writable (go-plugin creates its socket there).',
  },
  run(facts, report) {
    const rpc = facts.rpc;
    if (!rpc) return;
    const failed = !rpc.connect.ok ? { step: `dial ${rpc.connect.network} ${rpc.connect.address}`, error: rpc.connect.error } : rpc.ping && !rpc.ping.ok ? { step: 'Control.Ping', error: rpc.ping.error } : undefined;
    if (!failed) return;
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name}: ${failed.step} failed after a valid handshake`,
      evidence: [
        launchedAs(facts),
        `handshake line: ${JSON.stringify(facts.start?.firstLine)}`,
        `${failed.step}: ${failed.error}`,
        ...(rpc.connect.ok ? [] : [controllerClientError(facts, failed.error ?? '')]),
        ...rpc.yamuxLog.map((l) => `yamux: ${l}`),
        ...stderrEvidence(facts),
      ],
      fix: 'If the plugin crashed, fix the error in its stderr; in the cluster, give the controller a writable /tmp (an emptyDir volume when readOnlyRootFilesystem is true).',
    });
  },
};
