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

/** What a release of the chart does with the plugin values (charts/argo-rollouts templates/controller/configmap.yaml). */
export interface ChartRendering {
  /** The chart version, as found (`2.37.7`). */
  version: string;
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
export function chartRendering(raw: string): ChartRendering | undefined {
  const v = /^\d+\.\d+\.\d+$/.test(raw.trim()) ? parseControllerVersion(raw.trim()) : undefined;
  if (!v) return undefined;
  return { version: raw.trim(), valueUnderItsKey: versionAtLeast(v, 2, 37, 8), stepPlugins: versionAtLeast(v, 2, 39, 1), createConfigmap: versionAtLeast(v, 2, 40, 7) };
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
