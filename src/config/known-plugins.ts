/**
 * The catalogue of real public plugins: what each is, the name it looks itself up by (per
 * release), how its release assets are named, the API access its docs require, and where it lives.
 * Facts read from each plugin's repository (the file named in `nameSource`); docs/known-plugins.md
 * is generated from this list. Kept free of heavy imports: the check registry loads it.
 */
import type { PluginType } from '../core/finding.js';
import { parseReleaseTag, versionAtLeast } from './version.js';

/** An API access a plugin needs as the controller's service account. */
export interface PluginNeed {
  group: string;
  resource: string;
  verbs: string[];
}

/** The name a plugin looks itself up by, for the releases up to `upTo` (inclusive; absent: every later release). */
export interface RegistrationName {
  /** `argoproj-labs/gatewayAPI`; a name the controller's `<namespace>/<name>` rule rejects means no registration can work. */
  name: string;
  upTo?: string;
  /** The first release that looks itself up by this name, when a fix must name it (the previous name is one no controller accepts). */
  from?: string;
}

/** How a release's assets are named, for the releases up to `upTo` (inclusive; absent: every later release). */
export interface AssetNaming {
  /** `gatewayapi-plugin-<os>-<arch>`. */
  pattern: string;
  upTo?: string;
}

export interface KnownPlugin {
  /** What the plugin is, for messages. */
  title: string;
  type: PluginType;
  /** owner/name on GitHub. */
  repository: string;
  /** Oldest first; the last one has no `upTo`. */
  names: readonly RegistrationName[];
  /** Where in the plugin's source the name is hard-coded. */
  nameSource: string;
  /** Matches its location (release asset URLs, image paths, operators' paths). */
  locationPattern: RegExp;
  /** Oldest first, as read from the plugin's release workflow; absent: not catalogued, so asset names are not judged. */
  assets?: readonly AssetNaming[];
  /** What the tool checks with SubjectAccessReview (a subset of `rbac`). */
  apiNeeds: PluginNeed[];
  /** The RBAC its docs require, in words. */
  rbac: string;
  /** Known wrong names, and where users copy them from. */
  pitfalls?: string;
}

const routeVerbs = ['get', 'update'];

