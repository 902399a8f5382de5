import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { entryFatalLine, pluginRef, readEntries, redactText, where } from './support.js';

export const locationUnparseable: Check<ConfigFacts> = {
  meta: {
    id: 'location-unparseable',
    severity: 'error',
    step: 'config',
    effect: 'fatal-at-startup',
    title: 'The location is not a URL the controller can parse: it exits at start-up',
    description:
      'The location is parsed with Go\'s url.ParseRequestURI: it must be an absolute URL (`https://…`, `file:///…`). A relative path, an empty location, spaces in the host, a bad port or a broken %-escape make the controller exit with `Failed to download plugins: failed to parse plugin location: …`.',
    fix: 'Use an absolute URL: `https://host/path/plugin-linux-amd64` or `file:///absolute/path/plugin`.',
    example: 'location: plugins/my-plugin',
  },
  run(facts, report) {
    for (const e of readEntries(facts, 'location')) {
      const error = e.locationFacts.parseError;
      if (!error) continue;
      report({
        plugin: pluginRef(e),
        title: `${e.name}: location ${JSON.stringify(redactText(e.location))} cannot be parsed`,
        evidence: [`${where(e)}: url.ParseRequestURI: ${redactText(error)}`, ...entryFatalLine(facts, e)],
        fix: 'location: "https://<host>/<path to the binary>"   # or file:///<absolute path>',
      });
    }
  },
};
