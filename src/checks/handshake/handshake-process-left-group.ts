import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';

export const handshakeProcessLeftGroup: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-process-left-group',
    severity: 'warning',
    step: 'handshake',
    title: 'The plugin started processes outside its process group',
    description:
      "The plugin (or something it ran) called setsid or daemonized. Here they were found by parentage and by the private TMPDIR they inherited, and ended with the plugin. In the controller, go-plugin's Kill ends only the plugin process itself, so such processes outlive every plugin restart in the controller pod.",
    fix: 'Make the plugin keep its helpers in its own process group (no setsid, no daemonizing), or have it stop them when it exits.',
  },
  run(facts, report) {
    const escaped = facts.cleanup?.escaped ?? [];
    if (escaped.length === 0) return;
    const survivors = new Set(facts.cleanup?.survivors ?? []);
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} started ${escaped.length} process${escaped.length === 1 ? '' : 'es'} outside its process group`,
      evidence: [`outside the group: ${escaped.join(' ')}; ${escaped.some((pid) => survivors.has(pid)) ? 'not all could be ended' : 'all ended by the test'}`],
      fix: "Keep the plugin's helper processes in its process group, or stop them when the plugin exits: the controller only kills the plugin process.",
    });
  },
};
