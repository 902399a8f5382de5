import { downloadEvidence, downloadOutcomeCheck } from './support.js';

export const downloadRedirectWithoutLocation = downloadOutcomeCheck(
  {
    id: 'download-redirect-without-location',
    severity: 'error',
    step: 'probe',
    effect: 'breaks-users',
    title: 'A redirect without a Location header is saved as the plugin',
    description: "Go returns a 3xx response without `Location` as the final response, and the controller accepts every status below 400: it saves that response's body as the plugin binary.",
    fix: 'Fix the server, or use the URL the redirect should have led to.',
  },
  'redirect-without-location',
  (facts, d) => ({
    title: `${d.finalUrl} answers ${d.status} without Location; its body is saved as the plugin`,
    evidence: downloadEvidence(facts, `saved: ${d.bytes} bytes${facts.binary ? ` (${facts.binary.summary})` : ''}`),
    fix: 'Point `location` at the real asset URL.',
  }),
);
