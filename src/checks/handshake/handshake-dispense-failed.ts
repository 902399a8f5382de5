import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { keyOfType } from '../../config/types.js';
import { launchedAs, stderrEvidence } from './common.js';

export const handshakeDispenseFailed: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-dispense-failed',
    severity: 'error',
    step: 'handshake',
    effect: 'breaks-users',
    title: 'The plugin does not serve the plugin the controller asks for',
    description:
      'The controller calls Dispenser.Dispense with RpcTrafficRouterPlugin, RpcMetricProviderPlugin or RpcStepPlugin by type. A plugin that accepts the cookie but does not serve that name fails with "unknown plugin type", and the controller logs "unable to dispense plugin".',
    fix: 'Configure the plugin under the key of the plugin it serves, or use a build that serves the expected name.',
  },
  run(facts, report) {
    const dispense = facts.rpc?.dispense;
    if (!dispense || dispense.ok) return;
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} does not serve ${dispense.name}`,
      evidence: [
        launchedAs(facts),
        `Dispenser.Dispense(${JSON.stringify(dispense.name)}): ${dispense.error}`,
        `controller would log: unable to start plugin system: unable to dispense plugin (${facts.plugin.name}): ${dispense.error}`,
        ...stderrEvidence(facts, 4),
      ],
      fix: `The ${keyOfType(facts.plugin.type)} entry must point at a binary serving ${dispense.name}; check the plugin's documentation for its type and use the matching key in argo-rollouts-config.`,
    });
  },
};
