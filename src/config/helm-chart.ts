/**
 * What the tool knows of the argo-helm chart charts/argo-rollouts: the values it reads (so a values
 * file is recognised even when it sets no plugins) and the labels it puts on the controller.
 * Read from argoproj/argo-helm; the rendering itself is in sources.ts (renderHelmValues).
 */
import { parseControllerVersion, versionAtLeast } from './version.js';

/** The chart's top-level values (values.yaml of chart 2.41). */
export const CHART_TOP_LEVEL_VALUES: ReadonlySet<string> = new Set([
  'installCRDs',
  'keepCRDs',
  'clusterInstall',
  'createClusterAggregateRoles',
  'nameOverride',
  'fullnameOverride',
  'namespaceOverride',
  'apiVersionOverrides',
  'kubeVersionOverride',
  'extraObjects',
  'global',
  'controller',
  'serviceAccount',
  'crdAnnotations',
  'podAnnotations',
  'podSecurityContext',
  'containerSecurityContext',
  'serviceAnnotations',
  'podLabels',
  'imagePullSecrets',
  'providerRBAC',
  'dashboard',
  'notifications',
]);

/** A document with no `kind` whose keys are all chart values: argo-helm values, even when it configures no plugin. */
export function isChartValues(doc: Record<string, unknown>): boolean {
  const keys = Object.keys(doc);
  return !('kind' in doc) && keys.length > 0 && keys.every((k) => CHART_TOP_LEVEL_VALUES.has(k));
}

/** `values.yaml`, `ci/default-values.yaml`: a file named so that holds no document is the chart's defaults. */
export function isValuesFileName(path: string): boolean {
  return /(^|[/\\])[^/\\]*values[^/\\]*\.ya?ml$/i.test(path);
}

/**
 * The controller release each chart release installs by default (its Chart.yaml `appVersion`, the
 * default `controller.image.tag`), as the chart versions where it changed: every release up to the
 * next row installs the same one. Read from the history of charts/argo-rollouts/Chart.yaml in
 * argoproj/argo-helm (2.0.0 to 2.41.0); the rows before plugins existed (v1.5.0) matter only to
 * say that no plugin is read.
 */
const CHART_APP_VERSIONS: readonly (readonly [chart: string, controller: string])[] = [
  ['2.0.0', 'v1.0.2'],
  ['2.2.0', 'v1.1.0'],
  ['2.8.1', 'v1.1.1'],
  ['2.12.0', 'v1.2.0'],
  ['2.19.2', 'v1.2.2'],
  ['2.21.0', 'v1.3.0'],
  ['2.21.1', 'v1.3.1'],
  ['2.22.0', 'v1.4.0'],
  ['2.22.3', 'v1.4.1'],
  ['2.28.0', 'v1.5.0'],
  ['2.31.1', 'v1.5.1'],
  ['2.32.0', 'v1.6.0'],
  ['2.32.3', 'v1.6.1'],
  ['2.32.4', 'v1.6.2'],
  ['2.32.7', 'v1.6.3'],
  ['2.32.8', 'v1.6.4'],
  ['2.34.2', 'v1.6.5'],
  ['2.34.3', 'v1.6.6'],
  ['2.36.0', 'v1.7.0'],
  ['2.37.0', 'v1.7.1'],
  ['2.37.5', 'v1.7.2'],
  ['2.39.0', 'v1.8.0'],
  ['2.39.2', 'v1.8.1'],
  ['2.39.3', 'v1.8.2'],
  ['2.39.6', 'v1.8.3'],
  ['2.40.6', 'v1.8.4'],
  ['2.40.8', 'v1.9.0'],
];
/** The newest chart release the table knows; a newer one installs a controller the tool cannot name. */
const NEWEST_KNOWN_CHART = '2.41.0';

/** The controller release chart `raw` (`2.36.1`) installs by default; undefined before 2.0.0 or after the newest known release. */
export function chartAppVersion(raw: string): string | undefined {
  const v = parseControllerVersion(raw.trim());
  const newest = parseControllerVersion(NEWEST_KNOWN_CHART)!;
  if (!v || !isExactChartVersion(raw) || !versionAtLeast(newest, v.major, v.minor, v.patch)) return undefined;
  let found: string | undefined;
  for (const [chart, controller] of CHART_APP_VERSIONS) {
    const c = parseControllerVersion(chart)!;
    if (versionAtLeast(v, c.major, c.minor, c.patch)) found = controller;
  }
  return found;
}

/** The controller release the newest known chart installs: what a values file of unknown chart release is judged for. */
const NEWEST_CHART_APP_VERSION: string = chartAppVersion(NEWEST_KNOWN_CHART)!;

