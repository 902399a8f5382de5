import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { pluginRef, readEntries, where, redactText } from './support.js';
import { placeholderIn } from './location-placeholder.js';

export const locationFileHostSegment: Check<ConfigFacts> = {
  meta: {
    id: 'location-file-host-segment',
    severity: 'warning',
    step: 'config',
    title: 'A file:// location has only two slashes: its first directory is read as a host',
    description:
      'In `file://plugins/x` the first segment is a URL host, and the controller reads `Abs(host + path)`, relative to its working directory: `/home/argo-rollouts/plugins/x`, not `/plugins/x`. `file://./x` is the documented way to say "relative to the working directory".',
    fix: 'Use three slashes for an absolute path: `file:///plugins/x`.',
    example: 'location: file://plugins/my-plugin',
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      const host = e.locationFacts.fileHost;
      if (e.locationFacts.kind !== 'file' || host === undefined || host === '.' || host === '..') continue;
      if (placeholderIn(host)) continue; // `file://CHANGE-ME/…`: location-placeholder says it; the path is not written yet
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
