import type { Check } from '../../core/check.js';
import type { ProbeFacts } from '../../probe/types.js';
import { hopLines, pluginRef } from './support.js';

/** Statuses that mean "no access": after a dropped Authorization they are the likely cause. */
const DENIED = new Set([401, 403, 404]);

export const downloadHeadersDroppedOnRedirect: Check<ProbeFacts> = {
  meta: {
    id: 'download-headers-dropped-on-redirect',
    severity: 'info',
    step: 'probe',
    title: 'headersFrom headers are not sent after a redirect',
    description:
      "Like Go's client (and so the controller), the probe drops `Authorization`, `Cookie`, `WWW-Authenticate` and `Proxy-Authorization` once a redirect leaves the first host's domain (for the rest of the chain), and `Content-Type` and the other body headers after a 301/302/303; other headers are still sent. That is normal for GitHub release assets (the redirect target is a pre-signed URL), but if the final host needs the credentials the download fails with 401/403/404.",
    fix: 'Nothing when the download succeeds. Otherwise use a URL on the host that accepts the credentials, or a pre-signed URL.',
    variants: {
      denied: {
        severity: 'warning',
        title: 'headersFrom headers are not sent after a redirect, and the final host then refuses the download',
        symptomOf: { ids: ['download-http-status'] },
      },
    },
  },
  run(facts, report) {
    const d = facts.download;
    if (!d) return;
    const hop = d.hops.find((h) => h.headersDropped.length > 0);
    if (!hop) return;
    const failed = d.outcome === 'http-status' && d.status !== undefined && DENIED.has(d.status);
    report({
      plugin: pluginRef(facts),
      ...(failed && { variant: 'denied' }),
      title: `${hop.headersDropped.join(', ')} not sent to ${hop.host} after a redirect${failed ? `, which then answers ${d.status}` : ''}`,
      evidence: [...hopLines(d), 'header values are never shown'],
      fix: failed
        ? `The controller drops the same headers, so it gets ${d.status} too: use a URL on ${d.hops[0]?.host ?? 'the first host'} that serves the file itself, or a pre-signed URL.`
        : 'Nothing to do: the controller drops them too and the download works without them.',
    });
  },
};
