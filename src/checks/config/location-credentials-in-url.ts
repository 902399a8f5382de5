import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { pluginRef, readEntries, where } from './support.js';

export const locationCredentialsInUrl: Check<ConfigFacts> = {
  meta: {
    id: 'location-credentials-in-url',
    severity: 'warning',
    step: 'config',
    title: 'The location carries credentials: the controller logs them',
    description:
      'The controller logs `Downloading plugin NAME from: LOCATION` at every start, so a user:password in the URL ends up in the logs, and the ConfigMap is readable by anyone who can read ConfigMaps. (The value is not shown here.)',
    fix: 'Move the credentials into a Secret and reference it with `headersFrom` (v1.8.0 and later), e.g. an `Authorization` key.',
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      if (!e.locationFacts.hasUserinfo || (e.locationFacts.kind !== 'http' && e.locationFacts.kind !== 'https')) continue;
      report({
        plugin: pluginRef(e),
        title: `${e.name}: the location contains credentials`,
        evidence: [`${where(e)}: the location has a user-info part (user:password@); value not shown`],
        fix: 'headersFrom:\n  - secretRef:\n      name: plugin-download-auth   # a Secret with an Authorization key\nand remove user:password@ from location',
      });
    }
  },
};
