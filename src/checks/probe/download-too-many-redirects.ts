import { downloadEvidence, downloadOutcomeCheck } from './support.js';

export const downloadTooManyRedirects = downloadOutcomeCheck(
  {
    id: 'download-too-many-redirects',
    severity: 'error',
    step: 'probe',
    effect: 'fatal-at-startup',
    title: 'The plugin URL redirects 10 times or more',
    description: "Go's client gives up at the 10th redirect (`stopped after 10 redirects`), so the controller cannot download the plugin.",
    fix: 'Use a URL closer to the final asset.',
  },
  'too-many-redirects',
  (facts, d) => ({
    title: `${d.hops.length} redirects from ${d.url}`,
    evidence: downloadEvidence(facts),
    fix: `Use a URL nearer the end of the chain in \`location\`, e.g. ${d.hops.at(-1)?.url ?? d.finalUrl} if it is stable.`,
  }),
);
