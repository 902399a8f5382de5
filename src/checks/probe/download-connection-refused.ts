import { downloadEvidence, downloadOutcomeCheck } from './support.js';

export const downloadConnectionRefused = downloadOutcomeCheck(
  {
    id: 'download-connection-refused',
    severity: 'error',
    step: 'probe',
    effect: 'restart-undecided',
    title: 'The plugin server refuses the connection',
    description:
      'Nothing listens on the host and port of the plugin URL (or a firewall rejects the connection). The controller cannot download the plugin at start-up and exits.',
    fix: 'Check the port and host of `location`, that the file server runs, and that egress from the controller namespace allows the connection.',
  },
  'connection-refused',
  (facts, d) => ({
    title: `connection to ${new URL(d.finalUrl).host} refused`,
    evidence: downloadEvidence(facts, `error: ${d.error?.message ?? 'connection refused'}`),
    fix: `Make sure a server listens at ${new URL(d.finalUrl).origin} and that the controller's egress (NetworkPolicy, firewall, proxy) allows it, or fix the URL in \`location\`.`,
  }),
);
