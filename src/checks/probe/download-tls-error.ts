import type { TlsFailureKind } from '../../probe/types.js';
import { downloadEvidence, downloadOutcomeCheck } from './support.js';

const WHAT: Record<TlsFailureKind, { title: string; fix: string }> = {
  expired: { title: 'the server certificate has expired', fix: 'Renew the certificate of the plugin server.' },
  'not-yet-valid': { title: 'the server certificate is not valid yet', fix: 'Fix the certificate dates (or the server clock) of the plugin server.' },
  'unknown-authority': {
    title: 'the server certificate is signed by an unknown authority',
    fix: 'Use a certificate from a public CA, or add your CA to the controller image (the distroless image trusts only its bundled CAs) and pass it to the probe with --certificate-authority.',
  },
  'self-signed': {
    title: 'the server certificate is self-signed',
    fix: 'Use a certificate signed by a CA the controller image trusts; a self-signed certificate is never accepted by Go.',
  },
  'host-mismatch': { title: 'the server certificate is for another host name', fix: 'Use the host name the certificate is issued for in `location`, or reissue the certificate with this name.' },
  other: { title: 'the TLS handshake failed', fix: 'Check the TLS configuration of the plugin server (protocol versions, ciphers) and any TLS-inspecting proxy.' },
};

export const downloadTlsError = downloadOutcomeCheck(
  {
    id: 'download-tls-error',
    severity: 'error',
    step: 'probe',
    effect: 'restart-undecided',
    title: 'TLS verification of the plugin server fails',
    description:
      'The HTTPS connection fails certificate verification (expired, unknown authority, self-signed, host name mismatch). Go verifies certificates with the CA bundle of the controller image, so the controller fails at start-up with an x509 error.',
    fix: 'Fix the server certificate, or trust its CA in the controller image; test with `--certificate-authority FILE`.',
  },
  'tls-error',
  (facts, d) => {
    const what = WHAT[d.error?.tls ?? 'other'];
    return {
      title: `${new URL(d.finalUrl).host}: ${what.title}`,
      evidence: downloadEvidence(facts, `TLS error: ${d.error?.code ?? ''} ${d.error?.message ?? ''}`.trim()),
      fix: what.fix,
    };
  },
);
