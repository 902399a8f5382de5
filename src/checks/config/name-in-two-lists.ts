import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { pluginRef, readEntries, where, redactText } from './support.js';

export const nameInTwoLists: Check<ConfigFacts> = {
  meta: {
    id: 'name-in-two-lists',
    severity: 'error',
    step: 'config',
    title: 'The same plugin name is used for two plugin types: one binary overwrites the other',
    description:
      'The download target is `plugin-bin/<namespace>/<name>` whatever the type, so a traffic router and a metric provider with the same name write the same file and the one downloaded last is started for both. A binary serves one plugin type (its handshake cookie says which), so the other type fails to start.',
    fix: 'Give each plugin its own name (and use that name in the Rollouts/AnalysisTemplates).',
    variants: {
      'same-binary': { severity: 'warning', title: 'The same plugin name and location are used for two plugin types: one of them cannot start' },
    },
  },
  run(facts, report) {
    // The first entry of each list for a name, in order: one pass, not a search per entry.
    const firstPerList = new Map<string, ReturnType<typeof readEntries>>();
    for (const e of readEntries(facts)) {
      const seen = firstPerList.get(e.name) ?? [];
      const other = seen.find((o) => o.key !== e.key);
      if (!seen.some((o) => o.key === e.key)) firstPerList.set(e.name, [...seen, e]);
      if (!other || !e.nameValid) continue;
      const sameBinary = other.location === e.location;
      report({
        plugin: pluginRef(e),
        ...(sameBinary && { variant: 'same-binary' }),
        title: `${e.name} is registered as both ${other.type} and ${e.type}`,
        evidence: [
          `${where(other)}: ${redactText(other.location)}`,
          `${where(e)}: ${redactText(e.location)}`,
          `both are written to ${e.destination}; ${e.key} is downloaded later and overwrites it`,
        ],
        fix: `Rename one of them, e.g. name: "${e.name}-${e.type}" in ${where(e)}.`,
      });
    }
  },
};
