import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { placeholderIn, pluginRef, readEntries, redactText, where } from './support.js';
import { entryDigestCommand } from './sha256-support.js';

export const sha256Missing: Check<ConfigFacts> = {
  meta: {
    id: 'sha256-missing',
    severity: 'warning',
    step: 'config',
    title: 'An http(s) plugin has no sha256: any bytes served are executed',
    description:
      'Without `sha256` the controller runs whatever the URL returns: a re-published release asset, a proxy\'s error page saved as the binary (before v1.8.0), or a tampered file. Pinning makes a changed binary stop the controller at start-up instead of running. A location that still holds a placeholder is `location-placeholder` alone, whose fix ends with the pin: there is no URL to hash until it is filled in.',
    fix: 'Pin the digest of the binary you tested: `sha256: <64 lowercase hex>` (`--probe` computes it).',
    variants: {
      'plain-http': { severity: 'warning', title: 'A plugin is downloaded over plain http without a sha256: anyone on the path can replace it' },
    },
  },
  run(facts, report) {
    for (const e of readEntries(facts, 'sha256')) {
      if (e.sha256State !== 'unpinned') continue;
      if (placeholderIn(e.location)) continue; // location-placeholder says it, pin included: the URL to hash is not written yet
      const plain = e.locationFacts.kind === 'http';
      report({
        plugin: pluginRef(e),
        ...(plain && { variant: 'plain-http' }),
        title: plain ? `${e.name} is downloaded over plain http without a sha256: anyone on the path can replace it` : `${e.name} is downloaded without a sha256`,
        evidence: [`${where(e)}: location ${redactText(e.locationFacts.target ?? '')}, no sha256`],
        fix: `Add the digest: ${entryDigestCommand(e, facts.features)}\nthen sha256: "<that value>"`,
      });
    }
  },
};
