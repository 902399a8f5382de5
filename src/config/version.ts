/** Which plugin features a controller release understands (the gates are read from the controller's source at each release tag). */

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
}

/** Features of `version`; an unknown version is taken to be the newest release. */
export function controllerFeatures(version: ControllerVersion | undefined): ControllerFeatures {
  if (!version) return { plugins: true, args: true, sha256Compared: true, v18: true };
  const v17 = versionAtLeast(version, 1, 7);
  return { plugins: versionAtLeast(version, 1, 5), args: v17, sha256Compared: v17, v18: versionAtLeast(version, 1, 8) };
}
