import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { controllerClientError, launchedAs } from './common.js';

export const handshakeUnknownNetwork: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-unknown-network',
    severity: 'error',
    step: 'handshake',
    effect: 'breaks-users',
    title: 'The plugin announced a network type go-plugin does not know',
    description: 'The third field of the handshake line must be `unix` or `tcp`; go-plugin refuses anything else with "unknown address type".',
    fix: 'The plugin was built with a modified or incompatible go-plugin; use an official release of it.',
  },
  run(facts, report) {
    const line = facts.start?.line;
    if (line?.ok !== false || line.problem !== 'unknown-network') return;
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} announced network ${JSON.stringify(line.network)}`,
      evidence: [launchedAs(facts), `handshake line: ${JSON.stringify(facts.start?.firstLine)}`, controllerClientError(facts, line.error)],
      fix: 'Use an official release of the plugin built with hashicorp/go-plugin, which announces unix (or tcp) addresses.',
    });
  },
};
