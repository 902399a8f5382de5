import type { Check } from '../../core/check.js';
import type { PluginType } from '../../core/finding.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { COOKIE_REJECTED_TEXT } from '../../handshake/handshake-line.js';
import { keyOfType } from '../../config/types.js';
import { controllerClientError, launchedAs, rerunCommand } from './common.js';

export const handshakeWrongPluginType: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-wrong-plugin-type',
    severity: 'error',
    step: 'handshake',
    effect: 'breaks-users',
    title: 'The binary is not a plugin of the configured type',
    description:
      'Argo Rollouts passes ARGO_ROLLOUTS_RPC_PLUGIN=trafficrouter|metricprovider|step. A plugin built for another type refuses the cookie ("This binary is a plugin. These are not meant to be executed directly.") and exits, which the controller reports as "plugin exited before we could connect". The binary was started again with the other cookies to find its real type.',
    fix: 'Configure the plugin under the key of its real type, or point the entry at the right binary; with `handshake`, test it with `--type` of its real type.',
    example: 'a metric provider listed under trafficRouterPlugins',
  },
  run(facts, report) {
    if (!facts.wrongType) return;
    const actual = facts.wrongType.actualType;
    const configured = keyOfType(facts.plugin.type);
    report({
      plugin: facts.plugin,
      title: actual
        ? `${facts.plugin.name} is a ${actual} plugin, ${facts.standalone ? 'tested with --type' : 'configured as a'} ${facts.plugin.type}${facts.standalone ? '' : ' plugin'}`
        : `${facts.plugin.name} refuses the ${facts.plugin.type} cookie and every other Argo Rollouts cookie`,
      evidence: [
        launchedAs(facts),
        `plugin stderr: ${COOKIE_REJECTED_TEXT}`,
        controllerClientError(facts, 'plugin exited before we could connect'),
        `retried with ARGO_ROLLOUTS_RPC_PLUGIN=${facts.wrongType.triedTypes.join(', =')}: ${actual ? `accepted as ${actual}` : 'refused every time'}`,
      ],
      fix: facts.standalone
        ? standaloneFix(facts, actual)
        : actual
        ? `Move the entry from \`${configured}\` to \`${keyOfType(actual)}\` in argo-rollouts-config:\n\ndata:\n  ${keyOfType(actual)}: |-\n    - name: "${facts.plugin.name}"\n      location: <the same location>\n\n(and reference it from the resources of that kind), or point the ${configured} entry at the ${facts.plugin.type} binary.`
        : 'This binary is a go-plugin plugin of another program, not an Argo Rollouts plugin: point the location at the Argo Rollouts plugin release asset.',
    });
  },
};

/** `handshake PATH` has no entry to move: the command's own --type is what was wrong. */
function standaloneFix(facts: HandshakeFacts, actual: PluginType | undefined): string {
  return actual
    ? `Configure it under \`${keyOfType(actual)}\` in argo-rollouts-config, and test it as the ${actual} plugin it is: ${rerunCommand(facts, { type: actual })}`
    : 'This binary is a go-plugin plugin of another program, not an Argo Rollouts plugin: test the Argo Rollouts plugin binary instead.';
}
