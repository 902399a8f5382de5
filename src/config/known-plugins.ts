/**
 * Public plugins that read their Rollout settings under a fixed name: registered under another
 * name they start fine but find no configuration. Recognised by their release URLs.
 */
import type { PluginType } from '../core/finding.js';

export interface KnownPlugin {
  /** What the plugin is, for messages. */
  title: string;
  type: PluginType;
  /** The name it looks itself up by in the Rollout. */
  expectedName: string;
  /** Matches its location (release asset URLs, image paths). */
  locationPattern: RegExp;
}

export const KNOWN_PLUGINS: readonly KnownPlugin[] = [
  {
    title: 'Gateway API traffic router (argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi)',
    type: 'trafficrouter',
    expectedName: 'argoproj-labs/gatewayAPI',
    locationPattern: /rollouts-plugin-trafficrouter-gatewayapi|gateway-?api-plugin-(linux|darwin)/i,
  },
  {
    title: 'OpenShift Route traffic router (argoproj-labs/rollouts-plugin-trafficrouter-openshift)',
    type: 'trafficrouter',
    expectedName: 'argoproj-labs/openshift',
    locationPattern: /rollouts-plugin-trafficrouter-openshift/i,
  },
  {
    title: 'Contour traffic router (argoproj-labs/rollouts-plugin-trafficrouter-contour)',
    type: 'trafficrouter',
    expectedName: 'argoproj-labs/contour',
    locationPattern: /rollouts-plugin-trafficrouter-contour/i,
  },
];

export function knownPluginFor(location: string, type: PluginType): KnownPlugin | undefined {
  return KNOWN_PLUGINS.find((p) => p.type === type && p.locationPattern.test(location));
}
