import type { Check } from '../../core/check.js';
import type { ProbeFacts } from '../../probe/types.js';
import { hopLines, pluginRef } from './support.js';

export const downloadRedirectHosts: Check<ProbeFacts> = {
  meta: {
    id: 'download-redirect-hosts',
    severity: 'info',
    step: 'probe',
    title: 'The download is redirected to other hosts',
    description:
      'The plugin URL redirects to other hosts (GitHub release downloads go to a separate asset host). An egress allow-list or proxy rule for the controller must allow every one of them, not only the host in `location`.',
    fix: 'Allow every host of the chain in egress rules (NetworkPolicy, firewall, proxy allow-list, NO_PROXY).',
  },
  run(facts, report) {
    const d = facts.download;
    if (!d || d.hops.length < 2) return;
    const hosts = [...new Set(d.hops.map((h) => {
      const url = new URL(h.url);
      return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
    }))];
    if (hosts.length < 2) return;
    report({
      plugin: pluginRef(facts),
      title: `the download goes through ${hosts.length} hosts: ${hosts.join(', ')}`,
      evidence: hopLines(d),
      fix: `Egress from the controller must allow ${hosts.join(', ')}.`,
    });
  },
};
