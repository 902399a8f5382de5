/**
 * Whether each headersFrom Secret of the plugin entries exists, and its key names (never its values):
 * the run's one read of each. Its header values go to `values` (doctor's download), never into the facts.
 */
import type { PluginEntry } from '../../config/types.js';
import { headersFromRead, type ControllerFeatures } from '../../config/version.js';
import type { HeaderSecretFacts } from '../facts.js';
import { headerSecretValues, secretData, secretRequest, type HeaderSecretValues } from '../secrets.js';
import type { ApiReads } from './api.js';

export async function readHeaderSecretNames(
  api: ApiReads,
  ns: string,
  plugins: readonly PluginEntry[],
  features: ControllerFeatures,
  values?: (secret: HeaderSecretValues) => void,
): Promise<HeaderSecretFacts[]> {
  const byName = new Map<string, HeaderSecretFacts>();
  for (const plugin of plugins) {
    // Only the Secrets the controller reads: none before v1.8.0.
    for (const secret of headersFromRead(plugin, features)) {
      const entry = byName.get(secret) ?? { name: secret, exists: 'unknown' as const, headerNames: [], plugins: [] };
      entry.plugins.push(plugin.name);
      byName.set(secret, entry);
    }
  }
  // A few Secrets: all read at once, kept in the order the entries name them.
  return Promise.all(
    [...byName.values()].map(async (entry) => {
      const result = await api.read(secretRequest(ns, entry.name), { verb: 'get', resource: 'secrets', group: '', namespace: ns, name: entry.name }, `whether headersFrom Secret ${entry.name} exists`);
      values?.(headerSecretValues(ns, entry.name, result));
      if (result.ok) {
        entry.exists = true;
        // Key names only: the values stay out of the facts.
        entry.headerNames = Object.keys(secretData(result.body)).sort();
      } else if (result.kind === 'not-found') {
        entry.exists = false;
      }
      return entry;
    }),
  );
}
