import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { entryFatalLine, pluginRef, readEntries, where, redactText } from './support.js';

export const locationFileIsDirectory: Check<ConfigFacts> = {
  meta: {
    id: 'location-file-is-directory',
    severity: 'error',
    step: 'config',
    effect: 'fatal-at-startup',
    title: 'A file:// location resolves to a directory of the controller image',
    description:
      'The controller copies the file at the location into plugin-bin and refuses anything that is not a regular file (`… is not a regular file`), which stops it at start-up. `file:` without a path resolves to the working directory itself.',
    fix: 'Point the location at the plugin binary itself: `file:///plugins/<binary>`.',
    example: 'location: "file:"',
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      if (e.locationFacts.kind !== 'file') continue;
      const fatal = entryFatalLine(facts, e);
      if (!/is not a regular file/.test(fatal.join(' '))) continue;
      report({
        plugin: pluginRef(e),
        title: `${e.name}: ${redactText(e.location)} is the directory ${redactText(e.locationFacts.target ?? '')}`,
        evidence: [`${where(e)}: location ${JSON.stringify(redactText(e.location))} resolves to ${redactText(e.locationFacts.target ?? '')}`, ...fatal],
        fix: 'location: "file:///<directory>/<plugin binary>"',
      });
    }
  },
};
