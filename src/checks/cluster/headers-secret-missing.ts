import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { kubectl, namespaceOf, pluginRef } from './util.js';

export const headersSecretMissing: Check<ClusterFacts> = {
  meta: {
    id: 'headers-secret-missing',
    severity: 'error',
    step: 'cluster',
    effect: 'fatal-at-startup',
    title: 'A headersFrom Secret does not exist in the controller namespace',
    description:
      'From v1.8.0 the controller reads each headersFrom Secret from its own namespace at start-up and adds every data key as a request header. A missing Secret is fatal: "failed to get secret in secretRef". Older controllers ignore headersFrom, so the check runs only when the configuration is judged at v1.8.0 or newer (--controller-version, else the running controller’s version), or that version is unknown.',
    fix: 'Create the Secret in the controller namespace; each data key is a header name, its value the header value.',
  },
  run(facts, report) {
    // The release the configuration is judged at (--controller-version, else the running one); unknown: the newest.
    if (facts.features?.v18 === false) return;
    for (const secret of facts.headerSecrets.filter((s) => s.exists === false)) {
      report({
        plugin: pluginRef(facts, secret.plugins[0]),
        title: `Secret ${namespaceOf(facts)}/${secret.name} used by headersFrom does not exist: the next controller start will fail`,
        evidence: [`referenced by ${secret.plugins.join(', ')}`, `GET secrets/${secret.name} in ${namespaceOf(facts)}: 404 Not Found`],
        fix: kubectl(facts, ['-n', namespaceOf(facts), 'create', 'secret', 'generic', secret.name, '--from-literal=Authorization=Bearer <token>']),
      });
    }
  },
};
