/** Matching references against the configuration the way the controller looks plugins up. */
import { PLUGIN_TYPE_WORDS, type ParsedEntry, type PluginReference, type UsageFacts } from '../../config/types.js';
import { expectedNameAt, knownPluginFor, type KnownPlugin } from '../../config/known-plugins.js';
import { entriesReadByController } from '../../config/parse.js';
import { samePlugin } from '../../core/finding.js';

/** The entry the controller finds (exact name and type; first wins), and near misses. */
export function configuredFor(facts: UsageFacts, ref: PluginReference): { exact?: ParsedEntry; caseOnly?: ParsedEntry; otherType?: ParsedEntry } {
  const entries = entriesReadByController(facts.config);
  const exact = entries.find((e) => samePlugin(e, ref));
  if (exact) return { exact };
  const otherType = entries.find((e) => e.type !== ref.type && e.name === ref.name);
  // Before v1.8.0 the controller looks plugins up by name only, across all keys: the first entry of that name serves.
  if (otherType && !facts.config.features.lookupByType) return { exact: entries.find((e) => e.name === ref.name) ?? otherType };
  const caseOnly = entries.find((e) => e.type === ref.type && e.name.toLowerCase() === ref.name.toLowerCase());
  return { ...(caseOnly && { caseOnly }), ...(otherType && { otherType }) };
}

/** The controller's run-time error for a plugin it cannot find (the three callers word it differently). */
export function failureFor(ref: PluginReference): string {
  const cause = `unable to find plugin (${ref.name}): plugin ${ref.name} not configured in configmap`;
  if (ref.type === 'metricprovider') return `unable to get metric plugin: ${cause}`;
  return `failed to get ${PLUGIN_TYPE_WORDS[ref.type]} plugin ${ref.name}: ${cause}`;
}

/** A catalogued plugin registered under another name than the one it looks itself up by. */
export interface Misregistered {
  entry: ParsedEntry;
  known: KnownPlugin;
  /** The name this release of the plugin reads its settings under. */
  expected: string;
}

export function misregisteredPlugins(facts: UsageFacts): Misregistered[] {
  const out: Misregistered[] = [];
  for (const entry of facts.config.entries) {
    if (!entry.nameValid) continue; // name-invalid-format stops the controller first, and suggests the expected name
    const known = knownPluginFor(entry.location, entry.type);
    if (!known) continue;
    const expected = expectedNameAt(known, entry.location);
    if (expected !== entry.name) out.push({ entry, known, expected });
  }
  return out;
}
