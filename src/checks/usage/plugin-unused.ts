import type { Check } from '../../core/check.js';
import type { UsageFacts } from '../../config/types.js';
import { entriesReadByController, pluginsNotLoaded } from '../../config/parse.js';
import { misregisteredPlugins } from './support.js';

export const pluginUnused: Check<UsageFacts> = {
  meta: {
    id: 'plugin-unused',
    severity: 'info',
    step: 'usage',
    title: 'A configured plugin is used by no Rollout or AnalysisTemplate',
    description:
      'Every configured plugin is downloaded at every controller start, and a broken one stops the controller, even if nothing uses it. One the controller release does not read (stepPlugins before v1.8.0) is not downloaded until the controller is upgraded.',
    fix: 'Remove plugins nothing uses.',
  },
  run(facts, report) {
    if (!facts.resourcesScanned) return;
    const misregistered = new Set(misregisteredPlugins(facts).map((m) => m.entry));
    const read = new Set(entriesReadByController(facts.config));
    const notLoaded = pluginsNotLoaded(facts.config);
    for (const e of facts.config.entries) {
      if (misregistered.has(e)) continue; // plugin-registered-name-mismatch says why nothing finds it
      if (e.undecoded?.includes('name')) continue; // no name to be used by: config-unmarshal-error says why
      // A reference that differs in case or type is plugin-name-mismatch's business, not "unused".
      if (facts.references.some((r) => r.name.toLowerCase() === e.name.toLowerCase())) continue;
      report({
        plugin: { name: e.name, type: e.type },
        title: `${e.name} (${e.key}) is not used by any Rollout or AnalysisTemplate`,
        evidence: [`no resource among those scanned names ${JSON.stringify(e.name)} as a ${e.type} plugin`],
        fix: `Remove it from ${e.key} if nothing will use it; ${read.has(e) ? 'it is still downloaded at every start' : downloadedOnceRead(notLoaded.find((n) => n.plugins.includes(e.name))!.why)}.`,
      });
    }
  },
};

/** What an unused entry the controller does not read costs: no download now, one at every start once it is read. */
function downloadedOnceRead(why: string): string {
  return `${why}, so it is not downloaded now, but would be at every start once it is read`;
}
