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
      'The controller calls Dispenser.Dispense with RpcTrafficRouterPlugin, RpcMetricProviderPlugin or RpcStepPlugin by type, then opens a stream to the id it answers, whose broker acknowledges it with the same id. A plugin that accepts the cookie but does not serve that name fails with "unknown plugin type"; a broker that answers another id fails with "bad ack"; either way the controller logs "unable to dispense plugin".',
    fix: 'Configure the plugin under the key of the plugin it serves, or use a build that serves the expected name.',
    variants: {
      'bad-ack': {
        severity: 'error',
        effect: 'breaks-users',
        title: "The plugin's broker does not acknowledge the dispensed connection",
      },
    },
  },
  run(facts, report) {
    const dispense = facts.rpc?.dispense;
    if (!dispense || dispense.ok) return;
    const controllerLine = `controller would log: unable to start plugin system: unable to dispense plugin (${facts.plugin.name}): ${dispense.error}`;
    if (dispense.badAck) {
      report({
        plugin: facts.plugin,
        variant: 'bad-ack',
        title: `${facts.plugin.name} dispensed ${dispense.name} as stream ${dispense.id}, but its broker did not acknowledge that stream`,
        evidence: [
          launchedAs(facts),
          `Dispenser.Dispense(${JSON.stringify(dispense.name)}) = ${dispense.id}`,
          `broker: ${dispense.error}`,
          // go-plugin's MuxBroker.Dial reads the ack without a deadline: the controller logs nothing, it waits.
          dispense.ackTimedOut ? 'the controller would wait for the ack without a deadline: a Rollout or AnalysisRun using this plugin would hang' : controllerLine,
          ...stderrEvidence(facts, 4),
        ],
        fix: "The plugin's go-plugin broker does not speak the protocol the controller's go-plugin client expects: rebuild the plugin with an unmodified hashicorp/go-plugin (net/rpc, the release Argo Rollouts uses), or report it to the plugin author with these lines.",
      });
      return;
    }
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} does not serve ${dispense.name}`,
      evidence: [launchedAs(facts), `Dispenser.Dispense(${JSON.stringify(dispense.name)}): ${dispense.error}`, controllerLine, ...stderrEvidence(facts, 4)],
      fix: facts.standalone
        ? `This binary serves no ${facts.plugin.type} plugin named ${dispense.name}: check the plugin's documentation for its type and test it with that --type.`
        : `The ${keyOfType(facts.plugin.type)} entry must point at a binary serving ${dispense.name}; check the plugin's documentation for its type and use the matching key in argo-rollouts-config.`,
    });
  },
};
