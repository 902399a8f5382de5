import { parsePathRefusal, parseRefusal, refusedUser, serviceAccountOf, serviceAccountUser, type PathRefusal, type Refusal } from '../../cluster/forbidden.js';
import { CONTROLLER_NAMESPACE_PLACEHOLDER, CONTROLLER_SERVICE_ACCOUNT_PLACEHOLDER, CURRENT_CONTEXT, kubectlCommandAs } from '../../cluster/kubectl-command.js';
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
    // forbidden.ts reads the refusal (of a resource or of a path); a message cut before its verb still names whom RBAC refused.
    const refusal = parseRefusal(error) ?? parsePathRefusal(error);
    const rbac = refusal !== undefined || refusedUser(error) !== undefined;
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
        ? rbacFix(facts, refusal)
        : 'Fix what the error names; locally, pass a kubeconfig for the target cluster (--init uses the chosen context) so the plugin can build its clients.',
    });
  },
};

/**
 * Grant the controller's service account what was refused, with the `kubectl auth can-i` that
 * checks it on the cluster the report is about. The account is the controller pods' when doctor
 * read them, else the one the error names; what neither says is a placeholder, said to be one.
 */
function rbacFix(facts: HandshakeFacts, refusal: Refusal | PathRefusal | undefined): string {
  const cluster = facts.reportedCluster;
  const named = refusal && serviceAccountOf(refusal.user) !== undefined ? refusal.user : undefined;
  const read = cluster?.namespace !== undefined && cluster.serviceAccount !== undefined;
  const user =
    read || !named ? serviceAccountUser(cluster?.namespace ?? CONTROLLER_NAMESPACE_PLACEHOLDER, cluster?.serviceAccount ?? CONTROLLER_SERVICE_ACCOUNT_PLACEHOLDER) : named;
  const canI = kubectlCommandAs(cluster?.connection ?? CURRENT_CONTEXT, user, ['auth', 'can-i', refusal?.verb ?? '<verb>', ...canIWhat(refusal)]);
  const account = read ? `the controller's service account (${user})` : named ? `the service account the error names (${user})` : "the controller's service account";
  const unknown = [CONTROLLER_NAMESPACE_PLACEHOLDER, CONTROLLER_SERVICE_ACCOUNT_PLACEHOLDER].filter((placeholder) => user.includes(placeholder));
  const fillIn = [
    ...(refusal ? [] : ['<verb> and <resource> with what the error names']),
    ...(unknown.length ? [`${unknown.join(' and ')} with the controller's (${cluster ? 'this run could not read its pods' : 'doctor reads them'})`] : []),
  ];
  // A path has no namespace: only a ClusterRole grants it, by nonResourceURLs.
  const how =
    refusal && 'path' in refusal
      ? `a ClusterRole with nonResourceURLs: [${JSON.stringify(refusal.path)}] and verbs: [${refusal.verb}], bound to it by a ClusterRoleBinding`
      : 'a ClusterRole or Role bound to it';
  return `Grant ${account} the missing permission (${how}; plugins run as the controller's service account), check it with \`${canI}\`${fillIn.length ? ` (replace ${fillIn.join(', and ')})` : ''}, then re-test with --init.`;
}

/** What `kubectl auth can-i VERB` asks about: the path, or the resource with its group, subresource and scope. */
function canIWhat(refusal: Refusal | PathRefusal | undefined): string[] {
  if (!refusal) return ['<resource>'];
  if ('path' in refusal) return [refusal.path];
  const [resource, subresource] = refusal.resource.split('/');
  const scope = refusal.namespace !== undefined ? ['-n', refusal.namespace] : refusal.clusterScope ? ['--all-namespaces'] : [];
  return [`${resource}${refusal.group ? `.${refusal.group}` : ''}`, ...(subresource ? [`--subresource=${subresource}`] : []), ...scope];
}
