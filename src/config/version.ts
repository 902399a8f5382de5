/** Which plugin features a controller release understands (the gates are read from the controller's source at each release tag). */
import type { PluginType } from '../core/finding.js';
import type { PluginEntry } from './types.js';
import type { ValuesControllerVersion } from './helm-chart.js';

export interface ControllerVersion {
  /** As given: `v1.7.2`, `1.8.0-rc1`, an image tag... */
  raw: string;
  major: number;
  minor: number;
  patch: number;
}

/** Parses `v1.7.2`, `1.8.0-rc1` or an image reference ending in such a tag; undefined otherwise. */
export function parseControllerVersion(raw: string): ControllerVersion | undefined {
  const match = /(?:^|[:@v])v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][0-9A-Za-z.-]*)?$/.exec(raw.trim());
  if (!match) return undefined;
  return { raw, major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

/**
 * A release tag written exactly (`v1.2.3`, `v1.2.3-rc1`), as the controller and every catalogued
 * plugin project tag their GitHub releases; undefined for `latest`, `1.2.3`, `v1.2` or an image.
 */
export function parseReleaseTag(tag: string): ControllerVersion | undefined {
  return /^v\d+\.\d+\.\d+(?:[-+]|$)/.test(tag) ? parseControllerVersion(tag) : undefined;
}

export function versionAtLeast(v: ControllerVersion, major: number, minor: number, patch = 0): boolean {
  return v.major !== major ? v.major > major : v.minor !== minor ? v.minor > minor : v.patch >= patch;
}

export interface ControllerFeatures {
  /** trafficRouterPlugins / metricProviderPlugins (v1.5.0). */
  plugins: boolean;
  /** `args` (v1.7.0). */
  args: boolean;
  /** A 64-character sha256 is really compared (v1.7.0); before, any sha256 fails start-up. */
  sha256Compared: boolean;
  /** stepPlugins, `disabled`, `headersFrom` (v1.8.0). */
  v18: boolean;
  /**
   * Plugins are looked up by name and type (v1.8.0, `GetPlugin`); before, by name only across all
   * keys, so a metric plugin listed under trafficRouterPlugins still works.
   */
  lookupByType: boolean;
  /** A download answered outside 200-399 is fatal (v1.8.0); before, the error page was saved as the plugin. */
  downloadStatusChecked: boolean;
  /** The stock install.yaml of this exact release has no writable plugin-bin, so every plugin is fatal (v1.7.0 only, #3642). */
  stockInstallWithoutPluginBin: boolean;
  /**
   * The traffic-router client keeps its RPC client (v1.10.0-rc1, e7e54f855, #3918): a failed start
   * is retried with its own error instead of every later use failing with "exec: Stdout already
   * set". The metric and step clients are unchanged.
   */
  routerClientCached: boolean;
}

/** Features of `version`; an unknown version is taken to be the newest release. */
export function controllerFeatures(version: ControllerVersion | undefined): ControllerFeatures {
  if (!version) {
    return { plugins: true, args: true, sha256Compared: true, v18: true, lookupByType: true, downloadStatusChecked: true, stockInstallWithoutPluginBin: false, routerClientCached: true };
  }
  const v17 = versionAtLeast(version, 1, 7);
  const v18 = versionAtLeast(version, 1, 8);
  return {
    plugins: versionAtLeast(version, 1, 5),
    args: v17,
    sha256Compared: v17,
    v18,
    lookupByType: v18,
    downloadStatusChecked: v18,
    stockInstallWithoutPluginBin: version.major === 1 && version.minor === 7 && version.patch === 0,
    // The pre-release suffix is not compared: v1.10.0-rc1 is the first release with it.
    routerClientCached: versionAtLeast(version, 1, 10),
  };
}

/**
 * Whether a plugin of `type` that failed to start once makes every later use fail with only
 * `exec: Stdout already set` (the failed go-plugin client is kept): metric and step plugins at
 * every release, traffic routers before v1.10.0-rc1.
 */
export function startFailureLoops(type: PluginType, features: ControllerFeatures): boolean {
  return type !== 'trafficrouter' || !features.routerClientCached;
}

/**
 * The headersFrom Secrets a controller of this release reads, and sends the data of as request
 * headers: none before v1.8.0, which ignores the field (feature-needs-newer-controller says so). An
 * unknown release (`features` undefined) is judged as the newest.
 */
export function headersFromRead(e: PluginEntry, features: ControllerFeatures | undefined): readonly string[] {
  return (features ?? controllerFeatures(undefined)).v18 ? (e.headersFrom ?? []) : [];
}

/** A controller release known by name (from the cluster, a flag or helm values), with its features. */
export interface KnownRelease {
  version: string;
  features: ControllerFeatures;
}

/**
 * The controller release a configuration is judged for (docs/versions.md): --controller-version,
 * else what its helm values install (controller.image.tag naming a release, the chart's appVersion),
 * else (doctor) the live controller's. `assumed`: helm values whose release nobody named, so the
 * newest release's rules apply; what was assumed, in words.
 */
export function judgingRelease(from: { flag?: string; values?: ValuesControllerVersion; live?: string }): { controllerVersion?: string; assumed?: string } {
  // || as everywhere a version is given: an empty flag or tag names nothing.
  const controllerVersion = from.flag || from.values?.version || from.live;
  const known = controllerVersion !== undefined && parseControllerVersion(controllerVersion) !== undefined;
  return { ...(controllerVersion && { controllerVersion }), ...(from.values && !known && { assumed: from.values.from }) };
}
