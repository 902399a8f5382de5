import { formatBytes } from '../../core/size.js';
import { downloadEvidence, downloadOutcomeCheck } from './support.js';

export const downloadTruncated = downloadOutcomeCheck(
  {
    id: 'download-truncated',
    severity: 'error',
    step: 'probe',
    effect: 'restart-undecided',
    title: 'The download ends before the announced size',
    description: 'The server closed the connection before sending all of the body (fewer bytes than Content-Length, or a broken chunked body). Go reports `unexpected EOF` and the controller exits at start-up.',
    fix: 'Check the server and any proxy between (size limits, timeouts); retry; host the binary elsewhere.',
  },
  'truncated',
  (facts, d) => ({
    title: `body ended after ${d.bytes} bytes${d.contentLength !== undefined ? ` of ${d.contentLength}` : ''}`,
    evidence: downloadEvidence(facts, `received ${formatBytes(d.bytes)}${d.contentLength !== undefined ? `, Content-Length ${d.contentLength}` : ''}`, `error: ${d.error?.message ?? ''}`),
    fix: `Find what cuts the transfer from ${new URL(d.finalUrl).host} (proxy size limit, server timeout) or serve the file from somewhere reliable.`,
  }),
);
