import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { entryFatalLine, pluginRef, readEntries, where, redactText } from './support.js';

export const locationHttpNoHost: Check<ConfigFacts> = {
  meta: {
    id: 'location-http-no-host',
    severity: 'error',
    step: 'config',
    effect: 'fatal-at-startup',
    title: 'An http(s) location has no host: the download cannot start',
    description:
      '`https:example.com/x` (no `//`) parses, but as an opaque URL without a host, so the download fails with `http: no Host in request URL` and the controller exits at start-up.',
    fix: 'Write `https://` with two slashes.',
    example: 'location: https:github.com/org/repo/releases/download/v1/plugin',
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      if (!e.locationFacts.missingHost) continue;
      const fixed = e.location.replace(/^(https?):\/?/i, '$1://');
      report({
        plugin: pluginRef(e),
        title: `${e.name}: ${redactText(e.location)} has no host`,
        evidence: [`${where(e)}: location ${JSON.stringify(redactText(e.location))}`, ...entryFatalLine(facts, e)],
        fix: `location: "${fixed}"`,
      });
    }
  },
};
