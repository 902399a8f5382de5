import { downloadEvidence, downloadOutcomeCheck, formatBytes } from './support.js';

export const downloadTooLarge = downloadOutcomeCheck(
  {
    id: 'download-too-large',
    severity: 'warning',
    step: 'probe',
    title: 'The download is larger than --max-size',
    description: 'The probe stopped reading past `--max-size` (default 512 MiB) and could not verify the plugin. Plugins are a few tens of MiB; a bigger body is usually the wrong asset (a bundle, an image), and the controller keeps it in an emptyDir under a 1Gi ephemeral-storage limit.',
    fix: 'Check that `location` points at the plugin binary; raise `--max-size` if it really is that big.',
  },
  'too-large',
  (facts, d) => ({
    title: `more than ${formatBytes(d.bytes)} from ${d.finalUrl}`,
    evidence: downloadEvidence(facts, `received more than the limit: ${formatBytes(d.bytes)}`, ...(d.contentLength !== undefined ? [`Content-Length: ${d.contentLength}`] : [])),
    fix: 'Point `location` at the plugin binary itself, or run again with a larger `--max-size`.',
  }),
);
