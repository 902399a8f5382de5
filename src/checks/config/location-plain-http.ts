import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { placeholderIn, pluginRef, readEntries, where, redactText } from './support.js';

export const locationPlainHttp: Check<ConfigFacts> = {
  meta: {
    id: 'location-plain-http',
    severity: 'info',
    step: 'config',
    title: 'The plugin is downloaded over plain http',
    description:
      'Over http anyone on the path can replace the binary the controller executes with its service account. With a pinned sha256 a swap is detected (the controller refuses to start); without one it is not.',
    fix: 'Use https, and pin `sha256`.',
    example: 'location: http://artifacts.internal/plugin',
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      const placeholder = placeholderIn(e.location);
      // Unpinned: sha256-missing says it, with the plain-http risk; one fact, one finding (it leaves a placeholder location to location-placeholder, so not then).
      if (e.locationFacts.kind !== 'http' || (e.sha256State === 'unpinned' && !placeholder)) continue;
      report({
        plugin: pluginRef(e),
        title: `${e.name} is downloaded over plain http${e.sha256State === 'pinned' ? ' (sha256 pinned)' : ''}`,
        evidence: [`${where(e)}: location ${redactText(e.locationFacts.target ?? '')}`],
        // With a placeholder left the URL is not real yet: no line to paste, the advice for the real one.
        fix: placeholder
          ? 'Use https in the location once its placeholder is filled in (location-placeholder), if the server offers it; and pin sha256'
          : `location: "${redactText(e.locationFacts.target ?? '').replace(/^http:/, 'https:')}"   # if the server offers https; and pin sha256`,
      });
    }
  },
};
