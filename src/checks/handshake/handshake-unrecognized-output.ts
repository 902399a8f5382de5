import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { controllerClientError, launchedAs, stderrEvidence } from './common.js';

export const handshakeUnrecognizedOutput: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-unrecognized-output',
    severity: 'error',
    step: 'handshake',
    effect: 'breaks-users',
    title: 'The plugin printed something that is not a go-plugin handshake',
    description:
      'The first stdout line has fewer than four `|`-separated fields (or a non-numeric core version) and no valid handshake line follows: the program is not a go-plugin plugin, or one built with an incompatible library.',
    fix: 'Check the location points at the plugin itself (not an installer, a shell wrapper or another tool).',
  },
  run(facts, report) {
    const start = facts.start;
    if (start?.outcome !== 'line-rejected' || start.laterHandshakeLine !== undefined) return;
    if (start.line?.ok !== false || !['unrecognized', 'core-version-unparsable'].includes(start.line.problem)) return;
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} does not speak the go-plugin handshake`,
      evidence: [launchedAs(facts), `first stdout line: ${JSON.stringify(start.firstLine)}`, controllerClientError(facts, start.goPluginError ?? ''), ...stderrEvidence(facts)],
      fix: 'Point the plugin\'s location at the Argo Rollouts plugin binary from its release page, and test it again with `kubectl rollouts-plugins handshake`.',
    });
  },
};
