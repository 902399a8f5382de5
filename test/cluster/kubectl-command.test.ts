/** The run's connection as kubectl arguments: what a printed command carries, and what it never does. */
import { describe, expect, it } from 'vitest';
import { kubectlCommand, kubectlCommandAs, kubectlConnection, kubectlPipeline, rolloutsPluginsCommand } from '../../src/cluster/kubectl-command.js';

describe('a printed kubectl command', () => {
  it('carries every flag that chose the cluster and the identity, shell-quoted, and not the namespace or timeout', () => {
    const connection = kubectlConnection({
      kubeconfig: '/home/me/my configs/kube',
      context: "it's prod",
      server: 'https://10.0.0.1:6443',
      certificateAuthority: '/etc/ca.pem',
      as: 'jane',
      asGroup: ['ops', 'sre'],
      insecureSkipTlsVerify: true,
      namespace: 'argo-rollouts',
      requestTimeout: '5s',
    });
    expect(kubectlCommand(connection, ['-n', 'argo-rollouts', 'get', 'pods'])).toBe(
      "kubectl --kubeconfig '/home/me/my configs/kube' --context 'it'\\''s prod' --server https://10.0.0.1:6443 --certificate-authority /etc/ca.pem --insecure-skip-tls-verify --as jane --as-group ops --as-group sre -n argo-rollouts get pods",
    );
  });

  it('never prints a --token: the line says it needs the run\'s one, after any pipe', () => {
    const connection = kubectlConnection({ server: 'https://10.0.0.1:6443', token: 's3cr3t-token' });
    const line = kubectlCommand(connection, ['logs', 'deploy/argo-rollouts'], '| grep fatal');
    expect(line).not.toContain('s3cr3t');
    expect(line).toBe('kubectl --server https://10.0.0.1:6443 logs deploy/argo-rollouts | grep fatal  # with the --token this run used: it is not printed');
  });

  it('puts the connection after a plugin command (kubectl finds a plugin only when no flag comes before its name)', () => {
    expect(rolloutsPluginsCommand(kubectlConnection({ context: 'prod-a' }), ['doctor', '-n', 'team-b'])).toBe('kubectl rollouts-plugins doctor -n team-b --context prod-a');
  });

  it('gives every kubectl of a pipe the connection, and says the token once, at the end of the line', () => {
    const connection = kubectlConnection({ context: 'prod-a', token: 's3cr3t-token' });
    expect(kubectlPipeline(connection, ['-n', 'team-ro', 'create', 'secret', 'generic', 'tok', '--dry-run=client', '-o', 'yaml'], ['apply', '-f', '-'])).toBe(
      'kubectl --context prod-a -n team-ro create secret generic tok --dry-run=client -o yaml | kubectl --context prod-a apply -f -  # with the --token this run used: it is not printed',
    );
  });

  it("asks as another user without the run's own --as and --as-group (kubectl would add those groups to it)", () => {
    const connection = kubectlConnection({ context: 'prod-a', as: 'jane', asGroup: ['system:masters'] });
    expect(kubectlCommandAs(connection, 'system:serviceaccount:argo-rollouts:argo-rollouts', ['auth', 'can-i', 'list', 'httproutes.gateway.networking.k8s.io'])).toBe(
      'kubectl --context prod-a auth can-i list httproutes.gateway.networking.k8s.io --as=system:serviceaccount:argo-rollouts:argo-rollouts',
    );
  });
});