export const KNOWN_PLUGINS: readonly KnownPlugin[] = [
  {
    title: 'Gateway API traffic router',
    type: 'trafficrouter',
    repository: 'argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi',
    names: [{ name: 'argoproj-labs/gatewayAPI' }],
    nameSource: 'pkg/plugin/plugin.go PluginName (every tag v0.0.1 to v0.15.0)',
    locationPattern: /rollouts-plugin-trafficrouter-gatewayapi|gateway-?api-plugin-(linux|darwin|windows)/i,
    assets: [{ pattern: 'gateway-api-plugin-<os>-<arch>', upTo: 'v0.3.0' }, { pattern: 'gatewayapi-plugin-<os>-<arch>' }],
    apiNeeds: [{ group: 'gateway.networking.k8s.io', resource: 'httproutes', verbs: routeVerbs }],
    rbac: 'gateway.networking.k8s.io httproutes, grpcroutes, tcproutes, tlsroutes: get, list, update, patch; core services: get',
    pitfalls: 'Tags always carry a `v` (`0.3.0` is a 404); darwin and windows assets exist and never run in the Linux controller image.',
  },
  {
    title: 'OpenShift Route traffic router',
    type: 'trafficrouter',
    repository: 'argoproj-labs/rollouts-plugin-trafficrouter-openshift',
    names: [{ name: 'argoproj-labs/openshift' }],
    nameSource: 'pkg/plugin/plugin.go',
    // Red Hat images bake it at /plugins/rollouts-trafficrouter-openshift/openshift-route-plugin.
    locationPattern: /rollouts-plugin-trafficrouter-openshift|rollouts-trafficrouter-openshift|openshift-route-plugin/i,
    apiNeeds: [{ group: 'route.openshift.io', resource: 'routes', verbs: routeVerbs }],
    rbac: 'route.openshift.io routes: *',
    pitfalls: 'argo-rollouts-manager generated `openshift-route-plugin` (invalid, fatal) and then `argoproj-labs/openshift-route-plugin` (valid, but the plugin finds no settings) before it used `argoproj-labs/openshift`.',
  },
  {
    title: 'Contour traffic router',
    type: 'trafficrouter',
    repository: 'argoproj-labs/rollouts-plugin-trafficrouter-contour',
    names: [{ name: 'argoproj-labs/contour' }],
    nameSource: 'pkg/plugin/types.go ConfigKey',
    locationPattern: /rollouts-plugin-trafficrouter-contour|rollouts-trafficrouter-contour/i,
    apiNeeds: [{ group: 'projectcontour.io', resource: 'httpproxies', verbs: routeVerbs }],
    rbac: 'projectcontour.io httpproxies: get, list, watch, update, patch',
    pitfalls: 'Its README shows the helm values in the map shape of charts before 2.38.0.',
  },
  {
    title: 'Consul traffic router',
    type: 'trafficrouter',
    repository: 'argoproj-labs/rollouts-plugin-trafficrouter-consul',
    names: [{ name: 'hashicorp/consul' }],
    nameSource: 'pkg/plugin/types.go ConfigKey',
    locationPattern: /rollouts-plugin-trafficrouter-consul/i,
    apiNeeds: [
      { group: 'consul.hashicorp.com', resource: 'servicesplitters', verbs: routeVerbs },
      { group: 'consul.hashicorp.com', resource: 'serviceresolvers', verbs: routeVerbs },
    ],
    rbac: 'consul.hashicorp.com servicesplitters, serviceresolvers: create, watch, get, update, patch',
    pitfalls: 'Its README\'s stand-alone ConfigMap registers it as `argoproj-labs/consul`: the plugin then finds no settings (it reads `hashicorp/consul`). Shipped as the image hashicorp/rollouts-plugin-trafficrouter-consul.',
  },
  {
    title: 'Gloo Edge traffic router',
    type: 'trafficrouter',
    repository: 'argoproj-labs/rollouts-plugin-trafficrouter-glooedge',
    names: [{ name: 'solo-io/glooedge' }],
    nameSource: 'pkg/plugin/plugin.go',
    locationPattern: /rollouts-plugin-trafficrouter-glooedge|glooedge-plugin-/i,
    apiNeeds: [],
    rbac: 'not listed in its docs',
  },
  {
    title: 'Gloo Platform traffic router',
    type: 'trafficrouter',
    repository: 'argoproj-labs/rollouts-plugin-trafficrouter-glooplatform',
    names: [{ name: 'solo-io/glooplatform' }],
    nameSource: 'pkg/plugin/plugin.go',
    locationPattern: /rollouts-plugin-trafficrouter-glooplatform|glooplatform-api-plugin-/i,
    apiNeeds: [],
    rbac: 'granted by the argo-rollouts helm chart (providerRBAC.providers.glooPlatform)',
  },
  {
    title: 'Google Cloud traffic router (Sentry)',
    type: 'trafficrouter',
    repository: 'getsentry/rollouts-plugin-trafficrouter-gcloud',
    names: [{ name: 'sentry-io/gcloud' }],
    nameSource: 'pkg/plugin/types.go',
    locationPattern: /rollouts-plugin-trafficrouter-gcloud/i,
    apiNeeds: [],
    rbac: 'not listed in its docs',
  },
  {
    title: 'Kedify HTTP traffic router',
    type: 'trafficrouter',
    repository: 'kedify/argo-rollouts-plugin',
    names: [{ name: 'kedify/http' }],
    nameSource: 'pkg/plugin/plugin.go',
    locationPattern: /kedify\/argo-rollouts-plugin|rollouts-plugin-kedify/i,
    apiNeeds: [],
    rbac: 'not listed in its docs',
  },
  {
    title: 'Sample Prometheus metric provider',
    type: 'metricprovider',
    repository: 'argoproj-labs/rollouts-plugin-metric-sample-prometheus',
    names: [{ name: 'prometheus', upTo: 'v0.0.3' }, { name: 'argoproj-labs/sample-prometheus', from: 'v0.0.4' }],
    nameSource: 'internal/plugin/plugin.go',
    // Its old repository path was argoproj-labs/sample-rollouts-metric-plugin.
    locationPattern: /rollouts-plugin-metric-sample-prometheus|sample-rollouts-metric-plugin/i,
    assets: [{ pattern: 'metric-plugin-<os>-<arch>' }],
    apiNeeds: [],
    rbac: 'none (it queries Prometheus over HTTP)',
    pitfalls: 'v0.0.3 and earlier look themselves up as `prometheus`, a name no controller accepts (it is not `<namespace>/<name>`); its README still shows the pre-release `plugins: {metrics: …}` key, which no release reads.',
  },
  {
    title: 'OpenSearch metric provider',
    type: 'metricprovider',
    repository: 'argoproj-labs/rollouts-plugin-metric-opensearch',
    names: [{ name: 'argoproj-labs/opensearch-metric-plugin' }],
    nameSource: 'internal/plugin/plugin.go',
    locationPattern: /rollouts-plugin-metric-opensearch/i,
    apiNeeds: [],
    rbac: 'none (it queries OpenSearch over HTTP)',
    pitfalls: 'Its README shows the pre-release `plugins: {metrics: …}` key, which no release reads.',
  },
  {
    title: 'Honeycomb metric provider',
    type: 'metricprovider',
    repository: 'argoproj-labs/rollouts-plugin-metric-honeycomb',
    names: [{ name: 'argoproj-labs/honeycomb' }],
    nameSource: 'internal/plugin/plugin.go',
    locationPattern: /rollouts-plugin-metric-honeycomb/i,
    apiNeeds: [],
    rbac: 'none (it queries Honeycomb over HTTP)',
  },
  {
    title: 'AI metric provider',
    type: 'metricprovider',
    repository: 'argoproj-labs/rollouts-plugin-metric-ai',
    names: [{ name: 'argoproj-labs/metric-ai' }],
    nameSource: 'internal/plugin/plugin.go',
    locationPattern: /rollouts-plugin-metric-ai/i,
    apiNeeds: [],
    rbac: 'not listed in its docs',
  },
];

