import type { Check } from '../../core/check.js';
import { PLUGIN_FOLDER, type ConfigFacts } from '../../config/types.js';
import { placeholderIn, pluginRef, readEntries, where, redactText } from './support.js';

export const locationFileHostSegment: Check<ConfigFacts> = {
  meta: {
    id: 'location-file-host-segment',
    severity: 'warning',
    step: 'config',
    title: 'A file:// location has only two slashes: its first directory is read as a host',
    description:
      'In `file://plugins/x` the first segment is a URL host, and the controller reads `Abs(host + path)`, relative to its working directory: `/home/argo-rollouts/plugins/x`, not `/plugins/x`. `file://./x` is the documented way to say "relative to the working directory". `file://plugin-bin/x` is not reported: `plugin-bin` is the controller\'s own plugin folder, which lives under its working directory (the only directory there in the official pod), so the relative reading is the one meant, as in the controller\'s own end-to-end configuration.',
    fix: 'Use three slashes for an absolute path: `file:///plugins/x`.',
    example: 'location: file://plugins/my-plugin',
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      const host = e.locationFacts.fileHost;
      if (e.locationFacts.kind !== 'file' || host === undefined || host === '.' || host === '..') continue;
      if (placeholderIn(host)) continue; // `file://CHANGE-ME/…`: location-placeholder says it; the path is not written yet
      if (host === PLUGIN_FOLDER) continue; // <workdir>/plugin-bin/…: the controller's own folder, read where it was meant
      const absolute = `file:///${e.location.replace(/^file:\/\//i, '')}`;
      report({
        plugin: pluginRef(e),
        title: `${e.name}: ${redactText(e.location)} is read from ${redactText(e.locationFacts.target ?? '')}`,
        evidence: [
          `${where(e)}: location ${JSON.stringify(redactText(e.location))} has host ${JSON.stringify(host)}`,
          `the controller copies from ${redactText(e.locationFacts.target ?? '')} (relative to its working directory /home/argo-rollouts)`,
        ],
        fix: `If the binary is at /${e.location.replace(/^file:\/\//i, '')}, write location: "${absolute}"`,
      });
    }
  },
};
