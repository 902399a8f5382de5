import { downloadEvidence, downloadOutcomeCheck } from './support.js';

export const downloadRedirectBadScheme = downloadOutcomeCheck(
  {
    id: 'download-redirect-bad-scheme',
    severity: 'error',
    step: 'probe',
    effect: 'fatal-at-startup',
    title: 'The plugin URL redirects to a non-HTTP location',
    description: 'A redirect points to a `file:`, `ftp:` or otherwise unusable location; Go refuses it (`unsupported protocol scheme`) and the controller exits at start-up.',
    fix: 'Fix the server redirect or use the final http(s) URL directly.',
  },
  'redirect-bad-scheme',
  (facts, d) => ({
    title: `redirect to ${d.finalUrl}`,
    evidence: downloadEvidence(facts, `error: ${d.error?.message ?? ''}`),
    fix: 'Fix the redirect on the server, or point `location` at an http(s) URL that serves the binary.',
  }),
);
