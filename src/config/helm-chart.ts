/**
 * What the tool knows of the argo-helm chart charts/argo-rollouts: the values it reads (so a values
 * file is recognised even when it sets no plugins) and the labels it puts on the controller.
 * Read from argoproj/argo-helm; the rendering itself is in sources.ts (renderHelmValues).
 */

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
