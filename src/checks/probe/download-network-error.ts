import { downloadEvidence, downloadOutcomeCheck } from './support.js';

export const downloadNetworkError = downloadOutcomeCheck(
  {
    id: 'download-network-error',
    severity: 'error',
    step: 'probe',
    effect: 'restart-undecided',
    title: 'The plugin could not be downloaded',
    description:
      'The download failed for a reason other than DNS, refused or reset connections, TLS or a timeout (the error says which). The controller would fail the same way at start-up.',
    fix: 'Read the error in the evidence; run the probe again with `-v`.',
  },
  'network-error',
  (facts, d) => ({
    title: `download of ${d.url} failed: ${d.error?.message ?? 'unknown error'}`,
    evidence: downloadEvidence(facts, `error: ${d.error?.code ? `${d.error.code} ` : ''}${d.error?.message ?? ''}`),
    fix: 'Fix the cause named in the error, then probe again.',
  }),
);
