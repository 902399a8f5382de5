/**
 * Which plugins the cluster's resources name, and where. Takes plain parsed Kubernetes objects
 * (from -f files or listed from the API server) and never throws on odd shapes.
 */
import type { PluginReference } from './types.js';
import { isPlainObject, type PlainObject } from '../core/plain-object.js';
import type { FilePosition } from './goyaml.js';

/** Where an object of a -f input is: its file, its document, and where a field of it is written. */
export interface ObjectPlace {
  file: string;
  document?: number;
  /** The line and column of the field at `path` (keys and list indexes, ending with a key), when it is written there. */
  positionOf(path: readonly (string | number)[]): FilePosition | undefined;
}

/** The place of each object read from the -f inputs (objects listed from the API server have none). */
export type ObjectPlaces = ReadonlyMap<unknown, ObjectPlace>;

function resourceName(kind: string, o: PlainObject): string {
  const md = isPlainObject(o.metadata) ? o.metadata : {};
  const name = typeof md.name === 'string' ? md.name : '?';
  const namespace = typeof md.namespace === 'string' ? md.namespace : undefined;
  return kind === 'ClusterAnalysisTemplate' || !namespace ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}

/**
 * Plugin references in Rollouts (traffic router: spec.strategy.canary.trafficRouting.plugins.<name>;
 * step: spec.strategy.canary.steps[].plugin.name) and in AnalysisTemplates, ClusterAnalysisTemplates
 * and AnalysisRuns (metric provider: spec.metrics[].provider.plugin.<name>). Other objects are skipped.
 */
export function extractPluginReferences(objects: readonly unknown[], places?: ObjectPlaces): PluginReference[] {
  const refs: PluginReference[] = [];
  for (const o of objects) {
    if (!isPlainObject(o) || typeof o.kind !== 'string' || !isPlainObject(o.spec)) continue;
    const kind = o.kind;
    const spec = o.spec;
    const place = places?.get(o);
    // Where the field that names the plugin is written in the file: a map key that is the name, or a step's `name`.
    const at = (path: readonly (string | number)[]): Pick<PluginReference, 'at'> => {
      const position = place?.positionOf(path);
      return place && position ? { at: { file: place.file, ...(place.document !== undefined && { document: place.document }), ...position } } : {};
    };
    if (kind === 'Rollout') {
      const resource = resourceName(kind, o);
      const canary = isPlainObject(spec.strategy) && isPlainObject(spec.strategy.canary) ? spec.strategy.canary : undefined;
      const plugins = canary && isPlainObject(canary.trafficRouting) ? canary.trafficRouting.plugins : undefined;
      if (isPlainObject(plugins)) {
        for (const [name, settings] of Object.entries(plugins))
          refs.push({ name, type: 'trafficrouter', resource, kind, path: 'spec.strategy.canary.trafficRouting.plugins', settings, ...at(['spec', 'strategy', 'canary', 'trafficRouting', 'plugins', name]) });
      }
      const steps = canary && Array.isArray(canary.steps) ? canary.steps : [];
      steps.forEach((step, i) => {
        const plugin = isPlainObject(step) && isPlainObject(step.plugin) ? step.plugin : undefined;
        if (plugin && typeof plugin.name === 'string')
          refs.push({ name: plugin.name, type: 'step', resource, kind, path: `spec.strategy.canary.steps[${i}].plugin`, settings: plugin.config, ...at(['spec', 'strategy', 'canary', 'steps', i, 'plugin', 'name']) });
      });
    } else if (kind === 'AnalysisTemplate' || kind === 'ClusterAnalysisTemplate' || kind === 'AnalysisRun') {
      const resource = resourceName(kind, o);
      const metrics = Array.isArray(spec.metrics) ? spec.metrics : [];
      metrics.forEach((metric, i) => {
        const provider = isPlainObject(metric) && isPlainObject(metric.provider) ? metric.provider : undefined;
        if (provider && isPlainObject(provider.plugin)) {
          for (const [name, settings] of Object.entries(provider.plugin))
            refs.push({ name, type: 'metricprovider', resource, kind, path: `spec.metrics[${i}].provider.plugin`, settings, ...at(['spec', 'metrics', i, 'provider', 'plugin', name]) });
        }
      });
    }
  }
  return refs;
}
