import { downloadEvidence, downloadOutcomeCheck } from './support.js';

export const downloadRedirectLoop = downloadOutcomeCheck(
  {
    id: 'download-redirect-loop',
    severity: 'error',
    step: 'probe',
    effect: 'fatal-at-startup',
    title: 'The plugin URL redirects in a loop',
    description: 'A redirect leads back to a URL already requested. Go follows it until its limit of 10 redirects, then the controller exits with `stopped after 10 redirects`.',
    fix: 'Use the final asset URL in `location`, or fix the server (often a login redirect or a missing credential).',
  },
  'redirect-loop',
  (facts, d) => ({
    title: `redirect loop back to ${d.finalUrl}`,
    evidence: downloadEvidence(facts, `loop: ${[...d.hops.map((h) => h.url), d.finalUrl].join(' -> ')}`),
    fix: 'Point `location` at the direct download URL; a loop through a login page means the server wants credentials (`headersFrom`).',
  }),
);
