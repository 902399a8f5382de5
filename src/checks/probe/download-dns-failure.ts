import { downloadEvidence, downloadOutcomeCheck } from './support.js';

export const downloadDnsFailure = downloadOutcomeCheck(
  {
    id: 'download-dns-failure',
    severity: 'error',
    step: 'probe',
    effect: 'restart-undecided',
    title: 'The plugin host name does not resolve',
    description:
      'The download failed because DNS has no address for the host. The controller downloads every plugin at start-up, so if its DNS has none either, it exits with `Failed to download plugins: … no such host` and goes into CrashLoopBackOff. Common in air-gapped clusters, or with a typo in the host.',
    fix: 'Fix the host in `location`, let the controller resolve it (cluster DNS, egress), or serve the binary from inside the cluster / an init container with a `file://` location.',
    example: 'location: https://githib.com/argoproj-labs/plugin/releases/download/v0.1.0/plugin-linux-amd64',
  },
  'dns-failure',
  (facts, d) => ({
    title: `${new URL(d.finalUrl).hostname} does not resolve`,
    evidence: downloadEvidence(facts, `error: ${d.error?.code ?? ''} ${d.error?.message ?? ''}`.trim()),
    fix: `Check the host name in \`location\` (${d.finalUrl}). If it is right, the controller's network must resolve and reach it (cluster DNS, egress proxy via HTTPS_PROXY on the controller container); in an air-gapped cluster copy the binary in with an init container and use \`location: file:///plugins/<binary>\`.`,
  }),
);
