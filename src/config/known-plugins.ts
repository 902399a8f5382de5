/**
 * Well-known public plugins, recognised by their release URLs: the name each reads its Rollout
 * settings under (registered under another name it starts fine but finds no configuration), and
 * what it does with the API as the controller's service account (checked with SubjectAccessReview).
 * Kept free of heavy imports: the check registry loads it.
 */
import type { PluginType } from '../core/finding.js';

/** An API access a plugin needs as the controller's service account. */
export interface PluginNeed {
  group: string;
  resource: string;
  verbs: string[];
}

export interface KnownPlugin {
  /** What the plugin is, for messages. */
  title: string;
  type: PluginType;
  /** The name it looks itself up by in the Rollout. */
  expectedName: string;
  /** Matches its location (release asset URLs, image paths). */
  locationPattern: RegExp;
  apiNeeds: PluginNeed[];
}

export const KNOWN_PLUGINS: readonly KnownPlugin[] = [
  {
    title: 'Gateway API traffic router (argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi)',
    type: 'trafficrouter',
    expectedName: 'argoproj-labs/gatewayAPI',
    locationPattern: /rollouts-plugin-trafficrouter-gatewayapi|gateway-?api-plugin-(linux|darwin)/i,
    apiNeeds: [{ group: 'gateway.networking.k8s.io', resource: 'httproutes', verbs: ['get', 'update'] }],
  },
  {
    title: 'OpenShift Route traffic router (argoproj-labs/rollouts-plugin-trafficrouter-openshift)',
    type: 'trafficrouter',
    expectedName: 'argoproj-labs/openshift',
    locationPattern: /rollouts-plugin-trafficrouter-openshift/i,
    apiNeeds: [{ group: 'route.openshift.io', resource: 'routes', verbs: ['get', 'update'] }],
  },
  {
    title: 'Contour traffic router (argoproj-labs/rollouts-plugin-trafficrouter-contour)',
    type: 'trafficrouter',
    expectedName: 'argoproj-labs/contour',
    locationPattern: /rollouts-plugin-trafficrouter-contour/i,
    apiNeeds: [{ group: 'projectcontour.io', resource: 'httpproxies', verbs: ['get', 'update'] }],
  },
];

export function knownPluginFor(location: string, type: PluginType): KnownPlugin | undefined {
  return KNOWN_PLUGINS.find((p) => p.type === type && p.locationPattern.test(location));
}

/** The API access a plugin needs, when its location (or its registered name) is a well-known plugin's. */
export function knownPluginNeeds(name: string, location: string): PluginNeed[] {
  return KNOWN_PLUGINS.find((p) => p.locationPattern.test(location) || p.expectedName === name)?.apiNeeds ?? [];
}
