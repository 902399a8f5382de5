/**
 * What well-known plugins do with the API as the controller's service account, checked with
 * SubjectAccessReview. Kept free of heavy imports: the check registry loads it.
 */

/** What a well-known plugin does with the API as the controller's service account. */
export interface PluginNeed {
  group: string;
  resource: string;
  verbs: string[];
}

interface WellKnownPlugin {
  /** Matched against the plugin's location, or its name. */
  match: RegExp;
  needs: PluginNeed[];
}

const WELL_KNOWN_PLUGINS: readonly WellKnownPlugin[] = [
  { match: /rollouts-plugin-trafficrouter-gatewayapi|gatewayapi/i, needs: [{ group: 'gateway.networking.k8s.io', resource: 'httproutes', verbs: ['get', 'update'] }] },
  { match: /rollouts-plugin-trafficrouter-contour|\/contour$/i, needs: [{ group: 'projectcontour.io', resource: 'httpproxies', verbs: ['get', 'update'] }] },
  { match: /rollouts-plugin-trafficrouter-openshift|openshift/i, needs: [{ group: 'route.openshift.io', resource: 'routes', verbs: ['get', 'update'] }] },
];

/** The API access a plugin needs, when it is a well-known one. */
export function knownPluginNeeds(name: string, location: string): PluginNeed[] {
  return WELL_KNOWN_PLUGINS.find((p) => p.match.test(location) || p.match.test(name))?.needs ?? [];
}
