import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { controllerClientError, launchedAs } from './common.js';

export const handshakeProtocolVersion: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-protocol-version',
    severity: 'error',
    step: 'handshake',
    effect: 'breaks-users',
    title: 'The plugin speaks another protocol version',
    description:
      'The handshake line carries the go-plugin core protocol version (must be 1) and the application protocol version (Argo Rollouts: 1). A mismatch means the plugin was built for another host or another Argo Rollouts plugin API.',
    fix: 'Use a plugin release built for the Argo Rollouts plugin API the controller speaks (protocol version 1).',
  },
  run(facts, report) {
    const line = facts.start?.line;
    if (line?.ok !== false || !['core-version', 'app-version', 'app-version-unparsable'].includes(line.problem)) return;
    const which = line.problem === 'core-version' ? 'go-plugin core protocol' : 'application protocol';
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} speaks an incompatible ${which} version`,
      evidence: [launchedAs(facts), `handshake line: ${JSON.stringify(facts.start?.firstLine)}`, controllerClientError(facts, line.error)],
      fix: facts.standalone
        ? 'Pick the plugin release made for your Argo Rollouts version (its README lists the compatible controller versions) and test that binary.'
        : 'Pick the plugin release made for your Argo Rollouts version (its README lists the compatible controller versions) and update its location and sha256 in argo-rollouts-config.',
    });
  },
};
