/** Matching references against the configuration the way the controller looks plugins up. */
import type { ParsedEntry, PluginReference, UsageFacts } from '../../config/types.js';

/** Entries of the keys the controller release reads. */
function liveEntries(facts: UsageFacts): ParsedEntry[] {
  const ignored = new Set(facts.config.keys.filter((k) => k.ignoredByController).map((k) => k.key));
  return facts.config.entries.filter((e) => !ignored.has(e.key));
}

/** The entry the controller finds (exact name and type; first wins), and near misses. */
export function configuredFor(facts: UsageFacts, ref: PluginReference): { exact?: ParsedEntry; caseOnly?: ParsedEntry; otherType?: ParsedEntry } {
  const entries = liveEntries(facts);
  const exact = entries.find((e) => e.type === ref.type && e.name === ref.name);
  if (exact) return { exact };
  const caseOnly = entries.find((e) => e.type === ref.type && e.name.toLowerCase() === ref.name.toLowerCase());
  const otherType = entries.find((e) => e.type !== ref.type && e.name === ref.name);
  return { ...(caseOnly && { caseOnly }), ...(otherType && { otherType }) };
}

/** The controller's run-time error for a plugin it cannot find (the three callers word it differently). */
export function failureFor(ref: PluginReference): string {
  const cause = `unable to find plugin (${ref.name}): plugin ${ref.name} not configured in configmap`;
  if (ref.type === 'metricprovider') return `unable to get metric plugin: ${cause}`;
  return `failed to get ${ref.type === 'trafficrouter' ? 'traffic router' : 'step'} plugin ${ref.name}: ${cause}`;
}
