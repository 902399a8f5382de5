import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { pluginRef, readEntries, where, redactText } from './support.js';

export const nameDuplicate: Check<ConfigFacts> = {
  meta: {
    id: 'name-duplicate',
    severity: 'warning',
    step: 'config',
    title: 'The same plugin name appears twice in one list',
    description:
      'At run time the controller uses the first entry with a name; but at start-up it downloads every entry to the same file `plugin-bin/<namespace>/<name>`, so the binary that runs comes from the last one, started with the first one\'s args.',
    fix: 'Keep one entry per name.',
  },
  run(facts, report) {
    // One pass with a map: a hostile ConfigMap with 30,000 entries must not cost quadratic time.
    const firstOf = new Map<string, ReturnType<typeof readEntries>[number]>();
    for (const e of readEntries(facts)) {
      const id = `${e.key}\0${e.name}`;
      const first = firstOf.get(id);
      if (!first) firstOf.set(id, e);
      if (!first || !e.nameValid) continue;
      report({
        plugin: pluginRef(e),
        title: `${e.name} is listed twice in ${e.key}`,
        evidence: [
          `${where(first)}: location ${redactText(first.location)}`,
          `${where(e)}: location ${redactText(e.location)}`,
          `both are downloaded to ${e.destination}; the last download wins, the first entry is the one looked up`,
        ],
        fix: `Delete ${where(e)} or ${where(first)}, keeping the location you want.`,
      });
    }
  },
};
