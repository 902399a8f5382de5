import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { controllerClientError, exitText, launchedAs, stderrEvidence } from './common.js';

export const handshakePluginExited: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-plugin-exited',
    severity: 'error',
    step: 'handshake',
    effect: 'breaks-users',
    title: 'The plugin exited before the handshake',
    description:
      'The process ended without printing its handshake line. go-plugin reports "plugin exited before we could connect" (v1.8 may instead report an empty "Unrecognized remote plugin message:" when it sees stdout close first). The plugin\'s stderr says why. A wrong magic cookie and unknown flags have their own findings.',
    fix: 'Fix what the plugin\'s stderr reports (missing file, bad configuration, crash).',
  },
  run(facts, report) {
    if (facts.start?.outcome !== 'exited' || facts.wrongType || facts.undefinedFlag !== undefined) return;
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} exited before the handshake (${exitText(facts)})`,
      evidence: [
        launchedAs(facts),
        exitText(facts),
        controllerClientError(facts, 'plugin exited before we could connect'),
        ...stderrEvidence(facts),
      ],
      fix: facts.standalone
        ? 'Fix the error in the plugin stderr above; if it needs arguments, give them after `--` on the command line, as the plugin\'s `args` in argo-rollouts-config would (the controller passes nothing else but its own environment).'
        : 'Fix the error in the plugin stderr above; if it needs arguments or environment, set them in the plugin\'s `args` in argo-rollouts-config (the controller passes nothing else but its own environment).',
    });
  },
};
