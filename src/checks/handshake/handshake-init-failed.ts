import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { launchedAs, stderrEvidence } from './common.js';

export const handshakeInitFailed: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-init-failed',
    severity: 'error',
    step: 'handshake',
    effect: 'breaks-users',
    title: 'Plugin.InitPlugin returned an error',
    description:
      'After dispensing, the controller calls InitPlugin, where plugins build their Kubernetes clients and informers. An error here ("unable to initialize plugin via rpc") usually means missing cluster access or RBAC; plugins run as the controller\'s service account. Run with `--init` and a kubeconfig to test it.',
    fix: 'Grant the controller\'s service account what the plugin needs (see its README), or fix the configuration the error names.',
    example: 'is forbidden: User "system:serviceaccount:argo-rollouts:argo-rollouts" cannot list resource "httproutes"',
  },
  run(facts, report) {
    const init = facts.rpc?.init;
    if (!init) return;
    const error = init.ok ? init.errorString : `InitPlugin rpc call error: ${init.error}`;
    if (!error) return;
    const rbac = /forbidden|cannot (get|list|watch|create|update|patch)/i.test(error);
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name}: InitPlugin failed: ${error.split('\n')[0]}`,
      evidence: [
        launchedAs(facts),
        `Plugin.InitPlugin: ${error}`,
        `controller would log: unable to start plugin system: unable to initialize plugin via rpc (${facts.plugin.name}): ${error}`,
        ...stderrEvidence(facts, 4),
      ],
      fix: rbac
        ? 'Add the missing permission to the ClusterRole bound to the argo-rollouts service account (the error names the verb and resource), e.g. `kubectl auth can-i <verb> <resource> --as=system:serviceaccount:argo-rollouts:argo-rollouts`, then re-test with --init.'
        : 'Fix what the error names; locally, pass a kubeconfig for the target cluster (--init uses the chosen context) so the plugin can build its clients.',
    });
  },
};