/** What a release of the chart does with the plugin values (charts/argo-rollouts templates/controller/configmap.yaml). */
export interface ChartRendering {
  /** The chart version, as found (`2.37.7`). */
  version: string;
  /** Where it was found: `--chart-version`, `the Chart.yaml beside it`... */
  from: string;
  /** The controller release it installs by default (its appVersion); undefined when the table does not know it. */
  appVersion?: string;
  /**
   * From 2.37.8 (#3014) each value is rendered as `key: |-` + toYaml(value): a list becomes the
   * string the controller wants. Before, toYaml(value) went straight under `data:`: map-shaped values
   * (`{trafficRouterPlugins: "…"}`) became the data keys, and list-shaped ones a list (#2957).
   */
  valueUnderItsKey: boolean;
  /** `controller.stepPlugins` is rendered (2.39.1, #3199). */
  stepPlugins: boolean;
  /** `controller.createConfigmap` is read (2.40.7, #3793); before, the ConfigMap is always rendered. */
  createConfigmap: boolean;
}

/** How the chart release `raw` (`2.37.7`) renders plugin values; undefined when it is not an exact version. */
export function chartRendering(raw: string, from: string): ChartRendering | undefined {
  const v = isExactChartVersion(raw) ? parseControllerVersion(raw.trim()) : undefined;
  if (!v) return undefined;
  const appVersion = chartAppVersion(raw);
  return {
    version: raw.trim(),
    from,
    ...(appVersion && { appVersion }),
    valueUnderItsKey: versionAtLeast(v, 2, 37, 8),
    stepPlugins: versionAtLeast(v, 2, 39, 1),
    createConfigmap: versionAtLeast(v, 2, 40, 7),
  };
}

/** `2.37.7`: a release, not a range (`~2.37.0`) or a name. */
export function isExactChartVersion(raw: string): boolean {
  return /^\d+\.\d+\.\d+$/.test(raw.trim());
}

/**
 * The argo-rollouts chart version a values file is for, from the Chart.yaml beside it: the chart
 * itself (`name: argo-rollouts`) or an umbrella chart depending on it at an exact version.
 */
export function chartVersionFromChartYaml(chart: Record<string, unknown>): string | undefined {
  if (chart.name === CHART_NAME && typeof chart.version === 'string') return chart.version;
  const deps = Array.isArray(chart.dependencies) ? chart.dependencies : [];
  const dep = deps.find((d): d is Record<string, unknown> => typeof d === 'object' && d !== null && (d as Record<string, unknown>).name === CHART_NAME);
  return typeof dep?.version === 'string' ? dep.version : undefined;
}

export const CHART_NAME = 'argo-rollouts';

/**
 * The controller release a values file installs, and how that is known: `controller.image.tag`
 * when it names a release, else the chart release's appVersion. `version` is undefined when neither
 * is known: the file is then judged by the newest release's rules and `from` says so.
 */
export interface ValuesControllerVersion {
  version?: string;
  from: string;
}

/** `chartUnread`: why a Chart.yaml beside the values was not used (not a regular file, too large...). */
export function valuesControllerVersion(controller: Record<string, unknown>, chart: ChartRendering | undefined, chartUnread?: string): ValuesControllerVersion {
  const image = controller.image;
  const rawTag = typeof image === 'object' && image !== null ? (image as Record<string, unknown>).tag : undefined;
  // The chart accepts `v1.8.3@sha256:…` as a tag; the digest says nothing of the release.
  const tag = typeof rawTag === 'string' ? rawTag.split('@')[0]!.trim() : '';
  if (tag !== '' && /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]*)?$/.test(tag)) return { version: tag.startsWith('v') ? tag : `v${tag}`, from: `controller.image.tag ${rawTag as string}` };
  const assumed = `judged as the newest argo-helm chart the tool knows (${NEWEST_KNOWN_CHART}, controller ${NEWEST_CHART_APP_VERSION}) renders and runs it; give --chart-version or --controller-version to judge it for your release`;
  // A tag such as `latest` replaces the chart's appVersion with a release nobody can name.
  if (tag !== '') return { from: `controller.image.tag ${String(rawTag)} names no release: ${assumed}` };
  if (chart?.appVersion) return { version: chart.appVersion, from: `the appVersion of argo-rollouts chart ${chart.version}, from ${chart.from}` };
  if (chart) return { from: `argo-rollouts chart ${chart.version} (${chart.from}) is newer than the releases the tool knows: ${assumed}` };
  if (chartUnread) return { from: `${chartUnread}, and no --chart-version: ${assumed}` };
  return { from: `no argo-rollouts chart release is known (no Chart.yaml beside it naming an exact release, no --chart-version): ${assumed}` };
}
