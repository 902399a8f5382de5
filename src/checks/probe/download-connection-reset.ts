import { downloadEvidence, downloadOutcomeCheck } from './support.js';

export const downloadConnectionReset = downloadOutcomeCheck(
  {
    id: 'download-connection-reset',
    severity: 'error',
    step: 'probe',
    effect: 'restart-undecided',
    title: 'The connection was reset before a response',
    description:
      'The server (or a middlebox: firewall, proxy, TLS-inspecting gateway) closed the connection before sending a response. The controller gets the same error at start-up and exits.',
    fix: 'Check egress filtering and proxies between the controller and the plugin host; retry from inside the cluster.',
  },
  'connection-reset',
  (facts, d) => ({
    title: `connection to ${new URL(d.finalUrl).host} reset`,
    evidence: downloadEvidence(facts, `error: ${d.error?.code ?? ''} ${d.error?.message ?? ''}`.trim()),
    fix: `Find what drops connections to ${new URL(d.finalUrl).host} (egress firewall, proxy allow-list, TLS inspection) and allow it, or host the binary where the controller can reach it.`,
  }),
);
