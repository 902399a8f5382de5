import type { Check } from '../../core/check.js';
import type { ProbeFacts } from '../../probe/types.js';
import { fetchedWithoutHeaders } from '../../probe/facts.js';
import { pinFix, pluginRef } from './support.js';

export const sha256Unpinned: Check<ProbeFacts> = {
  meta: {
    id: 'sha256-unpinned',
    severity: 'warning',
    step: 'probe',
    // A placeholder location is never pinned as it is (location-placeholder's fix pins the real URL): what it served is that finding's evidence.
    symptomOf: { ids: ['sha256-missing', 'location-placeholder'] },
    title: 'The plugin is downloaded without a sha256',
    description:
      'Without `sha256` the controller runs whatever the URL serves at each start: a re-published release, a compromised host or an error page. Pinning makes a changed file stop the controller instead of running it.',
    fix: 'Add the `sha256` of the file you verified (the entry is in the finding; `kubectl rollouts-plugins checksum URL` prints it). Never for a page (binary-is-json, -html, -text): fix the location first.',
  },
  run(facts, report) {
    // The controller ignores sha256 for file:// locations, so pinning them changes nothing.
    if (facts.sha256.state !== 'unpinned' || facts.kind !== 'http' || !facts.sha256.actual) return;
    if (facts.entry.undecoded?.includes('sha256')) return; // a sha256 that is no string: config-unmarshal-error's
    // Got without the headers the controller sends, the file may not be its: no value to pin (sha256-missing still says none is).
    if (fetchedWithoutHeaders(facts)) return;
    report({
      plugin: pluginRef(facts),
      title: `no sha256 for ${facts.entry.location}; the file now has ${facts.sha256.actual}`,
      evidence: [`sha256 of the downloaded file: ${facts.sha256.actual} (${facts.content?.size ?? 0} bytes${facts.binary ? `, ${facts.binary.summary}` : ''})`],
      fix: pinFix(facts, facts.sha256.actual, 'Check that this is the release you expect, then pin it'),
    });
  },
};