/** `v0.4.0` from a GitHub release asset URL (`…/releases/download/v0.4.0/…`). */
export function releaseTagOf(location: string): string | undefined {
  return /\/releases\/download\/([^/]+)\//.exec(location)?.[1];
}

/** The item of an `upTo` list that applies to the release `tag`; undefined tag or not a release one: the newest. */
function forRelease<T extends { upTo?: string }>(items: readonly T[], tag: string | undefined): T | undefined {
  const release = tag === undefined ? undefined : parseReleaseTag(tag);
  if (!release) return items[items.length - 1];
  const covers = (upTo: string) => {
    const last = parseReleaseTag(upTo);
    return last !== undefined && versionAtLeast(last, release.major, release.minor, release.patch);
  };
  return items.find((i) => i.upTo === undefined || covers(i.upTo));
}

export function knownPluginFor(location: string, type: PluginType): KnownPlugin | undefined {
  return KNOWN_PLUGINS.find((p) => p.type === type && p.locationPattern.test(location));
}

/** The name the plugin at this location looks itself up by (the release in the URL decides, else the newest). */
export function expectedNameAt(plugin: KnownPlugin, location: string): string {
  return (forRelease(plugin.names, releaseTagOf(location)) ?? plugin.names[plugin.names.length - 1]!).name;
}

/** The asset naming of the release in the URL, when the plugin publishes assets and the tag is a release one. */
export function assetNamingAt(plugin: KnownPlugin, location: string): AssetNaming | undefined {
  const tag = releaseTagOf(location);
  if (!plugin.assets || tag === undefined || !parseReleaseTag(tag)) return undefined;
  return forRelease(plugin.assets, tag);
}

/** The API access a plugin needs, when its location (or its registered name) is a well-known plugin's. */
export function knownPluginNeeds(name: string, location: string): PluginNeed[] {
  return KNOWN_PLUGINS.find((p) => p.locationPattern.test(location) || p.names.some((n) => n.name === name))?.apiNeeds ?? [];
}
