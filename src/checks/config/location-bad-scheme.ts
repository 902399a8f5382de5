import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { entryFatalLine, pluginRef, readEntries, where, redactText } from './support.js';

export const locationBadScheme: Check<ConfigFacts> = {
  meta: {
    id: 'location-bad-scheme',
    severity: 'error',
    step: 'config',
    effect: 'fatal-at-startup',
    title: 'The location scheme is not http, https or file: the controller exits at start-up',
    description:
      'Only `http://`, `https://` and `file://` locations are supported (the scheme is case-insensitive). Anything else, `s3://`, `oci://`, `ftp://`, stops the controller with `plugin location must be of http(s) or file scheme`.',
    fix: 'Serve the binary over https, or copy it into the pod (an init container and an emptyDir) and use `file:///path`.',
    example: 'location: s3://bucket/plugin',
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      if (e.locationFacts.kind !== 'other-scheme') continue;
      report({
        plugin: pluginRef(e),
        title: e.locationFacts.scheme
          ? `${e.name}: location scheme ${JSON.stringify(e.locationFacts.scheme)} is not http, https or file`
          : `${e.name}: location ${JSON.stringify(redactText(e.location))} has no scheme`,
        evidence: [`${where(e)}: location ${JSON.stringify(redactText(e.location))}`, ...entryFatalLine(facts, e)],
        fix: e.location.startsWith('/')
          ? `location: "file://${redactText(e.location)}"`
          : 'location: "https://<host>/<path>"   # or "file:///<absolute path in the controller container>"',
      });
    }
  },
};
