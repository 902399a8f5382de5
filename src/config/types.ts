/** The plugin configuration as the controller sees it after parsing `argo-rollouts-config`. */
import type { PluginType } from '../core/finding.js';

/** The three ConfigMap data keys the controller reads, and the plugin type each holds. */
export const PLUGIN_KEYS = {
  trafficRouterPlugins: 'trafficrouter',
  metricProviderPlugins: 'metricprovider',
  stepPlugins: 'step',
} as const satisfies Record<string, PluginType>;

export type PluginKey = keyof typeof PLUGIN_KEYS;

/** One entry of one of the three lists, with the fields the controller decodes. */
export interface PluginEntry {
  type: PluginType;
  key: PluginKey;
  /** Position in its list (0-based). */
  index: number;
  /** `<namespace>/<name>`, as written. */
  name: string;
  location: string;
  sha256?: string;
  args?: string[];
  /** Names of the Secrets whose data become request headers (values never held here). */
  headersFrom?: string[];
  disabled?: boolean;
}
